// Reading BABE's items out of a header digest (sc-consensus-babe lib.rs find_pre_digest,
// find_next_epoch_digest, find_next_config_digest; verification.rs check_header for the seal).
// Stricter than Substrate on purpose, like smoldot: an undecodable BABE item is an error rather
// than "not meant for us", since a header that carries one cannot be valid anyway.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "consensus/babe/babe_error.hpp"
#include "consensus/babe/consensus_log.hpp"
#include "consensus/babe/pre_digest.hpp"
#include "primitives/block/header.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::babe {

// The header's BABE pre-digest: exactly one PreRuntime(BABE) item, whose payload decodes.
Result<PreDigest, BabeError> find_pre_digest(const block::Header& header);

// The BABE seal: the last digest item, Seal(BABE) carrying a 64-byte sr25519 signature.
Result<crypto::sr25519::Signature, BabeError> find_seal(const block::Header& sealed);

// The sealed header split into the header the author signed and the signature.
struct UnsealedHeader {
  block::Header header;  // without its last (seal) item
  crypto::sr25519::Signature seal{};
};
Result<UnsealedHeader, BabeError> split_seal(const block::Header& sealed);

// BLAKE2b-256 of the header without its seal: the message the seal signs.
Result<Hash256, BabeError> pre_seal_hash(const block::Header& sealed);

// Every Consensus(BABE) item, decoded, in digest order.
Result<std::vector<ConsensusLog>, BabeError> find_consensus_logs(const block::Header& header);

// What a block announces about the next epoch: at most one NextEpochData, at most one
// NextConfigData (more is an error, as Substrate's MultipleEpochChangeDigests).
struct EpochAnnouncement {
  std::optional<NextEpochDescriptor> next_epoch;
  std::optional<NextConfigDescriptor> next_config;
};
Result<EpochAnnouncement, BabeError> find_epoch_announcement(std::span<const ConsensusLog> logs);

}  // namespace canary::consensus::babe
