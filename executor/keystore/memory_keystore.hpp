// A keystore held in memory only, like sc-keystore's LocalKeystore::in_memory(): what tests,
// `--dev` style nodes and the keys the runtime generates with a seed ("ephemeral" keys) need. A
// file-backed keystore can implement the same interface later. Thread-safe.
#pragma once

#include <mutex>
#include <vector>

#include "executor/keystore/keystore.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::executor::keystore {

class MemoryKeystore final : public Keystore {
 public:
  std::vector<Bytes> public_keys(keys::Scheme scheme, const KeyTypeId& key_type) override;
  Result<Bytes, KeystoreError> generate(keys::Scheme scheme, const KeyTypeId& key_type,
                                        std::optional<std::string_view> suri) override;
  std::optional<Bytes> sign(keys::Scheme scheme, const KeyTypeId& key_type, ByteSpan public_key,
                            ByteSpan message) override;
  std::optional<Bytes> sign_prehashed(const KeyTypeId& key_type, ByteSpan public_key,
                                      const Hash256& digest) override;

  // Adds an existing pair (e.g. from the command line) under `key_type`; returns its public key.
  Bytes insert(const KeyTypeId& key_type, const keys::KeyPair& pair);
  size_t size() const;

 private:
  struct Entry {
    KeyTypeId key_type;
    keys::KeyPair pair;
    Bytes public_key;
  };

  // The entry of that key, or null.
  const Entry* find(keys::Scheme scheme, const KeyTypeId& key_type, ByteSpan public_key) const
      REQUIRES(mutex_);

  mutable Mutex mutex_;
  // In insertion order, so that public_keys() lists them deterministically (the reference keeps a
  // hash map, whose order is unspecified).
  std::vector<Entry> entries_ GUARDED_BY(mutex_);
};

}  // namespace canary::executor::keystore
