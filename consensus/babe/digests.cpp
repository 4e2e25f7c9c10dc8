#include "consensus/babe/digests.hpp"

#include <string>
#include <variant>

#include "primitives/scale/decode_error.hpp"

namespace canary::consensus::babe {

namespace {

BabeError error(BabeError::Kind kind, std::string detail = {}) {
  return BabeError{kind, std::move(detail)};
}

const block::DigestSeal* babe_seal_of(const block::Header& sealed) {
  if (sealed.digest.empty()) return nullptr;
  return std::get_if<block::DigestSeal>(&sealed.digest.back());
}

}  // namespace

Result<PreDigest, BabeError> find_pre_digest(const block::Header& header) {
  std::optional<PreDigest> found;
  for (const block::DigestItem& item : header.digest) {
    const auto* pre = std::get_if<block::DigestPreRuntime>(&item);
    if (pre == nullptr || pre->engine != block::kBabeEngineId) continue;
    if (found) return unexpected(error(BabeError::Kind::kMultiplePreDigests));
    auto decoded = decode_pre_digest(pre->data);
    if (!decoded) {
      return unexpected(error(BabeError::Kind::kBadPreDigest, scale::to_string(decoded.error())));
    }
    found = *decoded;
  }
  if (!found) return unexpected(error(BabeError::Kind::kNoPreDigest));
  return *found;
}

Result<crypto::sr25519::Signature, BabeError> find_seal(const block::Header& sealed) {
  const block::DigestSeal* seal = babe_seal_of(sealed);
  if (seal == nullptr) return unexpected(error(BabeError::Kind::kHeaderUnsealed));
  if (seal->engine != block::kBabeEngineId) {
    return unexpected(error(BabeError::Kind::kBadSeal, "seal of another engine"));
  }
  crypto::sr25519::Signature signature{};
  if (seal->data.size() != signature.size()) {
    return unexpected(error(BabeError::Kind::kBadSeal,
                            "seal of " + std::to_string(seal->data.size()) + " bytes"));
  }
  std::copy(seal->data.begin(), seal->data.end(), signature.begin());
  return signature;
}

Result<UnsealedHeader, BabeError> split_seal(const block::Header& sealed) {
  CANARY_TRY_ASSIGN(auto seal, find_seal(sealed));
  UnsealedHeader out{sealed, seal};
  out.header.digest.pop_back();
  return out;
}

Result<Hash256, BabeError> pre_seal_hash(const block::Header& sealed) {
  CANARY_TRY_ASSIGN(auto unsealed, split_seal(sealed));
  return block::hash_of(unsealed.header);
}

Result<std::vector<ConsensusLog>, BabeError> find_consensus_logs(const block::Header& header) {
  std::vector<ConsensusLog> logs;
  for (const block::DigestItem& item : header.digest) {
    const auto* consensus = std::get_if<block::DigestConsensus>(&item);
    if (consensus == nullptr || consensus->engine != block::kBabeEngineId) continue;
    auto decoded = decode_consensus_log(consensus->data);
    if (!decoded) {
      return unexpected(
          error(BabeError::Kind::kBadConsensusLog, scale::to_string(decoded.error())));
    }
    logs.push_back(std::move(*decoded));
  }
  return logs;
}

Result<EpochAnnouncement, BabeError> find_epoch_announcement(std::span<const ConsensusLog> logs) {
  EpochAnnouncement out;
  for (const ConsensusLog& log : logs) {
    if (const auto* epoch = std::get_if<NextEpochData>(&log.value)) {
      if (out.next_epoch) return unexpected(error(BabeError::Kind::kMultipleEpochChangeDigests));
      out.next_epoch = epoch->descriptor;
    } else if (const auto* config = std::get_if<NextConfigData>(&log.value)) {
      if (out.next_config) {
        return unexpected(error(BabeError::Kind::kMultipleConfigChangeDigests));
      }
      out.next_config = config->descriptor;
    }
  }
  return out;
}

}  // namespace canary::consensus::babe
