#include "primitives/crypto/merlin_transcript.hpp"

#if !defined(__wasm32__)
#include <sodium/core.h>
#include <sodium/randombytes.h>
#include <sodium/utils.h>
#endif

namespace canary::crypto {

namespace {

// merlin src/constants.rs: MERLIN_PROTOCOL_LABEL.
constexpr std::string_view kMerlinProtocolLabel = "Merlin v1.0";

ByteArray<4> le32(size_t n) {
  const auto v = static_cast<uint32_t>(n);
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 24)};
}

}  // namespace

Transcript::Transcript(std::string_view label) : strobe_(as_bytes(kMerlinProtocolLabel)) {
  append_message("dom-sep", as_bytes(label));
}

void Transcript::append_message(std::string_view label, ByteSpan message) {
  strobe_.meta_ad(as_bytes(label), false);
  strobe_.meta_ad(le32(message.size()), true);
  strobe_.ad(message, false);
}

void Transcript::append_u64(std::string_view label, uint64_t x) {
  ByteArray<8> le{};
  for (size_t i = 0; i < 8; ++i) le[i] = static_cast<uint8_t>(x >> (8 * i));
  append_message(label, le);
}

void Transcript::challenge_bytes(std::string_view label, MutableByteSpan out) {
  strobe_.meta_ad(as_bytes(label), false);
  strobe_.meta_ad(le32(out.size()), true);
  strobe_.prf(out, false);
}

TranscriptRngBuilder& TranscriptRngBuilder::rekey_with_witness_bytes(std::string_view label,
                                                                     ByteSpan witness) {
  strobe_.meta_ad(as_bytes(label), false);
  strobe_.meta_ad(le32(witness.size()), true);
  strobe_.key(witness, false);
  return *this;
}

TranscriptRng TranscriptRngBuilder::finalize(const ByteArray<32>& entropy) {
  strobe_.meta_ad(as_bytes("rng"), false);
  strobe_.key(entropy, false);
  return TranscriptRng(strobe_);
}

#if !defined(__wasm32__)
TranscriptRng TranscriptRngBuilder::finalize() {
  // libsodium's RNG works uninitialised too; sodium_init() once makes that explicit.
  static const bool kSodiumReady = sodium_init() >= 0;
  (void)kSodiumReady;
  ByteArray<32> entropy;
  randombytes_buf(entropy.data(), entropy.size());
  TranscriptRng rng = finalize(entropy);
  sodium_memzero(entropy.data(), entropy.size());
  return rng;
}
#endif

void TranscriptRng::fill_bytes(MutableByteSpan out) {
  strobe_.meta_ad(le32(out.size()), false);
  strobe_.prf(out, false);
}

}  // namespace canary::crypto
