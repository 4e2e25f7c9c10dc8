// The node's keystore: sc-keystore's file layout (name, content, mode), ephemeral keys from a
// seed, fresh keys on disk, signing and key pairs, passwords, the dev keys of --alice.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "executor/keystore/memory_keystore.hpp"
#include "node/keystore/file_keystore.hpp"
#include "node/keystore/key_types.hpp"
#include "primitives/crypto/ecdsa.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/keys/secret_uri.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/canary/dev_accounts.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

namespace fs = std::filesystem;

constexpr KeyTypeId kBabe = key_type_id("babe");
constexpr KeyTypeId kGran = key_type_id("gran");
constexpr KeyTypeId kBeef = key_type_id("beef");
constexpr KeyTypeId kTest = key_type_id("test");

const char* const kAliceSr25519 =
    "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Bytes public_of(keys::Scheme scheme, std::string_view suri,
                std::optional<std::string_view> password = std::nullopt) {
  auto pair = keys::KeyPair::from_suri(scheme, suri, password);
  EXPECT_TRUE(pair);
  return pair ? pair->public_key() : Bytes{};
}

class KeystoreFile : public ::testing::Test {
 protected:
  fs::path dir() const { return fs::path(tmp_.path()) / "chains" / "dev" / "keystore"; }

  std::unique_ptr<FileKeystore> open(std::optional<std::string> password = std::nullopt) {
    auto keystore = FileKeystore::open(dir(), std::move(password));
    EXPECT_TRUE(keystore) << keystore.error();
    return keystore ? std::move(*keystore) : nullptr;
  }

  state::testing::TempDir tmp_;
};

TEST(KeystoreKeyTypes, SchemesAndNames) {
  for (const char* name : {"babe", "imon", "para", "asgn", "audi", "acco"}) {
    EXPECT_EQ(key_type_scheme(*parse_key_type(name)), keys::Scheme::kSr25519) << name;
  }
  EXPECT_EQ(key_type_scheme(kGran), keys::Scheme::kEd25519);
  EXPECT_EQ(key_type_scheme(kBeef), keys::Scheme::kEcdsa);
  EXPECT_EQ(key_type_scheme(kTest), std::nullopt);
  EXPECT_FALSE(parse_key_type("bab"));
  EXPECT_FALSE(parse_key_type("babes"));
  EXPECT_EQ(key_type_name(kBabe), "babe");
  // The runtime's SessionKeys order (runtime/canary/session_keys.hpp).
  std::vector<std::string> names;
  for (const KeyTypeId& type : kSessionKeyTypes) names.push_back(key_type_name(type));
  EXPECT_EQ(names, (std::vector<std::string>{"gran", "babe", "para", "asgn", "audi", "beef"}));
}

TEST_F(KeystoreFile, InsertWritesSubstratesFile) {
  auto keystore = open();
  ASSERT_TRUE(keystore);
  EXPECT_TRUE(fs::is_directory(dir()));
  Bytes alice = public_of(keys::Scheme::kSr25519, "//Alice");
  ASSERT_TRUE(keystore->insert(kBabe, "//Alice", alice));

  // sc-keystore: hex(key type) ++ hex(public), no 0x; the URI as a JSON string; mode 0600.
  const fs::path file =
      dir() / "62616265d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
  EXPECT_EQ(keystore->key_file_path(kBabe, alice), file);
  ASSERT_TRUE(fs::exists(file));
  EXPECT_EQ(read_file(file), "\"//Alice\"");
  struct stat st{};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  EXPECT_EQ(keystore->public_keys(keys::Scheme::kSr25519, kBabe), std::vector<Bytes>{alice});
  EXPECT_TRUE(keystore->has_keys({{alice, kBabe}}));
  EXPECT_FALSE(keystore->has_keys({{alice, kBabe}, {alice, kGran}}));

  // Another process (a fresh keystore) sees the key and signs with it.
  auto reopened = open();
  auto pair = reopened->key_pair(keys::Scheme::kSr25519, kBabe, alice);
  ASSERT_TRUE(pair);
  EXPECT_EQ(to_hex(pair->public_key()), kAliceSr25519);
  const Bytes message = to_bytes("canary");
  auto signature = reopened->sign(keys::Scheme::kSr25519, kBabe, alice, message);
  ASSERT_TRUE(signature);
  EXPECT_TRUE(keys::verify(keys::Scheme::kSr25519, *signature, message, alice));
}

TEST_F(KeystoreFile, InsertedQuotesAreJsonEscaped) {
  auto keystore = open();
  const std::string suri =
      "bottom drive obey lake curtain smoke basket hold race lonely fit walk///p\"w";
  Bytes key = public_of(keys::Scheme::kSr25519, suri);
  ASSERT_TRUE(keystore->insert(kBabe, suri, key));
  auto path = keystore->key_file_path(kBabe, key);
  EXPECT_EQ(nlohmann::json::parse(read_file(*path)).get<std::string>(), suri);
  EXPECT_TRUE(open()->key_pair(keys::Scheme::kSr25519, kBabe, key));
}

TEST_F(KeystoreFile, RefusesUrisThatAreNotUtf8) {
  auto keystore = open();
  Bytes alice = public_of(keys::Scheme::kSr25519, "//Alice");
  auto inserted = keystore->insert(kBabe, "//Alice///\xff\xfe", alice);
  ASSERT_FALSE(inserted);
  EXPECT_NE(inserted.error().find("UTF-8"), std::string::npos);
  EXPECT_TRUE(fs::is_empty(dir()));
}

TEST_F(KeystoreFile, GenerateWithSeedIsEphemeral) {
  // sc-keystore `generate_with_seed_is_not_stored`.
  {
    auto keystore = open();
    auto key = keystore->generate(keys::Scheme::kSr25519, kTest, "//Alice");
    ASSERT_TRUE(key);
    EXPECT_EQ(to_hex(*key), kAliceSr25519);
    EXPECT_EQ(keystore->public_keys(keys::Scheme::kSr25519, kTest).size(), 1u);
    EXPECT_TRUE(keystore->has_keys({{*key, kTest}}));
    EXPECT_TRUE(keystore->sign(keys::Scheme::kSr25519, kTest, *key, to_bytes("m")));
    EXPECT_TRUE(fs::is_empty(dir()));
  }
  EXPECT_TRUE(open()->public_keys(keys::Scheme::kSr25519, kTest).empty());
  auto invalid = open()->generate(keys::Scheme::kEd25519, kTest, "//Alice/soft");
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error(), executor::keystore::KeystoreError::kInvalidSeed);
}

TEST_F(KeystoreFile, GenerateWithoutSeedIsStored) {
  Bytes key;
  {
    auto keystore = open();
    auto generated = keystore->generate(keys::Scheme::kEd25519, kGran, std::nullopt);
    ASSERT_TRUE(generated);
    key = *generated;
    auto path = keystore->key_file_path(kGran, key);
    ASSERT_TRUE(fs::exists(*path));
    // A fresh seed, as a secret URI sp-core reads back.
    const std::string secret = nlohmann::json::parse(read_file(*path)).get<std::string>();
    EXPECT_EQ(secret.size(), 66u);
    EXPECT_EQ(public_of(keys::Scheme::kEd25519, secret), key);
    struct stat st{};
    ASSERT_EQ(::stat(path->c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }
  auto keystore = open();
  EXPECT_EQ(keystore->public_keys(keys::Scheme::kEd25519, kGran), std::vector<Bytes>{key});
  auto signature = keystore->sign(keys::Scheme::kEd25519, kGran, key, to_bytes("m"));
  ASSERT_TRUE(signature);
  EXPECT_TRUE(keys::verify(keys::Scheme::kEd25519, *signature, to_bytes("m"), key));
  auto second = keystore->generate(keys::Scheme::kEd25519, kGran, std::nullopt);
  ASSERT_TRUE(second);
  EXPECT_NE(*second, key);
  EXPECT_EQ(keystore->public_keys(keys::Scheme::kEd25519, kGran).size(), 2u);
}

TEST_F(KeystoreFile, EcdsaKeysAndPrehashedSignatures) {
  auto keystore = open();
  auto key = keystore->generate(keys::Scheme::kEcdsa, kBeef, std::nullopt);
  ASSERT_TRUE(key);
  ASSERT_EQ(key->size(), 33u);
  // Listing is by size, as sc-keystore decodes public keys: a 33-byte key is no sr25519 key.
  EXPECT_EQ(keystore->public_keys(keys::Scheme::kEcdsa, kBeef), std::vector<Bytes>{*key});
  EXPECT_TRUE(keystore->public_keys(keys::Scheme::kSr25519, kBeef).empty());
  Hash256 digest{};
  digest[0] = 7;
  auto signature = keystore->sign_prehashed(kBeef, *key, digest);
  ASSERT_TRUE(signature);
  ASSERT_EQ(signature->size(), 65u);
  crypto::ecdsa::Signature sig{};
  std::copy(signature->begin(), signature->end(), sig.begin());
  crypto::ecdsa::PublicKey public_key{};
  std::copy(key->begin(), key->end(), public_key.begin());
  EXPECT_TRUE(crypto::ecdsa::verify_prehashed(sig, digest, public_key));
  EXPECT_FALSE(keystore->sign_prehashed(kBabe, *key, digest));
}

TEST_F(KeystoreFile, MismatchedUriGivesNoPair) {
  auto keystore = open();
  Bytes bob = public_of(keys::Scheme::kSr25519, "//Bob");
  // Stored as given (sc-keystore `insert` does not check), but unusable: //Alice is not Bob.
  ASSERT_TRUE(keystore->insert(kBabe, "//Alice", bob));
  EXPECT_TRUE(keystore->has_keys({{bob, kBabe}}));
  EXPECT_FALSE(keystore->key_pair(keys::Scheme::kSr25519, kBabe, bob));
  EXPECT_FALSE(keystore->sign(keys::Scheme::kSr25519, kBabe, bob, to_bytes("m")));
  // The same URI in another scheme gives another key.
  Bytes alice = public_of(keys::Scheme::kSr25519, "//Alice");
  ASSERT_TRUE(keystore->insert(kBabe, "//Alice", alice));
  EXPECT_TRUE(keystore->key_pair(keys::Scheme::kSr25519, kBabe, alice));
  EXPECT_FALSE(keystore->key_pair(keys::Scheme::kEd25519, kBabe, alice));
}

TEST_F(KeystoreFile, PasswordAppliesToStoredPhrases) {
  const std::string phrase(keys::kDevPhrase);
  Bytes with_password = public_of(keys::Scheme::kSr25519, phrase, "secret");
  ASSERT_TRUE(open("secret")->insert(kBabe, phrase, with_password));
  EXPECT_TRUE(open("secret")->key_pair(keys::Scheme::kSr25519, kBabe, with_password));
  // sc-keystore `password_being_used`: without the password the key is not retrievable.
  EXPECT_FALSE(open()->key_pair(keys::Scheme::kSr25519, kBabe, with_password));
}

TEST_F(KeystoreFile, IgnoresFilesWithOtherNames) {
  auto keystore = open();
  std::ofstream(dir() / "6261") << "\"//Alice\"";                         // too short
  std::ofstream(dir() / "not-hex") << "\"//Alice\"";                      // not hex
  std::ofstream(dir() / ("6772616e" + std::string(64, 'a'))) << "\"x\"";  // another type
  EXPECT_TRUE(keystore->public_keys(keys::Scheme::kSr25519, kBabe).empty());
  EXPECT_EQ(keystore->public_keys(keys::Scheme::kEd25519, kGran).size(), 1u);
}

TEST_F(KeystoreFile, RemovedFileRemovesTheKey) {
  auto keystore = open();
  Bytes alice = public_of(keys::Scheme::kSr25519, "//Alice");
  ASSERT_TRUE(keystore->insert(kBabe, "//Alice", alice));
  ASSERT_TRUE(keystore->sign(keys::Scheme::kSr25519, kBabe, alice, to_bytes("m")));
  fs::remove(*keystore->key_file_path(kBabe, alice));
  EXPECT_FALSE(keystore->sign(keys::Scheme::kSr25519, kBabe, alice, to_bytes("m")));
  EXPECT_FALSE(keystore->has_keys({{alice, kBabe}}));
}

TEST(KeystoreMemory, KeepsEverythingInMemory) {
  auto keystore = FileKeystore::in_memory();
  EXPECT_FALSE(keystore->directory());
  auto fresh = keystore->generate(keys::Scheme::kSr25519, kBabe, std::nullopt);
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(keystore->key_file_path(kBabe, *fresh));
  Bytes bob = public_of(keys::Scheme::kSr25519, "//Bob");
  ASSERT_TRUE(keystore->insert(kBabe, "//Bob", bob));
  ASSERT_TRUE(keystore->insert(kBabe, "//Bob", bob));
  EXPECT_EQ(keystore->public_keys(keys::Scheme::kSr25519, kBabe),
            (std::vector<Bytes>{*fresh, bob}));
  EXPECT_TRUE(keystore->has_keys({{*fresh, kBabe}, {bob, kBabe}}));
  EXPECT_TRUE(keystore->key_pair(keys::Scheme::kSr25519, kBabe, bob));
  EXPECT_TRUE(keystore->sign(keys::Scheme::kSr25519, kBabe, *fresh, to_bytes("m")));
}

// --alice: the dev account's session keys under the runtime's key types, in their schemes.
void expect_alice_session_keys(executor::keystore::Keystore& keystore) {
  const rt::canary_runtime::DevAccount& alice = rt::canary_runtime::kDevAccounts[0];
  auto only = [&](keys::Scheme scheme, const char(&type)[5]) {
    auto listed = keystore.public_keys(scheme, key_type_id(type));
    EXPECT_EQ(listed.size(), 1u) << type;
    return listed.empty() ? std::string() : to_hex(listed.front());
  };
  EXPECT_EQ(only(keys::Scheme::kEd25519, "gran"), alice.ed25519);
  EXPECT_EQ(only(keys::Scheme::kSr25519, "babe"), alice.sr25519);
  EXPECT_EQ(only(keys::Scheme::kSr25519, "para"), alice.sr25519);
  EXPECT_EQ(only(keys::Scheme::kSr25519, "asgn"), alice.sr25519);
  EXPECT_EQ(only(keys::Scheme::kSr25519, "audi"), alice.sr25519);
  EXPECT_EQ(only(keys::Scheme::kEcdsa, "beef"), alice.ecdsa);
}

TEST_F(KeystoreFile, DevKeysAreEphemeral) {
  auto keystore = open();
  ASSERT_TRUE(insert_dev_keys(*keystore, "//Alice"));
  expect_alice_session_keys(*keystore);
  EXPECT_TRUE(fs::is_empty(dir()));
  // BABE and GRANDPA get their pairs.
  const auto& alice = rt::canary_runtime::kDevAccounts[0];
  EXPECT_TRUE(keystore->key_pair(keys::Scheme::kSr25519, kBabe, *from_hex(alice.sr25519)));
  EXPECT_TRUE(keystore->key_pair(keys::Scheme::kEd25519, kGran, *from_hex(alice.ed25519)));
  EXPECT_FALSE(insert_dev_keys(*keystore, "not a phrase//x"));
}

TEST(KeystoreMemory, DevKeysInTheExecutorsKeystore) {
  executor::keystore::MemoryKeystore keystore;
  ASSERT_TRUE(insert_dev_keys(keystore, "//Alice"));
  expect_alice_session_keys(keystore);
  EXPECT_EQ(keystore.size(), 6u);
}

}  // namespace
}  // namespace canary::node
