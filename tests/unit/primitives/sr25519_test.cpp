// sr25519 against published vectors: sp-core sr25519.rs tests (keys, HDKD, legacy signatures),
// polkadot-js/wasm wasm-crypto sr25519.rs tests (ed25519-format secrets, HDKD, known signatures)
// and @scure/sr25519 test/basic.test.ts (deterministic signature, soft-derived secret and VRF made
// with all-zero RNG entropy).
#include "primitives/crypto/sr25519.hpp"

#include <gtest/gtest.h>
#include <sodium/crypto_scalarmult_ristretto255.h>
#include <sodium/randombytes.h>

#include <algorithm>
#include <vector>

#include "primitives/util/hex.hpp"

namespace canary::crypto::sr25519 {
namespace {

template <size_t N>
ByteArray<N> h(std::string_view text) {
  auto r = from_hex_fixed<N>(text);
  EXPECT_TRUE(r.has_value()) << text;
  return r.value_or(ByteArray<N>{});
}

Bytes hb(std::string_view text) {
  auto r = from_hex(text);
  EXPECT_TRUE(r.has_value()) << text;
  return r.value_or(Bytes{});
}

ChainCode junction(std::string_view scale_hex) {
  ChainCode cc{};
  const Bytes b = hb(scale_hex);
  std::copy(b.begin(), b.end(), cc.begin());
  return cc;
}

const MiniSecret kDevSeed =
    h<32>("fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e");
const MiniSecret kAliceSeed =
    h<32>("e5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a");
const PublicKey kDevPublic =
    h<32>("46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a");
const PublicKey kAlicePublic =
    h<32>("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
const ByteArray<32> kZeroEntropy{};

// ---- keys ----

TEST(Sr25519Keys, MiniSecretExpansionVectors) {
  EXPECT_EQ(keypair_from_mini_secret(kAliceSeed).public_key, kAlicePublic);
  EXPECT_EQ(keypair_from_mini_secret(kDevSeed).public_key, kDevPublic);
  // sp-core sr_test_vector_should_work / seeded_pair_should_work.
  EXPECT_EQ(keypair_from_mini_secret(
                h<32>("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
                .public_key,
            h<32>("44a996beb1eef7bdcab976ab6d2ca26104834164ecf28fb375600576fcc6eb0f"));
  MiniSecret ascii{};
  const std::string_view seed = "12345678901234567890123456789012";
  std::copy(seed.begin(), seed.end(), ascii.begin());
  EXPECT_EQ(keypair_from_mini_secret(ascii).public_key,
            h<32>("741c08a06f41c596608f6774259bd9043304adfa5d3eea62760bd9be97634d63"));
}

TEST(Sr25519Keys, Ed25519FormatSecretMatchesPolkadotJs) {
  // wasm-crypto new_pair_from_known_pair: the dev seed's 64-byte secretKey.
  const ByteArray<64> dev_secret = h<64>(
      "28b0ae221c6bb06856b287f60d7ea0d98552ea5a16db16956849aa371db3eb51"
      "fd190cce74df356432b410bd64682309d6dedb27c76845daf388557cbac3ca34");
  const Keypair dev = keypair_from_mini_secret(kDevSeed);
  EXPECT_EQ(secret_to_ed25519_bytes(dev.secret), dev_secret);
  auto parsed = keypair_from_secret_bytes(dev_secret);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->public_key, kDevPublic);
  EXPECT_EQ(parsed->secret.scalar, dev.secret.scalar);
  EXPECT_EQ(parsed->secret.nonce, dev.secret.nonce);

  // @scure/sr25519 HDKD secretHard: Alice's secretKey.
  EXPECT_EQ(secret_to_ed25519_bytes(keypair_from_mini_secret(kAliceSeed).secret),
            h<64>("98319d4ff8a9508c4bb0cf0b5a78d760a0b2082c02775e6e82370816fedfff48"
                  "925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011"));
}

TEST(Sr25519Keys, SecretBytesRejectsBadInput) {
  EXPECT_EQ(keypair_from_secret_bytes(Bytes(63, 0)).error(), Error::kInvalidLength);
  EXPECT_EQ(keypair_from_secret_bytes(Bytes(65, 0)).error(), Error::kInvalidLength);
  // scalar/8 = 2^253 - 1 > l.
  Bytes too_big(64, 0xff);
  EXPECT_EQ(keypair_from_secret_bytes(too_big).error(), Error::kInvalidSecretKey);
  EXPECT_STREQ(to_string(Error::kInvalidSecretKey), "sr25519: invalid secret key");
}

// ---- HDKD ----

TEST(Sr25519Hdkd, HardJunctionAliceGivesAliceSeed) {
  // "//Alice": chain code = SCALE("Alice") zero-padded (sp-core / wasm-crypto hard_derives_pair).
  const ChainCode alice = junction("14416c696365");
  const Keypair dev = keypair_from_mini_secret(kDevSeed);
  const MiniSecret child = hard_derive_mini_secret(dev.secret, alice);
  EXPECT_EQ(child, kAliceSeed);
  EXPECT_EQ(keypair_from_mini_secret(child).public_key, kAlicePublic);
  EXPECT_NE(hard_derive_mini_secret(dev.secret, junction("10426f62")), kAliceSeed);  // "Bob"
}

TEST(Sr25519Hdkd, SoftJunctionVectors) {
  const Keypair dev = keypair_from_mini_secret(kDevSeed);
  // wasm-crypto soft_derives_public / soft_derives_pair: "/foo".
  const ChainCode foo = junction("0c666f6f");
  const PublicKey foo_public =
      h<32>("40b9675df90efa6069ff623b0fdfcf706cd47ca7452a5056c7ad58194d23440a");
  auto pub = soft_derive_public(kDevPublic, foo);
  ASSERT_TRUE(pub.has_value());
  EXPECT_EQ(*pub, foo_public);
  EXPECT_EQ(soft_derive(dev, foo).public_key, foo_public);
  // sp-core derive_soft_known_pair_should_work: DEV_PHRASE/Alice.
  const ChainCode alice = junction("14416c696365");
  const PublicKey soft_alice =
      h<32>("d6c71059dbbe9ad2b0ed3f289738b800836eb425544ce694825285b958ca755e");
  EXPECT_EQ(soft_derive(dev, alice).public_key, soft_alice);
  EXPECT_EQ(soft_derive_public(kDevPublic, alice).value_or(PublicKey{}), soft_alice);
}

TEST(Sr25519Hdkd, SoftDerivedSecretWithFixedEntropy) {
  // @scure/sr25519 HDKD secretSoft with zero entropy: ed25519-format secret ‖ public.
  const Keypair child = testing::soft_derive_with_entropy(keypair_from_mini_secret(kDevSeed),
                                                          junction("0c666f6f"), kZeroEntropy);
  const Bytes expected =
      hb("881a05a29a64c5e65982a58658f9af14a6bdaff9780e7d8ed20074cb4ce6c673"
         "b6b70c912fe74e0dfdbb5cb0fbb3a9cf2f1c3296209984792b320e96cfbab888"
         "40b9675df90efa6069ff623b0fdfcf706cd47ca7452a5056c7ad58194d23440a");
  EXPECT_EQ(concat(secret_to_ed25519_bytes(child.secret), child.public_key), expected);
}

TEST(Sr25519Hdkd, SoftDerivedKeySigns) {
  const Keypair child = soft_derive(keypair_from_mini_secret(kDevSeed), junction("0c666f6f"));
  const Signature sig = sign(child, as_bytes("child"));
  EXPECT_TRUE(verify(sig, as_bytes("child"), child.public_key));
}

TEST(Sr25519Hdkd, SoftDerivePublicRejectsInvalidPoint) {
  PublicKey bad{};
  bad.fill(0xff);
  EXPECT_EQ(soft_derive_public(bad, junction("0c666f6f")).error(), Error::kInvalidPoint);
}

// ---- signatures ----

TEST(Sr25519Sign, DeterministicVectorWithFixedEntropy) {
  // @scure/sr25519 'sign': dev seed, "this is a message", context "substrate", zero entropy.
  const Keypair dev = keypair_from_mini_secret(kDevSeed);
  const Signature sig = testing::sign_with_entropy(dev, as_bytes("this is a message"),
                                                   as_bytes(kSigningContext), kZeroEntropy);
  EXPECT_EQ(sig, h<64>("dc4831339346dc294d21dd6efa22c078b6eb6602a30fb9c67540c1fb4e20936e"
                       "17489f36dbe14aec6d2b1e56d979f7b420ca34143aca1691db0bab9535c49a86"));
  EXPECT_TRUE(verify(sig, as_bytes("this is a message"), kDevPublic));
}

TEST(Sr25519Verify, KnownPolkadotJsSignatures) {
  // wasm-crypto can_verify_known_message.
  EXPECT_TRUE(verify(h<64>("1037eb7e51613d0dcf5930ae518819c87d655056605764840d9280984e1b7063"
                           "c4566b55bf292fcab07b369d01095879b50517beca4d26e6a65866e25fec0d83"),
                     as_bytes("I hereby verify that I control "
                              "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"),
                     kAlicePublic));
  // can_verify_known_wrapped_message(_fail).
  const Signature wrapped = h<64>(
      "48ce2c90e08651adfc8ecef84e916f6d1bb51ebebd16150ee12df247841a5437"
      "951ea0f9d632ca165e6ab391532e75e701be6a1caa88c8a6bcca3511f55b4183");
  const PublicKey signer =
      h<32>("f84d048da2ddae2d9d8fd6763f469566e8817a26114f39408de15547f6d47805");
  EXPECT_TRUE(verify(wrapped, as_bytes("<Bytes>message to sign</Bytes>"), signer));
  EXPECT_FALSE(verify(wrapped, as_bytes("message to sign"), signer));
  // verify_deprecated accepts modern signatures too.
  EXPECT_TRUE(verify_deprecated(wrapped, as_bytes("<Bytes>message to sign</Bytes>"), signer));
  EXPECT_FALSE(verify_deprecated(wrapped, as_bytes("message to sign"), signer));
}

TEST(Sr25519Verify, LegacySignaturesOnlyViaDeprecated) {
  // sp-core verify_known_old_message_should_work.
  const Signature old_sig = h<64>(
      "5a9755f069939f45d96aaf125cf5ce7ba1db998686f87f2fb3cbdea922078741"
      "a73891ba265f70c31436e18a9acd14d189d73c12317ab6c313285cd938453202");
  const PublicKey old_pub =
      h<32>("b4bfa1f7a5166695eb75299fd1c4c03ea212871c342f2c5dfea0902b2c246918");
  const auto msg = as_bytes(
      "Verifying that I am the owner of 5G9hQLdsKQswNPgB499DeA5PkFBbgkLPJWkkS6FAM6xGQ8xD. "
      "Hash: 221455a3\n");
  EXPECT_TRUE(verify_deprecated(old_sig, msg, old_pub));
  EXPECT_FALSE(verify(old_sig, msg, old_pub));
  EXPECT_FALSE(verify_deprecated(old_sig, as_bytes("other"), old_pub));

  // sp-core verify_from_old_wasm_works: the all-zero seed, message "SUBSTRATE".
  const PublicKey zero_pub = keypair_from_mini_secret(MiniSecret{}).public_key;
  const Signature js_sig = h<64>(
      "28a854d54903e056f89581c691c1f7d2ff39f8f896c9e9c22475e60902cc2b35"
      "47199e0e91fa32902028f2ca2355e8cdd16cfe19ba5e8b658c94aa80f3b81a00");
  EXPECT_TRUE(verify_deprecated(js_sig, as_bytes("SUBSTRATE"), zero_pub));
  EXPECT_FALSE(verify(js_sig, as_bytes("SUBSTRATE"), zero_pub));
  Signature tampered = js_sig;
  tampered[5] ^= 1;
  EXPECT_FALSE(verify_deprecated(tampered, as_bytes("SUBSTRATE"), zero_pub));
}

TEST(Sr25519Sign, RoundTripAndTampering) {
  const Keypair pair = keypair_from_mini_secret(kAliceSeed);
  const auto msg = as_bytes("Signed payload");
  const Signature sig = sign(pair, msg);
  EXPECT_NE(sig[63] & 0x80, 0);
  EXPECT_TRUE(verify(sig, msg, pair.public_key));
  EXPECT_NE(sign(pair, msg), sig);  // randomised nonces

  EXPECT_FALSE(verify(sig, as_bytes("Signed payloaD"), pair.public_key));
  EXPECT_FALSE(verify(sig, msg, kDevPublic));
  EXPECT_FALSE(verify(sig, msg, pair.public_key, as_bytes("polkadot")));
  for (size_t i : {0u, 2u, 31u, 32u, 50u, 62u}) {
    Signature bad = sig;
    bad[i] ^= 0x01;
    EXPECT_FALSE(verify(bad, msg, pair.public_key)) << i;
    EXPECT_FALSE(verify_deprecated(bad, msg, pair.public_key)) << i;
  }
  Signature unmarked = sig;
  unmarked[63] &= 0x7f;
  EXPECT_FALSE(verify(unmarked, msg, pair.public_key));

  // Other contexts work when both sides agree.
  const Signature ctx_sig = sign(pair, msg, as_bytes("my context"));
  EXPECT_TRUE(verify(ctx_sig, msg, pair.public_key, as_bytes("my context")));
  EXPECT_FALSE(verify(ctx_sig, msg, pair.public_key));
}

TEST(Sr25519Verify, RejectsNonCanonicalScalarAndBadKeys) {
  const Keypair pair = keypair_from_mini_secret(kDevSeed);
  const auto msg = as_bytes("m");
  const Signature sig = sign(pair, msg);
  // s + l is the same residue but not canonical.
  Signature plus_l = sig;
  ByteArray<32> s{};
  std::copy(sig.begin() + 32, sig.end(), s.begin());
  s[31] &= 0x7f;
  const ByteArray<32> l = h<32>("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {
    const unsigned v = unsigned{s[i]} + l[i] + carry;
    plus_l[32 + i] = static_cast<uint8_t>(v);
    carry = v >> 8;
  }
  ASSERT_EQ(carry, 0u);
  ASSERT_EQ(plus_l[63] & 0x80, 0);
  plus_l[63] |= 0x80;
  EXPECT_FALSE(verify(plus_l, msg, pair.public_key));
  EXPECT_FALSE(verify_deprecated(plus_l, msg, pair.public_key));

  PublicKey not_a_point{};
  not_a_point.fill(0xff);
  EXPECT_FALSE(verify(sig, msg, not_a_point));
  EXPECT_FALSE(verify_deprecated(sig, msg, not_a_point));
  PublicKey edwards_not_ristretto = kDevPublic;  // flipping the sign bit breaks canonicity
  edwards_not_ristretto[0] ^= 1;
  EXPECT_FALSE(verify(sig, msg, edwards_not_ristretto));
}

TEST(Sr25519Verify, IdentityPublicKeyIsHandledLikeSchnorrkel) {
  // schnorrkel accepts the identity as a public key; then R = s·B is the whole equation and any
  // (s·B, s) verifies. libsodium reports k·identity as an error, which must not leak through as
  // a rejection (nor crash).
  SecretKey s{};
  s.scalar[0] = 42;
  const PublicKey r = public_from_secret(s);
  Signature sig{};
  std::copy(r.begin(), r.end(), sig.begin());
  sig[32] = 42;
  sig[63] |= 0x80;
  const PublicKey identity{};
  EXPECT_TRUE(verify(sig, as_bytes("anything"), identity));
  sig[32] = 43;
  EXPECT_FALSE(verify(sig, as_bytes("anything"), identity));
  // s = 0 makes s·B the identity too: R must then be the identity encoding.
  Signature zero{};
  zero[63] = 0x80;
  EXPECT_TRUE(verify(zero, as_bytes("x"), identity));
  EXPECT_FALSE(verify(zero, as_bytes("x"), kDevPublic));
}

TEST(Sr25519Verify, TopBitEncodingsAreRejectedLikeSchnorrkel) {
  // libsodium 1.0.18 decodes ristretto255 ignoring bit 255; RFC 9496 and schnorrkel (dalek's
  // canonical-encoding check) reject it. A signature made over such a key's bytes must not verify.
  const Keypair pair = keypair_from_mini_secret(kDevSeed);
  const auto msg = as_bytes("m");
  Keypair high = pair;
  high.public_key[31] |= 0x80;
  const Signature sig = sign(high, msg);  // transcript over the non-canonical key bytes
  EXPECT_FALSE(verify(sig, msg, high.public_key));
  EXPECT_FALSE(verify_deprecated(sig, msg, high.public_key));
  EXPECT_TRUE(verify(sign(pair, msg), msg, pair.public_key));
  EXPECT_EQ(soft_derive_public(high.public_key, junction("0c666f6f")).error(),
            Error::kInvalidPoint);

  const auto [io, vrf_sig] = vrf_sign(pair, Transcript("t"));
  VrfSignature high_out = vrf_sig;
  high_out.pre_output[31] |= 0x80;
  EXPECT_EQ(vrf_verify(pair.public_key, Transcript("t"), high_out).error(), Error::kInvalidPoint);
  EXPECT_EQ(vrf_verify(high.public_key, Transcript("t"), vrf_sig).error(), Error::kInvalidPoint);
}

TEST(Sr25519Verify, RandomKeysMessagesAndCorruptions) {
  // The half-size-scalar verification equation against many honest signatures (both signs of the
  // short multiple and all sizes of challenge occur) and single-bit corruptions.
  for (int i = 0; i < 200; ++i) {
    MiniSecret seed;
    randombytes_buf(seed.data(), seed.size());
    const Keypair pair = keypair_from_mini_secret(seed);
    Bytes msg(static_cast<size_t>(i % 40));
    if (!msg.empty()) randombytes_buf(msg.data(), msg.size());
    const Signature sig = sign(pair, msg);
    ASSERT_TRUE(verify(sig, msg, pair.public_key)) << i;
    ASSERT_TRUE(verify_deprecated(sig, msg, pair.public_key)) << i;
    Signature bad = sig;
    const size_t bit = randombytes_uniform(511);  // not the marker bit
    bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(verify(bad, msg, pair.public_key)) << i << " bit " << bit;
    PublicKey other = pair.public_key;
    other[randombytes_uniform(32)] ^= static_cast<uint8_t>(1u << randombytes_uniform(8));
    EXPECT_FALSE(verify(sig, msg, other)) << i;
  }
}

// ---- batches ----

struct SignedBatch {
  std::vector<Bytes> messages;
  std::vector<SignedMessage> items;
};

SignedBatch honest_batch(size_t n) {
  SignedBatch batch;
  batch.messages.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    MiniSecret seed;
    randombytes_buf(seed.data(), seed.size());
    const Keypair pair = keypair_from_mini_secret(seed);
    Bytes& msg = batch.messages.emplace_back(i % 50);
    if (!msg.empty()) randombytes_buf(msg.data(), msg.size());
    batch.items.push_back({sign(pair, msg), msg, pair.public_key});
  }
  return batch;
}

TEST(Sr25519Batch, HonestBatchesOfEverySizeVerify) {
  EXPECT_TRUE(verify_batch({}));
  for (const size_t n : {size_t{1}, size_t{2}, size_t{16}, size_t{300}}) {
    const SignedBatch batch = honest_batch(n);
    EXPECT_TRUE(verify_batch(batch.items)) << n;
  }
}

TEST(Sr25519Batch, OneBadSignatureFailsTheBatchWhereverItIs) {
  SignedBatch batch = honest_batch(40);
  for (const size_t at : {size_t{0}, size_t{17}, size_t{39}}) {
    // A corrupted bit of R or s (not the marker), another message, another key.
    for (int kind = 0; kind < 3; ++kind) {
      std::vector<SignedMessage> items = batch.items;
      const Bytes other_message{1, 2, 3};
      if (kind == 0) {
        const size_t bit = randombytes_uniform(511);
        items[at].signature[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      } else if (kind == 1) {
        items[at].message = other_message;
      } else {
        items[at].public_key = items[(at + 1) % items.size()].public_key;
      }
      EXPECT_FALSE(verify_batch(items)) << at << " kind " << kind;
      // verify() agrees on the bad one alone.
      EXPECT_FALSE(verify(items[at].signature, items[at].message, items[at].public_key));
    }
  }
}

TEST(Sr25519Batch, SameRulesAsVerify) {
  const Keypair pair = keypair_from_mini_secret(kDevSeed);
  const auto msg = as_bytes("m");
  const SignedMessage good{sign(pair, msg), msg, pair.public_key};
  // An unmarked signature: verify_deprecated's business, never the strict batch's.
  SignedMessage unmarked = good;
  unmarked.signature[63] &= 0x7f;
  EXPECT_FALSE(verify_batch(std::vector{good, unmarked}));
  // A key that is not a point.
  SignedMessage not_a_point = good;
  not_a_point.public_key.fill(0xff);
  EXPECT_FALSE(verify_batch(std::vector{not_a_point, good}));
  // The identity as a key with R = s·B, which schnorrkel accepts: the batch does too.
  SecretKey secret{};
  secret.scalar[0] = 42;
  const PublicKey r = public_from_secret(secret);
  Signature sig{};
  std::copy(r.begin(), r.end(), sig.begin());
  sig[32] = 42;
  sig[63] |= 0x80;
  const SignedMessage identity_key{sig, as_bytes("anything"), PublicKey{}};
  ASSERT_TRUE(verify(identity_key.signature, identity_key.message, identity_key.public_key));
  EXPECT_TRUE(verify_batch(std::vector{good, identity_key}));
  // Another context.
  const SignedMessage other_context{sign(pair, msg, as_bytes("other")), msg, pair.public_key};
  EXPECT_FALSE(verify_batch(std::vector{other_context}));
  EXPECT_TRUE(verify_batch(std::vector{other_context}, as_bytes("other")));
}

TEST(Sr25519Batch, TwoBadSignaturesDoNotCancel) {
  // Swapping the s of two signatures keeps Σ s_i; the weights make the batch fail all the same.
  SignedBatch batch = honest_batch(8);
  std::swap_ranges(batch.items[2].signature.begin() + 32, batch.items[2].signature.end(),
                   batch.items[5].signature.begin() + 32);
  EXPECT_FALSE(verify_batch(batch.items));
}

// ---- VRF ----

Transcript babe_transcript(uint64_t slot) {
  Transcript t("BABE");
  t.append_u64("slot number", slot);
  t.append_u64("current epoch", 7);
  t.append_message("chain randomness", ByteArray<32>{});
  return t;
}

TEST(Sr25519Vrf, PolkadotJsVectorWithFixedEntropy) {
  // @scure/sr25519 VRF 'basic' (same transcripts as wasm-crypto ext_vrf_sign).
  auto pair = keypair_from_secret_bytes(
      hb("3852c0aededc177c4d8062b26b3faa8cfdb4d6421caba203f6656ff5beae644b"
         "e19e8afd6be36a4ebae0628d2c113a0b961e77ef51342cb2043c10c24eba7c48"));
  ASSERT_TRUE(pair.has_value());
  const auto msg = as_bytes("this is a message");
  const auto ctx = as_bytes("my VRF context");
  const auto extra = as_bytes("extra param");
  const ByteArray<96> out = testing::vrf_sign_js_with_entropy(*pair, msg, ctx, extra, kZeroEntropy);
  EXPECT_EQ(out, h<96>("a0eb55b1e206d16625d36987f6a9d16fce4190e427d017dbfad583ab7838e54b"
                       "f074081c406ec5317a4b880c093c51e82553dfcaca729a91c5b11864a3ee6b04"
                       "741ed242be10c99afafe501bd3d07cbaa0242d54bdf8009c59511d59fde83406"));
  EXPECT_TRUE(vrf_verify_js(msg, out, pair->public_key, ctx, extra));
  EXPECT_FALSE(vrf_verify_js(as_bytes("this is a message1"), out, pair->public_key, ctx, extra));
  EXPECT_FALSE(vrf_verify_js(msg, out, pair->public_key, ctx, {}));
  EXPECT_FALSE(vrf_verify_js(msg, out, kDevPublic, ctx, extra));

  // Random proofs: same output, different proof, both verify; empty extra is not appended.
  const ByteArray<96> r1 = vrf_sign_js(*pair, msg, ctx, extra);
  const ByteArray<96> r2 = vrf_sign_js(*pair, msg, ctx, extra);
  EXPECT_TRUE(std::equal(r1.begin(), r1.begin() + 32, out.begin()));
  EXPECT_NE(r1, r2);
  EXPECT_TRUE(vrf_verify_js(msg, r1, pair->public_key, ctx, extra));
  EXPECT_TRUE(vrf_verify_js(msg, r2, pair->public_key, ctx, extra));
  const ByteArray<96> no_extra = vrf_sign_js(*pair, msg, ctx);
  EXPECT_TRUE(vrf_verify_js(msg, no_extra, pair->public_key, ctx));
  EXPECT_FALSE(vrf_verify_js(msg, no_extra, pair->public_key, ctx, extra));
}

TEST(Sr25519Vrf, SignVerifyRoundTrip) {
  const Keypair pair = keypair_from_mini_secret(kAliceSeed);
  const auto [io, sig] = vrf_sign(pair, babe_transcript(270170680));
  EXPECT_EQ(sig.pre_output, io.output);
  auto verified = vrf_verify(pair.public_key, babe_transcript(270170680), sig);
  ASSERT_TRUE(verified.has_value()) << to_string(verified.error());
  EXPECT_EQ(*verified, io);

  // The output is a function of key and transcript only; the proof is randomised.
  const auto [io2, sig2] = vrf_sign(pair, babe_transcript(270170680));
  EXPECT_EQ(io2, io);
  EXPECT_NE(sig2.proof, sig.proof);
  EXPECT_EQ(vrf_compute_inout(pair, babe_transcript(270170680)), io);
  EXPECT_NE(vrf_compute_inout(pair, babe_transcript(270170681)).output, io.output);

  ByteArray<16> a{}, b{};
  vrf_make_bytes(io, as_bytes("substrate-babe-vrf"), a);
  vrf_make_bytes(*verified, as_bytes("substrate-babe-vrf"), b);
  EXPECT_EQ(a, b);
  vrf_make_bytes(io, as_bytes("other"), b);
  EXPECT_NE(a, b);

  EXPECT_EQ(vrf_verify(pair.public_key, babe_transcript(270170681), sig).error(),
            Error::kEquationFalse);
  EXPECT_EQ(vrf_verify(kDevPublic, babe_transcript(270170680), sig).error(), Error::kEquationFalse);
}

TEST(Sr25519Vrf, ExtraTranscriptIsSigned) {
  const Keypair pair = keypair_from_mini_secret(kDevSeed);
  Transcript extra("extra");
  extra.append_message("domain2", as_bytes("data2"));
  const auto [io, sig] = vrf_sign_extra(pair, babe_transcript(1), extra);
  EXPECT_TRUE(vrf_verify_extra(pair.public_key, babe_transcript(1), sig, extra).has_value());
  EXPECT_FALSE(vrf_verify(pair.public_key, babe_transcript(1), sig).has_value());
  Transcript other("extra");
  other.append_message("domain2", as_bytes("data3"));
  EXPECT_FALSE(vrf_verify_extra(pair.public_key, babe_transcript(1), sig, other).has_value());
  EXPECT_EQ(vrf_sign(pair, babe_transcript(1)).first, io);  // extra does not change the output
}

TEST(Sr25519Vrf, MalformedSignaturesAreRejected) {
  const Keypair pair = keypair_from_mini_secret(kDevSeed);
  const auto [io, sig] = vrf_sign(pair, babe_transcript(5));
  for (size_t i : {0u, 17u, 31u, 32u, 45u}) {
    VrfSignature bad = sig;
    bad.proof[i] ^= 0x01;
    EXPECT_FALSE(vrf_verify(pair.public_key, babe_transcript(5), bad).has_value()) << i;
  }
  VrfSignature bad_out = sig;
  bad_out.pre_output[3] ^= 0x10;
  EXPECT_FALSE(vrf_verify(pair.public_key, babe_transcript(5), bad_out).has_value());

  VrfSignature identity = sig;
  identity.pre_output.fill(0);
  EXPECT_EQ(vrf_verify(pair.public_key, babe_transcript(5), identity).error(),
            Error::kIdentityPoint);
  VrfSignature not_point = sig;
  not_point.pre_output.fill(0xff);
  EXPECT_EQ(vrf_verify(pair.public_key, babe_transcript(5), not_point).error(),
            Error::kInvalidPoint);
  VrfSignature big_c = sig;
  std::fill(big_c.proof.begin(), big_c.proof.begin() + 32, 0xff);
  EXPECT_EQ(vrf_verify(pair.public_key, babe_transcript(5), big_c).error(),
            Error::kNonCanonicalScalar);
  VrfSignature big_s = sig;
  std::fill(big_s.proof.begin() + 32, big_s.proof.end(), 0xff);
  EXPECT_EQ(vrf_verify(pair.public_key, babe_transcript(5), big_s).error(),
            Error::kNonCanonicalScalar);
  VrfSignature zero_proof = sig;  // c = s = 0: identity products must not crash
  zero_proof.proof.fill(0);
  EXPECT_EQ(vrf_verify(pair.public_key, babe_transcript(5), zero_proof).error(),
            Error::kEquationFalse);
  PublicKey bad_key{};
  bad_key.fill(0xff);
  EXPECT_EQ(vrf_verify(bad_key, babe_transcript(5), sig).error(), Error::kInvalidPoint);
  EXPECT_FALSE(vrf_verify(PublicKey{}, babe_transcript(5), sig).has_value());
}

TEST(Sr25519Vrf, OutputIsSecretTimesInput) {
  // Cross-check the in/out pair with libsodium directly: output == scalar · input.
  const Keypair pair = keypair_from_mini_secret(kAliceSeed);
  const VrfInOut io = vrf_compute_inout(pair, babe_transcript(9));
  ByteArray<32> expected{};
  ASSERT_EQ(
      crypto_scalarmult_ristretto255(expected.data(), pair.secret.scalar.data(), io.input.data()),
      0);
  EXPECT_EQ(io.output, expected);
}

}  // namespace
}  // namespace canary::crypto::sr25519
