// Merlin transcripts and the STROBE-128 subset under them, against the published vectors of
// dalek-cryptography/merlin (equivalence_simple / equivalence_complex, reproduced by every port,
// e.g. oasisprotocol/curve25519-voi and gtank/merlin) and the strobe conformance test of
// merlin src/strobe.rs (values as published by @scure/sr25519 test/basic.test.ts).
#include <gtest/gtest.h>

#include "primitives/crypto/merlin_transcript.hpp"
#include "primitives/crypto/strobe128.hpp"
#include "primitives/util/hex.hpp"

namespace canary::crypto {
namespace {

std::string hex32(const ByteArray<32>& a) {
  return to_hex(a, false);
}

TEST(MerlinStrobe, ConformanceTestProtocol) {
  Strobe128 s(as_bytes("Conformance Test Protocol"));
  const Bytes msg(1024, 99);
  s.meta_ad(as_bytes("ms"), false);
  s.meta_ad(as_bytes("g"), true);
  s.ad(msg, false);

  ByteArray<32> prf1{};
  s.meta_ad(as_bytes("prf"), false);
  s.prf(prf1, false);
  EXPECT_EQ(hex32(prf1), "b48e645ca17c667fd5206ba57a6a228d72d8e1903814d3f17f622996d7cfefb0");

  s.meta_ad(as_bytes("key"), false);
  s.key(prf1, false);
  ByteArray<32> prf2{};
  s.meta_ad(as_bytes("prf"), false);
  s.prf(prf2, false);
  EXPECT_EQ(hex32(prf2), "07e45cce8078cee259e3e375bb85d75610e2d1e1201c5f645045a194edd49ff8");
}

TEST(MerlinTranscript, SimpleProtocolVector) {
  Transcript t("test protocol");
  t.append_message("some label", as_bytes("some data"));
  ByteArray<32> challenge{};
  t.challenge_bytes("challenge", challenge);
  EXPECT_EQ(hex32(challenge), "d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615");
}

TEST(MerlinTranscript, ComplexProtocolVector) {
  // Messages longer than the STROBE rate, many rounds of challenges.
  Transcript t("test protocol");
  t.append_message("step1", as_bytes("some data"));
  const Bytes data(1024, 99);
  ByteArray<32> challenge{};
  for (int i = 0; i < 32; ++i) {
    t.challenge_bytes("challenge", challenge);
    t.append_message("bigdata", data);
    t.append_message("challengedata", challenge);
  }
  EXPECT_EQ(hex32(challenge), "a8c933f54fae76e3f9bea93648c1308e7dfa2152dd51674ff3ca438351cf003c");
}

TEST(MerlinTranscript, LabelsAndLengthsAreBound) {
  auto challenge = [](std::string_view label, std::string_view msg) {
    Transcript t("test protocol");
    t.append_message(label, as_bytes(msg));
    ByteArray<32> c{};
    t.challenge_bytes("challenge", c);
    return c;
  };
  EXPECT_NE(challenge("some label", "some data"), challenge("some labe", "lsome data"));
  EXPECT_NE(challenge("some label", "some data"), challenge("some label", "some datb"));
}

TEST(MerlinTranscript, AppendU64IsLittleEndianMessage) {
  Transcript a("proto");
  Transcript b("proto");
  a.append_u64("n", 0x0102030405060708ULL);
  const uint8_t le[8] = {8, 7, 6, 5, 4, 3, 2, 1};
  b.append_message("n", le);
  ByteArray<16> ca{}, cb{};
  a.challenge_bytes("c", ca);
  b.challenge_bytes("c", cb);
  EXPECT_EQ(ca, cb);
}

TEST(MerlinTranscript, CopiesAreIndependent) {
  Transcript t("p");
  Transcript u = t;
  t.append_message("l", as_bytes("x"));
  u.append_message("l", as_bytes("x"));
  ByteArray<64> ct{}, cu{};
  t.challenge_bytes("c", ct);
  u.challenge_bytes("c", cu);
  EXPECT_EQ(ct, cu);
  t.append_message("l", as_bytes("y"));
  u.append_message("l", as_bytes("z"));
  t.challenge_bytes("c", ct);
  u.challenge_bytes("c", cu);
  EXPECT_NE(ct, cu);
}

// merlin transcript_rng_is_bound_to_transcript_and_witnesses, with fixed entropy standing in for
// the seeded ChaCha RNG.
TEST(MerlinTranscriptRng, BoundToTranscriptWitnessAndEntropy) {
  const ByteArray<32> zero{};
  auto draw = [&](std::string_view commitment, std::string_view witness,
                  const ByteArray<32>& entropy) {
    Transcript t("test TranscriptRng collisions");
    t.append_message("com", as_bytes(commitment));
    TranscriptRng rng =
        t.build_rng().rekey_with_witness_bytes("witness", as_bytes(witness)).finalize(entropy);
    ByteArray<64> out{};
    rng.fill_bytes(out);
    return out;
  };
  const auto s1 = draw("commitment data 1", "witness data 1", zero);
  const auto s2 = draw("commitment data 2", "witness data 1", zero);
  const auto s3 = draw("commitment data 2", "witness data 2", zero);
  const auto s4 = draw("commitment data 2", "witness data 2", zero);
  EXPECT_NE(s1, s2);
  EXPECT_NE(s1, s3);
  EXPECT_NE(s2, s3);
  EXPECT_EQ(s3, s4);  // same everything, same output: the differences above are not noise
  ByteArray<32> one{};
  one[0] = 1;
  EXPECT_NE(s4, draw("commitment data 2", "witness data 2", one));

  // Random entropy: two draws differ.
  Transcript t("p");
  ByteArray<32> r1{}, r2{};
  t.build_rng().finalize().fill_bytes(r1);
  t.build_rng().finalize().fill_bytes(r2);
  EXPECT_NE(r1, r2);
}

TEST(MerlinTranscriptRng, BuildRngLeavesTranscriptUntouched) {
  Transcript a("p");
  Transcript b("p");
  ByteArray<32> w{};
  (void)a.build_rng().rekey_with_witness_bytes("w", w).finalize();
  ByteArray<32> ca{}, cb{};
  a.challenge_bytes("c", ca);
  b.challenge_bytes("c", cb);
  EXPECT_EQ(ca, cb);
}

}  // namespace
}  // namespace canary::crypto
