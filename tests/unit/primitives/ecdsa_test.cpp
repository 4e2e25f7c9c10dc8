#include "primitives/crypto/ecdsa.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"

namespace canary::crypto::ecdsa {
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

Keypair keypair(std::string_view seed_hex) {
  auto kp = keypair_from_seed(arr<32>(seed_hex));
  EXPECT_TRUE(kp.has_value()) << seed_hex;
  return kp.value_or(Keypair{});
}

// secp256k1 group order n, big-endian.
const char* const kOrderN = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

// Adds n to a 256-bit big-endian number (the caller makes sure it does not overflow).
void add_n(uint8_t* x) {
  const auto n = arr<32>(kOrderN);
  int carry = 0;
  for (int i = 31; i >= 0; --i) {
    const int sum = x[i] + n[static_cast<size_t>(i)] + carry;
    x[i] = static_cast<uint8_t>(sum);
    carry = sum >> 8;
  }
  ASSERT_EQ(carry, 0);
}

// sp-core ecdsa.rs `test_vector_should_work`: seed 9d61.., empty message. The expected key is given
// there uncompressed (`Public::from_full`); y ends in 0xd4 (even), so the compressed tag is 02.
TEST(Ecdsa, SpCoreTestVector) {
  const Keypair kp = keypair("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  EXPECT_EQ(to_hex(kp.public_key),
            "0x028db55b05db86c0b1786ca49f095d76344c9e6056b2f02701a7e7f3c20aabfd91");
  const Signature sig = sign(kp, {});
  EXPECT_EQ(to_hex(sig),
            "0x3dde91174bd9359027be59a428b8146513df80a2a3c7eda2194f64de04a69ab97b753169e94db6ffd50"
            "921a2668a48b94ca11e3d32c1ff19cfe88890aa7e8f3c00");
  EXPECT_TRUE(verify(sig, {}, kp.public_key));
  const auto full = recover(sig, hash::blake2b_256({}), /*allow_overflow=*/false);
  ASSERT_TRUE(full.has_value());
  EXPECT_EQ(to_hex(*full),
            "0x8db55b05db86c0b1786ca49f095d76344c9e6056b2f02701a7e7f3c20aabfd913ebbe148dd17c56551a"
            "52952371071a6c604b3f3abe8f2c8fa742158ea6dd7d4");
}

// sp-core ecdsa.rs `seeded_pair_should_work` (y ends in 0x13, odd: tag 03) and
// `seed_and_derive_should_work`.
TEST(Ecdsa, SpCoreSeededPairAndDerivation) {
  Seed seed{};
  const std::string text = "12345678901234567890123456789012";
  std::copy(text.begin(), text.end(), seed.begin());
  const auto kp = keypair_from_seed(seed);
  ASSERT_TRUE(kp.has_value());
  EXPECT_EQ(to_hex(kp->public_key),
            "0x035676109c54b9a16d271abeb4954316a40a32bcce023ac14c8e26e958aa68fba9");
  const Bytes message = bytes(
      "2f8c6129d816cf51c374bc7f08c3e63ed156cf78aefb4a6550d97b87997977ee00000000000000000200d75a98"
      "0182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a4500000000000000");
  const Signature sig = sign(*kp, message);
  EXPECT_TRUE(verify(sig, message, kp->public_key));
  EXPECT_FALSE(verify(sig, as_bytes("Other message"), kp->public_key));

  EXPECT_EQ(to_hex(hard_derive(
                arr<32>("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"),
                ChainCode{})),
            "0xb8eefc4937200a8382d00050e050ced2d4ab72cc2ef1b061477afb51564fdd61");
}

// `subkey inspect --scheme ecdsa //Alice`: secret seed, public key (Alice's BEEFY key in dev
// genesis) and account id.
TEST(Ecdsa, DevAliceDerivation) {
  const Seed mini_secret =
      arr<32>("fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e");
  ChainCode cc{};
  const Bytes scale_alice = bytes("14416c696365");
  std::copy(scale_alice.begin(), scale_alice.end(), cc.begin());
  const Seed alice = hard_derive(mini_secret, cc);
  EXPECT_EQ(to_hex(alice), "0xcb6df9de1efca7a3998a8ead4e02159d5fa99c3e0d4fd6432667390bb4726854");
  const auto kp = keypair_from_seed(alice);
  ASSERT_TRUE(kp.has_value());
  EXPECT_EQ(to_hex(kp->public_key),
            "0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1");
  EXPECT_EQ(to_hex(account_id(kp->public_key)),
            "0x01e552298e47454041ea31273b4b630c64c104e4514aa3643490b8aaca9cf8ed");
}

TEST(Ecdsa, InvalidSeedsRejected) {
  EXPECT_EQ(keypair_from_seed(Seed{}).error(), Error::kInvalidSeed);
  EXPECT_EQ(keypair_from_seed(arr<32>(kOrderN)).error(), Error::kInvalidSeed);
  Seed all_ff;
  all_ff.fill(0xff);
  EXPECT_EQ(keypair_from_seed(all_ff).error(), Error::kInvalidSeed);
  Seed n_minus_1 = arr<32>(kOrderN);
  n_minus_1[31] -= 1;
  EXPECT_TRUE(keypair_from_seed(n_minus_1).has_value());
  EXPECT_STREQ(to_string(Error::kInvalidSeed), "invalid secp256k1 secret key");
}

TEST(Ecdsa, PrehashedAndLowS) {
  const Keypair kp = keypair("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
  const auto msg = as_bytes("this should be hashed");
  const Hash256 h = hash::blake2b_256(msg);
  EXPECT_EQ(sign_prehashed(kp, h), sign(kp, msg));
  EXPECT_TRUE(verify_prehashed(sign_prehashed(kp, h), h, kp.public_key));
  EXPECT_FALSE(
      verify_prehashed(sign_prehashed(kp, h), hash::blake2b_256(as_bytes("other")), kp.public_key));
  // The prehash is used as is (sp-core `sign_prehashed_works`).
  EXPECT_NE(sign_prehashed(kp, Hash256{}), sign(kp, Hash256{}));

  // s <= n / 2 for every signature (n / 2 = 7fff..ff5d576e7357a4501ddfe92f46681b20a0).
  const auto half_n = arr<32>("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0");
  for (uint8_t i = 0; i < 64; ++i) {
    const uint8_t m[1] = {i};
    const Signature sig = sign(kp, m);
    EXPECT_LE(std::memcmp(sig.data() + 32, half_n.data(), 32), 0);
    EXPECT_LE(sig[64], 1);  // recovery ids 2, 3 need r >= n: practically never
    EXPECT_TRUE(verify(sig, m, kp.public_key));
  }
}

TEST(Ecdsa, TamperedAndMalformedInputsFail) {
  const Keypair kp = keypair("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7");
  const auto msg = as_bytes("payload");
  const Signature sig = sign(kp, msg);
  ASSERT_TRUE(verify(sig, msg, kp.public_key));
  for (size_t byte : {0u, 15u, 31u, 32u, 50u, 63u}) {
    Signature bad = sig;
    bad[byte] ^= 0x04;
    EXPECT_FALSE(verify(bad, msg, kp.public_key)) << byte;
  }
  Signature flipped_v = sig;
  flipped_v[64] ^= 1;
  EXPECT_FALSE(verify(flipped_v, msg, kp.public_key));
  // sp-core verify takes the recovery id literally: 27/28 and >= 4 are rejected.
  for (uint8_t v : {4, 27, 28, 255}) {
    Signature bad = sig;
    bad[64] = v;
    EXPECT_FALSE(verify(bad, msg, kp.public_key)) << int{v};
  }
  EXPECT_FALSE(verify(sig, as_bytes("payloae"), kp.public_key));
  PublicKey wrong = kp.public_key;
  wrong[0] ^= 1;  // the other point with the same x
  EXPECT_FALSE(verify(sig, msg, wrong));
  EXPECT_FALSE(verify(sig, msg, PublicKey{}));
  PublicKey bad_tag = kp.public_key;
  bad_tag[0] = 0x05;
  EXPECT_FALSE(verify(sig, msg, bad_tag));
  EXPECT_FALSE(verify(Signature{}, msg, kp.public_key));
  Signature all_ff;
  all_ff.fill(0xff);
  all_ff[64] = 0;
  EXPECT_FALSE(verify(all_ff, msg, kp.public_key));
  EXPECT_FALSE(verify(all_ff, msg, kp.public_key, /*allow_overflow=*/true));
}

TEST(Ecdsa, RecoverRoundTripAndEthereumV) {
  const Keypair kp = keypair("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42");
  const Hash256 h = hash::blake2b_256(as_bytes("recover me"));
  const Signature sig = sign_prehashed(kp, h);
  for (bool v1 : {false, true}) {
    const auto compressed = recover_compressed(sig, h, v1);
    ASSERT_TRUE(compressed.has_value());
    EXPECT_EQ(*compressed, kp.public_key);
    const auto full = recover(sig, h, v1);
    ASSERT_TRUE(full.has_value());
    // The compressed form is x with the parity of y as tag.
    EXPECT_EQ(0, std::memcmp(full->data(), kp.public_key.data() + 1, 32));
    EXPECT_EQ(kp.public_key[0], 0x02 | ((*full)[63] & 1));
    // Ethereum-style v = 27 + recovery id is accepted by the host functions.
    Signature eth = sig;
    eth[64] = static_cast<uint8_t>(sig[64] + 27);
    EXPECT_EQ(recover_compressed(eth, h, v1).value_or(PublicKey{}), kp.public_key);
  }
  // A different message recovers a different (valid) key.
  const auto other = recover_compressed(sig, hash::blake2b_256(as_bytes("other")), false);
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(*other, kp.public_key);
}

TEST(Ecdsa, RecoverErrorCodes) {
  const Keypair kp = keypair("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42");
  const Hash256 h = hash::blake2b_256(as_bytes("codes"));
  const Signature sig = sign_prehashed(kp, h);
  for (bool v1 : {false, true}) {
    for (uint8_t v : {4, 26, 31, 255}) {
      Signature bad = sig;
      bad[64] = v;
      EXPECT_EQ(recover(bad, h, v1).error(), RecoverError::kInvalidV) << int{v};
      EXPECT_EQ(recover_compressed(bad, h, v1).error(), RecoverError::kInvalidV) << int{v};
    }
    // r = 0: parses, but recovery fails.
    Signature zero_r = sig;
    std::fill(zero_r.begin(), zero_r.begin() + 32, 0);
    EXPECT_EQ(recover(zero_r, h, v1).error(), RecoverError::kInvalidSignature);
    Signature zero_s = sig;
    std::fill(zero_s.begin() + 32, zero_s.begin() + 64, 0);
    EXPECT_EQ(recover_compressed(zero_s, h, v1).error(), RecoverError::kInvalidSignature);
  }
  // r = n: version 2 rejects the encoding; version 1 reduces it to r = 0, which cannot recover.
  Signature r_is_n = sig;
  const auto n = arr<32>(kOrderN);
  std::copy(n.begin(), n.end(), r_is_n.begin());
  EXPECT_EQ(recover(r_is_n, h, false).error(), RecoverError::kInvalidRS);
  EXPECT_EQ(recover(r_is_n, h, true).error(), RecoverError::kInvalidSignature);
  Signature s_is_n = sig;
  std::copy(n.begin(), n.end(), s_is_n.begin() + 32);
  EXPECT_EQ(recover_compressed(s_is_n, h, false).error(), RecoverError::kInvalidRS);
  // The numeric values follow sp-io's EcdsaVerifyError (BadRS = 0, BadV = 1, BadSignature = 2).
  EXPECT_EQ(static_cast<int>(RecoverError::kInvalidRS), 0);
  EXPECT_EQ(static_cast<int>(RecoverError::kInvalidV), 1);
  EXPECT_EQ(static_cast<int>(RecoverError::kInvalidSignature), 2);
  EXPECT_STREQ(to_string(RecoverError::kInvalidV), "invalid recovery id");
}

// "Overflowing" signatures (r or s written as value + n): sp-io version 1 of the recover and
// verify functions reduces them modulo n, version 2 rejects them. A signature with small r (so that
// r + n still fits 256 bits) is made by recovery: any (r, s, v) whose recovery succeeds is a valid
// signature for the recovered key.
TEST(Ecdsa, OverflowingSignaturesOnlyInVersion1) {
  const Keypair kp = keypair("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
  const auto msg = as_bytes("overflow");
  const Hash256 h = hash::blake2b_256(msg);
  const Signature honest = sign(kp, msg);  // supplies an ordinary r (a valid x) and s
  int small_r_cases = 0, small_s_cases = 0;
  for (uint8_t small = 1; small < 64; ++small) {
    const bool small_r = (small % 2) == 1;
    Signature sig = honest;
    const size_t half = small_r ? 0 : 32;
    std::fill(sig.begin() + static_cast<ptrdiff_t>(half),
              sig.begin() + static_cast<ptrdiff_t>(half + 32), 0);
    sig[half + 31] = small;
    const auto key = recover_compressed(sig, h, false);
    if (!key) continue;  // a small r that is no x coordinate: try the next one
    (small_r ? small_r_cases : small_s_cases)++;
    EXPECT_TRUE(verify(sig, msg, *key));

    Signature overflowing = sig;
    add_n(overflowing.data() + half);
    EXPECT_EQ(recover_compressed(overflowing, h, false).error(), RecoverError::kInvalidRS);
    EXPECT_EQ(recover_compressed(overflowing, h, true).value_or(PublicKey{}), *key);
    const auto full_v1 = recover(overflowing, h, true);
    const auto full_v2 = recover(sig, h, false);
    ASSERT_TRUE(full_v1.has_value());
    ASSERT_TRUE(full_v2.has_value());
    EXPECT_EQ(*full_v1, *full_v2);
    EXPECT_FALSE(verify(overflowing, msg, *key));
    EXPECT_TRUE(verify(overflowing, msg, *key, /*allow_overflow=*/true));
    EXPECT_FALSE(verify_prehashed(overflowing, h, *key));
  }
  EXPECT_GE(small_r_cases, 4);
  EXPECT_EQ(small_s_cases, 31);  // with a valid r, every nonzero s recovers
}

}  // namespace
}  // namespace canary::crypto::ecdsa
