#include "state/storage/node_cache.hpp"

namespace canary::state {

NodeCache::NodeCache(size_t capacity_bytes)
    : capacity_(capacity_bytes), shard_capacity_(capacity_bytes / kShards) {}

size_t NodeCache::Shard::find_slot(const Hash256& hash) const {
  if (table.empty()) return 0;
  size_t mask = table.size() - 1;
  uint64_t prefix = prefix_of(hash);
  for (size_t i = prefix & mask;; i = (i + 1) & mask) {
    const Slot& s = table[i];
    if (s.entry == 0) return table.size();
    if (s.prefix == prefix && entry(s.entry - 1).hash == hash) return i;
  }
}

const NodeCache::Entry* NodeCache::Shard::find(const Hash256& hash) const {
  size_t i = find_slot(hash);
  if (i >= table.size()) return nullptr;
  const Entry& e = entry(table[i].entry - 1);
  if (!e.referenced) e.referenced = true;  // written only when it changes: the line stays clean
  return &e;
}

void NodeCache::Shard::grow() {
  std::vector<Slot> old = std::move(table);
  table.assign(old.empty() ? 64 : old.size() * 2, Slot{});
  size_t mask = table.size() - 1;
  for (const Slot& s : old) {
    if (s.entry == 0) continue;
    size_t i = s.prefix & mask;
    while (table[i].entry != 0) i = (i + 1) & mask;
    table[i] = s;
  }
}

void NodeCache::Shard::insert(const Hash256& hash, SharedBytes data) {
  if ((count + 1) * 2 > table.size()) grow();
  uint32_t index;
  if (!free_entries.empty()) {
    index = free_entries.back();
    free_entries.pop_back();
  } else {
    if ((entry_count & (kChunkEntries - 1)) == 0) {
      chunks.push_back(std::make_unique<Entry[]>(kChunkEntries));
    }
    index = static_cast<uint32_t>(entry_count++);
  }
  bytes += cost(data);
  Entry& e = entry(index);
  e.hash = hash;
  e.bytes = data->data();
  e.size = data->size();
  e.data = std::move(data);
  e.referenced = false;  // earns its place on a second use, like a new page under CLOCK
  size_t mask = table.size() - 1;
  uint64_t prefix = prefix_of(hash);
  size_t i = prefix & mask;
  while (table[i].entry != 0) i = (i + 1) & mask;
  table[i] = Slot{prefix, index + 1};
  ++count;
}

// Linear probing deletion by backward shift: later slots of the same probe run move up, so that
// no lookup meets a hole before its key.
void NodeCache::Shard::remove_slot(size_t slot) {
  uint32_t index = table[slot].entry - 1;
  Entry& e = entry(index);
  bytes -= cost(e.data);
  e.data.reset();
  e.referenced = false;
  free_entries.push_back(index);
  --count;
  size_t mask = table.size() - 1;
  size_t hole = slot;
  for (size_t j = (slot + 1) & mask; table[j].entry != 0; j = (j + 1) & mask) {
    size_t home = table[j].prefix & mask;
    // Whether j's home lies cyclically in (hole, j]: then it must stay.
    bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
    if (stays) continue;
    table[hole] = table[j];
    hole = j;
  }
  table[hole] = Slot{};
}

void NodeCache::Shard::evict_one() {
  // CLOCK: entries used since the hand last passed get another round.
  while (true) {
    if (clock_hand >= entry_count) clock_hand = 0;
    Entry& e = entry(clock_hand++);
    if (!e.data) continue;
    if (e.referenced) {
      e.referenced = false;
      continue;
    }
    remove_slot(find_slot(e.hash));
    return;
  }
}

SharedBytes NodeCache::get(const Hash256& hash) {
  Shard& s = shard_of(hash);
  MutexLock lock(s.mutex);
  const Entry* e = s.find(hash);
  if (e == nullptr) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return e->data;
}

void NodeCache::put(const Hash256& hash, SharedBytes data) {
  if (!data) return;
  size_t c = cost(data);
  if (c > shard_capacity_) return;  // would evict everything else for one entry
  Shard& s = shard_of(hash);
  MutexLock lock(s.mutex);
  if (s.find(hash) != nullptr) return;  // same hash, same bytes
  while (s.count > 0 && s.bytes + c > shard_capacity_) s.evict_one();
  s.insert(hash, std::move(data));
}

void NodeCache::erase(const Hash256& hash) {
  Shard& s = shard_of(hash);
  MutexLock lock(s.mutex);
  size_t i = s.find_slot(hash);
  if (i < s.table.size()) s.remove_slot(i);
}

void NodeCache::clear() {
  for (Shard& s : shards_) {
    MutexLock lock(s.mutex);
    s.table.clear();
    s.chunks.clear();
    s.entry_count = 0;
    s.free_entries.clear();
    s.count = 0;
    s.bytes = 0;
    s.clock_hand = 0;
  }
}

size_t NodeCache::size_bytes() const {
  size_t total = 0;
  for (const Shard& s : shards_) {
    MutexLock lock(s.mutex);
    total += s.bytes;
  }
  return total;
}

size_t NodeCache::entries() const {
  size_t total = 0;
  for (const Shard& s : shards_) {
    MutexLock lock(s.mutex);
    total += s.count;
  }
  return total;
}

}  // namespace canary::state
