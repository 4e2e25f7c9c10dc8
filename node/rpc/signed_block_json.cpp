#include "node/rpc/signed_block_json.hpp"

#include <charconv>
#include <utility>

#include "node/rpc/substrate_json.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node::rpc {

namespace {

Json byte_array(ByteSpan bytes) {
  Json out = Json::array();
  for (uint8_t b : bytes) out.push_back(b);
  return out;
}

Result<Bytes, std::string> bytes_from_numbers(const Json& json, const char* field) {
  if (!json.is_array()) return unexpected(std::string(field) + ": not an array of bytes");
  Bytes out;
  out.reserve(json.size());
  for (const Json& v : json) {
    if (!v.is_number_unsigned() || v.get<uint64_t>() > 0xff) {
      return unexpected(std::string(field) + ": not an array of bytes");
    }
    out.push_back(static_cast<uint8_t>(v.get<uint64_t>()));
  }
  return out;
}

Result<Bytes, std::string> hex_field(const Json& json, const char* field) {
  if (!json.is_string()) return unexpected(std::string(field) + ": not a hex string");
  auto bytes = from_hex(json.get_ref<const std::string&>());
  if (!bytes) return unexpected(std::string(field) + ": " + to_string(bytes.error()));
  return std::move(*bytes);
}

Result<Hash256, std::string> hash_field(const Json& object, const char* field) {
  const auto it = object.find(field);
  if (it == object.end()) return unexpected(std::string(field) + ": missing");
  auto bytes = hex_field(*it, field);
  if (!bytes) return unexpected(std::move(bytes).error());
  if (bytes->size() != 32) return unexpected(std::string(field) + ": not 32 bytes");
  Hash256 out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

// serde's header number: a hex string ("0x1b"), as impl-serde writes U256; plain JSON numbers
// are accepted too (sp-runtime's deserializer takes both).
Result<block::BlockNumber, std::string> number_field(const Json& object) {
  const auto it = object.find("number");
  if (it == object.end()) return unexpected(std::string("number: missing"));
  if (it->is_number_unsigned()) {
    const uint64_t n = it->get<uint64_t>();
    if (n > UINT32_MAX) return unexpected(std::string("number: over u32"));
    return static_cast<block::BlockNumber>(n);
  }
  if (!it->is_string()) return unexpected(std::string("number: not a hex string"));
  const std::string& text = it->get_ref<const std::string&>();
  if (text.size() < 3 || text.size() > 10 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return unexpected("number: '" + text + "' is not a u32 in hex");
  }
  uint32_t value = 0;
  const char* begin = text.data() + 2;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value, 16);
  if (ec != std::errc() || ptr != end) return unexpected("number: '" + text + "' is not hex");
  return value;
}

}  // namespace

Json signed_block_json(const block::SignedBlock& signed_block) {
  Json xts = Json::array();
  for (const Bytes& xt : signed_block.block.extrinsics) {
    xts.push_back(to_hex(block::encode_opaque_extrinsic(xt)));
  }
  Json body = Json::object();
  body["header"] = header_json(signed_block.block.header);
  body["extrinsics"] = std::move(xts);
  Json out = Json::object();
  out["block"] = std::move(body);
  if (signed_block.justifications) {
    Json list = Json::array();
    for (const block::Justification& j : *signed_block.justifications) {
      list.push_back(Json::array({byte_array(j.engine), byte_array(j.proof)}));
    }
    out["justifications"] = std::move(list);
  } else {
    out["justifications"] = nullptr;
  }
  return out;
}

Result<block::Header, std::string> header_from_json(const Json& json) {
  if (!json.is_object()) return unexpected(std::string("header: not an object"));
  block::Header header;
  CANARY_TRY_ASSIGN(auto parent, hash_field(json, "parentHash"));
  header.parent_hash = parent;
  auto number = number_field(json);
  if (!number) return unexpected(std::move(number).error());
  header.number = *number;
  auto state_root = hash_field(json, "stateRoot");
  if (!state_root) return unexpected(std::move(state_root).error());
  header.state_root = *state_root;
  auto extrinsics_root = hash_field(json, "extrinsicsRoot");
  if (!extrinsics_root) return unexpected(std::move(extrinsics_root).error());
  header.extrinsics_root = *extrinsics_root;
  const auto digest = json.find("digest");
  if (digest == json.end() || !digest->is_object()) {
    return unexpected(std::string("digest: missing"));
  }
  const auto logs = digest->find("logs");
  if (logs == digest->end() || !logs->is_array()) {
    return unexpected(std::string("digest.logs: missing"));
  }
  for (const Json& log : *logs) {
    CANARY_TRY_ASSIGN(auto bytes, hex_field(log, "digest.logs"));
    auto item = scale::decode<block::DigestItem>(bytes);
    if (!item) return unexpected(std::string("digest.logs: not a digest item"));
    header.digest.push_back(std::move(*item));
  }
  return header;
}

Result<block::SignedBlock, std::string> signed_block_from_json(const Json& json) {
  if (!json.is_object()) return unexpected(std::string("not a JSON object"));
  const auto body = json.find("block");
  if (body == json.end() || !body->is_object()) return unexpected(std::string("block: missing"));
  const auto header = body->find("header");
  if (header == body->end()) return unexpected(std::string("block.header: missing"));
  block::SignedBlock out;
  auto parsed = header_from_json(*header);
  if (!parsed) return unexpected("block.header." + parsed.error());
  out.block.header = std::move(*parsed);
  const auto extrinsics = body->find("extrinsics");
  if (extrinsics == body->end() || !extrinsics->is_array()) {
    return unexpected(std::string("block.extrinsics: missing"));
  }
  for (const Json& xt : *extrinsics) {
    auto bytes = hex_field(xt, "block.extrinsics");
    if (!bytes) return unexpected(std::move(bytes).error());
    auto inner = block::opaque_extrinsic_bytes(*bytes);
    if (!inner) return unexpected(std::string("block.extrinsics: not a length-prefixed extrinsic"));
    out.block.extrinsics.emplace_back(inner->begin(), inner->end());
  }
  const auto justifications = json.find("justifications");
  if (justifications != json.end() && !justifications->is_null()) {
    if (!justifications->is_array()) return unexpected(std::string("justifications: not a list"));
    block::Justifications list;
    for (const Json& pair : *justifications) {
      if (!pair.is_array() || pair.size() != 2) {
        return unexpected(std::string("justifications: not [engine, proof] pairs"));
      }
      auto engine = bytes_from_numbers(pair[0], "justifications engine id");
      if (!engine) return unexpected(std::move(engine).error());
      if (engine->size() != 4)
        return unexpected(std::string("justifications: engine id not 4 bytes"));
      auto proof = bytes_from_numbers(pair[1], "justifications proof");
      if (!proof) return unexpected(std::move(proof).error());
      block::Justification j;
      std::copy(engine->begin(), engine->end(), j.engine.begin());
      j.proof = std::move(*proof);
      list.push_back(std::move(j));
    }
    out.justifications = std::move(list);
  }
  return out;
}

}  // namespace canary::node::rpc
