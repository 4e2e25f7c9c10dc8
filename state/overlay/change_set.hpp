// The pending writes to one trie, in nested storage transactions (the semantics of
// sp-state-machine overlayed_changes/changeset.rs; w3f/polkadot-spec docs/chap-host-api.md
// "ext_storage_start_transaction"). For every key written it keeps one value per open transaction
// that wrote it, so that a rollback restores exactly what the enclosing transaction saw (values,
// deletions and appends alike); a commit merges a transaction's values into the enclosing one.
// Writes made with no transaction open are final.
//
// Appending to a vector in a transaction that has not written the key yet moves the vector's
// buffer into the new transaction instead of copying it, and remembers how long the vector was:
// a block appends its events to one growing vector from inside a transaction per extrinsic, so
// copying would cost the square of the events' size. A rollback, or a write that replaces the
// value, gives the shorter vector back to the enclosing transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "state/overlay/byte_keys.hpp"

namespace canary::state {

class ChangeSet {
 private:
  struct Layer {
    uint32_t depth = 0;  // the transaction depth the value was written at
    // The layer above took this layer's vector to append to: this layer's value is the first
    // `lent_items` bytes of items of the layer above, `lent_count` items.
    bool lent = false;
    uint32_t lent_count = 0;
    size_t lent_items = 0;
    std::optional<Bytes> value;  // nullopt: deleted
  };
  struct Entry {
    std::vector<Layer> layers;  // by increasing depth; the last one is the current value
  };
  using Map = std::map<Bytes, Entry, BytesLess>;

 public:
  // A change set created while transactions are open starts at their depth, so that it commits
  // and rolls back in step with the others.
  explicit ChangeSet(size_t depth = 0) : dirty_(depth) {}
  // Moving keeps the map's nodes, so the iterators and key views below stay valid; a copy would
  // point into the original.
  ChangeSet(ChangeSet&&) = default;
  ChangeSet& operator=(ChangeSet&&) = default;
  ChangeSet(const ChangeSet&) = delete;
  ChangeSet& operator=(const ChangeSet&) = delete;

  // The value written for `key`, nullopt for a deletion; nullptr if the key was not written (the
  // backend has the answer). Valid until the next mutation.
  const std::optional<Bytes>* find(ByteSpan key) const;

  void set(ByteSpan key, std::optional<Bytes> value);
  // set() with a copy of `value`, made into the buffer of the value it replaces when this
  // transaction wrote the key already: a block rewrites the same keys (accounts, counters) in
  // every extrinsic.
  void set_copy(ByteSpan key, ByteSpan value);
  // Appends `item` to the SCALE vector the key holds (see scale_vec_append.hpp). `base` is the
  // key's value in the backend; it is only used if this change set has not written the key.
  void append(ByteSpan key, ByteSpan item, std::optional<Bytes> base);
  // Deletes every written key that starts with `prefix`. Returns how many of them had a value
  // (the overlay's share of a clear_prefix count, changeset.rs `clear_where`).
  uint32_t clear_prefix(ByteSpan prefix);

  size_t depth() const { return dirty_.size(); }
  void start_transaction() { dirty_.emplace_back(); }
  // Both require depth() > 0. rollback_transaction appends the keys whose value it changed to
  // `changed` and the keys it forgot (no longer written at all) to `dropped`.
  void commit_transaction();
  void rollback_transaction(std::vector<Bytes>* changed, std::vector<Bytes>* dropped);

  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }

  // Walks the written keys in order.
  class Cursor {
   public:
    bool at_end() const { return it_ == end_; }
    const Bytes& key() const { return it_->first; }
    const std::optional<Bytes>& value() const { return it_->second.layers.back().value; }
    void next() { ++it_; }

   private:
    friend class ChangeSet;
    Cursor(Map::const_iterator it, Map::const_iterator end) : it_(it), end_(end) {}
    Map::const_iterator it_;
    Map::const_iterator end_;
  };
  Cursor begin() const { return {entries_.begin(), entries_.end()}; }
  // The first written key strictly greater than `key`.
  Cursor after(ByteSpan key) const { return {entries_.upper_bound(key), entries_.end()}; }
  // The first written key not below `key`.
  Cursor from(ByteSpan key) const { return {entries_.lower_bound(key), entries_.end()}; }

 private:
  // Replaces the current value of the entry: in place if this transaction wrote it already,
  // else in a new layer.
  void write(Map::iterator it, std::optional<Bytes> value);
  // The entry of `key`, or entries_.end().
  Map::iterator lookup(ByteSpan key);
  Map::const_iterator lookup(ByteSpan key) const;
  // A new entry for `key` (which has none), in the map and the index.
  Map::iterator insert(ByteSpan key);
  // Adds a layer at the current depth on top of the entry.
  void push_layer(Map::iterator it, std::optional<Bytes> value);
  // Gives the layer at `index` back its vector, which the layer above holds.
  static void take_back(Entry& e, size_t index, std::optional<Bytes>& above);

  Map entries_;
  // Exact lookups (a block reads and writes thousands of keys, each tens of times: a hash probe
  // instead of a walk down the ordered map with a key comparison per level). Views of the map's
  // own keys, which do not move while their entry exists.
  std::unordered_map<ByteSpan, Map::iterator, BytesHash, BytesEqual> index_;
  // dirty_[d]: the entries with a layer at depth d + 1, the keys transaction d + 1 wrote.
  std::vector<std::vector<Map::iterator>> dirty_;
};

}  // namespace canary::state
