#include "consensus/babe/slot_claim.hpp"

#include "consensus/babe/slot_lottery.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::consensus::babe {

namespace sr25519 = crypto::sr25519;

namespace {

VrfSignature to_digest_vrf(const sr25519::VrfSignature& s) {
  return VrfSignature{s.pre_output, s.proof};
}

std::optional<size_t> our_key_for(const AuthorityId& authority,
                                  std::span<const sr25519::Keypair> keys) {
  for (size_t k = 0; k < keys.size(); ++k) {
    if (keys[k].public_key == authority) return k;
  }
  return std::nullopt;
}

std::optional<SlotClaim> claim_primary_slot(Slot slot, const Epoch& epoch,
                                            std::span<const sr25519::Keypair> keys) {
  for (size_t i = 0; i < epoch.authorities.size(); ++i) {
    auto key = our_key_for(epoch.authorities[i].public_key, keys);
    if (!key) continue;
    const auto transcript = make_vrf_transcript(epoch.randomness, slot, epoch.epoch_index);
    // The in/out pair alone decides; only a winner pays for the proof.
    const auto inout = sr25519::vrf_compute_inout(keys[*key], transcript);
    if (!check_primary_threshold(
            inout, calculate_primary_threshold(epoch.config.c, epoch.authorities, i))) {
      continue;
    }
    const auto [signed_inout, signature] = sr25519::vrf_sign(keys[*key], transcript);
    return SlotClaim{
        PreDigest{PrimaryPreDigest{static_cast<AuthorityIndex>(i), slot, to_digest_vrf(signature)}},
        *key};
  }
  return std::nullopt;
}

std::optional<SlotClaim> claim_secondary_slot(Slot slot, const Epoch& epoch,
                                              std::span<const sr25519::Keypair> keys,
                                              bool with_vrf) {
  auto expected = secondary_slot_author(slot, epoch.authorities.size(), epoch.randomness);
  if (!expected) return std::nullopt;
  const AuthorityId& expected_key = epoch.authorities[*expected].public_key;
  auto key = our_key_for(expected_key, keys);
  if (!key) return std::nullopt;
  // Substrate claims with the first index that carries the expected key.
  size_t index = 0;
  while (epoch.authorities[index].public_key != expected_key) ++index;
  const auto authority_index = static_cast<AuthorityIndex>(index);
  if (!with_vrf) return SlotClaim{PreDigest{SecondaryPlainPreDigest{authority_index, slot}}, *key};
  const auto [inout, signature] =
      sr25519::vrf_sign(keys[*key], make_vrf_transcript(epoch.randomness, slot, epoch.epoch_index));
  return SlotClaim{
      PreDigest{SecondaryVrfPreDigest{authority_index, slot, to_digest_vrf(signature)}}, *key};
}

}  // namespace

std::optional<SlotClaim> claim_slot(Slot slot, const Epoch& epoch,
                                    std::span<const sr25519::Keypair> keys) {
  if (!epoch.contains(slot)) return std::nullopt;
  if (auto primary = claim_primary_slot(slot, epoch, keys)) return primary;
  switch (epoch.config.allowed_slots) {
    case AllowedSlots::kPrimarySlots:
      return std::nullopt;
    case AllowedSlots::kPrimaryAndSecondaryPlainSlots:
      return claim_secondary_slot(slot, epoch, keys, false);
    case AllowedSlots::kPrimaryAndSecondaryVrfSlots:
      return claim_secondary_slot(slot, epoch, keys, true);
  }
  return std::nullopt;
}

void seal_header(block::Header& header, const sr25519::Keypair& key) {
  const Hash256 pre_hash = block::hash_of(header);
  const sr25519::Signature signature = sr25519::sign(key, pre_hash);
  header.digest.emplace_back(
      block::DigestSeal{block::kBabeEngineId, Bytes(signature.begin(), signature.end())});
}

block::DigestItem pre_runtime_item(const PreDigest& pre_digest) {
  return block::DigestPreRuntime{block::kBabeEngineId, scale::encode(pre_digest)};
}

}  // namespace canary::consensus::babe
