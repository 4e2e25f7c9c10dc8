// What the runtime already knows of the state during one runtime call: the values it has read
// from the state or written to it, and beside each value the decoded form a typed read made of
// it. FRAME code reads the same items again and again (a transfer_keep_alive reads System.Account
// about forty times: the nonce check, the fee, the transfer's checks and the two accounts'
// updates, each event reads System.Number and EventCount); on wasm32 every read is a host call
// that copies the value into a fresh allocation, natively an overlay lookup and a copy, and each
// one is decoded again. The io layer answers repeated reads from this mirror instead, and typed
// reads (framework/storage.hpp) copy the decoded value out rather than decoding the bytes again.
//
// The mirror is exact, not a guess: every write of the call goes through the io layer, which
// updates or forgets the entry (dropping its decoded value with the bytes); what the host changes
// on its own is forgotten (`append` builds the new value host-side, `clear_prefix` removes keys
// the runtime does not list, a rolled-back storage transaction restores earlier values), so those
// make their entries unknown and the next read asks the state again. On wasm32 the instance's
// memory is reset after each call, and the mirror with it; natively it is emptied whenever a
// NativeContextScope starts or ends, so it never outlives a call either.
//
// Entries stay where they are until the mirror is emptied (forgetting a key or a prefix only
// marks entries unknown), so a typed storage item may remember the entry of a key it read and go
// straight to it the next time (framework/storage.hpp's EntryMemo); the mirror's generation
// changes whenever entries go away, which tells those memos that their pointers died.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "primitives/util/bytes.hpp"

namespace canary::rt::io {

// The decoded value of an entry, of the type the typed read that decoded it asked for: reads of
// the same key as another type (an OptionQuery and a decode_len, say) do not see it.
class DecodedValue {
 public:
  template <class V>
  const V* get() const {
    return type_ == &type_tag<V> ? static_cast<const V*>(object_.get()) : nullptr;
  }
  template <class V>
  void set(V value) {
    if (type_ == &type_tag<V>) {
      // Rewritten in place: a key written again and again (an account, a counter) allocates once.
      *static_cast<V*>(object_.get()) = std::move(value);
      return;
    }
    object_ = Owned(new V(std::move(value)), [](void* object) { delete static_cast<V*>(object); });
    type_ = &type_tag<V>;
  }
  void reset() {
    object_.reset();
    type_ = nullptr;
  }

 private:
  using Owned = std::unique_ptr<void, void (*)(void*)>;
  // One object per type, whose address names the type (the runtime has no RTTI); not const, so
  // that the linker cannot fold two of them into one.
  template <class V>
  static inline char type_tag = 0;

  const void* type_ = nullptr;
  Owned object_{nullptr, nullptr};
};

class StorageCache {
 public:
  struct Entry {
    std::optional<Bytes> value;  // nullopt: known to be absent
    DecodedValue decoded;        // empty until a typed read decodes `value`
    bool known = true;           // false: forgotten, the state must be asked again
  };

  // Values larger than this are not kept (`:code` and large vectors): they are rarely read twice,
  // and copying them from the mirror costs as much as from the host.
  static constexpr size_t kMaxValueSize = 16 * 1024;
  // Past this many entries the mirror starts over, so that a call touching many keys (a large
  // block, a migration) keeps a bounded memory.
  static constexpr size_t kMaxEntries = 4096;

  // Room for the keys of a typical call from the start: growing from nothing rehashes several
  // times in every call.
  StorageCache() { entries_.reserve(256); }

  // The known value (nullopt inside: known to be absent), or null if unknown.
  const std::optional<Bytes>* find(ByteSpan key) const {
    auto it = entries_.find(key);
    return it == entries_.end() || !it->second.known ? nullptr : &it->second.value;
  }
  // The entry of a known key, or null. The entry lives as long as the mirror's generation.
  Entry* find_entry(ByteSpan key) {
    auto it = entries_.find(key);
    return it == entries_.end() || !it->second.known ? nullptr : &it->second;
  }
  // Changes whenever entries go away (the mirror is emptied or starts over), and only then.
  uint64_t generation() const { return generation_; }

  // Whether the mirror keeps `value` under `key`: not child roots, not large values.
  static bool keeps(ByteSpan key, const std::optional<Bytes>& value) {
    return cacheable_key(key) && (!value || value->size() <= kMaxValueSize);
  }
  // Remembers a value just read from the state: its entry, or null if the mirror does not keep it
  // (the value then stays with the caller).
  Entry* remember_read(ByteSpan key, std::optional<Bytes>& value) {
    if (!keeps(key, value)) {
      forget(key);
      return nullptr;
    }
    return &store(key, std::move(value));
  }

  // The value under `key` is now `value` (just read from the host, or just written to it). Returns
  // its entry, or null if the mirror does not keep it.
  Entry* remember_value(ByteSpan key, ByteSpan value) {
    if (value.size() > kMaxValueSize || !cacheable_key(key)) {
      forget(key);
      return nullptr;
    }
    Entry& entry = slot(key);
    // The old value's buffer takes the new one: writing a key read before allocates nothing.
    if (entry.value) {
      entry.value->assign(value.begin(), value.end());
    } else {
      entry.value.emplace(value.begin(), value.end());
    }
    entry.decoded.reset();
    entry.known = true;
    return &entry;
  }
  void remember_absent(ByteSpan key) {
    if (!cacheable_key(key)) return;
    store(key, std::nullopt);
  }
  void remember(ByteSpan key, const std::optional<Bytes>& value) {
    if (value) {
      (void)remember_value(key, *value);
    } else {
      remember_absent(key);
    }
  }

  void forget(ByteSpan key) {
    auto it = entries_.find(key);
    if (it != entries_.end()) make_unknown(it->second);
  }
  void forget_prefix(ByteSpan prefix) {
    for (auto& [key, entry] : entries_) {
      if (key.size() >= prefix.size() &&
          (prefix.empty() || std::memcmp(key.data(), prefix.data(), prefix.size()) == 0)) {
        make_unknown(entry);
      }
    }
  }
  void forget_all() {
    entries_.clear();
    ++generation_;
  }

  // Entries held, unknown ones included.
  size_t size() const { return entries_.size(); }

  // Keys of child-trie roots change when the child trie does, without a write of the key
  // itself: they are never kept.
  static bool cacheable_key(ByteSpan key) {
    static constexpr std::string_view kChildPrefix = ":child_storage:";
    return !(key.size() >= kChildPrefix.size() &&
             std::memcmp(key.data(), kChildPrefix.data(), kChildPrefix.size()) == 0);
  }

 private:
  // Storage keys are mostly hashes already: mixing their 8-byte words is enough.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(ByteSpan key) const {
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
      return static_cast<size_t>(h);
    }
    size_t operator()(const Bytes& key) const { return (*this)(ByteSpan(key)); }
  };
  struct KeyEqual {
    using is_transparent = void;
    bool operator()(ByteSpan a, ByteSpan b) const {
      return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
    }
    bool operator()(const Bytes& a, ByteSpan b) const { return (*this)(ByteSpan(a), b); }
    bool operator()(ByteSpan a, const Bytes& b) const { return (*this)(a, ByteSpan(b)); }
    bool operator()(const Bytes& a, const Bytes& b) const { return a == b; }
  };

  // A new value for the key: any decoded form of the old one goes with it.
  Entry& store(ByteSpan key, std::optional<Bytes> value) {
    Entry& entry = slot(key);
    entry.value = std::move(value);
    entry.decoded.reset();
    entry.known = true;
    return entry;
  }
  // The entry of `key`, made (unknown) if there is none.
  Entry& slot(ByteSpan key) {
    auto it = entries_.find(key);
    if (it != entries_.end()) return it->second;
    if (entries_.size() >= kMaxEntries) forget_all();
    return entries_.emplace(Bytes(key.begin(), key.end()), Entry{std::nullopt, {}, false})
        .first->second;
  }
  static void make_unknown(Entry& entry) {
    entry.value.reset();
    entry.decoded.reset();
    entry.known = false;
  }

  std::unordered_map<Bytes, Entry, KeyHash, KeyEqual> entries_;
  uint64_t generation_ = 1;
};

}  // namespace canary::rt::io
