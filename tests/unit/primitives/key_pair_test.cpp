// KeyPair against `subkey inspect` output for the development accounts and sp-core's sr25519 /
// ed25519 tests (derive_soft_known_pair_should_work, default_phrase_should_be_used, ...).
#include "primitives/keys/key_pair.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "primitives/keys/scheme.hpp"
#include "primitives/keys/secret_uri.hpp"
#include "primitives/ss58/ss58.hpp"
#include "primitives/util/hex.hpp"

namespace canary::keys {
namespace {

KeyPair make(Scheme scheme, std::string_view suri,
             std::optional<std::string_view> password = std::nullopt) {
  auto r = KeyPair::from_suri(scheme, suri, password);
  EXPECT_TRUE(r) << suri << ": " << (r ? "" : to_string(r.error()));
  if (!r) std::abort();
  return *r;
}

KeyError error_of(Scheme scheme, std::string_view suri) {
  auto r = KeyPair::from_suri(scheme, suri);
  EXPECT_FALSE(r) << suri;
  return r ? KeyError::kInvalidFormat : r.error();
}

std::string seed_hex(const KeyPair& k) {
  auto s = k.secret_seed();
  return s ? to_hex(*s) : "none";
}

std::string address(const KeyPair& k) {
  return ss58::encode(k.account_id(), 42);
}

struct DevAccount {
  const char* suri;
  const char* seed;
  const char* public_key;
  const char* address;
};

// subkey inspect <suri> (sr25519).
TEST(KeyPairTest, Sr25519DevAccounts) {
  const DevAccount accounts[] = {
      {"//Alice", "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a",
       "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
       "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"},
      {"//Bob", "0x398f0c28f98885e046333d4a41c19cee4c37368a9832c6502f6cfd182e2aef89",
       "0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48",
       "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"},
      {"//Bob//stash", "0x1a7d114100653850c65edecda8a9b2b4dd65d900edef8e70b1a6ecdcda967056",
       "0xfe65717dad0447d715f660a0a58411de509b42e6efb8375f562f58a554d5860e",
       "5HpG9w8EBLe5XCrbczpwq5TSXvedjrBGCwqxK1iQ7qUsSWFc"},
      {"//Alice//stash", "0x3c881bc4d45926680c64a7f9315eeda3dd287f8d598f3653d7c107799c5422b3",
       "0xbe5ddb1579b72e84524fc29e78609e3caf42e85aa118ebfe0b0ad404b5bdd25f",
       "5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY"},
      // The bare development phrase: sp-core DEV_ADDRESS, the mini-secret of the phrase.
      {"", "0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e", nullptr,
       "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV"},
  };
  for (const auto& a : accounts) {
    KeyPair k = make(Scheme::kSr25519, a.suri);
    EXPECT_EQ(k.scheme(), Scheme::kSr25519);
    EXPECT_EQ(seed_hex(k), a.seed) << a.suri;
    if (a.public_key) EXPECT_EQ(to_hex(k.public_key()), a.public_key) << a.suri;
    EXPECT_EQ(to_hex(k.account_id()), to_hex(k.public_key()));
    EXPECT_EQ(address(k), a.address) << a.suri;
  }
  // The same with the phrase spelled out.
  EXPECT_EQ(to_hex(make(Scheme::kSr25519, std::string(kDevPhrase) + "//Alice").public_key()),
            "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
}

TEST(KeyPairTest, Sr25519HexSeeds) {
  // The printed secret seed of //Alice recreates //Alice.
  KeyPair k =
      make(Scheme::kSr25519, "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a");
  EXPECT_EQ(to_hex(k.public_key()),
            "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  EXPECT_EQ(seed_hex(k), "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a");
  // A password does not apply to a hex seed.
  EXPECT_EQ(make(Scheme::kSr25519,
                 "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a///pw")
                .public_key(),
            k.public_key());
  // Upper-case hex digits are fine; sp-core's hex decoder strips a second "0x".
  EXPECT_EQ(
      make(Scheme::kSr25519, "0xE5BE9A5092B81BCA64BE81D212E7F2F9EBA183BB7A90954F7B76361F6EDB5C0A")
          .public_key(),
      k.public_key());
  EXPECT_EQ(
      make(Scheme::kSr25519, "0x0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a")
          .public_key(),
      k.public_key());
  // sp-core sr_test_vector_should_work.
  EXPECT_EQ(to_hex(make(Scheme::kSr25519,
                        "0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                       .public_key()),
            "0x44a996beb1eef7bdcab976ab6d2ca26104834164ecf28fb375600576fcc6eb0f");
}

TEST(KeyPairTest, Sr25519SoftJunctions) {
  // sp-core derive_soft_known_pair_should_work.
  KeyPair soft = make(Scheme::kSr25519, "/Alice");
  EXPECT_EQ(to_hex(soft.public_key()),
            "0xd6c71059dbbe9ad2b0ed3f289738b800836eb425544ce694825285b958ca755e");
  EXPECT_FALSE(soft.secret_seed());
  // Once soft, always seedless (sp-core keeps None through later hard junctions).
  EXPECT_FALSE(make(Scheme::kSr25519, "/Alice//hard").secret_seed());
  EXPECT_FALSE(make(Scheme::kSr25519, "//Alice/soft//hard").secret_seed());
  // Soft derivation is deterministic in the public key.
  EXPECT_EQ(make(Scheme::kSr25519, "//Alice/1").public_key(),
            make(Scheme::kSr25519, "//Alice/1").public_key());
  EXPECT_NE(make(Scheme::kSr25519, "//Alice/1").public_key(),
            make(Scheme::kSr25519, "//Alice//1").public_key());
  EXPECT_NE(make(Scheme::kSr25519, "//Alice/1").public_key(),
            make(Scheme::kSr25519, "//Alice/2").public_key());
  // "//Alice/007" is "//Alice/7": integer junctions ignore leading zeros.
  EXPECT_EQ(make(Scheme::kSr25519, "//Alice/007").public_key(),
            make(Scheme::kSr25519, "//Alice/7").public_key());
}

TEST(KeyPairTest, Passwords) {
  // sp-core default_phrase_should_be_used.
  KeyPair with_uri = make(Scheme::kSr25519, "//Alice///password");
  KeyPair with_override =
      make(Scheme::kSr25519, std::string(kDevPhrase) + "//Alice", std::string_view("password"));
  EXPECT_EQ(with_uri.public_key(), with_override.public_key());
  EXPECT_EQ(with_uri.secret_seed(), with_override.secret_seed());
  EXPECT_NE(with_uri.public_key(), make(Scheme::kSr25519, "//Alice").public_key());
  // The override wins over the URI's password.
  EXPECT_EQ(make(Scheme::kSr25519, "//Alice///other", std::string_view("password")).public_key(),
            with_uri.public_key());
  // An empty password is no password.
  EXPECT_EQ(make(Scheme::kSr25519, "//Alice///").public_key(),
            make(Scheme::kSr25519, "//Alice").public_key());
  // The password changes the root seed for every scheme.
  EXPECT_NE(make(Scheme::kEd25519, "//Alice///password").public_key(),
            make(Scheme::kEd25519, "//Alice").public_key());
  EXPECT_NE(make(Scheme::kEcdsa, "//Alice///password").public_key(),
            make(Scheme::kEcdsa, "//Alice").public_key());
}

TEST(KeyPairTest, Ed25519) {
  KeyPair k = make(Scheme::kEd25519, "//Alice");
  EXPECT_EQ(k.scheme(), Scheme::kEd25519);
  EXPECT_EQ(to_hex(k.public_key()),
            "0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee");
  EXPECT_EQ(seed_hex(k), "0xabf8e5bdbe30c65656c0a3cbd181ff8a56294a69dfedd27982aace4a76909115");
  EXPECT_EQ(address(k), "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu");
  // The printed seed recreates the key.
  EXPECT_EQ(
      make(Scheme::kEd25519, "0xabf8e5bdbe30c65656c0a3cbd181ff8a56294a69dfedd27982aace4a76909115")
          .public_key(),
      k.public_key());
  // RFC 8032 test 1 (sp-core ed25519 test_vector_by_string_should_work).
  EXPECT_EQ(to_hex(make(Scheme::kEd25519,
                        "0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                       .public_key()),
            "0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  // Soft junctions do not exist for ed25519.
  EXPECT_EQ(error_of(Scheme::kEd25519, "/Alice"), KeyError::kInvalidPath);
  EXPECT_EQ(error_of(Scheme::kEd25519, "//Alice/1"), KeyError::kInvalidPath);
}

TEST(KeyPairTest, Ecdsa) {
  KeyPair k = make(Scheme::kEcdsa, "//Alice");
  EXPECT_EQ(k.scheme(), Scheme::kEcdsa);
  EXPECT_EQ(to_hex(k.public_key()),
            "0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1");
  EXPECT_EQ(seed_hex(k), "0xcb6df9de1efca7a3998a8ead4e02159d5fa99c3e0d4fd6432667390bb4726854");
  EXPECT_EQ(to_hex(k.account_id()),
            "0x01e552298e47454041ea31273b4b630c64c104e4514aa3643490b8aaca9cf8ed");
  EXPECT_EQ(ss58::encode(k.public_key(), 42), "KW39r9CJjAVzmkf9zQ4YDb2hqfAVGdRqn53eRqyruqpxAP5YL");
  EXPECT_EQ(address(k), "5C7C2Z5sWbytvHpuLTvzKunnnRwQxft1jiqrLD5rhucQ5S9X");
  EXPECT_EQ(error_of(Scheme::kEcdsa, "/Alice"), KeyError::kInvalidPath);
  EXPECT_EQ(error_of(Scheme::kEcdsa, "//Alice/stash"), KeyError::kInvalidPath);
  // Zero and >= n are no secp256k1 secrets.
  EXPECT_EQ(error_of(Scheme::kEcdsa,
                     "0x0000000000000000000000000000000000000000000000000000000000000000"),
            KeyError::kInvalidSeed);
  EXPECT_EQ(error_of(Scheme::kEcdsa,
                     "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
            KeyError::kInvalidSeed);
}

TEST(KeyPairTest, FromSeedMatchesHexSuri) {
  auto seed =
      from_hex_fixed<32>("0xcb6df9de1efca7a3998a8ead4e02159d5fa99c3e0d4fd6432667390bb4726854");
  ASSERT_TRUE(seed);
  auto k = KeyPair::from_seed(Scheme::kEcdsa, *seed);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->public_key(), make(Scheme::kEcdsa, "//Alice").public_key());
  EXPECT_EQ(KeyPair::from_seed(Scheme::kEcdsa, ByteArray<32>{}).error(), KeyError::kInvalidSeed);
}

TEST(KeyPairTest, InvalidSuris) {
  for (Scheme s : {Scheme::kSr25519, Scheme::kEd25519, Scheme::kEcdsa}) {
    EXPECT_EQ(error_of(s, "sd.asd"), KeyError::kInvalidFormat);
    EXPECT_EQ(error_of(s, "//"), KeyError::kInvalidFormat);
    EXPECT_EQ(error_of(s, "//Alice/"), KeyError::kInvalidFormat);
    EXPECT_EQ(error_of(s, "//Alice///pass\n"), KeyError::kInvalidFormat);
    // Not a BIP-39 phrase: wrong words, wrong count, bad checksum, upper case.
    EXPECT_EQ(error_of(s, "hello world"), KeyError::kInvalidPhrase);
    EXPECT_EQ(error_of(s, "bottom drive obey lake curtain smoke basket hold race lonely fit"),
              KeyError::kInvalidPhrase);
    EXPECT_EQ(error_of(s, "bottom drive obey lake curtain smoke basket hold race lonely walk fit"),
              KeyError::kInvalidPhrase);
    EXPECT_EQ(error_of(s, "Bottom drive obey lake curtain smoke basket hold race lonely fit walk"),
              KeyError::kInvalidPhrase);
    // Hex seeds: odd length, wrong size, bad digits.
    EXPECT_EQ(error_of(s, "0x123"), KeyError::kInvalidSeed);
    EXPECT_EQ(error_of(s, "0x1234"), KeyError::kInvalidSeed);
    EXPECT_EQ(error_of(s, "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c"),
              KeyError::kInvalidSeed);
    EXPECT_EQ(error_of(s, "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a00"),
              KeyError::kInvalidSeed);
    EXPECT_EQ(error_of(s, "0xz5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a"),
              KeyError::kInvalidSeed);
    EXPECT_EQ(error_of(s, "0x e5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a"),
              KeyError::kInvalidSeed);
  }
  for (auto e : {KeyError::kInvalidFormat, KeyError::kInvalidPhrase, KeyError::kInvalidSeed,
                 KeyError::kInvalidPath}) {
    EXPECT_STRNE(to_string(e), "");
  }
}

TEST(KeyPairTest, SignVerifyRoundTrip) {
  const Bytes msg = to_bytes("Canary signs this");
  const Bytes other = to_bytes("Canary signs that");
  for (Scheme s : {Scheme::kSr25519, Scheme::kEd25519, Scheme::kEcdsa}) {
    SCOPED_TRACE(to_string(s));
    for (const char* suri : {"//Alice", "//Bob//stash"}) {
      KeyPair k = make(s, suri);
      KeyPair bob = make(s, "//Bob");
      Bytes sig = k.sign(msg);
      EXPECT_EQ(sig.size(), s == Scheme::kEcdsa ? 65u : 64u);
      EXPECT_TRUE(verify(s, sig, msg, k.public_key()));
      EXPECT_FALSE(verify(s, sig, other, k.public_key()));
      if (std::string_view(suri) != "//Bob") EXPECT_FALSE(verify(s, sig, msg, bob.public_key()));
      Bytes bad = sig;
      bad[5] ^= 0x01;
      EXPECT_FALSE(verify(s, bad, msg, k.public_key()));
      // Wrong lengths are rejected, not read past.
      EXPECT_FALSE(verify(s, Bytes(sig.begin(), sig.end() - 1), msg, k.public_key()));
      Bytes longer = sig;
      longer.push_back(0);
      EXPECT_FALSE(verify(s, longer, msg, k.public_key()));
      Bytes pub = k.public_key();
      EXPECT_FALSE(verify(s, sig, msg, Bytes(pub.begin(), pub.end() - 1)));
      EXPECT_FALSE(verify(s, {}, msg, pub));
    }
  }
  // A signature is bound to its scheme.
  KeyPair ed = make(Scheme::kEd25519, "//Alice");
  EXPECT_FALSE(verify(Scheme::kSr25519, ed.sign(msg), msg, ed.public_key()));
  // ed25519 and ecdsa sign deterministically; sr25519 does not, but both signatures verify.
  EXPECT_EQ(ed.sign(msg), ed.sign(msg));
  KeyPair ec = make(Scheme::kEcdsa, "//Alice");
  EXPECT_EQ(ec.sign(msg), ec.sign(msg));
  KeyPair sr = make(Scheme::kSr25519, "//Alice");
  EXPECT_NE(sr.sign(msg), sr.sign(msg));
  // Soft-derived sr25519 keys sign too.
  KeyPair soft = make(Scheme::kSr25519, "//Alice/soft");
  EXPECT_TRUE(verify(Scheme::kSr25519, soft.sign(msg), msg, soft.public_key()));
}

TEST(KeyPairTest, CopiesAreIndependentValues) {
  KeyPair a = make(Scheme::kSr25519, "//Alice");
  KeyPair b = a;
  a = make(Scheme::kSr25519, "//Bob");
  EXPECT_EQ(to_hex(b.public_key()),
            "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  EXPECT_TRUE(verify(Scheme::kSr25519, b.sign(to_bytes("m")), to_bytes("m"), b.public_key()));
}

TEST(KeyPairTest, SchemeNames) {
  for (Scheme s : {Scheme::kSr25519, Scheme::kEd25519, Scheme::kEcdsa}) {
    EXPECT_EQ(parse_scheme(to_string(s)), s);
  }
  EXPECT_STREQ(to_string(Scheme::kSr25519), "sr25519");
  EXPECT_STREQ(to_string(Scheme::kEd25519), "ed25519");
  EXPECT_STREQ(to_string(Scheme::kEcdsa), "ecdsa");
  EXPECT_FALSE(parse_scheme("Sr25519"));
  EXPECT_FALSE(parse_scheme("secp256k1"));
  EXPECT_FALSE(parse_scheme(""));
}

}  // namespace
}  // namespace canary::keys
