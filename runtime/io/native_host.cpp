// runtime/io in native builds: the same semantics as the host API, on the current thread's
// NativeContext (its overlay is the very state::OverlayedChanges the node's host functions use),
// with the same mirror of the state (storage_cache.hpp) and hash memo (hash_memo.hpp) as on wasm32.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <utility>

#include "primitives/crypto/ecdsa.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/hash/hash.hpp"
#include "runtime/io/crypto.hpp"
#include "runtime/io/hash_memo.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/misc.hpp"
#include "runtime/io/native_context.hpp"
#include "runtime/io/offchain.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/io/trie.hpp"
#include "state/trie/trie_root.hpp"

namespace canary::rt::io {

namespace {

thread_local NativeContext* t_context = nullptr;

// The mirror of the state for the current call. Emptied whenever a context scope starts or ends:
// a call is a scope, and what changes the overlay between calls (a test's or the node's writes,
// a rollback around the call) is not seen by the io layer.
StorageCache& cache() {
  thread_local StorageCache mirror;
  return mirror;
}

state::OverlayedChanges& overlay() {
  if (t_context == nullptr || t_context->storage == nullptr) {
    panic("runtime io: no native context with storage on this thread");
  }
  return *t_context->storage;
}

template <class T, class E>
T value_or_panic(Result<T, E> result, std::string_view what) {
  if (!result) panic(what);
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

state::StateVersion state_version(StateVersion version) {
  return version == StateVersion::kV1 ? state::StateVersion::kV1 : state::StateVersion::kV0;
}

RemovalResults removal(const state::RemovalResult& result) {
  return {result.cursor, result.backend, result.unique, result.loops};
}

}  // namespace

NativeContextScope::NativeContextScope(NativeContext& context) : previous_(t_context) {
  t_context = &context;
  cache().forget_all();
}

NativeContextScope::~NativeContextScope() {
  t_context = previous_;
  cache().forget_all();
}

NativeContext* current_native_context() {
  return t_context;
}

namespace storage {

Lookup lookup(ByteSpan key) {
  if (StorageCache::Entry* known = cache().find_entry(key)) return {known, std::nullopt};
  std::optional<Bytes> value = value_or_panic(overlay().get(key), "storage read failed");
  StorageCache::Entry* kept = cache().remember_read(key, value);
  return {kept, std::move(value)};
}
std::optional<Bytes> get(ByteSpan key) {
  Lookup found = lookup(key);
  return found.entry != nullptr ? found.entry->value : std::move(found.value);
}
bool exists(ByteSpan key) {
  if (const std::optional<Bytes>* known = cache().find(key)) return known->has_value();
  return value_or_panic(overlay().exists(key), "storage read failed");
}
void flush_writes() {}
uint64_t mirror_generation() {
  return cache().generation();
}
StorageCache::Entry* set(ByteSpan key, ByteSpan value) {
  // The host ignores writes under ":child_storage:" (sp-state-machine); so does the overlay, and
  // the mirror does not keep those keys.
  (void)overlay().set(key, value);
  return cache().remember_value(key, value);
}
void clear(ByteSpan key) {
  (void)overlay().clear(key);
  cache().remember_absent(key);
}
StorageCache::Entry* set(StorageCache::Entry& entry, ByteSpan value) {
  (void)overlay().set(StorageCache::key_of(entry), value);
  return cache().remember_value(entry, value);
}
void clear(StorageCache::Entry& entry) {
  (void)overlay().clear(StorageCache::key_of(entry));
  cache().remember_absent(entry);
}
void append(ByteSpan key, ByteSpan encoded_item) {
  value_or_panic(overlay().append(key, encoded_item), "storage append failed");
  cache().forget(key);
}
RemovalResults clear_prefix(ByteSpan prefix, std::optional<uint32_t> limit, ByteSpan cursor) {
  cache().forget_prefix(prefix);
  return removal(value_or_panic(overlay().clear_prefix(prefix, limit, cursor), "clear failed"));
}
std::optional<Bytes> next_key(ByteSpan key) {
  return value_or_panic(overlay().next_key(key), "storage read failed");
}
Hash256 root(StateVersion version) {
  return value_or_panic(overlay().root(state_version(version)), "storage root failed");
}
void start_transaction() {
  overlay().start_transaction();
}
void commit_transaction() {
  value_or_panic(overlay().commit_transaction(), "no transaction to commit");
}
void rollback_transaction() {
  value_or_panic(overlay().rollback_transaction(), "no transaction to roll back");
  // The overlay restored the values of before the transaction; which ones, the mirror cannot tell.
  cache().forget_all();
}

}  // namespace storage

namespace child_storage {

std::optional<Bytes> get(ByteSpan child, ByteSpan key) {
  return value_or_panic(overlay().child_get(child, key), "child storage read failed");
}
bool exists(ByteSpan child, ByteSpan key) {
  return value_or_panic(overlay().child_exists(child, key), "child storage read failed");
}
void set(ByteSpan child, ByteSpan key, ByteSpan value) {
  overlay().child_set(child, key, value);
}
void clear(ByteSpan child, ByteSpan key) {
  overlay().child_clear(child, key);
}
RemovalResults kill(ByteSpan child, std::optional<uint32_t> limit) {
  return removal(value_or_panic(overlay().kill_child(child, limit), "child kill failed"));
}
std::optional<Bytes> next_key(ByteSpan child, ByteSpan key) {
  return value_or_panic(overlay().child_next_key(child, key), "child storage read failed");
}
Hash256 root(ByteSpan child, StateVersion version) {
  return value_or_panic(overlay().child_root(child, state_version(version)), "child root failed");
}

}  // namespace child_storage

namespace hashing {

namespace {

// Storage map key hashes, remembered per thread (hash_memo.hpp): pure, so across calls too.
thread_local HashMemo<16> t_blake2_128_memo;
thread_local HashMemo<8> t_twox_64_memo;

}  // namespace

Hash128 blake2_128(ByteSpan data) {
  return t_blake2_128_memo.get(data, [&] { return hash::blake2b_128(data); });
}
Hash256 blake2_256(ByteSpan data) {
  return hash::blake2b_256(data);
}
ByteArray<8> twox_64(ByteSpan data) {
  return t_twox_64_memo.get(data, [&] { return hash::twox_64(data); });
}
Hash128 twox_128(ByteSpan data) {
  return hash::twox_128(data);
}
Hash256 twox_256(ByteSpan data) {
  return hash::twox_256(data);
}
Hash256 keccak_256(ByteSpan data) {
  return hash::keccak_256(data);
}
Hash256 sha2_256(ByteSpan data) {
  return hash::sha2_256(data);
}

}  // namespace hashing

namespace trie {

Hash256 blake2_256_ordered_root(const std::vector<Bytes>& values, StateVersion version) {
  return state::ordered_trie_root(std::span<const Bytes>(values), state_version(version));
}

}  // namespace trie

namespace crypto {

bool ed25519_verify(const Signature64& signature, ByteSpan message, const Ed25519Public& key) {
  return canary::crypto::ed25519::verify(signature, message, key);
}
bool sr25519_verify(const Signature64& signature, ByteSpan message, const Sr25519Public& key) {
  return canary::crypto::sr25519::verify(signature, message, key);
}
bool ecdsa_verify(const EcdsaSignature& signature, ByteSpan message, const EcdsaPublic& key) {
  return canary::crypto::ecdsa::verify(signature, message, key);
}

namespace {
// The open batch's combined result (natively every check runs at once, as polkadot-sdk's hosts).
thread_local std::optional<bool> t_batch;
}  // namespace

void start_batch_verify() {
  if (t_batch) io::panic("batch verification already started");
  t_batch = true;
}
bool finish_batch_verify() {
  if (!t_batch) io::panic("no batch verification was started");
  const bool valid = *t_batch;
  t_batch.reset();
  return valid;
}
bool ed25519_verify_in_batch(const Signature64& signature, ByteSpan message,
                             const Ed25519Public& key) {
  const bool valid = ed25519_verify(signature, message, key);
  if (t_batch) *t_batch = *t_batch && valid;
  return valid;
}
bool sr25519_verify_in_batch(const Signature64& signature, ByteSpan message,
                             const Sr25519Public& key) {
  const bool valid = sr25519_verify(signature, message, key);
  if (t_batch) *t_batch = *t_batch && valid;
  return valid;
}

std::optional<EcdsaPublic> secp256k1_ecdsa_recover_compressed(const EcdsaSignature& signature,
                                                              const Hash256& message_hash) {
  auto key = canary::crypto::ecdsa::recover_compressed(signature, message_hash,
                                                       /*allow_overflow=*/false);
  if (!key) return std::nullopt;
  return *key;
}

// Natively there is no keystore: tests that need keys make them with primitives/keys.
Sr25519Public sr25519_generate(const KeyTypeId&, const std::optional<Bytes>&) {
  panic("no keystore in native builds");
}
Ed25519Public ed25519_generate(const KeyTypeId&, const std::optional<Bytes>&) {
  panic("no keystore in native builds");
}
EcdsaPublic ecdsa_generate(const KeyTypeId&, const std::optional<Bytes>&) {
  panic("no keystore in native builds");
}

}  // namespace crypto

bool log_enabled(LogLevel level) {
  return t_context != nullptr && static_cast<uint8_t>(level) <= t_context->max_log_level;
}

void log(LogLevel level, std::string_view target, std::string_view message) {
  if (!log_enabled(level) || !t_context->log_sink) return;
  t_context->log_sink(level, target, message);
}

void panic(std::string_view message) {
  std::fprintf(stderr, "runtime panicked: %.*s\n", static_cast<int>(message.size()),
               message.data());
  std::abort();
}

namespace misc {

std::optional<Bytes> runtime_version(ByteSpan code) {
  if (t_context == nullptr || !t_context->runtime_version) return std::nullopt;
  return t_context->runtime_version(code);
}

}  // namespace misc

namespace offchain {

bool submit_transaction(ByteSpan extrinsic) {
  if (t_context == nullptr || !t_context->submit_transaction) return false;
  return t_context->submit_transaction(extrinsic);
}

namespace {
std::map<std::pair<uint32_t, Bytes>, Bytes>* offchain_storage() {
  return t_context == nullptr ? nullptr : t_context->offchain_storage;
}
std::pair<uint32_t, Bytes> offchain_key(StorageKind kind, ByteSpan key) {
  return {static_cast<uint32_t>(kind), Bytes(key.begin(), key.end())};
}
}  // namespace

std::optional<Bytes> local_storage_get(StorageKind kind, ByteSpan key) {
  auto* store = offchain_storage();
  if (store == nullptr) return std::nullopt;
  auto it = store->find(offchain_key(kind, key));
  if (it == store->end()) return std::nullopt;
  return it->second;
}

void local_storage_set(StorageKind kind, ByteSpan key, ByteSpan value) {
  if (auto* store = offchain_storage()) {
    (*store)[offchain_key(kind, key)] = Bytes(value.begin(), value.end());
  }
}

void local_storage_clear(StorageKind kind, ByteSpan key) {
  if (auto* store = offchain_storage()) store->erase(offchain_key(kind, key));
}

bool local_storage_compare_and_set(StorageKind kind, ByteSpan key,
                                   const std::optional<Bytes>& expected, ByteSpan value) {
  auto* store = offchain_storage();
  if (store == nullptr) return false;
  if (local_storage_get(kind, key) != expected) return false;
  local_storage_set(kind, key, value);
  return true;
}

}  // namespace offchain

}  // namespace canary::rt::io
