// The Polkadot base-16 Merkle-Patricia trie (w3f/polkadot-spec docs/chap-state.md "The State
// Storage Trie"): a map from byte keys to byte values whose root hash commits to every entry.
//
// Nodes live in arrays and are addressed by index: a pool of fixed-size nodes, a pool of 16-slot
// child blocks, and two append-only byte arenas for partial keys (packed nibbles) and values. A
// node's partial key is a nibble range in the arena, so splitting a node shares bytes instead of
// copying them; garbage left by removals is compacted away once it outweighs the live data.
//
// Every node caches its Merkle value. Writes mark the nodes on their path dirty, and a root
// computation re-encodes and re-hashes only dirty nodes (iteratively, without recursion).
//
// The state version is chosen per root computation, as Substrate chooses the trie layout when it
// builds the storage root. A value written through insert() is laid out by the version of the
// root computation that encodes it (values of 33 bytes or more are hashed under V1), while a value
// loaded from a store keeps the form it was stored in, until rewritten: Substrate's semantics
// (trie-db `Value::Inline` vs `Value::Node`; smoldot's per-entry `TrieEntryVersion`).
// fix_value_forms() freezes the forms of the values written so far, as committing a block does.
//
// A trie opened over a NodeStore starts as its root hash and loads nodes (and V1 values) on first
// use. Operations that may need to load return Result; a trie built in memory never fails.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/trie/nibbles.hpp"
#include "state/trie/node_codec.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/recycled_vector.hpp"
#include "state/trie/state_version.hpp"
#include "state/trie/trie_error.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::state {

struct ClearPrefixResult {
  uint32_t removed = 0;
  // No key with the prefix (at or after the cursor, if one was given) is left.
  bool all_removed = true;
  // When keys are left: the first of them, to resume from.
  std::optional<Bytes> next_cursor;
};

class Trie {
 public:
  using NodeId = uint32_t;
  static constexpr NodeId kNoNode = 0xFFFFFFFF;

  explicit Trie(TrieHasher hasher = TrieHasher::kBlake2b256);

  // A trie rooted at `root` whose nodes are read from `store` when first needed. The store must
  // outlive the trie and every copy of it.
  static Trie open(const Hash256& root, const NodeStore& store,
                   TrieHasher hasher = TrieHasher::kBlake2b256);

  TrieHasher hasher() const { return hasher_; }
  bool empty() const { return root_ == kNoNode; }

  Result<std::optional<Bytes>, TrieError> get(ByteSpan key);
  Result<bool, TrieError> contains(ByteSpan key);
  Result<void, TrieError> insert(ByteSpan key, ByteSpan value);
  // Returns whether the key was present.
  Result<bool, TrieError> remove(ByteSpan key);

  // The smallest key strictly greater than `key` (ext_storage_next_key).
  Result<std::optional<Bytes>, TrieError> next_key(ByteSpan key);

  // Removes the keys that start with `prefix` (and are not smaller than `cursor`), in key order,
  // at most `limit` of them (ext_storage_clear_prefix_version_2 / _3).
  Result<ClearPrefixResult, TrieError> clear_prefix(ByteSpan prefix,
                                                    std::optional<uint32_t> limit = std::nullopt,
                                                    ByteSpan cursor = {});

  // Calls visit(key, value) for each entry whose key starts with `prefix`, in key order, until it
  // returns false. The spans are valid during the call only; the trie must not be modified from
  // inside it.
  template <class Visit>
  Result<void, TrieError> for_each(ByteSpan prefix, Visit&& visit) {
    using Fn = std::remove_reference_t<Visit>;
    return for_each_impl(
        prefix,
        [](void* ctx, ByteSpan k, ByteSpan v) -> bool { return (*static_cast<Fn*>(ctx))(k, v); },
        const_cast<void*>(static_cast<const void*>(&visit)));
  }

  // The root hash with values laid out per `version`. Re-hashes only what changed since the last
  // call (for the same version). `sink`, if given, receives every node and V1 value hashed anew,
  // and the stored elements replaced since the last call (NodeSink::removed).
  Hash256 root_hash(StateVersion version, NodeSink* sink = nullptr);

  // Gives every value written since the last call the form `version` lays it out in, for good.
  void fix_value_forms(StateVersion version);

  // Preallocates for about `entries` more entries (keys of ~32 bytes).
  void reserve(size_t entries);
  size_t node_count() const { return nodes_.size() - free_nodes_.size(); }

  // --- Node-level access, for proofs and storage backends. ---
  // Views returned here stay valid until the next mutation or load.
  NodeId root_node() const { return root_; }
  bool is_loaded(NodeId id) const { return (nodes_[id].flags & kStub) == 0; }
  // Reads a node that is still only a hash from the store.
  Result<void, TrieError> load_node(NodeId id) { return ensure_loaded(id); }
  // Reads a V1 value that is still only a hash from the store.
  Result<void, TrieError> load_value(NodeId id) { return ensure_value_loaded(id); }
  NibbleView partial_key(NodeId id) const { return partial(nodes_[id]); }
  NodeId child(NodeId id, size_t nibble) const {
    const Node& n = nodes_[id];
    return n.children == kNoBlock ? kNoNode : blocks_[n.children].child[nibble].node;
  }
  bool has_value(NodeId id) const { return nodes_[id].value_state != kNoValue; }
  // The value of a node whose value is loaded.
  ByteSpan value(NodeId id) const;
  // Whether `version` lays this node's value out by hash.
  bool value_is_hashed(NodeId id, StateVersion version) const;
  // The node's Merkle value as of the last root_hash(): its encoding if shorter than 32 bytes,
  // else its hash.
  ByteSpan merkle_value(NodeId id) const {
    return {nodes_[id].merkle.data(), nodes_[id].merkle_len};
  }
  // The node as the codec sees it under `version`; children are given by their Merkle values, so
  // root_hash(version) must have run since the last mutation.
  NodeView view(NodeId id, StateVersion version);

 private:
  static constexpr uint32_t kNoBlock = 0xFFFFFFFF;

  // Value states. kAuto: written by insert(), 33 bytes or more, laid out by the version of the
  // root computation. kHashed / kInline: fixed.
  static constexpr uint8_t kNoValue = 0;
  static constexpr uint8_t kInline = 1;
  static constexpr uint8_t kAuto = 2;
  static constexpr uint8_t kHashed = 3;

  // Node flags.
  static constexpr uint8_t kDirty = 1;            // merkle is stale
  static constexpr uint8_t kStub = 2;             // not loaded: only merkle (the hash) is known
  static constexpr uint8_t kSensitive = 4;        // the subtree holds a kAuto value
  static constexpr uint8_t kCachedV1 = 8;         // merkle was computed under V1
  static constexpr uint8_t kValueUnloaded = 16;   // kHashed value: only its hash is in the arena
  static constexpr uint8_t kValueHashValid = 32;  // the hash slot holds the value's hash
  static constexpr uint8_t kFree = 64;            // in the free list

  // One cache line. Values that may be hashed (kAuto, kHashed) are stored in the arena behind a
  // 32-byte slot for their hash, so a large value (such as :code) is hashed once, not at every
  // root computation that re-encodes its node.
  struct Node {
    uint64_t key_off = 0;    // nibble offset of the partial key in nibbles_
    uint64_t value_off = 0;  // byte offset in values_ (of the hash slot, if any)
    uint32_t key_len = 0;    // partial key length in nibbles
    uint32_t value_len = 0;
    uint32_t children = kNoBlock;
    uint8_t value_state = kNoValue;
    uint8_t flags = kDirty;
    uint8_t merkle_len = 0;
    uint8_t reserved = 0;
    Hash256 merkle{};
  };
  static_assert(sizeof(Node) == 64);

  // Node::reserved bits: what the node was as of the last root computation (or the store), so
  // that what a root computation replaces can be reported.
  static constexpr uint8_t kCommitted = 1;       // merkle is the committed Merkle value
  static constexpr uint8_t kValueCommitted = 2;  // the value is the committed one
  static constexpr uint8_t kValueWasHashed = 4;  // ... and was laid out by hash

  // The children of a branch. Next to each child, in the same cache line, `hint` remembers where
  // the walk goes after the child: its block for a branch, its partial key (arena byte offset,
  // tagged with kLeafHint) for a leaf. A walk then fetches the child and that memory in parallel
  // rather than one cache miss after the other. Only a prefetch address: it may be stale.
  struct ChildSlot {
    NodeId node;
    uint32_t hint;
  };
  struct alignas(64) ChildBlock {
    std::array<ChildSlot, kMaxChildren> child;
  };

  // Where a node hangs: a slot of a child block, or the root.
  struct Slot {
    uint32_t block;  // kNoBlock: the root
    uint8_t nibble;
  };

  struct PathStep {
    NodeId node;
    uint8_t nibble;  // the child taken
  };

  NibbleView partial(const Node& n) const { return {nibbles_.data(), n.key_off, n.key_len}; }
  NodeId slot_get(Slot s) const {
    return s.block == kNoBlock ? root_ : blocks_[s.block].child[s.nibble].node;
  }
  static constexpr uint32_t kLeafHint = 0x80000000;
  void slot_set(Slot s, NodeId id);
  uint32_t hint_for(NodeId id) const;
  void prefetch_hint(uint32_t hint) const;
  void prefetch_below(Slot s) const;
  // The slot of the node reached after the first `steps` steps of path_.
  Slot slot_after(size_t steps) const;

  NodeId alloc_node();
  uint32_t alloc_block();
  void free_node(NodeId id);
  void free_subtree(NodeId id);
  size_t child_count(const Node& n, NodeId* only_child, uint8_t* only_nibble) const;

  uint64_t append_nibbles(NibbleView nibbles);
  // Appends partial(a) ‖ nibble ‖ partial(b), end-aligned so that encoding it copies bytes.
  uint64_t append_concat(NodeId a, uint8_t nibble, NodeId b);
  void set_value(NodeId id, ByteSpan value, uint8_t state);
  // Records the committed value of `id` as replaced, if it was stored by hash.
  void forget_value(NodeId id);
  // Reports the elements replaced since the last root computation to `sink`.
  void flush_removed(NodeSink* sink);
  void clear_value(NodeId id);
  bool same_value(const Node& n, ByteSpan value, uint8_t state) const;
  NodeId new_leaf(NibbleView key, size_t from, ByteSpan value, uint8_t state);
  void merge_with_child(Slot slot, NodeId id, NodeId child, uint8_t nibble);
  void mark_path_dirty(size_t count);
  void maybe_compact();
  void compact();

  Result<void, TrieError> ensure_loaded(NodeId id);
  Result<void, TrieError> ensure_value_loaded(NodeId id);
  Result<void, TrieError> fill_from(NodeId id, const NodeView& node, int depth);

  // Walks to the node of `key`; kNoNode if absent. Records the path in path_ when asked.
  Result<NodeId, TrieError> find(NibbleView key, bool record_path);
  // Walks to the node whose subtree holds exactly the keys starting with `prefix`, recording the
  // path in path_ and the nibbles up to and including the node's partial key in nibble_path_.
  Result<NodeId, TrieError> find_prefix_root(NibbleView prefix);
  // The first key >= (or > when strict) `key`, into nibble_path_; false if none.
  Result<bool, TrieError> seek(NibbleView key, bool strict);
  Result<bool, TrieError> seek_first_below(NodeId id);
  // Unlinks the subtree at the end of path_ (node `id`, hanging from the last path step) and
  // restores the trie's shape above it.
  Result<void, TrieError> detach(NodeId id);
  // The number of values below `id`, counting no further than just past `cap`.
  Result<uint32_t, TrieError> count_values(NodeId id, uint64_t cap);

  using VisitFn = bool (*)(void*, ByteSpan, ByteSpan);
  Result<void, TrieError> for_each_impl(ByteSpan prefix, VisitFn fn, void* ctx);

  const uint8_t* value_hash(NodeId id);
  bool value_hashed(const Node& n, StateVersion version) const;
  ByteSpan value_bytes(const Node& n) const;
  static size_t value_footprint(const Node& n);
  bool is_clean(const Node& n, StateVersion version) const;
  void compute_merkle(NodeId id, StateVersion version, NodeSink* sink);
  void append_partial_to_path(const Node& n);
  Bytes path_key() const;
  void encode(NodeId id, StateVersion version, Bytes& out);

  TrieHasher hasher_;
  const NodeStore* store_ = nullptr;
  // Whether what store_ returns is checked already (NodeStore::verified).
  bool store_verified() const { return hasher_ == TrieHasher::kBlake2b256 && store_->verified(); }
  NodeId root_ = kNoNode;

  // The two pools a block's reads fill to megabytes: their storage is reused from trie to trie.
  RecycledVector<Node> nodes_;
  std::vector<NodeId> free_nodes_;
  RecycledVector<ChildBlock> blocks_;
  std::vector<uint32_t> free_blocks_;
  std::vector<uint8_t> nibbles_;
  std::vector<uint8_t> values_;
  size_t nibble_garbage_ = 0;  // bytes
  size_t value_garbage_ = 0;

  // Scratch space reused across calls.
  std::vector<PathStep> path_;
  std::vector<size_t> path_lens_;  // seek(): nibble_path_ length before each path step's nibble
  std::vector<std::pair<NodeId, uint8_t>> stack_;  // root_hash(): nodes and their next child
  std::vector<uint8_t> nibble_path_;               // one nibble per byte
  Bytes scratch_;

  // Committed elements replaced since the last root computation, and the roots of dropped
  // subtrees never loaded (every element below them is replaced too).
  std::vector<Hash256> removed_;
  std::vector<Hash256> removed_subtrees_;
  // The hash of the last computed root when its encoding is short (the node's merkle is then
  // the encoding itself).
  std::optional<Hash256> short_root_;
};

}  // namespace canary::state
