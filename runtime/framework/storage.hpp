// Typed storage items (frame-support `StorageValue`, `StorageMap`, `StorageDoubleMap`,
// `StorageNMap`, `CountedStorageMap`): a pallet declares each item as a type, and reads and writes
// it with SCALE-typed values under the standard key layout
//   twox128(pallet name) ‖ twox128(item name) ‖ hasher(SCALE(key)) ‖ …
// so that polkadot.js, polkadot-api and other nodes find the data where FRAME puts it.
//
//   struct Balances { static constexpr std::string_view kName = "Balances"; … };
//   using TotalIssuance = StorageValue<Balances, "TotalIssuance", u128, ValueQuery>;
//   using Account = StorageMap<Balances, "Account", Blake2_128Concat, AccountId, AccountData,
//                              ValueQuery>;
//   Account::mutate(who, [&](AccountData& data) { data.free += amount; });
//
// OptionQuery items read as std::optional<V> (absent = nullopt); ValueQuery items read as V
// (absent = the default: V{} or Default::value()). Values that are present but do not decode read
// as absent, as in FRAME. The metadata of an item (its entry in the pallet's storage metadata) is
// generated from the same declaration, its docs included (the last parameter,
// `DocLines<" line", …>`); the pallet lists its items once, `using Storage = std::tuple<…>;`, in
// the order of its metadata (framework/pallet.hpp).
//
// Reads are cheap because FRAME code repeats them (System.Account ~40 times in a transfer): keys
// are built on the stack (StackBytes), and a read decodes from the io layer's mirror of the state
// without a copy and keeps the decoded value there (io/storage_cache.hpp), so the next read of
// the same key as the same type copies it out; any write of the key drops it.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstring>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "primitives/hash/xxhash64_portable.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/doc_lines.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/framework/storage_hashers.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/io/storage.hpp"

namespace canary::rt {

// --- Query kinds.

struct OptionQuery {
  static constexpr bool kIsOption = true;
  template <class V>
  using Result = std::optional<V>;
  template <class V>
  static std::optional<V> from_stored(std::optional<V> stored) {
    return stored;
  }
  template <class V>
  static std::optional<V> to_stored(std::optional<V> value) {
    return value;
  }
};

// The default of an absent value: V{} unless a provider `Default::value()` is given.
struct DefaultConstructed {};

template <class Default = DefaultConstructed>
struct ValueQueryWith {
  static constexpr bool kIsOption = false;
  template <class V>
  using Result = V;
  template <class V>
  static V default_value() {
    if constexpr (std::is_same_v<Default, DefaultConstructed>) {
      return V{};
    } else {
      return Default::value();
    }
  }
  template <class V>
  static V from_stored(std::optional<V> stored) {
    return stored ? std::move(*stored) : default_value<V>();
  }
  template <class V>
  static std::optional<V> to_stored(V value) {
    return std::optional<V>(std::move(value));
  }
};
using ValueQuery = ValueQueryWith<>;

namespace storage_detail {

// twox128(pallet) ‖ twox128(item): computed at compile time, as FRAME does, so reaching an item
// costs no hashing at run time.
template <class Pallet, FixedString Name>
inline constexpr ByteArray<32> kItemPrefix = [] {
  ByteArray<32> out{};
  const ByteArray<16> pallet = hash::portable::twox_128_constexpr(Pallet::kName);
  const ByteArray<16> item = hash::portable::twox_128_constexpr(Name.view());
  for (size_t i = 0; i < 16; ++i) {
    out[i] = pallet[i];
    out[16 + i] = item[i];
  }
  return out;
}();

template <class Pallet, FixedString Name>
const Bytes& item_prefix() {
  static const Bytes kPrefix(kItemPrefix<Pallet, Name>.begin(), kItemPrefix<Pallet, Name>.end());
  return kPrefix;
}

// A storage key or value being built in place: on the stack up to kInline bytes (every key of the
// Canary runtime, a prefix and two hashed 32-byte keys, and values such as an AccountInfo fit), on
// the heap past that. It is a SCALE sink, so that map keys and values are encoded straight into
// it, not into temporary vectors.
class StackBytes {
 public:
  StackBytes() = default;
  explicit StackBytes(ByteSpan prefix) { put_bytes(prefix); }
  StackBytes(const StackBytes&) = delete;
  StackBytes& operator=(const StackBytes&) = delete;

  void put_byte(uint8_t b) { *grow(1) = b; }
  void put_bytes(ByteSpan bytes) {
    if (!bytes.empty()) std::memcpy(grow(bytes.size()), bytes.data(), bytes.size());
  }
  template <class UInt>
  void put_le(UInt v, size_t width) {
    scale::store_le(grow(width), v, width);
  }

  // `n` more bytes at the end, for the caller to fill. Inlined into every field an encoder puts;
  // moving to the heap is not.
  uint8_t* grow(size_t n) {
    const size_t at = size_;
    size_ += n;
    if (size_ > capacity_) [[unlikely]] {
      spill(at);
    }
    return data_ + at;
  }
  void truncate(size_t size) { size_ = std::min(size_, size); }

  size_t size() const { return size_; }
  uint8_t* data() { return data_; }
  ByteSpan span() const { return {data_, size_}; }
  Bytes to_bytes() const { return Bytes(data_, data_ + size_); }

 private:
  [[gnu::noinline]] void spill(size_t used) {
    heap_.resize(std::max(size_, 2 * capacity_));
    if (data_ == inline_) std::memcpy(heap_.data(), inline_, used);
    data_ = heap_.data();
    capacity_ = heap_.size();
  }

  static constexpr size_t kInline = 160;
  uint8_t inline_[kInline];
  uint8_t* data_ = inline_;
  size_t size_ = 0;
  size_t capacity_ = kInline;
  Bytes heap_;
};

// Appends hasher(SCALE(key)): the key is encoded after room for the digest, hashed where it is,
// and the digest written in front (the encoded key dropped again unless the hasher keeps it).
template <class Hasher, class K>
void append_hashed_key(StackBytes& out, const K& key) {
  const size_t digest_at = out.size();
  out.grow(Hasher::kDigestSize);
  scale::encode_to(out, key);
  const size_t key_at = digest_at + Hasher::kDigestSize;
  if constexpr (Hasher::kDigestSize > 0) {
    const auto digest = Hasher::digest(out.span().subspan(key_at));
    std::memcpy(out.data() + digest_at, digest.data(), digest.size());
  }
  if constexpr (!Hasher::kConcat) out.truncate(key_at);
}

template <class V>
std::optional<V> decode_value(const std::optional<Bytes>& raw) {
  if (!raw) return std::nullopt;
  auto value = scale::decode<V>(*raw);
  if (!value) return std::nullopt;
  return std::move(*value);
}

// The value of a mirror entry, decoded once and kept decoded in the entry.
template <class V>
std::optional<V> read_entry(io::StorageCache::Entry& entry) {
  if (!entry.value) return std::nullopt;
  if constexpr (std::is_copy_constructible_v<V>) {
    if (const V* known = entry.decoded.template get<V>()) return *known;
    std::optional<V> value = decode_value<V>(entry.value);
    if (value) entry.decoded.template set<V>(*value);
    return value;
  } else {
    return decode_value<V>(entry.value);
  }
}

template <class V>
std::optional<V> read_found(io::storage::Lookup& found) {
  if (found.entry != nullptr) return read_entry<V>(*found.entry);
  return decode_value<V>(found.value);
}

template <class V>
std::optional<V> read(ByteSpan key) {
  io::storage::Lookup found = io::storage::lookup(key);
  return read_found<V>(found);
}

// Writes `value`; a plain value (an account, a counter, a weight) is kept decoded in the mirror as
// well (it reads back as itself), so the next read decodes nothing. Values that own memory are
// not: copying them costs what decoding them does, and most are not read back in the same call
// (an extrinsic's bytes). Returns the mirror's entry, or null if the mirror does not keep it.
// `at` is the key, or the mirror entry of the key (which spares looking the key up again).
template <class V, class At>
io::StorageCache::Entry* put(At&& at, const V& value) {
  StackBytes encoded;
  scale::encode_to(encoded, value);
  io::StorageCache::Entry* entry = io::storage::set(at, encoded.span());
  if constexpr (std::is_trivially_copyable_v<V>) {
    if (entry != nullptr) entry->decoded.template set<V>(value);
  }
  return entry;
}

// Appends one item, encoded on the stack (an event record is encoded every time an event is
// deposited; growing a vector for it byte by byte costs more than the host's append).
template <class Item>
void append_encoded(ByteSpan key, const Item& item) {
  StackBytes encoded;
  scale::encode_to(encoded, item);
  io::storage::append(key, encoded.span());
}

// A remembered mirror entry, if it is still the key's: taken in the mirror's current generation,
// and not forgotten since.
inline io::StorageCache::Entry* still_valid(io::StorageCache::Entry* entry, uint64_t generation) {
  if (entry == nullptr || generation != io::storage::mirror_generation() || !entry->known) {
    return nullptr;
  }
  return entry;
}

// The mirror entries of the keys an item read or wrote last, by the item's own key: reading the
// same key again (System.Account about forty times in a transfer, System.Number and EventCount at
// every event) goes straight to its entry, without building, hashing and looking up the storage
// key. Mirror entries stay where they are while the mirror's generation lasts, and a forgotten
// entry reads as unknown, so a memo is exact: past its generation, or for an unknown entry, the
// read takes the long way. A few direct-mapped slots; natively one set per thread, as the mirror.
template <class K>
class EntryMemo {
 public:
  // Keys the memo can hold: plain values compared as they are (ids, hashes, indices).
  static constexpr bool kSupported = std::is_trivially_copyable_v<K> &&
                                     std::is_default_constructible_v<K> && sizeof(K) <= 64 &&
                                     requires(const K& a) {
                                       { a == a } -> std::convertible_to<bool>;
                                     };

  io::StorageCache::Entry* find(const K& key) {
    const Slot& slot = slots_[slot_of(key)];
    return slot.key == key ? still_valid(slot.entry, slot.generation) : nullptr;
  }
  void remember(const K& key, io::StorageCache::Entry* entry) {
    if (entry == nullptr) return;
    Slot& slot = slots_[slot_of(key)];
    slot.key = key;
    slot.entry = entry;
    slot.generation = io::storage::mirror_generation();
  }

 private:
  static constexpr unsigned kSlotBits = 3;

  static size_t slot_of(const K& key) {
    uint64_t h = 0;
    std::memcpy(&h, &key, std::min(sizeof(K), sizeof(h)));
    h *= 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(h >> (64 - kSlotBits));
  }

  struct Slot {
    K key{};
    io::StorageCache::Entry* entry = nullptr;
    uint64_t generation = 0;
  };
  Slot slots_[size_t{1} << kSlotBits];
};

// The memo of an item whose storage key never changes (a StorageValue).
class FixedKeyEntryMemo {
 public:
  io::StorageCache::Entry* find() const { return still_valid(entry_, generation_); }
  void remember(io::StorageCache::Entry* entry) {
    if (entry == nullptr) return;
    entry_ = entry;
    generation_ = io::storage::mirror_generation();
  }

 private:
  io::StorageCache::Entry* entry_ = nullptr;
  uint64_t generation_ = 0;
};

template <class V>
io::StorageCache::Entry* write(ByteSpan key, const std::optional<V>& value) {
  if (value) return put(key, *value);
  io::storage::clear(key);
  return nullptr;
}
template <class V>
io::StorageCache::Entry* write(io::StorageCache::Entry& entry, const std::optional<V>& value) {
  if (value) return put(entry, *value);
  io::storage::clear(entry);
  return &entry;
}

// The length of a stored SCALE vector from its prefix alone.
inline std::optional<uint32_t> read_length(ByteSpan key) {
  const io::storage::Lookup found = io::storage::lookup(key);
  const std::optional<Bytes>& raw = found.bytes();
  if (!raw) return std::nullopt;
  scale::Decoder in(*raw);
  const uint32_t length = scale::decode_compact<uint32_t>(in);
  if (!in.ok()) return std::nullopt;
  return length;
}

// Runs f on the value (or default) and has `write` store the result (an optional value); returns
// what f returns. The value is read by `read` (an item's memoized read).
template <class Query, class V, class F, class Read, class Write>
decltype(auto) mutate_with(F&& f, Read&& read, Write&& write) {
  if constexpr (Query::kIsOption) {
    std::optional<V> value = read();
    if constexpr (std::is_void_v<std::invoke_result_t<F, std::optional<V>&>>) {
      f(value);
      write(value);
    } else {
      auto result = f(value);
      write(value);
      return result;
    }
  } else {
    V value = Query::template from_stored<V>(read());
    if constexpr (std::is_void_v<std::invoke_result_t<F, V&>>) {
      f(value);
      write(std::optional<V>(std::move(value)));
    } else {
      auto result = f(value);
      write(std::optional<V>(std::move(value)));
      return result;
    }
  }
}
// mutate_with writing under `key`; the mirror entry written is given to `written`.
template <class Query, class V, class F, class Read, class Written>
decltype(auto) mutate_at(ByteSpan key, F&& f, Read&& read, Written&& written) {
  return mutate_with<Query, V>(
      std::forward<F>(f), std::forward<Read>(read),
      [&](const std::optional<V>& value) { written(storage_detail::write<V>(key, value)); });
}
// mutate_with on a value read through `entry` (an item's memo of the key's mirror entry): the
// write goes to the entry if the mirror's generation is still the one of the read (f may have
// ended it: a rollback, a mirror starting over), else to the key `with_key` gives its callback.
template <class Query, class V, class F, class WithKey, class Written>
decltype(auto) mutate_entry(io::StorageCache::Entry& entry, F&& f, WithKey&& with_key,
                            Written&& written) {
  const uint64_t generation = io::storage::mirror_generation();
  return mutate_with<Query, V>(
      std::forward<F>(f), [&] { return read_entry<V>(entry); },
      [&](const std::optional<V>& value) {
        if (io::storage::mirror_generation() == generation) {
          written(storage_detail::write<V>(entry, value));
        } else {
          with_key([&](ByteSpan key) { written(storage_detail::write<V>(key, value)); });
        }
      });
}
template <class Query, class V, class F>
decltype(auto) mutate_at(ByteSpan key, F&& f) {
  return mutate_at<Query, V>(
      key, std::forward<F>(f), [&] { return read<V>(key); }, [](io::StorageCache::Entry*) {});
}

}  // namespace storage_detail

// --- StorageValue: one value under twox128(pallet) ‖ twox128(name).

template <class Pallet, FixedString Name, class V, class Query = OptionQuery,
          class Doc = DocLines<>>
struct StorageValue {
  using Docs = Doc;
  using Value = V;
  using QueryKind = Query;
  using PalletType = Pallet;
  static constexpr std::string_view kItemName = Name.view();

  static const Bytes& key() { return storage_detail::item_prefix<Pallet, Name>(); }

  static typename Query::template Result<V> get() {
    return Query::template from_stored<V>(read_stored());
  }
  static bool exists() { return io::storage::exists(key()); }
  static void put(const V& value) {
    if (io::StorageCache::Entry* known = entry_memo().find()) {
      entry_memo().remember(storage_detail::put(*known, value));
    } else {
      entry_memo().remember(storage_detail::put(key(), value));
    }
  }
  static void kill() { io::storage::clear(key()); }
  static typename Query::template Result<V> take() {
    auto value = get();
    kill();
    return value;
  }
  template <class F>
  static decltype(auto) mutate(F&& f) {
    const auto written = [](io::StorageCache::Entry* entry) { entry_memo().remember(entry); };
    if (io::StorageCache::Entry* known = entry_memo().find()) {
      return storage_detail::mutate_entry<Query, V>(
          *known, std::forward<F>(f), [](auto&& write) { write(key()); }, written);
    }
    return storage_detail::mutate_at<Query, V>(
        key(), std::forward<F>(f), [] { return read_stored(); }, written);
  }
  // For vector values: appends one item without reading the vector.
  template <class Item>
  static void append(const Item& item) {
    storage_detail::append_encoded(key(), item);
  }
  static std::optional<uint32_t> decode_len() { return storage_detail::read_length(key()); }

 private:
  static storage_detail::FixedKeyEntryMemo& entry_memo() {
    thread_local storage_detail::FixedKeyEntryMemo memo;
    return memo;
  }
  static std::optional<V> read_stored() {
    if (io::StorageCache::Entry* known = entry_memo().find()) {
      return storage_detail::read_entry<V>(*known);
    }
    io::storage::Lookup found = io::storage::lookup(key());
    entry_memo().remember(found.entry);
    return storage_detail::read_found<V>(found);
  }
};

// --- StorageMap: values by one key.

template <class Pallet, FixedString Name, class Hasher, class K, class V, class Query = OptionQuery,
          class Doc = DocLines<>>
struct StorageMap {
  using Docs = Doc;
  using Key = K;
  using Value = V;
  using QueryKind = Query;
  using HasherType = Hasher;
  using PalletType = Pallet;
  static constexpr std::string_view kItemName = Name.view();

  static const Bytes& prefix() { return storage_detail::item_prefix<Pallet, Name>(); }
  // Runs f on the full key of k, built on the stack.
  template <class F>
  static decltype(auto) with_key(const K& k, F&& f) {
    storage_detail::StackBytes key(storage_detail::kItemPrefix<Pallet, Name>);
    storage_detail::append_hashed_key<Hasher>(key, k);
    return f(key.span());
  }
  static Bytes key(const K& k) {
    return with_key(k, [](ByteSpan key) { return Bytes(key.begin(), key.end()); });
  }

  static typename Query::template Result<V> get(const K& k) {
    return Query::template from_stored<V>(read_stored(k));
  }
  static std::optional<V> try_get(const K& k) { return read_stored(k); }
  static bool contains_key(const K& k) {
    return with_key(k, [](ByteSpan key) { return io::storage::exists(key); });
  }
  static void insert(const K& k, const V& value) {
    if (io::StorageCache::Entry* known = remembered_entry(k)) {
      remember_entry(k, storage_detail::put(*known, value));
      return;
    }
    with_key(k, [&](ByteSpan key) { remember_entry(k, storage_detail::put(key, value)); });
  }
  static void remove(const K& k) {
    with_key(k, [](ByteSpan key) { io::storage::clear(key); });
  }
  static typename Query::template Result<V> take(const K& k) {
    return with_key(k, [](ByteSpan key) {
      auto value = Query::template from_stored<V>(storage_detail::read<V>(key));
      io::storage::clear(key);
      return value;
    });
  }
  template <class F>
  static decltype(auto) mutate(const K& k, F&& f) {
    if (io::StorageCache::Entry* known = remembered_entry(k)) {
      return storage_detail::mutate_entry<Query, V>(
          *known, std::forward<F>(f), [&](auto&& write) { with_key(k, write); },
          [&](io::StorageCache::Entry* entry) { remember_entry(k, entry); });
    }
    return with_key(k, [&](ByteSpan key) -> decltype(auto) {
      return storage_detail::mutate_at<Query, V>(
          key, std::forward<F>(f), [&] { return read_stored_at(k, key); },
          [&](io::StorageCache::Entry* entry) { remember_entry(k, entry); });
    });
  }
  template <class Item>
  static void append(const K& k, const Item& item) {
    with_key(k, [&](ByteSpan key) { storage_detail::append_encoded(key, item); });
  }
  static std::optional<uint32_t> decode_len(const K& k) {
    return with_key(k, [](ByteSpan key) { return storage_detail::read_length(key); });
  }

  // Every (key, value) in key order of the hashed keys. Reversible hashers only.
  static std::vector<std::pair<K, V>> entries() {
    static_assert(Hasher::kReversible, "the keys of this map cannot be read back");
    std::vector<std::pair<K, V>> out;
    const Bytes& start = prefix();
    Bytes cursor = start;
    while (auto next = io::storage::next_key(cursor)) {
      if (next->size() < start.size() || !std::equal(start.begin(), start.end(), next->begin())) {
        break;
      }
      const ByteSpan encoded_key = ByteSpan(*next).subspan(start.size() + Hasher::kDigestSize);
      auto k = scale::decode<K>(encoded_key);
      auto v = storage_detail::read<V>(*next);
      if (k && v) out.emplace_back(std::move(*k), std::move(*v));
      cursor = std::move(*next);
    }
    return out;
  }
  // Removes every entry (at most `limit` committed keys when given).
  static io::RemovalResults clear(std::optional<uint32_t> limit = std::nullopt) {
    return io::storage::clear_prefix(prefix(), limit);
  }

 private:
  using Memo = storage_detail::EntryMemo<K>;
  static Memo& entry_memo() {
    thread_local Memo memo;
    return memo;
  }
  static void remember_entry(const K& k, io::StorageCache::Entry* entry) {
    if constexpr (Memo::kSupported) entry_memo().remember(k, entry);
  }
  static io::StorageCache::Entry* remembered_entry(const K& k) {
    if constexpr (Memo::kSupported) {
      return entry_memo().find(k);
    } else {
      return nullptr;
    }
  }
  static std::optional<V> read_stored(const K& k) {
    if (io::StorageCache::Entry* known = remembered_entry(k)) {
      return storage_detail::read_entry<V>(*known);
    }
    return with_key(k, [&](ByteSpan key) { return look_up(k, key); });
  }
  // A read of `k` whose storage key is built already.
  static std::optional<V> read_stored_at(const K& k, ByteSpan key) {
    if (io::StorageCache::Entry* known = remembered_entry(k)) {
      return storage_detail::read_entry<V>(*known);
    }
    return look_up(k, key);
  }
  // The read the memo could not answer: from the mirror or the state, remembered for next time.
  static std::optional<V> look_up(const K& k, ByteSpan key) {
    io::storage::Lookup found = io::storage::lookup(key);
    remember_entry(k, found.entry);
    return storage_detail::read_found<V>(found);
  }
};

// --- StorageDoubleMap: values by two keys, each with its own hasher.

template <class Pallet, FixedString Name, class Hasher1, class K1, class Hasher2, class K2, class V,
          class Query = OptionQuery, class Doc = DocLines<>>
struct StorageDoubleMap {
  using Docs = Doc;
  using Key1 = K1;
  using Key2 = K2;
  using Value = V;
  using QueryKind = Query;
  using Hasher1Type = Hasher1;
  using Hasher2Type = Hasher2;
  using PalletType = Pallet;
  static constexpr std::string_view kItemName = Name.view();

  static const Bytes& prefix() { return storage_detail::item_prefix<Pallet, Name>(); }
  static Bytes prefix(const K1& k1) {
    storage_detail::StackBytes out(storage_detail::kItemPrefix<Pallet, Name>);
    storage_detail::append_hashed_key<Hasher1>(out, k1);
    return out.to_bytes();
  }
  // Runs f on the full key of (k1, k2), built on the stack.
  template <class F>
  static decltype(auto) with_key(const K1& k1, const K2& k2, F&& f) {
    storage_detail::StackBytes key(storage_detail::kItemPrefix<Pallet, Name>);
    storage_detail::append_hashed_key<Hasher1>(key, k1);
    storage_detail::append_hashed_key<Hasher2>(key, k2);
    return f(key.span());
  }
  static Bytes key(const K1& k1, const K2& k2) {
    return with_key(k1, k2, [](ByteSpan key) { return Bytes(key.begin(), key.end()); });
  }

  static typename Query::template Result<V> get(const K1& k1, const K2& k2) {
    return with_key(k1, k2, [](ByteSpan key) {
      return Query::template from_stored<V>(storage_detail::read<V>(key));
    });
  }
  static bool contains_key(const K1& k1, const K2& k2) {
    return with_key(k1, k2, [](ByteSpan key) { return io::storage::exists(key); });
  }
  static void insert(const K1& k1, const K2& k2, const V& value) {
    with_key(k1, k2, [&](ByteSpan key) { storage_detail::put(key, value); });
  }
  static void remove(const K1& k1, const K2& k2) {
    with_key(k1, k2, [](ByteSpan key) { io::storage::clear(key); });
  }
  template <class F>
  static decltype(auto) mutate(const K1& k1, const K2& k2, F&& f) {
    return with_key(k1, k2, [&](ByteSpan key) -> decltype(auto) {
      return storage_detail::mutate_at<Query, V>(key, std::forward<F>(f));
    });
  }
  // Removes every entry under the first key.
  static io::RemovalResults clear_prefix(const K1& k1,
                                         std::optional<uint32_t> limit = std::nullopt) {
    return io::storage::clear_prefix(prefix(k1), limit);
  }
  // Every (second key, value) under the first key.
  static std::vector<std::pair<K2, V>> entries_of(const K1& k1) {
    static_assert(Hasher2::kReversible, "the second keys of this map cannot be read back");
    std::vector<std::pair<K2, V>> out;
    const Bytes start = prefix(k1);
    Bytes cursor = start;
    while (auto next = io::storage::next_key(cursor)) {
      if (next->size() < start.size() || !std::equal(start.begin(), start.end(), next->begin())) {
        break;
      }
      auto k2 = scale::decode<K2>(ByteSpan(*next).subspan(start.size() + Hasher2::kDigestSize));
      auto v = storage_detail::read<V>(*next);
      if (k2 && v) out.emplace_back(std::move(*k2), std::move(*v));
      cursor = std::move(*next);
    }
    return out;
  }
};

// --- StorageNMap: values by a tuple of keys, each with its own hasher.

template <class Hasher, class K>
struct NMapKey {
  using HasherType = Hasher;
  using KeyType = K;
};

template <class Pallet, FixedString Name, class KeyList, class V, class Query = OptionQuery,
          class Doc = DocLines<>>
struct StorageNMap;

template <class Pallet, FixedString Name, class... Hashers, class... Ks, class V, class Query,
          class Doc>
struct StorageNMap<Pallet, Name, std::tuple<NMapKey<Hashers, Ks>...>, V, Query, Doc> {
  using Docs = Doc;
  using Keys = std::tuple<Ks...>;
  using KeyList = std::tuple<NMapKey<Hashers, Ks>...>;
  using Value = V;
  using QueryKind = Query;
  using PalletType = Pallet;
  static constexpr std::string_view kItemName = Name.view();

  static const Bytes& prefix() { return storage_detail::item_prefix<Pallet, Name>(); }
  static Bytes key(const Ks&... keys) {
    storage_detail::StackBytes out(storage_detail::kItemPrefix<Pallet, Name>);
    (storage_detail::append_hashed_key<Hashers>(out, keys), ...);
    return out.to_bytes();
  }
  static typename Query::template Result<V> get(const Ks&... keys) {
    storage_detail::StackBytes key(storage_detail::kItemPrefix<Pallet, Name>);
    (storage_detail::append_hashed_key<Hashers>(key, keys), ...);
    return Query::template from_stored<V>(storage_detail::read<V>(key.span()));
  }
  static bool contains_key(const Ks&... keys) { return io::storage::exists(key(keys...)); }
  static void insert(const Ks&... keys, const V& value) {
    storage_detail::put(key(keys...), value);
  }
  static void remove(const Ks&... keys) { io::storage::clear(key(keys...)); }
};

// --- CountedStorageMap: a StorageMap that also keeps its number of entries, under the item
// "CounterFor" ‖ name (frame-support counted_map.rs).

template <FixedString A, FixedString B>
consteval auto concat_fixed() {
  char chars[A.size() + B.size() + 1]{};
  for (size_t i = 0; i < A.size(); ++i) chars[i] = A.chars[i];
  for (size_t i = 0; i < B.size(); ++i) chars[A.size() + i] = B.chars[i];
  return FixedString<A.size() + B.size() + 1>(chars);
}

template <class Pallet, FixedString Name, class Hasher, class K, class V, class Query = OptionQuery,
          class Doc = DocLines<>>
struct CountedStorageMap : StorageMap<Pallet, Name, Hasher, K, V, Query, Doc> {
  using Map = StorageMap<Pallet, Name, Hasher, K, V, Query, Doc>;
  using Counter = StorageValue<Pallet, concat_fixed<"CounterFor", Name>(), uint32_t, ValueQuery>;

  static uint32_t count() { return Counter::get(); }
  static void insert(const K& k, const V& value) {
    if (!Map::contains_key(k)) Counter::put(Counter::get() + 1);
    Map::insert(k, value);
  }
  static void remove(const K& k) {
    if (Map::contains_key(k)) Counter::put(Counter::get() - 1);
    Map::remove(k);
  }
  static typename Query::template Result<V> take(const K& k) {
    if (Map::contains_key(k)) Counter::put(Counter::get() - 1);
    return Map::take(k);
  }
  template <class F>
  static decltype(auto) mutate(const K& k, F&& f) {
    const bool existed = Map::contains_key(k);
    struct CountFix {
      const K& key;
      bool existed;
      ~CountFix() {
        const bool exists = Map::contains_key(key);
        if (exists && !existed) Counter::put(Counter::get() + 1);
        if (!exists && existed) Counter::put(Counter::get() - 1);
      }
    } fix{k, existed};
    return Map::mutate(k, std::forward<F>(f));
  }
  static io::RemovalResults clear(std::optional<uint32_t> limit = std::nullopt) {
    Counter::kill();
    return Map::clear(limit);
  }
};

}  // namespace canary::rt
