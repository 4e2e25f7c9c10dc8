// Authoring side of BABE (sc-consensus-babe authorship.rs claim_slot, and the seal of
// lib.rs BabeSlotWorker::block_import_params): try to win a slot with one of our keys, then sign
// the built header.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "consensus/babe/pre_digest.hpp"
#include "consensus/babe/types.hpp"
#include "primitives/block/header.hpp"
#include "primitives/crypto/sr25519.hpp"

namespace canary::consensus::babe {

struct SlotClaim {
  PreDigest pre_digest;
  size_t key_index = 0;  // which of the keys passed to claim_slot won
};

// Claims `slot` in `epoch` (which must contain the slot; see epoch_for_child) with one of `keys`:
// a primary claim if one of our authorities' VRF output is below its threshold (in authority
// order), else, when the epoch allows secondary slots, a SecondaryPlain or SecondaryVRF claim if
// we hold the slot's secondary author. None otherwise.
std::optional<SlotClaim> claim_slot(Slot slot, const Epoch& epoch,
                                    std::span<const crypto::sr25519::Keypair> keys);

// Appends Seal(BABE, sr25519 signature over hash_of(header)) to a header that has its BABE
// pre-digest and no seal yet.
void seal_header(block::Header& header, const crypto::sr25519::Keypair& key);

// The PreRuntime(BABE) digest item that carries a claim.
block::DigestItem pre_runtime_item(const PreDigest& pre_digest);

}  // namespace canary::consensus::babe
