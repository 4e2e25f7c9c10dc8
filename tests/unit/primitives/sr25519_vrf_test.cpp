// The portable half of the sr25519 VRF (sr25519_vrf.hpp, what the runtime runs on wasm32) against
// the libsodium-backed signer: for VRF signatures over real BABE transcripts, attaching the
// pre-output to the portable input hash gives vrf_sign's in/out (the input from libsodium's
// crypto_core_ristretto255_from_hash), hence the same make_bytes; sp-core's failures (keys and
// pre-outputs that are not canonical ristretto255 encodings, the identity) give none.
#include "primitives/crypto/sr25519_vrf.hpp"

#include <gtest/gtest.h>
#include <sodium/randombytes.h>

#include "primitives/crypto/babe_vrf_transcript.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/util/hex.hpp"

namespace canary::crypto::sr25519 {
namespace {

struct BabeInput {
  ByteArray<32> randomness;
  uint64_t slot;
  uint64_t epoch;
  Transcript transcript() const { return babe_vrf_transcript(randomness, slot, epoch); }
};

BabeInput random_babe_input() {
  BabeInput in{};
  randombytes_buf(in.randomness.data(), in.randomness.size());
  randombytes_buf(&in.slot, sizeof in.slot);
  in.epoch = in.slot % 100'000;
  return in;
}

Keypair random_keypair() {
  MiniSecret seed;
  randombytes_buf(seed.data(), seed.size());
  return keypair_from_mini_secret(seed);
}

TEST(Sr25519VrfPortable, BabeTranscriptIsSpConsensusBabes) {
  // make_vrf_transcript written out (sp-consensus-babe lib.rs): the shared builder signs the same.
  const Keypair pair = keypair_from_mini_secret(MiniSecret{7});
  ByteArray<32> randomness{};
  randomness.fill(0x5a);
  Transcript by_hand("BABE");
  by_hand.append_u64("slot number", 270'170'680);
  by_hand.append_u64("current epoch", 4'242);
  by_hand.append_message("chain randomness", randomness);
  EXPECT_EQ(vrf_compute_inout(pair, std::move(by_hand)),
            vrf_compute_inout(pair, babe_vrf_transcript(randomness, 270'170'680, 4'242)));
}

TEST(Sr25519VrfPortable, AttachedInOutEqualsTheSignersOnBabeTranscripts) {
  for (int i = 0; i < 200; ++i) {
    const Keypair pair = random_keypair();
    const BabeInput in = random_babe_input();
    const auto [inout, signature] = vrf_sign(pair, in.transcript());
    ASSERT_TRUE(vrf_verify(pair.public_key, in.transcript(), signature).has_value());

    EXPECT_EQ(vrf_input(pair.public_key, in.transcript()), inout.input);
    const auto attached =
        vrf_attach_input_hash(pair.public_key, in.transcript(), signature.pre_output);
    ASSERT_TRUE(attached.has_value());
    EXPECT_EQ(*attached, inout);
    ByteArray<32> host{}, portable{};
    vrf_make_bytes(inout, as_bytes("BabeVRFInOutContext"), host);
    vrf_make_bytes(*attached, as_bytes("BabeVRFInOutContext"), portable);
    EXPECT_EQ(to_hex(portable), to_hex(host));
    // Another slot is another input.
    BabeInput next = in;
    ++next.slot;
    EXPECT_NE(vrf_input(pair.public_key, next.transcript()), inout.input);
  }
}

TEST(Sr25519VrfPortable, AttachRefusesWhatSchnorrkelRefuses) {
  const Keypair pair = random_keypair();
  const BabeInput in = random_babe_input();
  const ByteArray<32> pre_output = vrf_sign(pair, in.transcript()).second.pre_output;
  ASSERT_TRUE(vrf_attach_input_hash(pair.public_key, in.transcript(), pre_output).has_value());

  // The identity (all zeros) as pre-output: PointDecompressionError in attach_input_hash.
  EXPECT_FALSE(vrf_attach_input_hash(pair.public_key, in.transcript(), ByteArray<32>{}));
  // Bit 255 set, a negative field element, s >= p, a non-square: not canonical encodings.
  ByteArray<32> high = pre_output;
  high[31] |= 0x80;
  EXPECT_FALSE(vrf_attach_input_hash(pair.public_key, in.transcript(), high));
  ByteArray<32> negative = pre_output;
  negative[0] |= 1;
  EXPECT_FALSE(vrf_attach_input_hash(pair.public_key, in.transcript(), negative));
  const ByteArray<32> p_itself =
      from_hex_fixed<32>("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
          .value();
  EXPECT_FALSE(vrf_attach_input_hash(pair.public_key, in.transcript(), p_itself));
  const ByteArray<32> not_square =  // RFC 9496 A.2: a non-square x^2
      from_hex_fixed<32>("de6a7b00deadc788eb6b6c8d20c0ae96c2f2019078fa604fee5b87d6e989ad7b")
          .value();
  EXPECT_FALSE(vrf_attach_input_hash(pair.public_key, in.transcript(), not_square));
  // The public key is decoded first (schnorrkel PublicKey::from_bytes).
  PublicKey bad_key = pair.public_key;
  bad_key[31] |= 0x80;
  EXPECT_FALSE(vrf_attach_input_hash(bad_key, in.transcript(), pre_output));
  // The identity key decodes (schnorrkel accepts it): only the pre-output matters then.
  EXPECT_TRUE(vrf_attach_input_hash(PublicKey{}, in.transcript(), pre_output).has_value());
}

}  // namespace
}  // namespace canary::crypto::sr25519
