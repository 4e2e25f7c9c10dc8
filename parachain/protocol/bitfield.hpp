// Availability bitfields (polkadot-sdk `polkadot/primitives/src/v9/mod.rs` AvailabilityBitfield,
// parachain-facts §1.8): one bit per availability core, set when the validator holds its chunk of
// the candidate pending availability on that core. A validator signs it (bitfield-signing) with
// SigningContext{session_index_for_child(leaf), leaf} and gossips it in bitfield distribution;
// the block author puts the signed bitfields in the paras inherent, sorted by validator index.
// BitVec<u8, Lsb0>: Compact(bit count) ‖ ceil(bits / 8) bytes, bit i in byte i / 8 at 1 << (i % 8).
#pragma once

#include "parachain/protocol/signed.hpp"
#include "primitives/scale/bit_vec.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::parachain::protocol {

struct AvailabilityBitfield {
  scale::BitVec bits;
  bool operator==(const AvailabilityBitfield&) const = default;
  CANARY_SCALE_FIELDS(bits)
};

// Signed as itself: the signature covers SCALE(bitfield) ‖ SCALE(SigningContext)
// (signing_payload; sign_payload / verify_signed in signed.hpp).
using UncheckedSignedAvailabilityBitfield = UncheckedSigned<AvailabilityBitfield>;

inline Bytes bitfield_signing_payload(const AvailabilityBitfield& bitfield,
                                      const SigningContext& context) {
  return signing_payload(bitfield, context);
}

}  // namespace canary::parachain::protocol
