#include "node/cli/block_fixture.hpp"

#include <nlohmann/json.hpp>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::cli {

namespace {

using Json = nlohmann::json;

Result<Bytes, std::string> hex_field(const Json& value, const std::string& where) {
  if (!value.is_string()) return unexpected(where + " is not a string");
  auto bytes = from_hex(value.get_ref<const std::string&>());
  if (!bytes) return unexpected(where + " is not 0x-prefixed hex");
  return std::move(*bytes);
}

Result<std::map<Bytes, Bytes>, std::string> read_entries(const Json& object,
                                                         const std::string& where) {
  if (!object.is_object()) return unexpected(where + " is not an object");
  std::map<Bytes, Bytes> entries;
  for (const auto& [key_text, value] : object.items()) {
    CANARY_TRY_ASSIGN(auto key,
                      hex_field(Json(key_text), where + " key " + key_text.substr(0, 80)));
    CANARY_TRY_ASSIGN(auto bytes, hex_field(value, where + "[" + key_text.substr(0, 80) + "]"));
    entries.insert_or_assign(std::move(key), std::move(bytes));
  }
  return entries;
}

}  // namespace

Result<BlockFixture, std::string> parse_block_fixture(std::string_view json_text) {
  const Json json = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return unexpected(std::string("not JSON"));
  if (!json.is_object()) return unexpected(std::string("the fixture is not a JSON object"));

  BlockFixture fixture;
  const auto storage = json.find("parentStorage");
  if (storage == json.end()) return unexpected(std::string("missing parentStorage"));
  const auto main = storage->find("mainTrie");
  if (main == storage->end()) return unexpected(std::string("missing parentStorage.mainTrie"));
  CANARY_TRY_ASSIGN(auto main_entries, read_entries(*main, "parentStorage.mainTrie"));
  fixture.main_trie = std::move(main_entries);
  if (const auto children = storage->find("childTries"); children != storage->end()) {
    if (!children->is_object()) {
      return unexpected(std::string("parentStorage.childTries is not an object"));
    }
    for (const auto& [child_text, entries] : children->items()) {
      const std::string where = "parentStorage.childTries[" + child_text.substr(0, 80) + "]";
      CANARY_TRY_ASSIGN(auto child, hex_field(Json(child_text), where));
      CANARY_TRY_ASSIGN(auto child_entries, read_entries(entries, where));
      fixture.child_tries.insert_or_assign(std::move(child), std::move(child_entries));
    }
  }

  const auto block = json.find("block");
  if (block == json.end() || !block->is_object()) {
    return unexpected(std::string("missing block"));
  }
  const auto header = block->find("header");
  if (header == block->end()) return unexpected(std::string("missing block.header"));
  CANARY_TRY_ASSIGN(auto header_bytes, hex_field(*header, "block.header"));
  auto decoded_header = scale::decode<block::Header>(header_bytes);
  if (!decoded_header) {
    return unexpected("block.header does not decode: " +
                      std::string(scale::to_string(decoded_header.error())));
  }
  fixture.block.header = std::move(*decoded_header);
  const auto body = block->find("body");
  if (body == block->end() || !body->is_array()) {
    return unexpected(std::string("missing block.body array"));
  }
  for (size_t i = 0; i < body->size(); ++i) {
    const std::string where = "block.body[" + std::to_string(i) + "]";
    auto encoded = hex_field((*body)[i], where);
    if (!encoded) return unexpected(encoded.error());
    // Each element is an encoded (opaque) extrinsic: its bytes behind a length prefix.
    auto extrinsic = scale::decode<Bytes>(*encoded);
    if (!extrinsic) {
      return unexpected(
          where + " is not a length-prefixed extrinsic: " + scale::to_string(extrinsic.error()));
    }
    fixture.block.extrinsics.push_back(std::move(*extrinsic));
  }
  return fixture;
}

}  // namespace canary::cli
