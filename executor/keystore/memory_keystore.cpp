#include "executor/keystore/memory_keystore.hpp"

#include <sodium.h>

#include <algorithm>

#include "primitives/crypto/ecdsa.hpp"

namespace canary::executor::keystore {

const char* to_string(KeystoreError e) {
  switch (e) {
    case KeystoreError::kInvalidSeed:
      return "invalid seed";
    case KeystoreError::kNoRandomness:
      return "no randomness available";
  }
  return "unknown keystore error";
}

namespace {

bool same(ByteSpan a, ByteSpan b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// A fresh random pair (sp-core `Pair::generate`). An ecdsa seed must be a valid scalar; a random
// one fails with probability ~2^-128, and then the next one is tried.
Result<keys::KeyPair, KeystoreError> random_pair(keys::Scheme scheme) {
  if (sodium_init() < 0) return unexpected(KeystoreError::kNoRandomness);
  for (int attempt = 0; attempt < 8; ++attempt) {
    ByteArray<32> seed{};
    randombytes_buf(seed.data(), seed.size());
    auto pair = keys::KeyPair::from_seed(scheme, seed);
    sodium_memzero(seed.data(), seed.size());
    if (pair) return std::move(*pair);
  }
  return unexpected(KeystoreError::kNoRandomness);
}

}  // namespace

const MemoryKeystore::Entry* MemoryKeystore::find(keys::Scheme scheme, const KeyTypeId& key_type,
                                                  ByteSpan public_key) const {
  for (const Entry& entry : entries_) {
    if (entry.key_type == key_type && entry.pair.scheme() == scheme &&
        same(entry.public_key, public_key)) {
      return &entry;
    }
  }
  return nullptr;
}

std::vector<Bytes> MemoryKeystore::public_keys(keys::Scheme scheme, const KeyTypeId& key_type) {
  MutexLock lock(mutex_);
  std::vector<Bytes> out;
  for (const Entry& entry : entries_) {
    if (entry.key_type == key_type && entry.pair.scheme() == scheme) {
      out.push_back(entry.public_key);
    }
  }
  return out;
}

Bytes MemoryKeystore::insert(const KeyTypeId& key_type, const keys::KeyPair& pair) {
  Bytes public_key = pair.public_key();
  MutexLock lock(mutex_);
  // The same key added twice stays one entry, as in the reference's map.
  if (find(pair.scheme(), key_type, public_key) == nullptr) {
    entries_.push_back({key_type, pair, public_key});
  }
  return public_key;
}

size_t MemoryKeystore::size() const {
  MutexLock lock(mutex_);
  return entries_.size();
}

Result<Bytes, KeystoreError> MemoryKeystore::generate(keys::Scheme scheme,
                                                      const KeyTypeId& key_type,
                                                      std::optional<std::string_view> suri) {
  if (suri) {
    auto pair = keys::KeyPair::from_suri(scheme, *suri);
    if (!pair) return unexpected(KeystoreError::kInvalidSeed);
    return insert(key_type, *pair);
  }
  CANARY_TRY_ASSIGN(auto pair, random_pair(scheme));
  return insert(key_type, pair);
}

std::optional<Bytes> MemoryKeystore::sign(keys::Scheme scheme, const KeyTypeId& key_type,
                                          ByteSpan public_key, ByteSpan message) {
  MutexLock lock(mutex_);
  const Entry* entry = find(scheme, key_type, public_key);
  if (entry == nullptr) return std::nullopt;
  return entry->pair.sign(message);
}

std::optional<Bytes> MemoryKeystore::sign_prehashed(const KeyTypeId& key_type, ByteSpan public_key,
                                                    const Hash256& digest) {
  MutexLock lock(mutex_);
  const Entry* entry = find(keys::Scheme::kEcdsa, key_type, public_key);
  if (entry == nullptr) return std::nullopt;
  // An ecdsa pair always has its seed: ecdsa derivation has hard junctions only.
  const auto seed = entry->pair.secret_seed();
  if (!seed) return std::nullopt;
  auto pair = crypto::ecdsa::keypair_from_seed(*seed);
  if (!pair) return std::nullopt;
  const crypto::ecdsa::Signature signature = crypto::ecdsa::sign_prehashed(*pair, digest);
  return Bytes(signature.begin(), signature.end());
}

}  // namespace canary::executor::keystore
