#include "primitives/crypto/ed25519.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "primitives/crypto/ed25519_zip215.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"

namespace canary::crypto::ed25519 {
namespace {

template <size_t N>
ByteArray<N> arr(std::string_view hex) {
  auto r = from_hex_fixed<N>(hex);
  EXPECT_TRUE(r.has_value()) << hex;
  return r.value_or(ByteArray<N>{});
}

Bytes bytes(std::string_view hex) {
  auto r = from_hex(hex);
  EXPECT_TRUE(r.has_value()) << hex;
  return r.value_or(Bytes{});
}

Signature make_sig(const ByteArray<32>& r, const ByteArray<32>& s) {
  Signature sig{};
  std::copy(r.begin(), r.end(), sig.begin());
  std::copy(s.begin(), s.end(), sig.begin() + 32);
  return sig;
}

bool sodium_verify(const Signature& sig, ByteSpan msg, const PublicKey& pk) {
  static const uint8_t kEmpty = 0;
  return crypto_sign_verify_detached(sig.data(), msg.empty() ? &kEmpty : msg.data(), msg.size(),
                                     pk.data()) == 0;
}

struct Rfc8032Vector {
  const char* seed;
  const char* public_key;
  const char* message;
  const char* signature;
};

// RFC 8032 §7.1 TEST 1, 2, 3 and TEST SHA(abc).
const Rfc8032Vector kRfc8032[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
     "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"},
};

TEST(Ed25519, Rfc8032VectorsSignAndVerify) {
  for (const auto& v : kRfc8032) {
    SCOPED_TRACE(v.seed);
    const Keypair kp = keypair_from_seed(arr<32>(v.seed));
    EXPECT_EQ(kp.seed, arr<32>(v.seed));
    EXPECT_EQ(kp.public_key, arr<32>(v.public_key));
    const Bytes msg = bytes(v.message);
    const Signature expected = arr<64>(v.signature);
    EXPECT_EQ(sign(kp, msg), expected);
    EXPECT_TRUE(verify(expected, msg, kp.public_key));
    // The slow path on its own must agree on honest signatures.
    EXPECT_TRUE(verify_zip215(expected, msg, kp.public_key));
  }
}

TEST(Ed25519, TamperedInputsFailOnBothPaths) {
  for (const auto& v : kRfc8032) {
    SCOPED_TRACE(v.seed);
    const PublicKey pk = arr<32>(v.public_key);
    const Bytes msg = bytes(v.message);
    const Signature sig = arr<64>(v.signature);
    for (size_t byte : {0u, 17u, 31u, 32u, 45u, 62u}) {
      Signature bad = sig;
      bad[byte] ^= 0x01;
      EXPECT_FALSE(verify(bad, msg, pk)) << byte;
      EXPECT_FALSE(verify_zip215(bad, msg, pk)) << byte;
    }
    Bytes other = msg;
    other.push_back(0x00);
    EXPECT_FALSE(verify(sig, other, pk));
    EXPECT_FALSE(verify_zip215(sig, other, pk));
    PublicKey wrong = pk;
    wrong[3] ^= 0x40;
    EXPECT_FALSE(verify(sig, msg, wrong));
    EXPECT_FALSE(verify_zip215(sig, msg, wrong));
  }
}

// sp-core ed25519.rs tests `test_vector_should_work`, `seeded_pair_should_work`,
// `seed_and_derive_should_work`.
TEST(Ed25519, SpCoreVectors) {
  const Keypair kp = keypair_from_seed(
      arr<32>("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  EXPECT_EQ(to_hex(kp.public_key),
            "0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(to_hex(sign(kp, {})),
            "0xe5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61"
            "e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

  Seed seed{};
  const std::string text = "12345678901234567890123456789012";
  std::copy(text.begin(), text.end(), seed.begin());
  const Keypair seeded = keypair_from_seed(seed);
  EXPECT_EQ(to_hex(seeded.public_key),
            "0x2f8c6129d816cf51c374bc7f08c3e63ed156cf78aefb4a6550d97b87997977ee");
  const Bytes message = bytes(
      "2f8c6129d816cf51c374bc7f08c3e63ed156cf78aefb4a6550d97b87997977ee00000000000000000200d75a98"
      "0182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a4500000000000000");
  const Signature sig = sign(seeded, message);
  EXPECT_TRUE(verify(sig, message, seeded.public_key));
  EXPECT_FALSE(verify(sig, as_bytes("Other message"), seeded.public_key));

  EXPECT_EQ(to_hex(hard_derive(kp.seed, ChainCode{})),
            "0xede3354e133f9c8e337ddd6ee5415ed4b4ffe5fc7d21e933f4930a3730e5b21c");
}

// `//Alice` from the dev phrase: the BIP-39 mini-secret, one hard junction with the chain code
// SCALE("Alice") zero-padded to 32 bytes. Expected values as printed by
// `subkey inspect --scheme ed25519 //Alice` (and Alice's GRANDPA key in dev genesis).
TEST(Ed25519, DevAliceDerivation) {
  const Seed mini_secret =
      arr<32>("fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e");
  ChainCode cc{};
  const Bytes scale_alice = bytes("14416c696365");
  std::copy(scale_alice.begin(), scale_alice.end(), cc.begin());
  const Seed alice = hard_derive(mini_secret, cc);
  EXPECT_EQ(to_hex(alice), "0xabf8e5bdbe30c65656c0a3cbd181ff8a56294a69dfedd27982aace4a76909115");
  EXPECT_EQ(to_hex(keypair_from_seed(alice).public_key),
            "0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee");
}

TEST(Ed25519, SignIgnoresTamperedPublicKeyField) {
  Keypair kp = keypair_from_seed(arr<32>(kRfc8032[1].seed));
  const Bytes msg = bytes("72");
  const Signature honest = sign(kp, msg);
  kp.public_key[0] ^= 1;
  EXPECT_EQ(sign(kp, msg), honest);
}

// sp-io lib.rs test `use_dalek_ext_works`: under zebra (ZIP-215) rules the all-zero signature
// verifies against the all-zero public key on the empty message (A and R are the same point of
// order 4, s = 0). libsodium rejects it, so this goes through our slow path.
TEST(Ed25519, ZeroSignatureZeroKeyVerifiesUnderZip215) {
  const Signature sig{};
  const PublicKey pk{};
  EXPECT_FALSE(sodium_verify(sig, {}, pk));
  EXPECT_TRUE(verify(sig, {}, pk));
  EXPECT_TRUE(verify_zip215(sig, {}, pk));
  // sp-io `dalek_should_not_panic_on_invalid_signature`: a non-canonical s is rejected.
  Signature bad{};
  bad[63] = 0xe0;
  EXPECT_FALSE(verify(bad, {}, pk));
}

// The 12 cases of Chalkias, Garillot, Nikolaenko, "Taming the many EdDSAs" (ed25519-speccheck
// cases.json), with the outcomes the paper's table lists for Zebra (= ZIP-215):
// V V V V V V X X X V V V.
TEST(Ed25519, SpeccheckVectorsMatchZip215) {
  struct Case {
    const char* message;
    const char* public_key;
    const char* signature;
    bool valid;
  };
  const Case cases[] = {
      {"8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6",
       "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
       "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
       "0000000000000000000000000000000000000000000000000000000000000000",
       true},
      {"9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
       "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
       "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43"
       "a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
       true},
      {"aebf3f2601a0c8c5d39cc7d8911642f740b78168218da8471772b35f9d35b9ab",
       "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
       "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"
       "8c4bd45aecaca5b24fb97bc10ac27ac8751a7dfe1baff8b953ec9f5833ca260e",
       true},
      {"9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
       "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
       "9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f"
       "87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009",
       true},
      {"e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
       "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
       "160a1cb0dc9c0258cd0a7d23e94d8fa878bcb1925f2c64246b2dee1796bed512"
       "5ec6bc982a269b723e0668e540911a9a6a58921d6925e434ab10aa7940551a09",
       true},
      {"e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
       "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
       "21122a84e0b5fca4052f5b1235c80a537878b38f3142356b2c2384ebad4668b7"
       "e40bc836dac0f71076f9abe3a53f9c03c1ceeeddb658d0030494ace586687405",
       true},
      {"85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
       "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
       "e96f66be976d82e60150baecff9906684aebb1ef181f67a7189ac78ea23b6c0e"
       "547f7690a0e2ddcd04d87dbc3490dc19b3b3052f7ff0538cb68afb369ba3a514",
       false},  // s > L
      {"85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
       "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
       "8ce5b96c8f26d0ab6c47958c9e68b937104cd36e13c33566acd2fe8d38aa1942"
       "7e71f98a473474f2f13f06f97c20d58cc3f54b8bd0d272f42b695dd7e89a8c22",
       false},  // s >> L
      {"9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
       "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
       "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
       "03be9678ac102edcd92b0210bb34d7428d12ffc5df5f37e359941266a4e35f0f",
       false},  // non-canonical R, but k was computed over the reduced encoding
      {"9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
       "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
       "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
       "ca8c5b64cd208982aa38d4936621a4775aa233aa0505711d8fdcfdaa943d4908",
       true},  // non-canonical R, k over the bytes as given
      {"e96b7021eb39c1a163b6da4e3093dcd3f21387da4cc4572be588fafae23c155b",
       "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
       "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dc"
       "a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
       true},  // non-canonical small-order A
      {"39a591f5321bbe07fd5a23dc2f39d025d74526615746727ceefd6e82ae65c06f",
       "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
       "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dc"
       "a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
       true},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    SCOPED_TRACE(i);
    const Case& c = cases[i];
    const Bytes msg = bytes(c.message);
    const Signature sig = arr<64>(c.signature);
    const PublicKey pk = arr<32>(c.public_key);
    EXPECT_EQ(verify(sig, msg, pk), c.valid);
    EXPECT_EQ(verify_zip215(sig, msg, pk), c.valid);
  }
}

// Canonical encodings of the eight 8-torsion points, then non-canonical encodings of small-order
// points: y = p (= 0) with both signs, y = p + 1 (= 1) with both signs, y = 1 with the sign bit
// set (x = 0), y = p - 1 with the sign bit set (x = 0).
const char* const kSmallOrderEncodings[] = {
    "0100000000000000000000000000000000000000000000000000000000000000",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "0100000000000000000000000000000000000000000000000000000000000080",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
};

// ed25519-zebra tests/small_order.rs: with A and R any small-order encodings (canonical or not)
// and s = 0, both sides of [8][s]B = [8]R + [8][k]A are the identity, so ZIP-215 accepts all.
TEST(Ed25519, SmallOrderMatrixAcceptedWithZeroS) {
  const auto msg = as_bytes("Zcash");
  ByteArray<32> one{};
  one[0] = 1;
  for (const char* a : kSmallOrderEncodings) {
    for (const char* r : kSmallOrderEncodings) {
      SCOPED_TRACE(std::string(a) + " / " + r);
      const PublicKey pk = arr<32>(a);
      EXPECT_TRUE(verify(make_sig(arr<32>(r), ByteArray<32>{}), msg, pk));
      // With s = 1 the left side is [8]B, which is not the identity.
      EXPECT_FALSE(verify(make_sig(arr<32>(r), one), msg, pk));
    }
  }
}

TEST(Ed25519, CanonicalPointDecoding) {
  const auto canon = [](std::string_view hex) -> std::string {
    const auto p = zip215_canonical_point(arr<32>(hex));
    return p ? to_hex(*p, false) : "none";
  };
  // y = p + 1 and (y = 1, sign set) are the identity.
  EXPECT_EQ(canon("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
            "0100000000000000000000000000000000000000000000000000000000000000");
  EXPECT_EQ(canon("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
            "0100000000000000000000000000000000000000000000000000000000000000");
  EXPECT_EQ(canon("0100000000000000000000000000000000000000000000000000000000000080"),
            "0100000000000000000000000000000000000000000000000000000000000000");
  // y = p is y = 0 (the two points of order 4).
  EXPECT_EQ(canon("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
            "0000000000000000000000000000000000000000000000000000000000000000");
  EXPECT_EQ(canon("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
            "0000000000000000000000000000000000000000000000000000000000000080");
  // (0, -1) with the sign bit set.
  EXPECT_EQ(canon("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  // The base point and RFC 8032 public keys round-trip.
  EXPECT_EQ(canon("5866666666666666666666666666666666666666666666666666666666666666"),
            "5866666666666666666666666666666666666666666666666666666666666666");
  for (const auto& v : kRfc8032) EXPECT_EQ(canon(v.public_key), v.public_key);
}

// Cross-check decoding against libsodium on random canonical encodings: libsodium's point
// addition decodes its inputs (rejecting non-points), so P + identity is P's canonical encoding.
TEST(Ed25519, DecodingAgreesWithLibsodiumOnRandomEncodings) {
  ASSERT_GE(sodium_init(), 0);
  ByteArray<32> identity{};
  identity[0] = 1;
  int on_curve = 0;
  for (int i = 0; i < 2000; ++i) {
    ByteArray<32> enc;
    randombytes_buf(enc.data(), enc.size());
    enc[31] &= 0x7f;
    if (enc[31] == 0x7f) enc[31] = 0x3f;  // keep y < p so libsodium's decoding is the reference
    enc[31] |= static_cast<uint8_t>((i & 1) << 7);
    ByteArray<32> sum{};
    const bool sodium_ok = crypto_core_ed25519_add(sum.data(), enc.data(), identity.data()) == 0;
    const auto ours = zip215_canonical_point(enc);
    ASSERT_EQ(sodium_ok, ours.has_value()) << to_hex(enc);
    if (ours) {
      ++on_curve;
      EXPECT_EQ(*ours, sum) << to_hex(enc);
      EXPECT_EQ(*ours, enc) << to_hex(enc);
    }
  }
  // About half of all y are on the curve.
  EXPECT_GT(on_curve, 800);
  EXPECT_LT(on_curve, 1200);
}

// Honest signatures from random keys and messages verify on the slow path; every single-bit
// corruption is rejected by both paths, and both paths agree.
TEST(Ed25519, RandomSignaturesBothPathsAgree) {
  ASSERT_GE(sodium_init(), 0);
  for (int i = 0; i < 64; ++i) {
    Seed seed;
    randombytes_buf(seed.data(), seed.size());
    const Keypair kp = keypair_from_seed(seed);
    Bytes msg(static_cast<size_t>(i * 7));
    if (!msg.empty()) randombytes_buf(msg.data(), msg.size());  // data() is null when empty
    const Signature sig = sign(kp, msg);
    ASSERT_TRUE(verify_zip215(sig, msg, kp.public_key));
    Signature bad = sig;
    const size_t bit = randombytes_uniform(512);
    bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(verify(bad, msg, kp.public_key)) << bit;
    EXPECT_FALSE(verify_zip215(bad, msg, kp.public_key)) << bit;
    // Garbage never verifies and never crashes.
    Signature junk;
    PublicKey junk_key;
    randombytes_buf(junk.data(), junk.size());
    randombytes_buf(junk_key.data(), junk_key.size());
    EXPECT_FALSE(verify(junk, msg, junk_key));
  }
}

// Signatures whose A or R carries a torsion component (mixed order): valid under the cofactored
// ZIP-215 equation, normally rejected by libsodium's cofactorless check. Built from scratch with
// libsodium's scalar and point primitives.
TEST(Ed25519, MixedOrderKeysAndNoncesAcceptedOnlyCofactored) {
  ASSERT_GE(sodium_init(), 0);
  const ByteArray<32> torsion8 =
      arr<32>("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");
  const auto msg = as_bytes("mixed order");
  int sodium_rejections = 0;
  for (int i = 0; i < 16; ++i) {
    ByteArray<32> a, r, A, R;
    crypto_core_ed25519_scalar_random(a.data());
    crypto_core_ed25519_scalar_random(r.data());
    ASSERT_EQ(crypto_scalarmult_ed25519_base_noclamp(A.data(), a.data()), 0);
    ASSERT_EQ(crypto_scalarmult_ed25519_base_noclamp(R.data(), r.data()), 0);
    const bool torsion_on_key = (i % 2) == 0;
    ByteArray<32>& target = torsion_on_key ? A : R;
    ASSERT_EQ(crypto_core_ed25519_add(target.data(), target.data(), torsion8.data()), 0);
    // k = H(R || A || M) mod L, s = r + k a.
    crypto_hash_sha512_state st;
    uint8_t h[64];
    crypto_hash_sha512_init(&st);
    crypto_hash_sha512_update(&st, R.data(), 32);
    crypto_hash_sha512_update(&st, A.data(), 32);
    crypto_hash_sha512_update(&st, msg.data(), msg.size());
    crypto_hash_sha512_final(&st, h);
    ByteArray<32> k, ka, s;
    crypto_core_ed25519_scalar_reduce(k.data(), h);
    crypto_core_ed25519_scalar_mul(ka.data(), k.data(), a.data());
    crypto_core_ed25519_scalar_add(s.data(), r.data(), ka.data());
    const Signature sig = make_sig(R, s);
    if (!sodium_verify(sig, msg, A)) ++sodium_rejections;
    EXPECT_TRUE(verify(sig, msg, A)) << i;
    EXPECT_TRUE(verify_zip215(sig, msg, A)) << i;
    ByteArray<32> s1 = s, one{};
    one[0] = 1;
    crypto_core_ed25519_scalar_add(s1.data(), s.data(), one.data());
    EXPECT_FALSE(verify(make_sig(R, s1), msg, A)) << i;
  }
  EXPECT_GT(sodium_rejections, 8);  // the slow path really was exercised
}

TEST(Ed25519, NonPointEncodingsRejected) {
  // Find encodings that are not curve points (libsodium as the oracle) and use them as A and R.
  ASSERT_GE(sodium_init(), 0);
  ByteArray<32> identity{};
  identity[0] = 1;
  ByteArray<32> not_a_point{};
  for (uint8_t y = 2; y < 50; ++y) {
    ByteArray<32> enc{};
    enc[0] = y;
    ByteArray<32> sum{};
    if (crypto_core_ed25519_add(sum.data(), enc.data(), identity.data()) != 0) {
      not_a_point = enc;
      break;
    }
  }
  ASSERT_NE(not_a_point[0], 0);
  EXPECT_FALSE(zip215_canonical_point(not_a_point).has_value());
  // Its non-canonical twin y + p (only representable for y < 19) is no point either.
  if (not_a_point[0] < 19) {
    ByteArray<32> twin =
        arr<32>("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    twin[0] = static_cast<uint8_t>(0xed + not_a_point[0]);
    EXPECT_FALSE(zip215_canonical_point(twin).has_value());
  }
  const Keypair kp = keypair_from_seed(arr<32>(kRfc8032[0].seed));
  const Signature sig = sign(kp, {});
  EXPECT_FALSE(verify(sig, {}, not_a_point));
  EXPECT_FALSE(verify(make_sig(not_a_point, ByteArray<32>{}), {}, PublicKey{}));
}

}  // namespace
}  // namespace canary::crypto::ed25519
