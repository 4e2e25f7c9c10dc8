#include "network/libp2p/peer_id.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <unordered_set>

#include "network/proto/keys.pb.h"
#include "primitives/util/hex.hpp"

namespace canary::network {
namespace {

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}

crypto::ed25519::PublicKey ed25519_key(std::string_view text) {
  return from_hex_fixed<32>(text).value();
}

proto::PublicKey parse_envelope(std::string_view text) {
  const Bytes bytes = hex(text);
  proto::PublicKey key;
  EXPECT_TRUE(key.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
  return key;
}

// Substrate's docs: `--node-key 0000…0001` (the ed25519 secret seed) runs the node as
// 12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp. The public key is derived twice, by
// libsodium directly and by our ed25519 code.
TEST(PeerId, SubstrateDevNodeKey) {
  crypto::ed25519::Seed seed{};
  seed[31] = 1;
  ASSERT_GE(sodium_init(), 0);
  uint8_t sodium_public[crypto_sign_PUBLICKEYBYTES];
  uint8_t sodium_secret[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(sodium_public, sodium_secret, seed.data());
  const crypto::ed25519::Keypair keypair = crypto::ed25519::keypair_from_seed(seed);
  ASSERT_TRUE(std::equal(keypair.public_key.begin(), keypair.public_key.end(), sodium_public));
  EXPECT_EQ(keypair.public_key,
            ed25519_key("4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29"));

  const PeerId id = PeerId::from_ed25519(keypair.public_key);
  EXPECT_EQ(id.to_base58(), "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp");
  EXPECT_EQ(id.ed25519_public_key(), keypair.public_key);
}

// libp2p specs, peer-ids, test vectors: the ed25519 private key envelope holds seed ‖ public key,
// and the public key envelope 08 01 12 20 ‖ key is what the identity multihash inlines.
TEST(PeerId, SpecEd25519VectorIsInlined) {
  const Bytes private_envelope = hex(
      "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2c4a144b8be"
      "8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
  crypto::ed25519::Seed seed{};
  std::copy(private_envelope.begin() + 4, private_envelope.begin() + 36, seed.begin());
  const auto public_key = crypto::ed25519::keypair_from_seed(seed).public_key;
  EXPECT_TRUE(std::equal(public_key.begin(), public_key.end(), private_envelope.begin() + 36));

  const PeerId id = PeerId::from_ed25519(public_key);
  EXPECT_EQ(id.bytes(),
            concat(hex("0024"), hex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3ca"
                                    "cf6010f0e42d474fce27e")));
  EXPECT_EQ(id.to_base58(), "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
  EXPECT_EQ(id, PeerId::from_public_key(parse_envelope(
                    "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e")));
}

TEST(PeerId, SecpKeyIsInlinedAndEcdsaKeyIsHashed) {
  // 37-byte envelope: at most 42, identity multihash; no ed25519 key in it.
  const PeerId secp = PeerId::from_public_key(
      parse_envelope("08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99"));
  EXPECT_EQ(secp.bytes().size(), 2u + 37u);
  EXPECT_EQ(secp.to_base58(), "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY");
  EXPECT_EQ(secp.ed25519_public_key(), std::nullopt);

  // 95-byte envelope: sha2-256 (digest computed with Python's hashlib).
  const PeerId ecdsa = PeerId::from_public_key(parse_envelope(
      "0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004de3d300fa36ae0e8f5d530899d83ab"
      "ab44abf3161f162a4bc901d8e6ecda020e8b6d5f8da30525e71d6851510c098e5c47c646a597fb4dcec034e9f7"
      "7c409e62"));
  EXPECT_EQ(ecdsa.bytes(),
            hex("122068362c312e155f4f7290b67f5cd094a22a0a4fbf20efd8c287934419350d36f7"));
  EXPECT_EQ(ecdsa.to_base58(), "QmVMT29id3TUASyfZZ6k9hmNyc2nYabCo4uMSpDw4zrgDk");
  EXPECT_EQ(ecdsa.ed25519_public_key(), std::nullopt);
}

// A key parsed with fields we do not know still maps to the PeerId of its canonical encoding.
TEST(PeerId, UnknownEnvelopeFieldsDoNotChangeThePeerId) {
  const proto::PublicKey with_extra = parse_envelope(
      "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"
      "1801");  // field 3 = 1
  EXPECT_EQ(PeerId::from_public_key(with_extra).to_base58(),
            "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
}

TEST(PeerId, ParsesTheSpecTextExamples) {
  const auto ed = PeerId::from_base58("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
  ASSERT_TRUE(ed);
  EXPECT_EQ(ed->bytes().size(), 38u);
  EXPECT_EQ(ed->bytes()[0], 0x00);
  ASSERT_TRUE(ed->ed25519_public_key());
  EXPECT_EQ(PeerId::from_ed25519(*ed->ed25519_public_key()), *ed);
  EXPECT_EQ(ed->to_base58(), "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");

  const auto hashed = PeerId::from_base58("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
  ASSERT_TRUE(hashed);
  EXPECT_EQ(hashed->bytes().size(), 34u);
  EXPECT_EQ(hashed->bytes()[0], 0x12);
  EXPECT_EQ(hashed->bytes()[1], 0x20);
  EXPECT_EQ(hashed->ed25519_public_key(), std::nullopt);
  EXPECT_EQ(hashed->to_base58(), "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
}

TEST(PeerId, RefusesBadText) {
  EXPECT_EQ(PeerId::from_base58("12D3KooW0").error(), PeerIdError::kInvalidBase58);  // '0'
  EXPECT_EQ(PeerId::from_base58("").error(), PeerIdError::kInvalidMultihash);
  EXPECT_EQ(PeerId::from_base58(std::string(200, '2')).error(), PeerIdError::kInvalidMultihash);
  // A valid ed25519 PeerId with its last character dropped: the length no longer matches.
  EXPECT_EQ(PeerId::from_base58("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5S").error(),
            PeerIdError::kInvalidMultihash);
}

TEST(PeerId, ValidatesTheMultihash) {
  EXPECT_TRUE(PeerId::from_bytes(hex("0000")));  // empty identity: rust-libp2p takes it
  EXPECT_TRUE(PeerId::from_bytes(concat(hex("002a"), Bytes(42, 7))));  // 42: the inline limit
  EXPECT_EQ(PeerId::from_bytes(concat(hex("002b"), Bytes(43, 7))).error(),
            PeerIdError::kUnsupportedHash);
  EXPECT_EQ(PeerId::from_bytes(concat(hex("1210"), Bytes(16, 7))).error(),
            PeerIdError::kUnsupportedHash);  // sha2-256 with a 16-byte digest
  EXPECT_EQ(PeerId::from_bytes(concat(hex("1320"), Bytes(32, 7))).error(),
            PeerIdError::kUnsupportedHash);  // sha2-512 code
  EXPECT_EQ(PeerId::from_bytes(concat(hex("1220"), Bytes(31, 7))).error(),
            PeerIdError::kInvalidMultihash);  // digest shorter than its length
  EXPECT_EQ(PeerId::from_bytes(concat(hex("1220"), Bytes(33, 7))).error(),
            PeerIdError::kInvalidMultihash);  // trailing byte
  EXPECT_EQ(PeerId::from_bytes({}).error(), PeerIdError::kInvalidMultihash);
  EXPECT_EQ(PeerId::from_bytes(hex("8000")).error(), PeerIdError::kInvalidMultihash);  // varint
}

TEST(PeerId, Ed25519KeyOnlyFromTheCanonicalEnvelope) {
  // Identity multihash of 36 bytes whose envelope claims type 2 (secp256k1): no ed25519 key.
  const auto other = PeerId::from_bytes(concat(hex("002408021220"), Bytes(32, 9)));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->ed25519_public_key(), std::nullopt);
}

TEST(PeerId, HashesAndOrdersByBytes) {
  crypto::ed25519::PublicKey a{};
  crypto::ed25519::PublicKey b{};
  b[0] = 1;
  std::unordered_set<PeerId> set{PeerId::from_ed25519(a), PeerId::from_ed25519(b),
                                 PeerId::from_ed25519(a)};
  EXPECT_EQ(set.size(), 2u);
  EXPECT_LT(PeerId::from_ed25519(a), PeerId::from_ed25519(b));
}

}  // namespace
}  // namespace canary::network
