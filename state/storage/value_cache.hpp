// A bounded cache of point reads: (state root, key) → value or "absent". A state root names its
// content for good, so an entry is never stale; what the cache must not do is answer for a state
// that was pruned, which the database ensures by only trusting an entry while the state's root
// node is still in the node cache (pruning erases it there). The second half of Substrate's
// shared trie cache, next to the node cache: a node walk is O(depth) cache lookups, a value hit
// is one (paritytech/substrate#11407, "value cache").
//
// Same structure as NodeCache: shards with open-addressing tables and CLOCK eviction. Entries
// keep the full root and key and are compared in full (the 64-bit hash only places them), so
// keys chosen to collide cannot read each other's values.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::state {

class ValueCache {
 public:
  static constexpr size_t kEntryOverhead = 96;

  explicit ValueCache(size_t capacity_bytes);

  // nullopt: not cached. Otherwise the cached answer: a value, or nullopt for "no such key".
  std::optional<std::optional<Bytes>> get(const Hash256& root, ByteSpan key);
  void put(const Hash256& root, ByteSpan key, const std::optional<Bytes>& value);
  void clear();

  size_t capacity_bytes() const { return capacity_; }
  size_t size_bytes() const;
  size_t entries() const;
  uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  static constexpr size_t kShards = 16;
  static constexpr uint32_t kAbsent = UINT32_MAX;  // value_len of a cached "no such key"

  struct Entry {
    uint64_t hash = 0;
    Hash256 root{};
    uint32_t key_len = 0;
    uint32_t value_len = 0;
    std::unique_ptr<uint8_t[]> blob;  // key ‖ value; null: a free entry
    bool referenced = false;

    size_t cost() const {
      return key_len + (value_len == kAbsent ? 0 : value_len) + kEntryOverhead;
    }
  };
  struct Slot {
    uint64_t hash = 0;
    uint32_t entry = 0;  // index + 1; 0: empty
  };
  struct Shard {
    mutable Mutex mutex;
    std::vector<Slot> table GUARDED_BY(mutex);  // power of two, at most half full
    std::vector<Entry> entries GUARDED_BY(mutex);
    std::vector<uint32_t> free_entries GUARDED_BY(mutex);
    size_t count GUARDED_BY(mutex) = 0;
    size_t bytes GUARDED_BY(mutex) = 0;
    size_t clock_hand GUARDED_BY(mutex) = 0;

    size_t find_slot(uint64_t hash, const Hash256& root, ByteSpan key) const REQUIRES(mutex);
    void insert(Entry entry) REQUIRES(mutex);
    void remove_slot(size_t slot) REQUIRES(mutex);
    void grow() REQUIRES(mutex);
    void evict_one() REQUIRES(mutex);
  };

  static uint64_t hash_of(const Hash256& root, ByteSpan key);
  Shard& shard_of(uint64_t hash) { return shards_[(hash >> 56) % kShards]; }

  size_t capacity_;
  size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
};

}  // namespace canary::state
