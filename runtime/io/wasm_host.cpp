// runtime/io on wasm32: every call is a host function of the Polkadot host API, imported from
// "env" with the signatures sp-io declares. Pointers and lengths travel as 32-bit values packed
// into an i64 (low half pointer, high half length); what the host returns was allocated with the
// host's allocator, which is also this module's heap (see the allocator at the bottom), so results
// are copied out and freed.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "primitives/hash/hash.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/io/crypto.hpp"
#include "runtime/io/hash_memo.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/misc.hpp"
#include "runtime/io/offchain.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/io/storage_cache.hpp"
#include "runtime/io/trie.hpp"

#define CANARY_HOST(name) __attribute__((import_module("env"), import_name(#name)))

extern "C" {
// clang-format off
CANARY_HOST(ext_allocator_malloc_version_1) uint32_t ext_allocator_malloc_version_1(uint32_t size);
CANARY_HOST(ext_allocator_free_version_1) void ext_allocator_free_version_1(uint32_t ptr);

CANARY_HOST(ext_storage_read_version_1) uint64_t ext_storage_read_version_1(uint64_t key, uint64_t value_out, uint32_t offset);
CANARY_HOST(ext_storage_exists_version_1) uint32_t ext_storage_exists_version_1(uint64_t key);
CANARY_HOST(ext_storage_set_version_1) void ext_storage_set_version_1(uint64_t key, uint64_t value);
CANARY_HOST(ext_storage_clear_version_1) void ext_storage_clear_version_1(uint64_t key);
CANARY_HOST(ext_storage_append_version_1) void ext_storage_append_version_1(uint64_t key, uint64_t value);
CANARY_HOST(ext_storage_clear_prefix_version_2) uint64_t ext_storage_clear_prefix_version_2(uint64_t prefix, uint64_t limit);
CANARY_HOST(ext_storage_next_key_version_1) uint64_t ext_storage_next_key_version_1(uint64_t key);
CANARY_HOST(ext_storage_root_version_2) uint64_t ext_storage_root_version_2(uint32_t version);
CANARY_HOST(ext_storage_start_transaction_version_1) void ext_storage_start_transaction_version_1();
CANARY_HOST(ext_storage_commit_transaction_version_1) void ext_storage_commit_transaction_version_1();
CANARY_HOST(ext_storage_rollback_transaction_version_1) void ext_storage_rollback_transaction_version_1();

CANARY_HOST(ext_default_child_storage_get_version_1) uint64_t ext_default_child_storage_get_version_1(uint64_t child, uint64_t key);
CANARY_HOST(ext_default_child_storage_exists_version_1) uint32_t ext_default_child_storage_exists_version_1(uint64_t child, uint64_t key);
CANARY_HOST(ext_default_child_storage_set_version_1) void ext_default_child_storage_set_version_1(uint64_t child, uint64_t key, uint64_t value);
CANARY_HOST(ext_default_child_storage_clear_version_1) void ext_default_child_storage_clear_version_1(uint64_t child, uint64_t key);
CANARY_HOST(ext_default_child_storage_storage_kill_version_3) uint64_t ext_default_child_storage_storage_kill_version_3(uint64_t child, uint64_t limit);
CANARY_HOST(ext_default_child_storage_next_key_version_1) uint64_t ext_default_child_storage_next_key_version_1(uint64_t child, uint64_t key);
CANARY_HOST(ext_default_child_storage_root_version_2) uint64_t ext_default_child_storage_root_version_2(uint64_t child, uint32_t version);

CANARY_HOST(ext_offchain_submit_transaction_version_1) uint64_t ext_offchain_submit_transaction_version_1(uint64_t extrinsic);
CANARY_HOST(ext_offchain_local_storage_get_version_1) uint64_t ext_offchain_local_storage_get_version_1(uint32_t kind, uint64_t key);
CANARY_HOST(ext_offchain_local_storage_set_version_1) void ext_offchain_local_storage_set_version_1(uint32_t kind, uint64_t key, uint64_t value);
CANARY_HOST(ext_offchain_local_storage_clear_version_1) void ext_offchain_local_storage_clear_version_1(uint32_t kind, uint64_t key);
CANARY_HOST(ext_offchain_local_storage_compare_and_set_version_1) uint32_t ext_offchain_local_storage_compare_and_set_version_1(uint32_t kind, uint64_t key, uint64_t old_value, uint64_t new_value);

CANARY_HOST(ext_hashing_blake2_128_version_1) uint32_t ext_hashing_blake2_128_version_1(uint64_t data);
CANARY_HOST(ext_hashing_blake2_256_version_1) uint32_t ext_hashing_blake2_256_version_1(uint64_t data);
CANARY_HOST(ext_hashing_twox_128_version_1) uint32_t ext_hashing_twox_128_version_1(uint64_t data);
CANARY_HOST(ext_hashing_twox_256_version_1) uint32_t ext_hashing_twox_256_version_1(uint64_t data);
CANARY_HOST(ext_hashing_keccak_256_version_1) uint32_t ext_hashing_keccak_256_version_1(uint64_t data);
CANARY_HOST(ext_hashing_sha2_256_version_1) uint32_t ext_hashing_sha2_256_version_1(uint64_t data);

CANARY_HOST(ext_crypto_sr25519_generate_version_1) uint32_t ext_crypto_sr25519_generate_version_1(uint32_t id, uint64_t seed);
CANARY_HOST(ext_crypto_ed25519_generate_version_1) uint32_t ext_crypto_ed25519_generate_version_1(uint32_t id, uint64_t seed);
CANARY_HOST(ext_crypto_ecdsa_generate_version_1) uint32_t ext_crypto_ecdsa_generate_version_1(uint32_t id, uint64_t seed);
CANARY_HOST(ext_crypto_ed25519_verify_version_1) uint32_t ext_crypto_ed25519_verify_version_1(uint32_t sig, uint64_t msg, uint32_t key);
CANARY_HOST(ext_crypto_sr25519_verify_version_2) uint32_t ext_crypto_sr25519_verify_version_2(uint32_t sig, uint64_t msg, uint32_t key);
CANARY_HOST(ext_crypto_ecdsa_verify_version_2) uint32_t ext_crypto_ecdsa_verify_version_2(uint32_t sig, uint64_t msg, uint32_t key);
CANARY_HOST(ext_crypto_start_batch_verify_version_1) void ext_crypto_start_batch_verify_version_1();
CANARY_HOST(ext_crypto_finish_batch_verify_version_1) uint32_t ext_crypto_finish_batch_verify_version_1();
CANARY_HOST(ext_crypto_ed25519_batch_verify_version_1) uint32_t ext_crypto_ed25519_batch_verify_version_1(uint32_t sig, uint64_t msg, uint32_t key);
CANARY_HOST(ext_crypto_sr25519_batch_verify_version_1) uint32_t ext_crypto_sr25519_batch_verify_version_1(uint32_t sig, uint64_t msg, uint32_t key);
CANARY_HOST(ext_crypto_secp256k1_ecdsa_recover_compressed_version_2) uint64_t ext_crypto_secp256k1_ecdsa_recover_compressed_version_2(uint32_t sig, uint32_t msg);

CANARY_HOST(ext_trie_blake2_256_ordered_root_version_2) uint32_t ext_trie_blake2_256_ordered_root_version_2(uint64_t input, uint32_t version);

CANARY_HOST(ext_logging_log_version_1) void ext_logging_log_version_1(uint32_t level, uint64_t target, uint64_t message);
CANARY_HOST(ext_logging_max_level_version_1) uint32_t ext_logging_max_level_version_1();
CANARY_HOST(ext_misc_runtime_version_version_1) uint64_t ext_misc_runtime_version_version_1(uint64_t code);
// clang-format on
}

// The module's heap (operator new/delete of wasm/libc land here) is the host's freeing-bump
// allocator, as in Substrate runtimes, with small blocks kept in the module: a transfer makes
// about 500 allocations of a few dozen bytes (keys, decoded values, encoders), and two host calls
// for each were a sixth of a block import's time. The module does what the host's allocator does
// (power-of-two sizes from 8 bytes, an 8-byte header, a LIFO free list per size, never
// coalesced), on 64 KiB chunks it takes from the host; larger blocks are the host's own. Both
// go away with the instance's memory at the end of each runtime call.
namespace {

constexpr uint32_t kHeaderSize = 8;
constexpr uint32_t kMinOrder = 3;            // 8 bytes
constexpr uint32_t kMaxOrder = 12;           // 4 KiB: larger blocks come from the host directly
constexpr uint32_t kHostBlock = 0xFFFFFFFF;  // header of a block the host allocated
constexpr uint32_t kChunkSize = 64 * 1024;

struct FreeBlock {
  FreeBlock* next;
};

FreeBlock* g_free_lists[kMaxOrder + 1] = {};
uintptr_t g_bump = 0;
uintptr_t g_bump_end = 0;

uint32_t order_of(size_t size) {
  if (size <= (size_t{1} << kMinOrder)) return kMinOrder;
  return 32 - static_cast<uint32_t>(__builtin_clz(static_cast<uint32_t>(size - 1)));
}

void* host_block(size_t size) {
  const uint32_t block = ext_allocator_malloc_version_1(static_cast<uint32_t>(size) + kHeaderSize);
  if (block == 0) return nullptr;
  *reinterpret_cast<uint32_t*>(static_cast<uintptr_t>(block)) = kHostBlock;
  return reinterpret_cast<void*>(static_cast<uintptr_t>(block) + kHeaderSize);
}

}  // namespace

extern "C" {

void* canary_wasm_alloc(size_t size) {
  if (size > (size_t{1} << kMaxOrder)) return host_block(size);
  const uint32_t order = order_of(size);
  if (FreeBlock* block = g_free_lists[order]) {
    g_free_lists[order] = block->next;
    return block;
  }
  const uint32_t needed = kHeaderSize + (uint32_t{1} << order);
  if (g_bump_end - g_bump < needed) {
    // The rest of the chunk is left unused, as the host's bump pointer leaves nothing behind.
    const uint32_t chunk = ext_allocator_malloc_version_1(kChunkSize);
    if (chunk == 0) return host_block(size);
    g_bump = chunk;
    g_bump_end = static_cast<uintptr_t>(chunk) + kChunkSize;
  }
  const uintptr_t header = g_bump;
  g_bump += needed;
  *reinterpret_cast<uint32_t*>(header) = order;
  return reinterpret_cast<void*>(header + kHeaderSize);
}

void canary_wasm_free(void* ptr) {
  if (ptr == nullptr) return;
  const uintptr_t header = reinterpret_cast<uintptr_t>(ptr) - kHeaderSize;
  const uint32_t order = *reinterpret_cast<const uint32_t*>(header);
  if (order == kHostBlock) {
    ext_allocator_free_version_1(static_cast<uint32_t>(header));
    return;
  }
  if (order < kMinOrder || order > kMaxOrder) __builtin_trap();  // not a block of ours
  auto* block = static_cast<FreeBlock*>(ptr);
  block->next = g_free_lists[order];
  g_free_lists[order] = block;
}

}  // extern "C"

namespace canary::rt::io {

namespace {

uint64_t pack(const void* data, size_t size) {
  return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(data)) |
         (static_cast<uint64_t>(size) << 32);
}
uint64_t pack(ByteSpan bytes) {
  return pack(bytes.data(), bytes.size());
}
uint64_t pack(std::string_view text) {
  return pack(text.data(), text.size());
}
uint32_t ptr(const void* data) {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(data));
}

// Takes ownership of a host-allocated (pointer, length) result.
class HostBuffer {
 public:
  explicit HostBuffer(uint64_t packed)
      : data_(reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(packed & 0xffffffffu))),
        size_(static_cast<size_t>(packed >> 32)) {}
  HostBuffer(const HostBuffer&) = delete;
  HostBuffer& operator=(const HostBuffer&) = delete;
  ~HostBuffer() {
    if (data_ != nullptr) ext_allocator_free_version_1(ptr(data_));
  }
  ByteSpan bytes() const { return {data_, size_}; }

 private:
  uint8_t* data_;
  size_t size_;
};

template <class T>
T decode_or_panic(ByteSpan bytes, std::string_view what) {
  auto value = scale::decode<T>(bytes);
  if (!value) panic(what);
  return std::move(*value);
}

template <size_t N>
ByteArray<N> take_array(uint32_t host_pointer) {
  ByteArray<N> out;
  std::memcpy(out.data(), reinterpret_cast<const void*>(static_cast<uintptr_t>(host_pointer)), N);
  ext_allocator_free_version_1(host_pointer);
  return out;
}

std::optional<Bytes> take_optional_bytes(uint64_t packed, std::string_view what) {
  const HostBuffer buffer(packed);
  return decode_or_panic<std::optional<Bytes>>(buffer.bytes(), what);
}

// sp-io KillStorageResult: AllRemoved(n) = 0, SomeRemaining(n) = 1. The versions of the removal
// functions that return MultiRemovalResults (with a cursor) are `register_only` in sp-io: hosts
// such as smoldot do not provide them, so the runtime uses these.
RemovalResults take_kill_result(uint64_t packed) {
  const HostBuffer buffer(packed);
  const ByteSpan bytes = buffer.bytes();
  if (bytes.size() != 5 || bytes[0] > 1) panic("bad removal result");
  const uint32_t removed = uint32_t{bytes[1]} | uint32_t{bytes[2]} << 8 | uint32_t{bytes[3]} << 16 |
                           uint32_t{bytes[4]} << 24;
  RemovalResults out;
  // Keys remain: the caller continues with another call (no cursor from this host function).
  if (bytes[0] == 1) out.cursor = Bytes{};
  out.backend = removed;
  out.unique = removed;
  out.loops = removed;
  return out;
}

Hash256 take_root(uint64_t packed) {
  const HostBuffer buffer(packed);
  if (buffer.bytes().size() != 32) panic("storage root is not 32 bytes");
  Hash256 root;
  std::memcpy(root.data(), buffer.bytes().data(), 32);
  return root;
}

}  // namespace

namespace storage {

namespace {

// The call's mirror of the state (storage_cache.hpp); a function-local static, so it is built on
// first use in each call (the instance's memory, its guard included, is reset between calls).
StorageCache& cache() {
  static StorageCache mirror;
  return mirror;
}

// Writes are kept back in the mirror (StorageCache::write_back) until the host must see them: a
// transfer writes the sender's account four times and the event count once per event, and each
// write through is a host call. The host gets the last value of each key written
//  - before a call returns (flush_writes, from the runtime's entry points);
//  - before it acts on the state itself: an append to the key, a prefix removal, next_key, the
//    root;
//  - before a storage transaction starts, so that everything kept back when a transaction ends
//    was written inside it: a rollback then drops it with the rest, and a commit keeps it as it is.
// The host itself opens a storage transaction only when something reaches it inside one: a
// transaction in which every write stayed in the mirror costs no host call at all (most
// dispatches). `g_depth` counts the runtime's open transactions, `g_host_depth` those the host has
// opened too, always the outermost ones.
uint32_t g_depth = 0;
uint32_t g_host_depth = 0;

// Before anything reaches the host: the transactions it must land in.
void open_host_transactions() {
  for (; g_host_depth < g_depth; ++g_host_depth) ext_storage_start_transaction_version_1();
}

void write_through(ByteSpan key, const std::optional<Bytes>& value) {
  if (value) {
    ext_storage_set_version_1(pack(key), pack(*value));
  } else {
    ext_storage_clear_version_1(pack(key));
  }
}

void flush_all() {
  if (!cache().has_unwritten()) return;
  open_host_transactions();
  cache().flush(write_through);
}

// Before a new key enters a full mirror: it starts over, which it can only do with nothing kept
// back.
void make_room() {
  if (cache().size() >= StorageCache::kMaxEntries) flush_all();
}

}  // namespace

// ext_storage_read_version_1 of `key` from `offset` into `out`: the value's length from the
// offset on (what did not fit `out` included), or nullopt without a value.
std::optional<uint32_t> storage_read(ByteSpan key, uint8_t* out, size_t size, uint32_t offset) {
  const HostBuffer result(ext_storage_read_version_1(pack(key), pack(out, size), offset));
  return decode_or_panic<std::optional<uint32_t>>(result.bytes(), "bad storage read result");
}

// A value read into memory of its own size: one read into a buffer on the stack gives the length
// (and all of a small value), a second one the rest of a larger value. ext_storage_get has the
// host allocate the value in the runtime's heap and its decoding copies it once more: a Kusama-size
// election snapshot (10 MB) took two 16 MiB blocks of the offchain worker's 128 MiB that way.
std::optional<Bytes> read_value(ByteSpan key) {
  std::array<uint8_t, 1024> first;
  const std::optional<uint32_t> length = storage_read(key, first.data(), first.size(), 0);
  if (!length) return std::nullopt;
  Bytes value(*length);
  const size_t head = std::min<size_t>(*length, first.size());
  std::copy_n(first.begin(), head, value.begin());
  if (*length > head) {
    const std::optional<uint32_t> rest =
        storage_read(key, value.data() + head, value.size() - head, static_cast<uint32_t>(head));
    if (!rest || *rest != *length - head) panic("a storage value changed while read");
  }
  return value;
}

Lookup lookup(ByteSpan key) {
  if (StorageCache::Entry* known = cache().find_entry(key)) return {known, std::nullopt};
  std::optional<Bytes> value = read_value(key);
  make_room();
  StorageCache::Entry* kept = cache().remember_read(key, value);
  return {kept, std::move(value)};
}
uint64_t mirror_generation() {
  return cache().generation();
}
std::optional<Bytes> get(ByteSpan key) {
  Lookup found = lookup(key);
  return found.entry != nullptr ? found.entry->value : std::move(found.value);
}
bool exists(ByteSpan key) {
  if (const std::optional<Bytes>* known = cache().find(key)) return known->has_value();
  return ext_storage_exists_version_1(pack(key)) != 0;
}
StorageCache::Entry* set(ByteSpan key, ByteSpan value) {
  make_room();
  if (StorageCache::Entry* kept = cache().write_back(key, value)) return kept;
  open_host_transactions();
  ext_storage_set_version_1(pack(key), pack(value));
  return nullptr;
}
void clear(ByteSpan key) {
  make_room();
  if (cache().write_back_absent(key)) return;
  open_host_transactions();
  ext_storage_clear_version_1(pack(key));
}
// The entry exists already: nothing enters the mirror, so it needs no room.
StorageCache::Entry* set(StorageCache::Entry& entry, ByteSpan value) {
  if (StorageCache::Entry* kept = cache().write_back(entry, value)) return kept;
  open_host_transactions();
  ext_storage_set_version_1(pack(StorageCache::key_of(entry)), pack(value));
  return nullptr;
}
void clear(StorageCache::Entry& entry) {
  cache().write_back_absent(entry);
}
void append(ByteSpan key, ByteSpan encoded_item) {
  open_host_transactions();
  cache().flush_key(key, write_through);
  ext_storage_append_version_1(pack(key), pack(encoded_item));
  cache().forget(key);
}
RemovalResults clear_prefix(ByteSpan prefix, std::optional<uint32_t> limit, ByteSpan) {
  const Bytes encoded_limit = scale::encode(limit);
  flush_all();
  open_host_transactions();
  cache().forget_prefix(prefix);
  return take_kill_result(ext_storage_clear_prefix_version_2(pack(prefix), pack(encoded_limit)));
}
std::optional<Bytes> next_key(ByteSpan key) {
  flush_all();
  return take_optional_bytes(ext_storage_next_key_version_1(pack(key)), "bad next key");
}
Hash256 root(StateVersion version) {
  flush_all();
  return take_root(ext_storage_root_version_2(static_cast<uint32_t>(version)));
}
void flush_writes() {
  flush_all();
}
void start_transaction() {
  flush_all();
  ++g_depth;
}
void commit_transaction() {
  if (g_depth == 0) panic("no storage transaction to commit");
  // What is kept back stays so, now a write of the enclosing transaction.
  if (g_host_depth == g_depth) {
    ext_storage_commit_transaction_version_1();
    --g_host_depth;
  }
  --g_depth;
}
void rollback_transaction() {
  if (g_depth == 0) panic("no storage transaction to roll back");
  if (g_host_depth == g_depth) {
    ext_storage_rollback_transaction_version_1();
    --g_host_depth;
  }
  --g_depth;
  // The host restored the values of before the transaction; which ones, the mirror cannot tell.
  // Everything kept back was written inside the transaction (start_transaction flushed the rest),
  // so it goes too.
  cache().forget_all();
}

}  // namespace storage

namespace child_storage {

std::optional<Bytes> get(ByteSpan child, ByteSpan key) {
  return take_optional_bytes(ext_default_child_storage_get_version_1(pack(child), pack(key)),
                             "bad child storage value");
}
bool exists(ByteSpan child, ByteSpan key) {
  return ext_default_child_storage_exists_version_1(pack(child), pack(key)) != 0;
}
void set(ByteSpan child, ByteSpan key, ByteSpan value) {
  storage::open_host_transactions();
  ext_default_child_storage_set_version_1(pack(child), pack(key), pack(value));
}
void clear(ByteSpan child, ByteSpan key) {
  storage::open_host_transactions();
  ext_default_child_storage_clear_version_1(pack(child), pack(key));
}
RemovalResults kill(ByteSpan child, std::optional<uint32_t> limit) {
  const Bytes encoded_limit = scale::encode(limit);
  storage::open_host_transactions();
  return take_kill_result(
      ext_default_child_storage_storage_kill_version_3(pack(child), pack(encoded_limit)));
}
std::optional<Bytes> next_key(ByteSpan child, ByteSpan key) {
  return take_optional_bytes(ext_default_child_storage_next_key_version_1(pack(child), pack(key)),
                             "bad child next key");
}
Hash256 root(ByteSpan child, StateVersion version) {
  return take_root(
      ext_default_child_storage_root_version_2(pack(child), static_cast<uint32_t>(version)));
}

}  // namespace child_storage

namespace hashing {

namespace {

// Storage map key hashes, remembered for the call (hash_memo.hpp; bss, reset with the instance).
HashMemo<16> g_blake2_128_memo;
HashMemo<8> g_twox_64_memo;

}  // namespace

Hash128 blake2_128(ByteSpan data) {
  return g_blake2_128_memo.get(
      data, [&] { return take_array<16>(ext_hashing_blake2_128_version_1(pack(data))); });
}
Hash256 blake2_256(ByteSpan data) {
  return take_array<32>(ext_hashing_blake2_256_version_1(pack(data)));
}
// Twox64Concat's hasher runs here rather than on the host: its inputs are a few bytes (block
// numbers, indices), for which the host call's boundary, its allocation of the digest and the
// free that follows cost more than the hash itself. (BLAKE2b of an account id costs about as
// much either way, in more instructions here.)
ByteArray<8> twox_64(ByteSpan data) {
  return g_twox_64_memo.get(data, [&] { return hash::twox_64(data); });
}
Hash128 twox_128(ByteSpan data) {
  return take_array<16>(ext_hashing_twox_128_version_1(pack(data)));
}
Hash256 twox_256(ByteSpan data) {
  return take_array<32>(ext_hashing_twox_256_version_1(pack(data)));
}
Hash256 keccak_256(ByteSpan data) {
  return take_array<32>(ext_hashing_keccak_256_version_1(pack(data)));
}
Hash256 sha2_256(ByteSpan data) {
  return take_array<32>(ext_hashing_sha2_256_version_1(pack(data)));
}

}  // namespace hashing

namespace trie {

Hash256 blake2_256_ordered_root(const std::vector<Bytes>& values, StateVersion version) {
  const Bytes input = scale::encode(values);
  return take_array<32>(
      ext_trie_blake2_256_ordered_root_version_2(pack(input), static_cast<uint32_t>(version)));
}

}  // namespace trie

namespace crypto {

bool ed25519_verify(const Signature64& signature, ByteSpan message, const Ed25519Public& key) {
  return ext_crypto_ed25519_verify_version_1(ptr(signature.data()), pack(message),
                                             ptr(key.data())) != 0;
}
bool sr25519_verify(const Signature64& signature, ByteSpan message, const Sr25519Public& key) {
  return ext_crypto_sr25519_verify_version_2(ptr(signature.data()), pack(message),
                                             ptr(key.data())) != 0;
}
bool ecdsa_verify(const EcdsaSignature& signature, ByteSpan message, const EcdsaPublic& key) {
  return ext_crypto_ecdsa_verify_version_2(ptr(signature.data()), pack(message), ptr(key.data())) !=
         0;
}

namespace {
// Whether this call opened a batch (an instance's statics start afresh with every call).
bool batch_open = false;
}  // namespace

void start_batch_verify() {
  ext_crypto_start_batch_verify_version_1();
  batch_open = true;
}
bool finish_batch_verify() {
  batch_open = false;
  return ext_crypto_finish_batch_verify_version_1() != 0;
}
bool ed25519_verify_in_batch(const Signature64& signature, ByteSpan message,
                             const Ed25519Public& key) {
  if (!batch_open) return ed25519_verify(signature, message, key);
  return ext_crypto_ed25519_batch_verify_version_1(ptr(signature.data()), pack(message),
                                                   ptr(key.data())) != 0;
}
bool sr25519_verify_in_batch(const Signature64& signature, ByteSpan message,
                             const Sr25519Public& key) {
  if (!batch_open) return sr25519_verify(signature, message, key);
  return ext_crypto_sr25519_batch_verify_version_1(ptr(signature.data()), pack(message),
                                                   ptr(key.data())) != 0;
}

std::optional<EcdsaPublic> secp256k1_ecdsa_recover_compressed(const EcdsaSignature& signature,
                                                              const Hash256& message_hash) {
  const HostBuffer buffer(ext_crypto_secp256k1_ecdsa_recover_compressed_version_2(
      ptr(signature.data()), ptr(message_hash.data())));
  // Result<[u8; 33], EcdsaVerifyError>: 0 ‖ key, or 1 ‖ error.
  const ByteSpan bytes = buffer.bytes();
  if (bytes.size() != 34 || bytes[0] != 0) return std::nullopt;
  EcdsaPublic key;
  std::memcpy(key.data(), bytes.data() + 1, key.size());
  return key;
}

Sr25519Public sr25519_generate(const KeyTypeId& key_type, const std::optional<Bytes>& seed) {
  const Bytes encoded = scale::encode(seed);
  return take_array<32>(ext_crypto_sr25519_generate_version_1(ptr(key_type.data()), pack(encoded)));
}
Ed25519Public ed25519_generate(const KeyTypeId& key_type, const std::optional<Bytes>& seed) {
  const Bytes encoded = scale::encode(seed);
  return take_array<32>(ext_crypto_ed25519_generate_version_1(ptr(key_type.data()), pack(encoded)));
}
EcdsaPublic ecdsa_generate(const KeyTypeId& key_type, const std::optional<Bytes>& seed) {
  const Bytes encoded = scale::encode(seed);
  return take_array<33>(ext_crypto_ecdsa_generate_version_1(ptr(key_type.data()), pack(encoded)));
}

}  // namespace crypto

void log(LogLevel level, std::string_view target, std::string_view message) {
  // sp-io passes the level as RuntimeInterfaceLogLevel's variant index: Error = 0 … Trace = 4.
  ext_logging_log_version_1(static_cast<uint32_t>(level) - 1, pack(target), pack(message));
}

bool log_enabled(LogLevel level) {
  return static_cast<uint32_t>(level) <= ext_logging_max_level_version_1();
}

// As sp-io's panic handler without `improved_panic_error_reporting` (whose host function not every
// host provides): the message goes to the log, then the call traps.
void panic(std::string_view message) {
  std::string line = "panicked at '";
  line.append(message.data(), message.size());
  line += "'";
  ext_logging_log_version_1(0, pack(std::string_view("runtime")), pack(std::string_view(line)));
  __builtin_trap();
}

namespace misc {

std::optional<Bytes> runtime_version(ByteSpan code) {
  return take_optional_bytes(ext_misc_runtime_version_version_1(pack(code)),
                             "bad runtime version answer");
}

}  // namespace misc

namespace offchain {

// The extrinsic's encoding goes as it is (sp-io's `PassFatPointerAndRead<Vec<u8>>`); the host
// answers SCALE Result<(), ()>: 0x00 Ok, 0x01 Err.
bool submit_transaction(ByteSpan extrinsic) {
  const HostBuffer buffer(ext_offchain_submit_transaction_version_1(pack(extrinsic)));
  const ByteSpan answer = buffer.bytes();
  return answer.size() == 1 && answer[0] == 0;
}

namespace {
// The kind as deployed runtimes pass it: the enum's variant index (sp-runtime-interface's
// PassByEnum), PERSISTENT 0 and LOCAL 1, not the discriminants 1 and 2 sp-core declares. Hosts
// read 1 as LOCAL (executor/offchain/offchain_storage.hpp), which a node does not keep: the
// discriminant sent the election's offchain lock to LOCAL, and the miner never ran on a node.
uint32_t wire(StorageKind kind) {
  return kind == StorageKind::kPersistent ? 0 : 1;
}
}  // namespace

// The host answers SCALE Option<Vec<u8>>.
std::optional<Bytes> local_storage_get(StorageKind kind, ByteSpan key) {
  const HostBuffer buffer(ext_offchain_local_storage_get_version_1(wire(kind), pack(key)));
  return decode_or_panic<std::optional<Bytes>>(buffer.bytes(), "offchain local storage get");
}

void local_storage_set(StorageKind kind, ByteSpan key, ByteSpan value) {
  ext_offchain_local_storage_set_version_1(wire(kind), pack(key), pack(value));
}

void local_storage_clear(StorageKind kind, ByteSpan key) {
  ext_offchain_local_storage_clear_version_1(wire(kind), pack(key));
}

// The expected value goes as SCALE Option<Vec<u8>> (sp-io's `PassFatPointerAndDecodeSlice`).
bool local_storage_compare_and_set(StorageKind kind, ByteSpan key,
                                   const std::optional<Bytes>& expected, ByteSpan value) {
  const Bytes old_value = scale::encode(expected);
  return ext_offchain_local_storage_compare_and_set_version_1(wire(kind), pack(key),
                                                              pack(old_value), pack(value)) != 0;
}

}  // namespace offchain

}  // namespace canary::rt::io
