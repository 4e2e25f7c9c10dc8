// The param types of the new JSON-RPC API's methods (chainHead_v1_*, archive_v1_*) for
// read_params (param_reader.hpp), with rpc-spec-v2's rules:
//  - SpecV2Hex: `parse_hex_param` — "" is empty bytes, other text must be 0x-prefixed hex, or
//    -32602 "Invalid parameter: <the text>"; a value that is not a string is -32602 "Invalid
//    params";
//  - StorageItems: an array of StorageQuery objects (storage_query.hpp), a bad item being
//    -32602 "Invalid parameter: <what is wrong>";
//  - HashList: sp-rpc ListOrValue<Hash> (chainHead_v1_unpin), one hash or an array of them.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "node/rpc/param_reader.hpp"
#include "node/rpc/storage_query.hpp"
#include "primitives/block/header.hpp"

namespace canary::node::rpc {

struct SpecV2Hex {
  Bytes bytes;
};

struct StorageItems {
  std::vector<StorageQuery> items;
};

struct HashList {
  std::vector<block::BlockHash> hashes;
};

template <>
struct ParamType<SpecV2Hex> {
  static Result<SpecV2Hex, Error> read(const ParamReader& p, size_t i, std::string_view name);
};
template <>
struct ParamType<std::optional<SpecV2Hex>> {
  static Result<std::optional<SpecV2Hex>, Error> read(const ParamReader& p, size_t i,
                                                      std::string_view name);
};
template <>
struct ParamType<StorageItems> {
  static Result<StorageItems, Error> read(const ParamReader& p, size_t i, std::string_view name);
};
template <>
struct ParamType<HashList> {
  static Result<HashList, Error> read(const ParamReader& p, size_t i, std::string_view name);
};

}  // namespace canary::node::rpc
