// pallet_babe::EquivocationOffence: a BABE authority produced two blocks for one slot. The kind is
// b"babe:equivocatio", the time slot the slot, and the slash fraction for k offenders of a set of
// n validators min((3k / n)², 1) in Perbill arithmetic (from_rational rounding down, then the
// square rounding down), as polkadot-sdk substrate/frame/babe/src/equivocation.rs. Offender is
// the runtime's identification of a validator (Kusama: Session historical's IdentificationTuple).
// Beside the pallet that reports it, as in FRAME: the kind and the time slot are BABE's.
//
// check_equivocation_proof is sp_consensus_babe's: the evidence itself, before any key-ownership
// proof is looked at.
#pragma once

#include <algorithm>
#include <optional>
#include <variant>

#include "primitives/block/digest.hpp"
#include "primitives/block/header.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/traits/staking.hpp"
#include "runtime/io/crypto.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/pallets/babe/types.hpp"

namespace canary::rt::pallets::babe {

template <class Offender>
using EquivocationOffence =
    traits::staking::EquivocationOffence<traits::staking::offence_kind("babe:equivocatio"), Slot,
                                         Offender>;

namespace detail {

// Whether `header`'s last digest item is a BABE seal by `signer` over the hash of the header
// without it (sp_consensus_babe's verify_seal_signature: the seal decodes as a 64-byte signature,
// extra bytes ignored as SCALE's non-strict decode does).
inline bool sealed_by(block::Header header, const AuthorityId& signer) {
  if (header.digest.empty()) return false;
  const auto* seal = std::get_if<block::DigestSeal>(&header.digest.back());
  if (seal == nullptr || seal->engine != block::kBabeEngineId || seal->data.size() < 64) {
    return false;
  }
  io::crypto::Signature64 signature;
  std::copy_n(seal->data.begin(), 64, signature.begin());
  header.digest.pop_back();
  const Hash256 pre_hash = io::hashing::blake2_256(scale::encode(header));
  return io::crypto::sr25519_verify(signature, pre_hash, signer.bytes);
}

}  // namespace detail

// sp_consensus_babe::check_equivocation_proof: two different headers, both with a BABE
// pre-digest of the proof's slot by one authority index, both sealed by the offender.
inline bool check_equivocation_proof(const EquivocationProof& proof) {
  if (scale::encode(proof.first_header) == scale::encode(proof.second_header)) return false;
  const std::optional<PreDigest> first = find_pre_digest(proof.first_header.digest);
  const std::optional<PreDigest> second = find_pre_digest(proof.second_header.digest);
  if (!first || !second) return false;
  if (proof.slot != first->slot() || first->slot() != second->slot()) return false;
  if (first->authority_index() != second->authority_index()) return false;
  return detail::sealed_by(proof.first_header, proof.offender) &&
         detail::sealed_by(proof.second_header, proof.offender);
}

}  // namespace canary::rt::pallets::babe
