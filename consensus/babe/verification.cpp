#include "consensus/babe/verification.hpp"

#include <string>
#include <utility>
#include <variant>

#include "consensus/babe/digests.hpp"
#include "consensus/babe/slot_lottery.hpp"
#include "primitives/crypto/sr25519.hpp"

namespace canary::consensus::babe {

namespace sr25519 = crypto::sr25519;

namespace {

BabeError error(BabeError::Kind kind, std::string detail = {}) {
  return BabeError{kind, std::move(detail)};
}

Result<sr25519::VrfInOut, BabeError> verify_vrf(const AuthorityId& author, const Epoch& epoch,
                                                Slot slot, const VrfSignature& signature) {
  auto inout =
      sr25519::vrf_verify(author, make_vrf_transcript(epoch.randomness, slot, epoch.epoch_index),
                          signature.to_sr25519());
  if (!inout) {
    return unexpected(
        error(BabeError::Kind::kVrfVerificationFailed, sr25519::to_string(inout.error())));
  }
  return *inout;
}

// Secondary claims: the slot's round-robin author, compared by key as Substrate does (an
// authority listed twice may claim with either index).
Result<void, BabeError> check_secondary_author(const Epoch& epoch, Slot slot,
                                               const AuthorityId& author) {
  auto expected = secondary_slot_author(slot, epoch.authorities.size(), epoch.randomness);
  if (!expected || epoch.authorities[*expected].public_key != author) {
    return unexpected(
        error(BabeError::Kind::kInvalidSecondaryAuthor,
              expected ? "expected authority " + std::to_string(*expected) : "no authorities"));
  }
  return {};
}

Result<void, BabeError> check_claim(const PrimaryPreDigest& digest, const Epoch& epoch,
                                    const AuthorityId& author) {
  CANARY_TRY_ASSIGN(auto inout, verify_vrf(author, epoch, digest.slot, digest.vrf_signature));
  const Threshold threshold =
      calculate_primary_threshold(epoch.config.c, epoch.authorities, digest.authority_index);
  if (!check_primary_threshold(inout, threshold)) {
    return unexpected(error(BabeError::Kind::kVrfThresholdExceeded));
  }
  return {};
}

Result<void, BabeError> check_claim(const SecondaryPlainPreDigest& digest, const Epoch& epoch,
                                    const AuthorityId& author) {
  if (epoch.config.allowed_slots != AllowedSlots::kPrimaryAndSecondaryPlainSlots) {
    return unexpected(error(BabeError::Kind::kSecondarySlotsDisabled, "secondary plain"));
  }
  return check_secondary_author(epoch, digest.slot, author);
}

Result<void, BabeError> check_claim(const SecondaryVrfPreDigest& digest, const Epoch& epoch,
                                    const AuthorityId& author) {
  if (epoch.config.allowed_slots != AllowedSlots::kPrimaryAndSecondaryVrfSlots) {
    return unexpected(error(BabeError::Kind::kSecondarySlotsDisabled, "secondary VRF"));
  }
  if (auto ok = check_secondary_author(epoch, digest.slot, author); !ok) return ok;
  CANARY_TRY(verify_vrf(author, epoch, digest.slot, digest.vrf_signature));
  return {};
}

}  // namespace

Result<VerifiedHeader, BabeError> verify_header(const block::Header& sealed, const Epoch& epoch) {
  CANARY_TRY_ASSIGN(auto unsealed, split_seal(sealed));
  auto pre_digest = find_pre_digest(unsealed.header);
  if (!pre_digest) return unexpected(pre_digest.error());
  CANARY_TRY_ASSIGN(auto logs, find_consensus_logs(unsealed.header));

  const Slot slot = pre_digest->slot();
  const AuthorityIndex index = pre_digest->authority_index();
  if (index >= epoch.authorities.size()) {
    return unexpected(
        error(BabeError::Kind::kAuthorityIndexOutOfRange,
              std::to_string(index) + " of " + std::to_string(epoch.authorities.size())));
  }
  if (!epoch.contains(slot)) {
    return unexpected(
        error(BabeError::Kind::kSlotOutsideEpoch, "slot " + std::to_string(slot) + ", epoch " +
                                                      std::to_string(epoch.epoch_index) + " from " +
                                                      std::to_string(epoch.start_slot)));
  }
  const AuthorityId& author = epoch.authorities[index].public_key;

  VerifiedHeader out;
  out.pre_hash = block::hash_of(unsealed.header);
  if (!sr25519::verify(unsealed.seal, out.pre_hash, author)) {
    return unexpected(error(BabeError::Kind::kBadSignature));
  }
  CANARY_TRY(std::visit([&](const auto& digest) { return check_claim(digest, epoch, author); },
                        pre_digest->value));

  out.slot = slot;
  out.is_primary = pre_digest->is_primary();
  out.author = author;
  out.pre_digest = *pre_digest;
  out.pre_header = std::move(unsealed.header);
  out.consensus_logs = std::move(logs);
  return out;
}

Result<void, BabeError> check_slot_progression(Slot parent_slot, Slot slot) {
  if (slot <= parent_slot) {
    return unexpected(
        error(BabeError::Kind::kSlotNotIncreasing,
              "parent slot " + std::to_string(parent_slot) + ", slot " + std::to_string(slot)));
  }
  return {};
}

bool slot_is_in_future(Slot slot, uint64_t now_unix_ms, uint64_t slot_duration_ms,
                       uint64_t max_drift_slots) {
  if (slot_duration_ms == 0) return true;
  const Slot now = now_unix_ms / slot_duration_ms;
  // now + drift cannot overflow in practice, but saturate rather than wrap.
  const Slot latest = now > UINT64_MAX - max_drift_slots ? UINT64_MAX : now + max_drift_slots;
  return slot > latest;
}

}  // namespace canary::consensus::babe
