// A hash table from byte-string keys to values, for the io layer's mirror of the state
// (storage_cache.hpp): keys are only ever added, and all of them removed at once, so it is one
// open-addressed index of (hash tag, item) pairs over items that never move. A lookup hashes the
// key once and compares bytes only for a matching tag; an item keeps keys of up to kInlineKey
// bytes (every storage key of the Canary runtime: a prefix, a hash and an account id) in itself,
// so adding a key allocates nothing but, now and then, a chunk of items: against
// std::unordered_map, one hashing instead of two per added key, no node and key allocations, and
// no rehashing into prime-sized tables as the mirror fills up in every runtime call.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "primitives/util/bytes.hpp"

namespace canary::rt::io {

template <class V>
class KeyTable {
 public:
  static constexpr size_t kInlineKey = 96;

  class Item {
   public:
    ByteSpan key() const {
      return size_ <= kInlineKey ? ByteSpan(inline_, size_) : ByteSpan(long_key_);
    }
    V value{};

   private:
    friend class KeyTable;
    void set_key(ByteSpan key, uint64_t hash) {
      hash_ = hash;
      size_ = static_cast<uint32_t>(key.size());
      if (key.size() <= kInlineKey) {
        if (!key.empty()) std::memcpy(inline_, key.data(), key.size());
      } else {
        long_key_.assign(key.begin(), key.end());
      }
    }

    uint64_t hash_ = 0;
    uint32_t size_ = 0;
    uint8_t inline_[kInlineKey];
    Bytes long_key_;
  };

  KeyTable() = default;
  KeyTable(const KeyTable&) = delete;
  KeyTable& operator=(const KeyTable&) = delete;

  Item* find(ByteSpan key) { return find(key, hash_of(key)); }
  const Item* find(ByteSpan key) const {
    return const_cast<KeyTable*>(this)->find(key, hash_of(key));
  }

  // The item of `key`, added with a value-initialized value if there was none; true if added.
  std::pair<Item*, bool> find_or_add(ByteSpan key) {
    if ((count_ + 1) * 4 > slots_.size() * 3) grow();
    const uint64_t hash = hash_of(key);
    const uint32_t tag = static_cast<uint32_t>(hash >> 32);
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const uint64_t slot = slots_[i];
      if (slot == 0) {
        const uint32_t index = count_++;
        // Default-initialized, not value-initialized: the inline key bytes are written as keys
        // come, not zeroed for a whole chunk up front.
        if (index % kChunk == 0) chunks_.push_back(std::unique_ptr<Item[]>(new Item[kChunk]));
        Item& item = at(index);
        item.set_key(key, hash);
        slots_[i] = (uint64_t{tag} << 32) | (index + 1);
        return {&item, true};
      }
      if (static_cast<uint32_t>(slot >> 32) == tag) {
        Item& item = at(static_cast<uint32_t>(slot) - 1);
        if (same(item.key(), key)) return {&item, false};
      }
    }
  }

  // Every item, in the order the keys were added.
  template <class F>
  void for_each(F&& f) {
    for (uint32_t i = 0; i < count_; ++i) f(at(i));
  }

  void clear() {
    chunks_.clear();
    count_ = 0;
    std::fill(slots_.begin(), slots_.end(), 0);
  }
  size_t size() const { return count_; }

 private:
  static constexpr uint32_t kChunk = 16;
  static constexpr size_t kMinSlots = 64;

  // Storage keys are mostly hashes already: mixing their 8-byte words is enough.
  static uint64_t hash_of(ByteSpan key) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ key.size();
    size_t i = 0;
    for (; i + 8 <= key.size(); i += 8) {
      uint64_t word = 0;
      std::memcpy(&word, key.data() + i, 8);
      h = (h ^ word) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    for (; i < key.size(); ++i) h = (h ^ key[i]) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    return h * 0x94D049BB133111EBull;
  }
  static bool same(ByteSpan a, ByteSpan b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
  }

  Item* find(ByteSpan key, uint64_t hash) {
    if (slots_.empty()) return nullptr;
    const uint32_t tag = static_cast<uint32_t>(hash >> 32);
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const uint64_t slot = slots_[i];
      if (slot == 0) return nullptr;
      if (static_cast<uint32_t>(slot >> 32) == tag) {
        Item& item = at(static_cast<uint32_t>(slot) - 1);
        if (same(item.key(), key)) return &item;
      }
    }
  }

  Item& at(uint32_t index) { return chunks_[index / kChunk][index % kChunk]; }

  // Twice the slots (a power of two, at most three quarters used), every item placed again.
  void grow() {
    const size_t size = slots_.empty() ? kMinSlots : slots_.size() * 2;
    slots_.assign(size, 0);
    const size_t mask = size - 1;
    for (uint32_t index = 0; index < count_; ++index) {
      const uint64_t hash = at(index).hash_;
      size_t i = hash & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = ((hash >> 32) << 32) | (index + 1);
    }
  }

  std::vector<std::unique_ptr<Item[]>> chunks_;
  std::vector<uint64_t> slots_;  // tag << 32 | item index + 1; 0: empty
  uint32_t count_ = 0;
};

}  // namespace canary::rt::io
