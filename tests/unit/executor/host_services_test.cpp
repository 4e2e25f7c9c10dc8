// The services behind the host API: the in-memory keystore, offchain local storage, the offchain
// index changes with their transactions, the offchain worker without network, and the runtime
// version reader.
#include <gtest/gtest.h>

#include "executor/host/runtime_version_reader.hpp"
#include "executor/keystore/memory_keystore.hpp"
#include "executor/offchain/memory_offchain_storage.hpp"
#include "executor/offchain/offchain_index.hpp"
#include "executor/offchain/offchain_worker.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/util/hex.hpp"

namespace canary::executor {
namespace {

Bytes b(std::string_view s) {
  return to_bytes(s);
}

const keystore::KeyTypeId kBabe = {'b', 'a', 'b', 'e'};
const keystore::KeyTypeId kGran = {'g', 'r', 'a', 'n'};

// --- keystore
// -------------------------------------------------------------------------------------

TEST(MemoryKeystore, GeneratesFromSecretUris) {
  keystore::MemoryKeystore keys;
  auto sr = keys.generate(keys::Scheme::kSr25519, kBabe, "//Alice");
  ASSERT_TRUE(sr.has_value());
  EXPECT_EQ(to_hex(*sr), "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  auto ed = keys.generate(keys::Scheme::kEd25519, kGran, "//Alice");
  ASSERT_TRUE(ed.has_value());
  EXPECT_EQ(to_hex(*ed), "0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee");
  auto ec = keys.generate(keys::Scheme::kEcdsa, kBabe, "//Alice");
  ASSERT_TRUE(ec.has_value());
  EXPECT_EQ(ec->size(), 33u);
  // Listed by scheme and key type.
  EXPECT_EQ(keys.public_keys(keys::Scheme::kSr25519, kBabe), std::vector<Bytes>{*sr});
  EXPECT_TRUE(keys.public_keys(keys::Scheme::kSr25519, kGran).empty());
  EXPECT_TRUE(keys.public_keys(keys::Scheme::kEd25519, kBabe).empty());
  EXPECT_EQ(keys.public_keys(keys::Scheme::kEcdsa, kBabe), std::vector<Bytes>{*ec});
  // The same key twice is one entry.
  ASSERT_TRUE(keys.generate(keys::Scheme::kSr25519, kBabe, "//Alice").has_value());
  EXPECT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys.generate(keys::Scheme::kSr25519, kBabe, "not a phrase").error(),
            keystore::KeystoreError::kInvalidSeed);
}

TEST(MemoryKeystore, RandomKeysAreFresh) {
  keystore::MemoryKeystore keys;
  for (keys::Scheme scheme :
       {keys::Scheme::kSr25519, keys::Scheme::kEd25519, keys::Scheme::kEcdsa}) {
    auto first = keys.generate(scheme, kBabe, std::nullopt);
    auto second = keys.generate(scheme, kBabe, std::nullopt);
    ASSERT_TRUE(first.has_value() && second.has_value());
    EXPECT_NE(*first, *second);
    EXPECT_EQ(keys.public_keys(scheme, kBabe).size(), 2u);
    // Signatures by them verify.
    auto signature = keys.sign(scheme, kBabe, *first, as_bytes("hello"));
    ASSERT_TRUE(signature.has_value());
    EXPECT_TRUE(keys::verify(scheme, *signature, as_bytes("hello"), *first));
  }
}

TEST(MemoryKeystore, SignsOnlyWithKeysItHolds) {
  keystore::MemoryKeystore keys;
  auto ed = keys.generate(keys::Scheme::kEd25519, kBabe, "//Bob");
  ASSERT_TRUE(ed.has_value());
  auto signature = keys.sign(keys::Scheme::kEd25519, kBabe, *ed, as_bytes("m"));
  ASSERT_TRUE(signature.has_value());
  EXPECT_EQ(signature->size(), 64u);
  EXPECT_TRUE(keys::verify(keys::Scheme::kEd25519, *signature, as_bytes("m"), *ed));
  EXPECT_FALSE(keys.sign(keys::Scheme::kEd25519, kGran, *ed, as_bytes("m")).has_value());
  EXPECT_FALSE(keys.sign(keys::Scheme::kSr25519, kBabe, *ed, as_bytes("m")).has_value());
  EXPECT_FALSE(keys.sign_prehashed(kBabe, *ed, Hash256{}).has_value());

  auto ec = keys.generate(keys::Scheme::kEcdsa, kBabe, "//Bob");
  ASSERT_TRUE(ec.has_value());
  const Hash256 digest = hash::blake2b_256(as_bytes("m"));
  auto prehashed = keys.sign_prehashed(kBabe, *ec, digest);
  ASSERT_TRUE(prehashed.has_value());
  // Signing the message is signing its blake2_256 digest.
  EXPECT_EQ(*prehashed, *keys.sign(keys::Scheme::kEcdsa, kBabe, *ec, as_bytes("m")));
}

// --- offchain ---------------------------------------------------------------------------------

TEST(OffchainStorage, KindsOnTheWireAreVariantIndices) {
  EXPECT_EQ(offchain::storage_kind_from_wire(0), offchain::StorageKind::kPersistent);
  EXPECT_EQ(offchain::storage_kind_from_wire(1), offchain::StorageKind::kLocal);
  EXPECT_EQ(offchain::storage_kind_from_wire(0x101), offchain::StorageKind::kLocal);
  EXPECT_EQ(offchain::storage_kind_from_wire(2), offchain::StorageKind::kLocal);
  EXPECT_EQ(offchain::storage_kind_from_wire(3), std::nullopt);
}

TEST(OffchainStorage, CompareAndSet) {
  offchain::MemoryOffchainStorage storage;
  using offchain::StorageKind;
  EXPECT_TRUE(storage.compare_and_set(StorageKind::kPersistent, b("k"), std::nullopt, b("1")));
  EXPECT_FALSE(storage.compare_and_set(StorageKind::kPersistent, b("k"), std::nullopt, b("2")));
  const Bytes one = b("1"), two = b("2");
  EXPECT_FALSE(storage.compare_and_set(StorageKind::kPersistent, b("k"), ByteSpan(two), b("3")));
  EXPECT_TRUE(storage.compare_and_set(StorageKind::kPersistent, b("k"), ByteSpan(one), b("2")));
  EXPECT_EQ(storage.get(StorageKind::kPersistent, b("k")), b("2"));
  EXPECT_EQ(storage.get(StorageKind::kLocal, b("k")), std::nullopt);
  storage.clear(StorageKind::kPersistent, b("k"));
  EXPECT_EQ(storage.get(StorageKind::kPersistent, b("k")), std::nullopt);
  // An empty value is a value.
  storage.set(StorageKind::kLocal, b("e"), {});
  EXPECT_FALSE(storage.compare_and_set(StorageKind::kLocal, b("e"), std::nullopt, b("x")));
  EXPECT_TRUE(storage.compare_and_set(StorageKind::kLocal, b("e"), ByteSpan{}, b("x")));
}

TEST(OffchainIndex, TransactionsNestAndRollBack) {
  offchain::OffchainIndexChanges index;
  index.set(b("a"), b("1"));
  index.start_transaction();
  index.set(b("a"), b("2"));
  index.clear(b("b"));
  index.start_transaction();
  index.set(b("c"), b("3"));
  ASSERT_TRUE(index.rollback_transaction());
  ASSERT_TRUE(index.commit_transaction());
  EXPECT_FALSE(index.commit_transaction());
  EXPECT_FALSE(index.rollback_transaction());
  const offchain::OffchainIndexChanges::Changes expected = {{b("a"), b("2")},
                                                            {b("b"), std::nullopt}};
  EXPECT_EQ(index.changes(), expected);

  // Imported into PERSISTENT storage, where workers read them.
  offchain::MemoryOffchainStorage storage;
  storage.set(offchain::StorageKind::kPersistent, b("b"), b("old"));
  storage.apply_index(index.changes());
  EXPECT_EQ(storage.get(offchain::StorageKind::kPersistent, b("a")), b("2"));
  EXPECT_EQ(storage.get(offchain::StorageKind::kPersistent, b("b")), std::nullopt);
  index.reset();
  EXPECT_TRUE(index.empty());
}

TEST(OffchainWorker, WithoutNetworkEveryRequestFails) {
  offchain::BasicOffchainWorker worker;
  EXPECT_FALSE(worker.is_validator());
  EXPECT_FALSE(worker.network_state().has_value());
  EXPECT_FALSE(worker.http_request_start("GET", "http://localhost", {}).has_value());
  const offchain::HttpRequestId ids[] = {0, 1};
  const auto statuses = worker.http_response_wait(ids, std::nullopt);
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[1].kind, offchain::HttpRequestStatus::Kind::kInvalid);
  Bytes buffer(4);
  EXPECT_EQ(worker.http_response_read_body(0, buffer, std::nullopt).error(),
            offchain::HttpError::kInvalid);
  EXPECT_GT(worker.timestamp(), 1600000000000ull);
  EXPECT_NE(worker.random_seed(), worker.random_seed());
  const auto before = worker.timestamp();
  worker.sleep_until(before + 20);
  EXPECT_GE(worker.timestamp(), before + 20);
}

// --- runtime version --------------------------------------------------------------------------

TEST(RuntimeVersionReader, NoneWithoutSectionsOrFallback) {
  const Bytes header = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  EXPECT_EQ(host::read_runtime_version(header, nullptr), std::nullopt);
  EXPECT_EQ(host::read_runtime_version(b("garbage"), nullptr), std::nullopt);
}

}  // namespace
}  // namespace canary::executor
