// A bounded cache of trie nodes (and V1 values) by hash, shared by every reader of the database:
// the role of Substrate's shared trie node cache (paritytech/polkadot-sdk
// substrate/primitives/trie/src/cache/shared_cache.rs). Nodes are immutable (a hash names one
// content forever), so an entry never goes stale; the database only has to evict the nodes it
// deletes, so that pruned states do not stay readable through the cache.
//
// Built for point reads of a large state, where each read visits ~6 nodes and the deeper ones
// are rarely in the CPU cache, so the number of dependent memory accesses per lookup is what
// counts: each shard is an open-addressing table of (64-bit hash prefix, entry index) slots, so
// a lookup touches one slot, one entry and the bytes; eviction is CLOCK (a hit only sets a bit,
// where an LRU list would relink nodes on every hit). Shards have their own mutex, so readers
// on several threads rarely wait for each other.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::state {

using SharedBytes = std::shared_ptr<const Bytes>;

class NodeCache {
 public:
  // What an entry costs beyond its bytes (slot, entry, allocation headers), for accounting.
  static constexpr size_t kEntryOverhead = 128;

  explicit NodeCache(size_t capacity_bytes);

  // The entry, or null.
  SharedBytes get(const Hash256& hash);
  // Calls fn(ByteSpan) with the entry's bytes, without copying or reference counting, and
  // returns whether there was one. The shard stays locked during the call: fn must be short and
  // must not use the cache.
  template <class Fn>
  bool visit(const Hash256& hash, Fn&& fn) {
    Shard& s = shard_of(hash);
    MutexLock lock(s.mutex);
    const Entry* e = s.find(hash);
    if (e == nullptr) {
      misses_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    hits_.fetch_add(1, std::memory_order_relaxed);
    fn(ByteSpan(e->bytes, e->size));
    return true;
  }
  bool contains(const Hash256& hash) {
    return visit(hash, [](ByteSpan) {});
  }
  // Inserts (or marks as used); evicts entries of the shard beyond its share of the capacity.
  void put(const Hash256& hash, SharedBytes data);
  void erase(const Hash256& hash);
  void clear();

  size_t capacity_bytes() const { return capacity_; }
  size_t size_bytes() const;
  size_t entries() const;
  uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  static constexpr size_t kShards = 16;

  struct Entry {
    Hash256 hash{};
    // The bytes of `data`, also here: visit() reads them without touching the shared_ptr's
    // control block (one dependent cache miss less per node of a walk).
    const uint8_t* bytes = nullptr;
    size_t size = 0;
    SharedBytes data;  // null: a free entry
    mutable bool referenced = false;
  };
  struct Slot {
    uint64_t prefix = 0;  // the hash's first 8 bytes: where the probe starts, and a quick check
    uint32_t entry = 0;   // index + 1 of the entry; 0: empty
  };

  // Entries live in chunks that never move: a growing vector of them relocated every entry (and
  // faulted in a fresh copy) at each doubling, under the shard's lock, while a cold cache filled
  // during block import (3.4 % of a 1,000,000-account import's samples).
  static constexpr size_t kChunkBits = 10;
  static constexpr size_t kChunkEntries = size_t{1} << kChunkBits;

  struct Shard {
    mutable Mutex mutex;
    std::vector<Slot> table GUARDED_BY(mutex);  // power of two, at most half full
    std::vector<std::unique_ptr<Entry[]>> chunks GUARDED_BY(mutex);
    size_t entry_count GUARDED_BY(mutex) = 0;  // entries ever made (in use or free)
    std::vector<uint32_t> free_entries GUARDED_BY(mutex);
    size_t count GUARDED_BY(mutex) = 0;
    size_t bytes GUARDED_BY(mutex) = 0;
    size_t clock_hand GUARDED_BY(mutex) = 0;

    Entry& entry(size_t index) const REQUIRES(mutex) {
      return chunks[index >> kChunkBits][index & (kChunkEntries - 1)];
    }
    const Entry* find(const Hash256& hash) const REQUIRES(mutex);
    size_t find_slot(const Hash256& hash) const REQUIRES(mutex);  // table.size() if absent
    void insert(const Hash256& hash, SharedBytes data) REQUIRES(mutex);
    void remove_slot(size_t slot) REQUIRES(mutex);
    void grow() REQUIRES(mutex);
    void evict_one() REQUIRES(mutex);
  };

  static uint64_t prefix_of(const Hash256& hash) {
    uint64_t v;
    std::memcpy(&v, hash.data(), sizeof v);  // hashes are uniformly distributed already
    return v;
  }
  Shard& shard_of(const Hash256& hash) { return shards_[hash[8] % kShards]; }
  static size_t cost(const SharedBytes& data) { return data->size() + kEntryOverhead; }

  size_t capacity_;
  size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
};

}  // namespace canary::state
