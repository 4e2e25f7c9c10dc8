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
// updates or forgets the entry (dropping its decoded value with the bytes); on wasm32 it also keeps
// writes back from the host until the host needs them (write_back, flush); what the host changes
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
#include <utility>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "runtime/io/key_table.hpp"

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
    bool unwritten = false;      // a write kept back from the host (see write_back)

   private:
    friend class StorageCache;
    void* item_ = nullptr;  // the table's item holding this entry and its key
  };

  // Values larger than this are not kept (`:code` and large vectors): they are rarely read twice,
  // and copying them from the mirror costs as much as from the host.
  static constexpr size_t kMaxValueSize = 16 * 1024;
  // Past this many entries the mirror starts over, so that a call touching many keys (a large
  // block, a migration) keeps a bounded memory.
  static constexpr size_t kMaxEntries = 4096;

  // The known value (nullopt inside: known to be absent), or null if unknown.
  const std::optional<Bytes>* find(ByteSpan key) const {
    const Item* item = table_.find(key);
    return item == nullptr || !item->value.known ? nullptr : &item->value.value;
  }
  // The entry of a known key, or null. The entry lives as long as the mirror's generation.
  Entry* find_entry(ByteSpan key) {
    Item* item = table_.find(key);
    return item == nullptr || !item->value.known ? nullptr : &item->value;
  }
  // Changes whenever entries go away (the mirror is emptied or starts over), and only then.
  uint64_t generation() const { return generation_; }
  // The key of an entry of this mirror.
  static ByteSpan key_of(const Entry& entry) { return item_of(entry).key(); }

  // Whether the mirror keeps `value` under `key`: not child roots, not large values.
  static bool keeps(ByteSpan key, ByteSpan value) {
    return cacheable_key(key) && value.size() <= kMaxValueSize;
  }
  static bool keeps(ByteSpan key, const std::optional<Bytes>& value) {
    return value ? keeps(key, ByteSpan(*value)) : cacheable_key(key);
  }
  // Remembers a value just read from the state: its entry, or null if the mirror does not keep it
  // (the value then stays with the caller).
  Entry* remember_read(ByteSpan key, std::optional<Bytes>& value) {
    if (!keeps(key, value)) {
      forget(key);
      return nullptr;
    }
    return &store(key, std::move(value)).value;
  }

  // The value under `key` is now `value` (just read from the host, or just written to it). Returns
  // its entry, or null if the mirror does not keep it.
  Entry* remember_value(ByteSpan key, ByteSpan value) { return written(assign(key, value)); }
  // remember_value for the key of `entry` (of this generation), which is not looked up again.
  Entry* remember_value(Entry& entry, ByteSpan value) {
    return written(assign(item_of(entry), value));
  }
  void remember_absent(ByteSpan key) {
    if (!cacheable_key(key)) return;
    store(key, std::nullopt);
  }
  void remember_absent(Entry& entry) { store(item_of(entry), std::nullopt); }
  void remember(ByteSpan key, const std::optional<Bytes>& value) {
    if (value) {
      (void)remember_value(key, *value);
    } else {
      remember_absent(key);
    }
  }

  void forget(ByteSpan key) {
    if (Item* item = table_.find(key)) make_unknown(item->value);
  }
  void forget_prefix(ByteSpan prefix) {
    table_.for_each([&](Item& item) {
      const ByteSpan key = item.key();
      if (key.size() >= prefix.size() &&
          (prefix.empty() || std::memcmp(key.data(), prefix.data(), prefix.size()) == 0)) {
        make_unknown(item.value);
      }
    });
  }
  // Also drops the writes kept back: for a rolled-back storage transaction, whose writes they are.
  void forget_all() {
    table_.clear();
    unwritten_.clear();
    ++generation_;
  }

  // --- Writes kept back from the host (wasm32's io layer, io/wasm_host.cpp): the entry holds the
  // key's new value, and `flush` gives the host each such key's last value, once. A key written
  // again and again in a call (an account, the event count) then costs one host write.

  // `value` is the new value of `key`, kept back: its entry, or null if the mirror does not keep
  // the value (the key is forgotten, and the caller writes it through).
  Entry* write_back(ByteSpan key, ByteSpan value) { return kept_back(assign(key, value)); }
  // write_back for the key of `entry` (of this generation), which is not looked up again.
  Entry* write_back(Entry& entry, ByteSpan value) {
    return kept_back(assign(item_of(entry), value));
  }
  // `key` is now absent, kept back; false if the mirror does not keep the key (the caller clears
  // it through).
  bool write_back_absent(ByteSpan key) {
    if (!cacheable_key(key)) return false;
    keep_back(store(key, std::nullopt));
    return true;
  }
  void write_back_absent(Entry& entry) { keep_back(store(item_of(entry), std::nullopt)); }
  bool has_unwritten() const { return !unwritten_.empty(); }
  // Gives `write(key, value)` (nullopt: a removal) every write kept back, each key once (keys are
  // distinct, so their order does not matter). `write` must not use the mirror.
  template <class Write>
  void flush(Write&& write) {
    for (Item* item : unwritten_) {
      if (!item->value.unwritten) continue;  // written since, or forgotten
      item->value.unwritten = false;
      write(item->key(), item->value.value);
    }
    unwritten_.clear();
  }
  // The same for one key.
  template <class Write>
  void flush_key(ByteSpan key, Write&& write) {
    Item* item = table_.find(key);
    if (item == nullptr || !item->value.unwritten) return;
    item->value.unwritten = false;
    write(key, item->value.value);
  }

  // Entries held, unknown ones included.
  size_t size() const { return table_.size(); }

  // Keys of child-trie roots change when the child trie does, without a write of the key
  // itself: they are never kept.
  static bool cacheable_key(ByteSpan key) {
    static constexpr std::string_view kChildPrefix = ":child_storage:";
    return !(key.size() >= kChildPrefix.size() &&
             std::memcmp(key.data(), kChildPrefix.data(), kChildPrefix.size()) == 0);
  }

 private:
  using Item = KeyTable<Entry>::Item;

  // A new value for the key, which the host has: any decoded form of the old one goes with it.
  Item& store(ByteSpan key, std::optional<Bytes> value) {
    return store(node(key), std::move(value));
  }
  static Item& store(Item& item, std::optional<Bytes> value) {
    item.value.value = std::move(value);
    item.value.decoded.reset();
    item.value.known = true;
    item.value.unwritten = false;
    return item;
  }
  // A new value for the key, unless the mirror does not keep it (then the key is forgotten and
  // null returned); the old value's buffer takes the new one, so writing a key read before
  // allocates nothing.
  Item* assign(ByteSpan key, ByteSpan value) {
    if (!keeps(key, value)) {
      forget(key);
      return nullptr;
    }
    return assign(node(key), value);
  }
  // The same for a key the mirror holds (whose entries are only ever of kept keys).
  static Item* assign(Item& item, ByteSpan value) {
    Entry& entry = item.value;
    if (value.size() > kMaxValueSize) {
      make_unknown(entry);
      return nullptr;
    }
    if (entry.value) {
      entry.value->assign(value.begin(), value.end());
    } else {
      entry.value.emplace(value.begin(), value.end());
    }
    entry.decoded.reset();
    entry.known = true;
    return &item;
  }
  Item& node(ByteSpan key) {
    // Writes kept back are never dropped to start over: the io layer flushes them first.
    if (table_.size() >= kMaxEntries && unwritten_.empty()) {
      if (Item* known = table_.find(key)) return *known;
      forget_all();
    }
    auto [item, added] = table_.find_or_add(key);
    if (added) {
      item->value.known = false;
      item->value.item_ = item;
    }
    return *item;
  }
  static Item& item_of(const Entry& entry) { return *static_cast<Item*>(entry.item_); }
  // The entry of an item just assigned (null: the mirror does not keep the value), as the host
  // has it, or kept back from the host.
  static Entry* written(Item* item) {
    if (item == nullptr) return nullptr;
    item->value.unwritten = false;
    return &item->value;
  }
  Entry* kept_back(Item* item) {
    if (item == nullptr) return nullptr;
    keep_back(*item);
    return &item->value;
  }
  void keep_back(Item& item) {
    if (item.value.unwritten) return;
    item.value.unwritten = true;
    unwritten_.push_back(&item);
  }
  static void make_unknown(Entry& entry) {
    entry.value.reset();
    entry.decoded.reset();
    entry.known = false;
    entry.unwritten = false;
  }

  KeyTable<Entry> table_;
  // The entries holding writes kept back (some may have been written through or forgotten since).
  std::vector<Item*> unwritten_;
  uint64_t generation_ = 1;
};

}  // namespace canary::rt::io
