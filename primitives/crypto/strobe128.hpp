// The subset of STROBE v1.0.2 at the 128-bit security level that Merlin transcripts need:
// meta-AD, AD, PRF and KEY, each with the `more` flag for continuing an operation. Semantics and
// constants follow dalek-cryptography/merlin src/strobe.rs (rate R = 200 - 2*16 - 2 = 166), which
// is what schnorrkel (sr25519) runs on; the sponge is canary::hash::keccak_f1600.
#pragma once

#include <cstdint>

#include "primitives/util/bytes.hpp"

namespace canary::crypto {

class Strobe128 {
 public:
  // Initialises the duplex ("STROBEv1.0.2" header, one permutation) and runs meta-AD(label).
  explicit Strobe128(ByteSpan protocol_label);
  Strobe128(const Strobe128&) = default;
  Strobe128& operator=(const Strobe128&) = default;
  // The state carries key material after KEY; wipe it.
  ~Strobe128();

  void meta_ad(ByteSpan data, bool more);
  void ad(ByteSpan data, bool more);
  void prf(MutableByteSpan out, bool more);
  void key(ByteSpan data, bool more);

 private:
  uint8_t* bytes() { return reinterpret_cast<uint8_t*>(state_); }
  void run_f();
  void absorb(ByteSpan data);
  void overwrite(ByteSpan data);
  void squeeze(MutableByteSpan out);
  void begin_op(uint8_t flags, bool more);

  uint64_t state_[25];
  uint8_t pos_ = 0;
  uint8_t pos_begin_ = 0;
};

}  // namespace canary::crypto
