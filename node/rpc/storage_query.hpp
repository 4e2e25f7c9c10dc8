// The storage queries of the new JSON-RPC API (json-rpc-interface-spec chainHead_v1_storage and
// archive_v1_storage; rpc-spec-v2 common/events.rs StorageQuery, common/storage.rs): value,
// hash (BLAKE2b-256 of the value), closest descendant Merkle value, and the values or hashes of
// every key under a prefix, in the main trie or in a default child trie.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "blockchain/block_state.hpp"
#include "blockchain/chain.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "rpc/jsonrpc/error.hpp"

namespace canary::node::rpc {

using ::canary::rpc::Json;

enum class StorageQueryType : uint8_t {
  kValue,
  kHash,
  kClosestDescendantMerkleValue,
  kDescendantsValues,
  kDescendantsHashes,
};

struct StorageQuery {
  Bytes key;
  StorageQueryType type = StorageQueryType::kValue;
  // archive_v1_storage's resume point for descendants queries (exclusive).
  std::optional<Bytes> pagination_start_key;
};

bool is_descendants_query(StorageQueryType type);

// {"key": "0x..", "type": "value" | ..., ["paginationStartKey": "0x.."]}; the error says what
// is wrong with the item.
Result<StorageQuery, std::string> parse_storage_query(const Json& item);

// One answer item: {"key", and one of "value" / "hash" / "closestDescendantMerkleValue"}.
Json storage_item_json(const Bytes& key, StorageQueryType type, const Bytes& data);

// Reads of one block's storage, in the main trie or the default child trie `child` (its
// unprefixed key). Errors are sp-blockchain's texts (block_access.hpp).
class StorageReader {
 public:
  static Result<StorageReader, std::string> open(const blockchain::Chain& chain,
                                                 const block::BlockHash& block,
                                                 std::optional<Bytes> child);

  // The data one non-descendants query answers with (the value, its hash, the Merkle value),
  // nullopt when the trie has nothing there.
  Result<std::optional<Bytes>, std::string> point(const StorageQuery& query) const;

  // Up to `count` (key, data) pairs under `prefix` (data: the value or its hash), strictly
  // after `start_after` when given.
  Result<std::vector<std::pair<Bytes, Bytes>>, std::string> descendants(
      ByteSpan prefix, bool hashes, size_t count, std::optional<ByteSpan> start_after) const;

 private:
  StorageReader(const blockchain::Chain& chain, blockchain::BlockState state,
                std::optional<Bytes> child)
      : chain_(&chain), state_(std::move(state)), child_(std::move(child)) {}
  Result<std::optional<Bytes>, std::string> value(ByteSpan key) const;
  Result<std::optional<Bytes>, std::string> closest_merkle_value(ByteSpan key) const;

  const blockchain::Chain* chain_;
  blockchain::BlockState state_;
  std::optional<Bytes> child_;
};

// The keys whose values differ between two readers' tries (main or the same child trie), in key
// order, each with its value in `now` (nullopt: removed): what a wildcard state_subscribeStorage
// reports at a new best block. Subtrees with the same closest descendant Merkle value (and the
// same first key, which pins where the subtree sits) are skipped, so the cost follows the size of
// the change: a byte prefix with at most a few dozen keys in either trie is compared entry by
// entry, a larger one is split by its next byte.
Result<std::vector<std::pair<Bytes, std::optional<Bytes>>>, std::string> changed_entries(
    const StorageReader& old, const StorageReader& now);

}  // namespace canary::node::rpc
