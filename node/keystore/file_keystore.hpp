// The node's keystore, with Substrate's LocalKeystore layout and behaviour
// (substrate/client/keystore/src/local.rs), so that keystores move between Canary and Substrate
// nodes:
//  - a directory (<base>/chains/<chain id>/keystore/), one file per key, named
//    hex(key type, 4 bytes) ++ hex(public key) without "0x", holding the key's secret URI as a
//    JSON string, created with mode 0600;
//  - keys generated with a secret URI (the runtime's `ext_crypto_*_generate` with a seed, the
//    dev keys of `--alice`) are ephemeral: kept in memory, never written (`generate_new` with a
//    seed → `insert_ephemeral_from_seed_by_type`);
//  - keys generated without one are fresh random seeds, written as "0x<seed hex>" (sc-keystore
//    writes a new BIP-39 phrase instead; both are secret URIs that sp-core reads back the same);
//  - `insert` (author_insertKey, `key insert`) stores the URI it is given as it is: like
//    sc-keystore's `insert`, it does not check that the URI gives that public key;
//  - the optional keystore password is applied when a stored phrase is turned into a key pair
//    (sp-core `Pair::from_string(phrase, password)`), as with `--password`.
// An in-memory keystore (no directory) keeps every key in memory; unlike sc-keystore's, whose
// `insert` drops the key when there is no directory, it keeps inserted keys too, so that
// author_insertKey works on a `--dev` node without a base path.
//
// Listing keys follows sc-keystore: the keys of a type whose size fits the scheme (32 bytes for
// sr25519 and ed25519, 33 for ecdsa), whatever scheme made them; signing re-derives the pair in
// the asked scheme and refuses it when its public key differs. Derived pairs are cached in memory.
// Thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "executor/keystore/keystore.hpp"
#include "node/keystore/key_types.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node {

class FileKeystore final : public executor::keystore::Keystore {
 public:
  // Opens (creating it and its parents if needed) the keystore directory.
  static Result<std::unique_ptr<FileKeystore>, std::string> open(
      std::filesystem::path directory, std::optional<std::string> password = std::nullopt);
  // A keystore without a directory.
  static std::unique_ptr<FileKeystore> in_memory();

  ~FileKeystore() override;

  // executor::keystore::Keystore (what the runtime reaches through ext_crypto_*).
  std::vector<Bytes> public_keys(keys::Scheme scheme, const KeyTypeId& key_type) override;
  Result<Bytes, executor::keystore::KeystoreError> generate(
      keys::Scheme scheme, const KeyTypeId& key_type,
      std::optional<std::string_view> suri) override;
  std::optional<Bytes> sign(keys::Scheme scheme, const KeyTypeId& key_type, ByteSpan public_key,
                            ByteSpan message) override;
  std::optional<Bytes> sign_prehashed(const KeyTypeId& key_type, ByteSpan public_key,
                                      const Hash256& digest) override;

  // The pair of a stored key in `scheme` (BABE needs the sr25519 secret for its VRF, GRANDPA
  // the ed25519 pair); none when there is no such key, its URI is invalid, or the URI gives
  // another public key in that scheme (sc-keystore `key_pair_by_type`).
  std::optional<keys::KeyPair> key_pair(keys::Scheme scheme, const KeyTypeId& key_type,
                                        ByteSpan public_key);

  // Whether every (public key, key type) is stored (sp-keystore `has_keys`: author_hasKey,
  // author_hasSessionKeys).
  bool has_keys(const std::vector<std::pair<Bytes, KeyTypeId>>& keys);

  // Stores `suri` as the secret of `public_key` under `key_type` (sp-keystore `insert`).
  Result<void, std::string> insert(const KeyTypeId& key_type, std::string_view suri,
                                   ByteSpan public_key);

  // The directory, or none in memory.
  const std::optional<std::filesystem::path>& directory() const { return directory_; }
  // The file a key has (or would have) in the directory; none in memory.
  std::optional<std::filesystem::path> key_file_path(const KeyTypeId& key_type,
                                                     ByteSpan public_key) const;

 private:
  FileKeystore(std::optional<std::filesystem::path> directory, std::optional<std::string> password);

  struct Ephemeral {
    KeyTypeId key_type;
    Bytes public_key;
    std::string suri;
  };

  // The stored secret URI of a key, from memory or its file.
  std::optional<std::string> stored_suri(const KeyTypeId& key_type, ByteSpan public_key) const
      REQUIRES(mutex_);
  std::optional<keys::KeyPair> key_pair_locked(keys::Scheme scheme, const KeyTypeId& key_type,
                                               ByteSpan public_key) REQUIRES(mutex_);
  Result<void, std::string> write_key_file(const KeyTypeId& key_type, ByteSpan public_key,
                                           std::string_view suri) const;

  std::optional<std::filesystem::path> directory_;
  std::optional<std::string> password_;
  mutable Mutex mutex_;
  // In insertion order (sc-keystore's `additional` map).
  std::vector<Ephemeral> ephemeral_ GUARDED_BY(mutex_);
  using CacheKey = std::tuple<keys::Scheme, KeyTypeId, Bytes>;
  std::map<CacheKey, keys::KeyPair> pairs_ GUARDED_BY(mutex_);
};

// What `--alice` / `--dev` do (sc-service `generate_initial_session_keys` with the dev seed):
// the key of `suri` (e.g. "//Alice") under each of the runtime's session key types, in that
// type's scheme, generated with the URI as seed, so in memory only.
Result<void, executor::keystore::KeystoreError> insert_dev_keys(
    executor::keystore::Keystore& keystore, std::string_view suri);

}  // namespace canary::node
