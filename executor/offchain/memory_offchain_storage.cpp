#include "executor/offchain/memory_offchain_storage.hpp"

#include <algorithm>

namespace canary::executor::offchain {

std::optional<Bytes> MemoryOffchainStorage::get(StorageKind kind, ByteSpan key) {
  if (unavailable(kind)) return std::nullopt;
  MutexLock lock(mutex_);
  const Map& m = map(kind);
  auto it = m.find(key);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

void MemoryOffchainStorage::set(StorageKind kind, ByteSpan key, ByteSpan value) {
  if (unavailable(kind)) return;
  MutexLock lock(mutex_);
  map(kind).insert_or_assign(Bytes(key.begin(), key.end()), Bytes(value.begin(), value.end()));
}

void MemoryOffchainStorage::clear(StorageKind kind, ByteSpan key) {
  if (unavailable(kind)) return;
  MutexLock lock(mutex_);
  Map& m = map(kind);
  auto it = m.find(key);
  if (it != m.end()) m.erase(it);
}

bool MemoryOffchainStorage::compare_and_set(StorageKind kind, ByteSpan key,
                                            std::optional<ByteSpan> old_value, ByteSpan new_value) {
  if (unavailable(kind)) return false;
  MutexLock lock(mutex_);
  Map& m = map(kind);
  auto it = m.find(key);
  const bool matches =
      it == m.end() ? !old_value.has_value()
                    : old_value.has_value() && std::equal(it->second.begin(), it->second.end(),
                                                          old_value->begin(), old_value->end());
  if (!matches) return false;
  m.insert_or_assign(Bytes(key.begin(), key.end()), Bytes(new_value.begin(), new_value.end()));
  return true;
}

void MemoryOffchainStorage::apply_index(const OffchainIndexChanges::Changes& changes) {
  MutexLock lock(mutex_);
  for (const auto& [key, value] : changes) {
    if (value) {
      persistent_.insert_or_assign(key, *value);
    } else {
      persistent_.erase(key);
    }
  }
}

}  // namespace canary::executor::offchain
