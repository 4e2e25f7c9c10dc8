// Why a BABE check failed: a kind the caller can branch on (ban the peer, defer the block, …) and
// a human-readable detail for logs. Mirrors sc-consensus-babe's Error variants where they exist.
#pragma once

#include <cstdint>
#include <string>

namespace canary::consensus::babe {

struct BabeError {
  enum class Kind : uint8_t {
    // Header digests.
    kNoPreDigest,                  // no BABE pre-runtime item
    kMultiplePreDigests,           // more than one BABE pre-runtime item
    kBadPreDigest,                 // the BABE pre-runtime item does not decode
    kHeaderUnsealed,               // the last digest item is not a seal
    kBadSeal,                      // the seal is not BABE's or not a 64-byte signature
    kBadConsensusLog,              // a BABE consensus item does not decode
    kMultipleEpochChangeDigests,   // more than one NextEpochData
    kMultipleConfigChangeDigests,  // more than one NextConfigData
    // The claim.
    kAuthorityIndexOutOfRange,  // sc-consensus-babe SlotAuthorNotFound
    kSlotOutsideEpoch,          // the slot is not in the epoch verified against
    kBadSignature,              // the seal does not verify
    kVrfVerificationFailed,     // the VRF proof does not verify
    kVrfThresholdExceeded,      // primary claim above the author's threshold
    kInvalidSecondaryAuthor,    // secondary claim by someone else than the slot's author
    kSecondarySlotsDisabled,    // this kind of secondary claim is not allowed by the epoch
    // The chain.
    kSlotNotIncreasing,       // slot <= parent slot
    kExpectedEpochChange,     // first block of an epoch without NextEpochData
    kUnexpectedEpochChange,   // NextEpochData in a block that starts no epoch
    kUnexpectedConfigChange,  // NextConfigData without an epoch change
    kInvalidEpoch,            // epoch data that cannot be used (zero length, overflow)
  };

  Kind kind = Kind::kNoPreDigest;
  std::string detail;

  bool operator==(const BabeError&) const = default;
};

const char* to_string(BabeError::Kind kind);
// "<kind>: <detail>", or just the kind without detail.
std::string to_string(const BabeError& error);

}  // namespace canary::consensus::babe
