#include "consensus/babe/babe_error.hpp"

namespace canary::consensus::babe {

const char* to_string(BabeError::Kind kind) {
  using K = BabeError::Kind;
  switch (kind) {
    case K::kNoPreDigest:
      return "no BABE pre-runtime digest";
    case K::kMultiplePreDigests:
      return "multiple BABE pre-runtime digests";
    case K::kBadPreDigest:
      return "undecodable BABE pre-runtime digest";
    case K::kHeaderUnsealed:
      return "header unsealed";
    case K::kBadSeal:
      return "bad BABE seal";
    case K::kBadConsensusLog:
      return "undecodable BABE consensus log";
    case K::kMultipleEpochChangeDigests:
      return "multiple BABE epoch change digests";
    case K::kMultipleConfigChangeDigests:
      return "multiple BABE config change digests";
    case K::kAuthorityIndexOutOfRange:
      return "slot author not found";
    case K::kSlotOutsideEpoch:
      return "slot outside of the epoch";
    case K::kBadSignature:
      return "bad seal signature";
    case K::kVrfVerificationFailed:
      return "VRF verification failed";
    case K::kVrfThresholdExceeded:
      return "VRF output over the primary threshold";
    case K::kInvalidSecondaryAuthor:
      return "invalid secondary slot author";
    case K::kSecondarySlotsDisabled:
      return "secondary slot assignments disabled";
    case K::kSlotNotIncreasing:
      return "slot must increase";
    case K::kExpectedEpochChange:
      return "expected epoch change";
    case K::kUnexpectedEpochChange:
      return "unexpected epoch change";
    case K::kUnexpectedConfigChange:
      return "unexpected config change";
    case K::kInvalidEpoch:
      return "invalid epoch data";
  }
  return "unknown BABE error";
}

std::string to_string(const BabeError& error) {
  std::string out = to_string(error.kind);
  if (!error.detail.empty()) {
    out += ": ";
    out += error.detail;
  }
  return out;
}

}  // namespace canary::consensus::babe
