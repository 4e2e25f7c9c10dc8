// Merlin transcripts (merlin.cool, protocol label "Merlin v1.0"): the Fiat-Shamir transcripts under
// schnorrkel signatures, VRFs (BABE) and HDKD. Byte-compatible with dalek-cryptography/merlin
// src/transcript.rs, including the transcript RNG that schnorrkel draws nonces and witnesses from.
#pragma once

#include <cstdint>
#include <string_view>

#include "primitives/crypto/strobe128.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::crypto {

// A PRF of the transcript so far, the prover's witnesses and 32 bytes of external randomness
// (merlin TranscriptRng).
class TranscriptRng {
 public:
  void fill_bytes(MutableByteSpan out);

 private:
  friend class TranscriptRngBuilder;
  explicit TranscriptRng(const Strobe128& strobe) : strobe_(strobe) {}
  Strobe128 strobe_;
};

// A fork of a transcript being rekeyed with secrets (merlin TranscriptRngBuilder).
class TranscriptRngBuilder {
 public:
  TranscriptRngBuilder& rekey_with_witness_bytes(std::string_view label, ByteSpan witness);
  // `entropy` stands for the 32 bytes merlin reads from the external RNG. Only tests pass fixed
  // values (to reproduce published vectors); everything else calls finalize() below.
  TranscriptRng finalize(const ByteArray<32>& entropy);
#if !defined(__wasm32__)
  // Entropy from libsodium's randombytes_buf (host builds: the runtime has no RNG and proves
  // nothing).
  TranscriptRng finalize();
#endif

 private:
  friend class Transcript;
  explicit TranscriptRngBuilder(const Strobe128& strobe) : strobe_(strobe) {}
  Strobe128 strobe_;
};

class Transcript {
 public:
  // Transcript::new(label): STROBE-128("Merlin v1.0"), then append_message("dom-sep", label).
  explicit Transcript(std::string_view label);

  // meta-AD(label ‖ LE32(len)); AD(message). Messages are limited to 4 GiB as in merlin.
  void append_message(std::string_view label, ByteSpan message);
  // append_message with the 8-byte little-endian encoding of x.
  void append_u64(std::string_view label, uint64_t x);
  // meta-AD(label ‖ LE32(len)); PRF(out).
  void challenge_bytes(std::string_view label, MutableByteSpan out);

  TranscriptRngBuilder build_rng() const { return TranscriptRngBuilder(strobe_); }

 private:
  Strobe128 strobe_;
};

}  // namespace canary::crypto
