#include "node/chain/chain_spec_json.hpp"

#include <utility>
#include <vector>

#include "node/chain/json_merge.hpp"
#include "primitives/util/hex.hpp"
#include "primitives/util/json_nesting.hpp"

namespace canary::node {

namespace {

using Json = nlohmann::json;

// The ClientSpec members state::ChainSpec or this document models; every other top-level member
// is an extension, kept verbatim. "consensusEngine" is read and never written by sc-chain-spec.
bool is_client_field(const std::string& key) {
  return key == "name" || key == "id" || key == "chainType" || key == "bootNodes" ||
         key == "telemetryEndpoints" || key == "protocolId" || key == "forkId" ||
         key == "properties" || key == "codeSubstitutes" || key == "genesis" ||
         key == "consensusEngine";
}

Result<RuntimeGenesis, std::string> read_runtime_genesis(const Json& value) {
  if (!value.is_object()) return unexpected(std::string("genesis.runtimeGenesis is not an object"));
  RuntimeGenesis out;
  auto code = value.find("code");
  if (code == value.end() || !code->is_string()) {
    return unexpected(std::string("genesis.runtimeGenesis has no code"));
  }
  auto bytes = from_hex(code->get_ref<const std::string&>());
  if (!bytes || bytes->empty()) {
    return unexpected(std::string("genesis.runtimeGenesis.code is not hex-encoded code"));
  }
  out.code = std::move(*bytes);
  auto patch = value.find("patch");
  auto config = value.find("config");
  if ((patch == value.end()) == (config == value.end())) {
    return unexpected(
        std::string("genesis.runtimeGenesis needs exactly one of \"patch\" and \"config\""));
  }
  if (patch != value.end()) {
    out.kind = RuntimeGenesis::Kind::kPatch;
    out.value = *patch;
  } else {
    out.kind = RuntimeGenesis::Kind::kConfig;
    out.value = *config;
  }
  for (const auto& [key, member] : value.items()) {
    (void)member;
    if (key != "code" && key != "patch" && key != "config") {
      return unexpected("genesis.runtimeGenesis has an unknown field \"" + key.substr(0, 40) +
                        "\"");
    }
  }
  return out;
}

Json storage_object(const std::map<Bytes, Bytes>& storage) {
  // A std::map of "0x…" keys orders them as their bytes: lower-case hex digits sort as nibbles,
  // and a prefix comes first in both orders.
  Json out = Json::object();
  for (const auto& [key, value] : storage) out[to_hex(key)] = to_hex(value);
  return out;
}

// `text` (a value pretty-printed from column 0) moved right by two spaces after each newline.
// JSON text has no raw newline inside strings, so this only touches the layout.
void append_indented(std::string& out, const std::string& text) {
  size_t start = 0;
  while (true) {
    size_t newline = text.find('\n', start);
    if (newline == std::string::npos) {
      out.append(text, start, std::string::npos);
      return;
    }
    out.append(text, start, newline + 1 - start);
    out.append("  ");
    start = newline + 1;
  }
}

// An object whose members are in the order given; each value is JSON text pretty-printed from
// column 0, and so is the result.
using Members = std::vector<std::pair<std::string, std::string>>;

std::string ordered_object(const Members& members) {
  if (members.empty()) return "{}";
  std::string out = "{";
  for (size_t i = 0; i < members.size(); ++i) {
    out += i == 0 ? "\n  " : ",\n  ";
    out += json_text(Json(members[i].first));
    out += ": ";
    append_indented(out, members[i].second);
  }
  out += "\n}";
  return out;
}

}  // namespace

Result<ChainSpecDocument, std::string> parse_chain_spec_document(std::string_view json_text_in) {
  if (json_nesting_exceeds(json_text_in)) {
    return unexpected(json_nesting_error("the chain spec"));
  }
  // Exact numbers matter in a runtime genesis config only: a raw spec with a number beyond 64 bits
  // elsewhere (an extension) is read all the same, that number as a double.
  auto parsed = parse_genesis_json(json_text_in);
  Json json;
  if (parsed) {
    json = std::move(*parsed);
  } else {
    json = Json::parse(json_text_in, nullptr, /*allow_exceptions=*/false);
    const bool raw = json.is_object() && json.contains("genesis") && json["genesis"].is_object() &&
                     json["genesis"].contains("raw");
    if (json.is_discarded() || !raw) {
      return unexpected("the chain spec is not valid JSON: " + parsed.error());
    }
  }
  if (!json.is_object()) return unexpected(std::string("the chain spec is not a JSON object"));

  ChainSpecDocument out;
  auto genesis = json.find("genesis");
  if (genesis != json.end() && genesis->is_object() && genesis->contains("runtimeGenesis")) {
    auto runtime_genesis = read_runtime_genesis((*genesis)["runtimeGenesis"]);
    if (!runtime_genesis) return unexpected(runtime_genesis.error());
    out.runtime_genesis = std::move(*runtime_genesis);
    // The identity is read by the raw parser, on the spec with an empty raw genesis in place of
    // the runtime's (whose storage is built later, by the runtime).
    *genesis = Json{{"raw", Json{{"top", Json::object()}, {"childrenDefault", Json::object()}}}};
    auto spec = state::chain_spec_from_json(json);
    if (!spec) return unexpected(spec.error().message());
    out.spec = std::move(*spec);
  } else if (genesis != json.end() && genesis->is_object() && genesis->contains("runtime")) {
    // sc-chain-spec's deprecated `Genesis::Runtime`: a native RuntimeGenesisConfig, which only
    // the node that has the runtime natively can build.
    return unexpected(std::string(
        "the chain spec's genesis is a native runtime config (genesis.runtime), which only "
        "builds with the runtime compiled into the node; give genesis.runtimeGenesis or a raw "
        "genesis"));
  } else if (genesis != json.end() && genesis->is_object() && genesis->contains("stateRootHash")) {
    return unexpected(std::string("genesis storage in hash format is not supported"));
  } else {
    auto spec = state::chain_spec_from_json(json);
    if (!spec) return unexpected(spec.error().message());
    out.spec = std::move(*spec);
    out.raw_genesis = true;
  }

  if (auto it = json.find("telemetryEndpoints"); it != json.end()) {
    out.telemetry_endpoints = *it;
  }
  if (auto it = json.find("forkId"); it != json.end() && it->is_string()) {
    out.fork_id = it->get<std::string>();
  }
  for (const auto& [key, value] : json.items()) {
    if (!is_client_field(key)) out.extensions[key] = value;
  }
  return out;
}

Result<std::string, std::string> write_chain_spec_json(const ChainSpecDocument& document,
                                                       bool raw) {
  const state::ChainSpec& spec = document.spec;
  Members fields;
  auto add = [&fields](std::string key, const Json& value) {
    fields.emplace_back(std::move(key), json_text(value, 2));
  };
  add("name", spec.name);
  add("id", spec.id);
  add("chainType", spec.chain_type);
  add("bootNodes", spec.boot_nodes);
  add("telemetryEndpoints", document.telemetry_endpoints);
  add("protocolId", spec.protocol_id ? Json(*spec.protocol_id) : Json(nullptr));
  if (document.fork_id) add("forkId", *document.fork_id);
  Json properties = Json::parse(spec.properties_json, nullptr, /*allow_exceptions=*/false);
  if (properties.is_discarded() || !properties.is_object()) properties = Json::object();
  add("properties", properties);
  // Extensions are flattened into the spec between "properties" and "codeSubstitutes".
  for (const auto& [key, value] : document.extensions.items()) add(key, value);
  if (!spec.bad_blocks.empty() && !document.extensions.contains("badBlocks")) {
    Json bad_blocks = Json::array();
    for (const Hash256& hash : spec.bad_blocks) bad_blocks.push_back(to_hex(hash));
    add("badBlocks", bad_blocks);
  }
  Json substitutes = Json::object();
  for (const auto& [number, code] : spec.code_substitutes) {
    substitutes[std::to_string(number)] = to_hex(code);
  }
  add("codeSubstitutes", substitutes);

  std::string genesis;
  if (raw || !document.runtime_genesis) {
    if (!document.raw_genesis) {
      return unexpected(std::string("the raw genesis of this chain spec has not been built"));
    }
    Json children = Json::object();
    for (const auto& [child_key, child] : spec.children_default) {
      children[to_hex(child_key)] = storage_object(child);
    }
    // RawGenesis: "top", then "childrenDefault".
    genesis =
        ordered_object({{"raw", ordered_object({{"top", json_text(storage_object(spec.top), 2)},
                                                {"childrenDefault", json_text(children, 2)}})}});
  } else {
    const RuntimeGenesis& runtime = *document.runtime_genesis;
    // RuntimeGenesisInner: "code", then the flattened "patch" or "config".
    genesis = ordered_object(
        {{"runtimeGenesis",
          ordered_object({{"code", json_text(Json(to_hex(runtime.code)))},
                          {runtime.kind == RuntimeGenesis::Kind::kPatch ? "patch" : "config",
                           json_text(runtime.value, 2)}})}});
  }
  fields.emplace_back("genesis", std::move(genesis));
  return ordered_object(fields);
}

}  // namespace canary::node
