// A small in-memory base-16 Merkle-Patricia trie for the runtime: Substrate's trie layout
// LayoutV0<BlakeTwo256> (sp-trie's NodeCodec without extension nodes, values always inline,
// BLAKE2b-256 node hashes, nodes under 32 bytes inlined in their parent), built at once from
// key/value pairs, with lookups that record the hashed nodes they read (a proof) and lookups
// against the nodes of a proof that report which of them were not needed. What Session's historical
// module builds per session (pallet_session::historical::ProvingTrie over trie-db's TrieDBMut,
// MemoryDB and Recorder).
//
// Why not the node's trie (state/trie/): the runtime includes primitives/ and wasm/ only
// (scripts/check-layers), and state/ is above primitives/. This is the smallest correct subset:
// no mutation after the build, no V1 hashed values, no child tries.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::rt::trie {

// The encoded nodes of a trie (or of a proof) by their hash.
using NodeMap = std::map<Hash256, Bytes>;

// Why a lookup could not answer: a node it needs is not there, or a node does not decode as a V0
// node (or is a V1 hashed-value node).
enum class LookupError : uint8_t { kIncompleteDatabase, kInvalidNode };

// The value of `key` under `root` in `nodes` (nullopt: absent). The hash of each hashed node the
// lookup reads is appended to `read` if given.
Result<std::optional<Bytes>, LookupError> lookup(const NodeMap& nodes, const Hash256& root,
                                                 ByteSpan key,
                                                 std::vector<Hash256>* read = nullptr);

class ProvingTrie {
 public:
  // The trie of `entries` (of two entries with one key, the later wins); an empty list gives the
  // empty trie (root BLAKE2b-256 of [0x00]).
  static ProvingTrie build(std::vector<std::pair<Bytes, Bytes>> entries);

  const Hash256& root() const { return root_; }
  const NodeMap& nodes() const { return nodes_; }

  // The value of `key`, nullopt if absent.
  std::optional<Bytes> get(ByteSpan key) const;
  // Same, appending to `proof` each hashed node read that it does not hold yet (in reading
  // order): the nodes that prove the value, or its absence.
  std::optional<Bytes> get_recording(ByteSpan key, std::vector<Bytes>& proof) const;

 private:
  NodeMap nodes_;
  Hash256 root_{};
};

// The nodes of a proof (sp_trie::StorageProof checked with new_with_duplicate_nodes_check, and
// AccessedNodesTracker): lookups under a root read only these nodes, and `all_read()` says whether
// every node of the proof was read by them.
class ProofNodes {
 public:
  // nullopt if a node occurs twice.
  static std::optional<ProofNodes> from(const std::vector<Bytes>& nodes);

  // The value of `key` under `root`; an error when a node is missing or invalid.
  Result<std::optional<Bytes>, LookupError> get(const Hash256& root, ByteSpan key);
  bool all_read() const { return read_.size() == nodes_.size(); }

 private:
  NodeMap nodes_;
  std::map<Hash256, bool> read_;  // the nodes read so far
};

}  // namespace canary::rt::trie
