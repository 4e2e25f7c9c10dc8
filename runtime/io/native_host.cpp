// runtime/io in native builds: the same semantics as the host API, on the current thread's
// NativeContext (its overlay is the very state::OverlayedChanges the node's host functions use).
#include <cstdio>
#include <cstdlib>

#include "primitives/crypto/ecdsa.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/hash/hash.hpp"
#include "runtime/io/crypto.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/misc.hpp"
#include "runtime/io/native_context.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/io/trie.hpp"
#include "state/trie/trie_root.hpp"

namespace canary::rt::io {

namespace {

thread_local NativeContext* t_context = nullptr;

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
}

NativeContextScope::~NativeContextScope() {
  t_context = previous_;
}

NativeContext* current_native_context() {
  return t_context;
}

namespace storage {

std::optional<Bytes> get(ByteSpan key) {
  return value_or_panic(overlay().get(key), "storage read failed");
}
bool exists(ByteSpan key) {
  return value_or_panic(overlay().exists(key), "storage read failed");
}
void set(ByteSpan key, ByteSpan value) {
  // The host ignores writes under ":child_storage:" (sp-state-machine); so does the overlay.
  (void)overlay().set(key, value);
}
void clear(ByteSpan key) {
  (void)overlay().clear(key);
}
void append(ByteSpan key, ByteSpan encoded_item) {
  value_or_panic(overlay().append(key, encoded_item), "storage append failed");
}
RemovalResults clear_prefix(ByteSpan prefix, std::optional<uint32_t> limit, ByteSpan cursor) {
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

Hash128 blake2_128(ByteSpan data) {
  return hash::blake2b_128(data);
}
Hash256 blake2_256(ByteSpan data) {
  return hash::blake2b_256(data);
}
ByteArray<8> twox_64(ByteSpan data) {
  return hash::twox_64(data);
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

}  // namespace canary::rt::io
