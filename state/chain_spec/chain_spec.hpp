// Substrate's JSON chain-spec format (sc-chain-spec): the chain's identity and its raw genesis
// storage. Both raw layouts are read: {"raw": {"top": {...}, "childrenDefault": {...}}} and the
// older {"raw": [top, children]}. Parsing is pure (text in, value or error out): the caller reads
// the file.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::state {

struct ChainSpec {
  std::string name;
  std::string id;
  std::string chain_type = "Live";  // Development, Local or Live; absent in old specs
  std::vector<std::string> boot_nodes;
  std::optional<std::string> protocol_id;
  std::string properties_json = "{}";  // the "properties" object as JSON text (system_properties)
  std::vector<Hash256> bad_blocks;
  // Block number → replacement runtime code ("codeSubstitutes").
  std::map<uint64_t, Bytes> code_substitutes;

  std::map<Bytes, Bytes> top;
  // Default child tries by their unprefixed child storage key.
  std::map<Bytes, std::map<Bytes, Bytes>> children_default;

  // The number of keys of the genesis state (main trie and child tries).
  size_t key_count() const;
};

struct ChainSpecError {
  enum class Kind : uint8_t {
    kInvalidJson,   // not JSON at all
    kMissingField,  // a required field is absent
    kInvalidField,  // a field has the wrong type or an invalid value (e.g. bad hex)
    kNoRawGenesis,  // the genesis is not in raw form (a runtime config or patch)
  };
  Kind kind = Kind::kInvalidJson;
  std::string detail;

  std::string message() const;
};

// Refuses a text nesting deeper than serde_json's limit (json_nesting_exceeds) before parsing it.
Result<ChainSpec, ChainSpecError> parse_chain_spec(std::string_view json_text);

// The same reading of a document already parsed, for a caller that parsed the text itself (the
// node's chain-spec reader, node/chain/chain_spec_json.hpp) after the same nesting check.
Result<ChainSpec, ChainSpecError> chain_spec_from_json(const nlohmann::json& json);

}  // namespace canary::state
