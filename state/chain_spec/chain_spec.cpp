#include "state/chain_spec/chain_spec.hpp"

#include <nlohmann/json.hpp>

#include "primitives/util/hex.hpp"
#include "primitives/util/json_nesting.hpp"
#include "state/trie/child_trie.hpp"

namespace canary::state {

namespace {

using Json = nlohmann::json;

ChainSpecError error(ChainSpecError::Kind kind, std::string detail) {
  return ChainSpecError{kind, std::move(detail)};
}

// Reads a {"0x key": "0x value"} object. This library is built without exceptions, so every
// type is checked before it is read (nlohmann aborts on a wrong-typed get without exceptions).
Result<std::map<Bytes, Bytes>, ChainSpecError> read_storage_map(const Json& object,
                                                                const std::string& where) {
  if (!object.is_object()) {
    return unexpected(error(ChainSpecError::Kind::kInvalidField, where + " is not an object"));
  }
  std::map<Bytes, Bytes> out;
  for (const auto& [key_text, value] : object.items()) {
    auto key = from_hex(key_text);
    if (!key) {
      return unexpected(error(ChainSpecError::Kind::kInvalidField,
                              where + ": key '" + key_text.substr(0, 80) + "' is not hex"));
    }
    if (!value.is_string()) {
      return unexpected(error(ChainSpecError::Kind::kInvalidField,
                              where + ": value of " + key_text.substr(0, 80) + " is not a string"));
    }
    auto bytes = from_hex(value.get_ref<const std::string&>());
    if (!bytes) {
      return unexpected(error(ChainSpecError::Kind::kInvalidField,
                              where + ": value of " + key_text.substr(0, 80) + " is not hex"));
    }
    out.insert_or_assign(std::move(*key), std::move(*bytes));
  }
  return out;
}

std::optional<std::string> optional_string(const Json& spec, const char* field) {
  auto it = spec.find(field);
  if (it == spec.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// Old specs keyed child tries by the full prefixed key and wrapped their storage as
// {"data": {...}, "child_type": 1}; the current layout uses the bare key and map.
Result<void, ChainSpecError> read_children(const Json& children, ChainSpec& spec) {
  if (children.is_null()) return {};
  if (!children.is_object()) {
    return unexpected(error(ChainSpecError::Kind::kInvalidField, "child storage is not an object"));
  }
  const Bytes prefix = to_bytes(kDefaultChildStoragePrefix);
  for (const auto& [key_text, child] : children.items()) {
    auto key = from_hex(key_text);
    if (!key) {
      return unexpected(error(ChainSpecError::Kind::kInvalidField,
                              "child storage key '" + key_text.substr(0, 80) + "' is not hex"));
    }
    if (key->size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key->begin())) {
      key->erase(key->begin(), key->begin() + static_cast<std::ptrdiff_t>(prefix.size()));
    }
    const Json* data = &child;
    if (child.is_object() && child.contains("data") && child["data"].is_object()) {
      data = &child["data"];
    }
    CANARY_TRY_ASSIGN(auto map, read_storage_map(*data, "child trie " + key_text.substr(0, 80)));
    spec.children_default.insert_or_assign(std::move(*key), std::move(map));
  }
  return {};
}

}  // namespace

size_t ChainSpec::key_count() const {
  size_t n = top.size();
  for (const auto& [key, child] : children_default) n += child.size();
  return n;
}

std::string ChainSpecError::message() const {
  switch (kind) {
    case Kind::kInvalidJson:
      return "the chain spec is not valid JSON: " + detail;
    case Kind::kMissingField:
      return "the chain spec has no " + detail;
    case Kind::kInvalidField:
      return "the chain spec is invalid: " + detail;
    case Kind::kNoRawGenesis:
      return "the chain spec has no raw genesis (" + detail +
             "); convert it with `build-spec --raw` first";
  }
  return detail;
}

Result<ChainSpec, ChainSpecError> parse_chain_spec(std::string_view json_text) {
  // Deeper documents are refused before parsing: the parser and the writers recurse per level
  // (150,000 nested arrays overflowed the stack), and Substrate (serde_json) refuses them too.
  if (json_nesting_exceeds(json_text)) {
    return unexpected(
        error(ChainSpecError::Kind::kInvalidJson, json_nesting_error("the chain spec")));
  }
  Json json = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return unexpected(error(ChainSpecError::Kind::kInvalidJson, "parse error"));
  }
  return chain_spec_from_json(json);
}

Result<ChainSpec, ChainSpecError> chain_spec_from_json(const Json& json) {
  if (!json.is_object()) {
    return unexpected(error(ChainSpecError::Kind::kInvalidJson, "the top level is not an object"));
  }

  ChainSpec spec;
  auto name = optional_string(json, "name");
  auto id = optional_string(json, "id");
  if (!name) return unexpected(error(ChainSpecError::Kind::kMissingField, "\"name\""));
  if (!id) return unexpected(error(ChainSpecError::Kind::kMissingField, "\"id\""));
  spec.name = *name;
  spec.id = *id;
  if (auto t = optional_string(json, "chainType")) spec.chain_type = *t;
  spec.protocol_id = optional_string(json, "protocolId");
  if (auto it = json.find("bootNodes"); it != json.end() && it->is_array()) {
    for (const auto& node : *it) {
      if (node.is_string()) spec.boot_nodes.push_back(node.get<std::string>());
    }
  }
  if (auto it = json.find("properties"); it != json.end() && it->is_object()) {
    spec.properties_json = it->dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  if (auto it = json.find("badBlocks"); it != json.end() && it->is_array()) {
    for (const auto& hash : *it) {
      auto bytes = hash.is_string() ? from_hex_fixed<32>(hash.get<std::string>())
                                    : Result<Hash256, HexError>(unexpected(HexError::kOddLength));
      if (!bytes) {
        return unexpected(error(ChainSpecError::Kind::kInvalidField, "a badBlocks entry"));
      }
      spec.bad_blocks.push_back(*bytes);
    }
  }
  if (auto it = json.find("codeSubstitutes"); it != json.end() && it->is_object()) {
    for (const auto& [number_text, code] : it->items()) {
      char* end = nullptr;
      uint64_t number = std::strtoull(number_text.c_str(), &end, 10);
      auto bytes = code.is_string() ? from_hex(code.get<std::string>())
                                    : Result<Bytes, HexError>(unexpected(HexError::kOddLength));
      if (number_text.empty() || *end != '\0' || !bytes) {
        return unexpected(error(ChainSpecError::Kind::kInvalidField,
                                "codeSubstitutes entry '" + number_text.substr(0, 40) + "'"));
      }
      spec.code_substitutes.emplace(number, std::move(*bytes));
    }
  }

  auto genesis = json.find("genesis");
  if (genesis == json.end() || !genesis->is_object()) {
    return unexpected(error(ChainSpecError::Kind::kMissingField, "\"genesis\""));
  }
  auto raw = genesis->find("raw");
  if (raw == genesis->end()) {
    std::string kind = genesis->empty() ? "empty" : genesis->begin().key();
    return unexpected(error(ChainSpecError::Kind::kNoRawGenesis, "genesis." + kind));
  }
  if (raw->is_array()) {
    // Legacy layout: [top, children].
    if (raw->empty()) {
      return unexpected(error(ChainSpecError::Kind::kInvalidField, "genesis.raw is empty"));
    }
    auto top = read_storage_map((*raw)[0], "genesis.raw[0]");
    if (!top) return unexpected(top.error());
    spec.top = std::move(*top);
    if (raw->size() > 1) {
      auto children = read_children((*raw)[1], spec);
      if (!children) return unexpected(children.error());
    }
  } else if (raw->is_object()) {
    auto top_it = raw->find("top");
    if (top_it == raw->end()) {
      return unexpected(error(ChainSpecError::Kind::kMissingField, "\"genesis.raw.top\""));
    }
    auto top = read_storage_map(*top_it, "genesis.raw.top");
    if (!top) return unexpected(top.error());
    spec.top = std::move(*top);
    if (auto children = raw->find("childrenDefault"); children != raw->end()) {
      CANARY_TRY(read_children(*children, spec));
    }
  } else {
    return unexpected(
        error(ChainSpecError::Kind::kInvalidField, "genesis.raw is neither an object nor a list"));
  }
  return spec;
}

}  // namespace canary::state
