#include "primitives/crypto/babe_vrf_transcript.hpp"

namespace canary::crypto {

Transcript babe_vrf_transcript(const ByteArray<32>& randomness, uint64_t slot, uint64_t epoch) {
  Transcript t("BABE");
  t.append_u64("slot number", slot);
  t.append_u64("current epoch", epoch);
  t.append_message("chain randomness", randomness);
  return t;
}

}  // namespace canary::crypto
