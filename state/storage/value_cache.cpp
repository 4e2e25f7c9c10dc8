#include "state/storage/value_cache.hpp"

#include <algorithm>
#include <cstring>

#include "primitives/hash/hash.hpp"

namespace canary::state {

ValueCache::ValueCache(size_t capacity_bytes)
    : capacity_(capacity_bytes), shard_capacity_(capacity_bytes / kShards) {}

uint64_t ValueCache::hash_of(const Hash256& root, ByteSpan key) {
  uint64_t seed;
  std::memcpy(&seed, root.data(), sizeof seed);
  return hash::xxhash64(key, seed);
}

size_t ValueCache::Shard::find_slot(uint64_t hash, const Hash256& root, ByteSpan key) const {
  if (table.empty()) return 0;
  size_t mask = table.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = table[i];
    if (s.entry == 0) return table.size();
    if (s.hash != hash) continue;
    const Entry& e = entries[s.entry - 1];
    if (e.root == root && e.key_len == key.size() &&
        std::equal(key.begin(), key.end(), e.blob.get())) {
      return i;
    }
  }
}

void ValueCache::Shard::grow() {
  std::vector<Slot> old = std::move(table);
  table.assign(old.empty() ? 64 : old.size() * 2, Slot{});
  size_t mask = table.size() - 1;
  for (const Slot& s : old) {
    if (s.entry == 0) continue;
    size_t i = s.hash & mask;
    while (table[i].entry != 0) i = (i + 1) & mask;
    table[i] = s;
  }
}

void ValueCache::Shard::insert(Entry entry) {
  if ((count + 1) * 2 > table.size()) grow();
  uint32_t index;
  if (!free_entries.empty()) {
    index = free_entries.back();
    free_entries.pop_back();
  } else {
    index = static_cast<uint32_t>(entries.size());
    entries.emplace_back();
  }
  bytes += entry.cost();
  uint64_t hash = entry.hash;
  entries[index] = std::move(entry);
  size_t mask = table.size() - 1;
  size_t i = hash & mask;
  while (table[i].entry != 0) i = (i + 1) & mask;
  table[i] = Slot{hash, index + 1};
  ++count;
}

// Backward-shift deletion, as in NodeCache.
void ValueCache::Shard::remove_slot(size_t slot) {
  uint32_t index = table[slot].entry - 1;
  Entry& e = entries[index];
  bytes -= e.cost();
  e.blob.reset();
  e.referenced = false;
  free_entries.push_back(index);
  --count;
  size_t mask = table.size() - 1;
  size_t hole = slot;
  for (size_t j = (slot + 1) & mask; table[j].entry != 0; j = (j + 1) & mask) {
    size_t home = table[j].hash & mask;
    bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
    if (stays) continue;
    table[hole] = table[j];
    hole = j;
  }
  table[hole] = Slot{};
}

void ValueCache::Shard::evict_one() {
  while (true) {
    if (clock_hand >= entries.size()) clock_hand = 0;
    Entry& e = entries[clock_hand++];
    if (!e.blob) continue;
    if (e.referenced) {
      e.referenced = false;
      continue;
    }
    ByteSpan key(e.blob.get(), e.key_len);
    remove_slot(find_slot(e.hash, e.root, key));
    return;
  }
}

std::optional<std::optional<Bytes>> ValueCache::get(const Hash256& root, ByteSpan key) {
  uint64_t hash = hash_of(root, key);
  Shard& s = shard_of(hash);
  MutexLock lock(s.mutex);
  size_t i = s.find_slot(hash, root, key);
  if (i >= s.table.size()) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  Entry& e = s.entries[s.table[i].entry - 1];
  if (!e.referenced) e.referenced = true;
  if (e.value_len == kAbsent) return std::optional<Bytes>{};
  const uint8_t* v = e.blob.get() + e.key_len;
  return std::optional<Bytes>(Bytes(v, v + e.value_len));
}

void ValueCache::put(const Hash256& root, ByteSpan key, const std::optional<Bytes>& value) {
  size_t value_len = value ? value->size() : 0;
  if (key.size() >= kAbsent || value_len >= kAbsent) return;
  size_t cost = key.size() + value_len + kEntryOverhead;
  if (cost > shard_capacity_) return;
  uint64_t hash = hash_of(root, key);
  Shard& s = shard_of(hash);
  MutexLock lock(s.mutex);
  if (s.find_slot(hash, root, key) < s.table.size()) return;  // same root, same answer
  while (s.count > 0 && s.bytes + cost > shard_capacity_) s.evict_one();
  Entry e;
  e.hash = hash;
  e.root = root;
  e.key_len = static_cast<uint32_t>(key.size());
  e.value_len = value ? static_cast<uint32_t>(value_len) : kAbsent;
  e.blob = std::make_unique<uint8_t[]>(key.size() + value_len);
  std::copy(key.begin(), key.end(), e.blob.get());
  if (value) std::copy(value->begin(), value->end(), e.blob.get() + key.size());
  s.insert(std::move(e));
}

void ValueCache::clear() {
  for (Shard& s : shards_) {
    MutexLock lock(s.mutex);
    s.table.clear();
    s.entries.clear();
    s.free_entries.clear();
    s.count = 0;
    s.bytes = 0;
    s.clock_hand = 0;
  }
}

size_t ValueCache::size_bytes() const {
  size_t total = 0;
  for (const Shard& s : shards_) {
    MutexLock lock(s.mutex);
    total += s.bytes;
  }
  return total;
}

size_t ValueCache::entries() const {
  size_t total = 0;
  for (const Shard& s : shards_) {
    MutexLock lock(s.mutex);
    total += s.count;
  }
  return total;
}

}  // namespace canary::state
