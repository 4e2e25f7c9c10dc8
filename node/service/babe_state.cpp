#include "node/service/babe_state.hpp"

#include <string>
#include <utility>

#include "blockchain/block_state.hpp"
#include "consensus/babe/digests.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {
namespace {

using blockchain::BlockchainError;
namespace babe = consensus::babe;

const std::string kConfigurationKey = "babe:configuration";

Bytes aux_key(std::string_view kind, const block::BlockHash& hash) {
  Bytes key(kind.begin(), kind.end());
  key.insert(key.end(), hash.begin(), hash.end());
  return key;
}

BlockchainError consensus_error(const babe::BabeError& e) {
  return BlockchainError{BlockchainError::Kind::kConsensus, babe::to_string(e)};
}

BlockchainError corrupt(const std::string& what) {
  return BlockchainError{BlockchainError::Kind::kDatabase,
                         "a stored BABE record does not decode: " + what};
}

}  // namespace

Result<std::unique_ptr<BabeState>, BlockchainError> BabeState::open(blockchain::Chain& chain,
                                                                    blockchain::RuntimeHost& host) {
  auto stored = chain.database().aux(to_bytes(kConfigurationKey));
  if (!stored) return unexpected(blockchain::database_error(stored.error()));
  if (*stored) {
    auto configuration = scale::decode<babe::BabeConfiguration>(**stored);
    if (!configuration) return unexpected(corrupt(kConfigurationKey));
    std::unique_ptr<BabeState> state(new BabeState(chain, std::move(*configuration)));
    chain.add_observer(state.get());
    return state;
  }
  // First start: the genesis runtime says how BABE is configured (sc-consensus-babe
  // `configuration`, read once and kept, as later runtimes may answer differently).
  CANARY_TRY_ASSIGN(auto genesis, blockchain::BlockState::at(chain, chain.genesis().hash));
  CANARY_TRY_ASSIGN(auto encoded, genesis.call(host, "BabeApi_configuration", {}));
  auto configuration = scale::decode<babe::BabeConfiguration>(encoded);
  if (!configuration) {
    return unexpected(BlockchainError{BlockchainError::Kind::kRuntime,
                                      "BabeApi_configuration returned undecodable bytes"});
  }
  if (configuration->slot_duration == 0 || configuration->epoch_length == 0) {
    return unexpected(BlockchainError{
        BlockchainError::Kind::kRuntime,
        "the runtime's BABE configuration has a zero slot duration or epoch length"});
  }
  auto written = chain.database().write_aux(
      {state::AuxWrite{to_bytes(kConfigurationKey), scale::encode(*configuration)}});
  if (!written) return unexpected(blockchain::database_error(written.error()));
  std::unique_ptr<BabeState> state(new BabeState(chain, std::move(*configuration)));
  chain.add_observer(state.get());
  return state;
}

BabeState::~BabeState() {
  chain_.remove_observer(this);
}

void BabeState::on_finalized(const blockchain::FinalityNotice& notice) {
  std::vector<state::AuxWrite> deletes;
  auto forget = [&deletes](const block::BlockHash& hash) {
    deletes.push_back(state::AuxWrite{aux_key("babe:epochs:", hash), std::nullopt});
    deletes.push_back(state::AuxWrite{aux_key("babe:weight:", hash), std::nullopt});
  };
  if (last_finalized_ != notice.finalized.hash) forget(last_finalized_);
  for (const blockchain::BlockRef& b : notice.newly_finalized) {
    if (b.hash != notice.finalized.hash) forget(b.hash);
  }
  for (const blockchain::BlockRef& b : notice.discarded) forget(b.hash);
  last_finalized_ = notice.finalized.hash;
  // A failed delete only leaves records nobody reads; the next finality retries none of them.
  (void)chain_.database().write_aux(deletes);
}

Result<std::optional<babe::BlockEpochs>, BlockchainError> BabeState::epochs_of(
    const block::BlockHash& hash) const {
  if (hash == chain_.genesis().hash) return std::optional<babe::BlockEpochs>{};
  auto stored = chain_.database().aux(aux_key("babe:epochs:", hash));
  if (!stored) return unexpected(blockchain::database_error(stored.error()));
  if (!*stored) {
    return unexpected(BlockchainError{BlockchainError::Kind::kUnknownBlock,
                                      "no BABE epochs for " + to_hex(hash)});
  }
  auto epochs = scale::decode<babe::BlockEpochs>(**stored);
  if (!epochs) return unexpected(corrupt("epochs of " + to_hex(hash)));
  return std::optional<babe::BlockEpochs>(std::move(*epochs));
}

Result<uint64_t, BlockchainError> BabeState::weight_of(const block::BlockHash& hash) const {
  if (hash == chain_.genesis().hash) return uint64_t{0};
  auto stored = chain_.database().aux(aux_key("babe:weight:", hash));
  if (!stored) return unexpected(blockchain::database_error(stored.error()));
  if (!*stored) return uint64_t{0};
  auto weight = scale::decode<uint64_t>(**stored);
  if (!weight) return unexpected(corrupt("weight of " + to_hex(hash)));
  return *weight;
}

Result<babe::Slot, BlockchainError> BabeState::slot_of(const block::Header& header) {
  // The genesis block has no pre-digest (sc-consensus-babe find_pre_digest answers slot 0).
  if (header.number == 0) return babe::Slot{0};
  auto pre = babe::find_pre_digest(header);
  if (!pre) return unexpected(consensus_error(pre.error()));
  return pre->slot();
}

Result<babe::ChildEpoch, BlockchainError> BabeState::epoch_for_child(const block::BlockHash& parent,
                                                                     babe::Slot slot) const {
  CANARY_TRY_ASSIGN(auto epochs, epochs_of(parent));
  auto child = babe::epoch_for_child(epochs, genesis_, slot);
  if (!child) return unexpected(consensus_error(child.error()));
  return std::move(*child);
}

Result<BabeImportRecord, BlockchainError> BabeState::verify(const block::Header& sealed,
                                                            const block::Header& parent,
                                                            uint64_t now_ms) const {
  auto pre = babe::find_pre_digest(sealed);
  if (!pre) return unexpected(consensus_error(pre.error()));
  const babe::Slot slot = pre->slot();
  if (babe::slot_is_in_future(slot, now_ms, configuration_.slot_duration)) {
    return unexpected(
        BlockchainError{BlockchainError::Kind::kConsensus,
                        "the block's slot " + std::to_string(slot) + " is in the future"});
  }
  CANARY_TRY_ASSIGN(auto parent_slot, slot_of(parent));
  if (auto progressed = babe::check_slot_progression(parent_slot, slot); !progressed) {
    return unexpected(consensus_error(progressed.error()));
  }
  CANARY_TRY_ASSIGN(auto parent_epochs, epochs_of(sealed.parent_hash));
  auto child = babe::epoch_for_child(parent_epochs, genesis_, slot);
  if (!child) return unexpected(consensus_error(child.error()));
  auto verified = babe::verify_header(sealed, child->epoch);
  if (!verified) return unexpected(consensus_error(verified.error()));
  auto announcement = babe::find_epoch_announcement(verified->consensus_logs);
  if (!announcement) return unexpected(consensus_error(announcement.error()));
  auto epochs = babe::epochs_after_child(parent_epochs, genesis_, slot, announcement->next_epoch,
                                         announcement->next_config);
  if (!epochs) return unexpected(consensus_error(epochs.error()));
  CANARY_TRY_ASSIGN(auto parent_weight, weight_of(sealed.parent_hash));

  BabeImportRecord out;
  out.weight = parent_weight + verified->pre_digest.added_weight();
  out.epochs = std::move(*epochs);
  const block::BlockHash hash = block::hash_of(sealed);
  out.aux.push_back(state::AuxWrite{aux_key("babe:epochs:", hash), scale::encode(out.epochs)});
  out.aux.push_back(state::AuxWrite{aux_key("babe:weight:", hash), scale::encode(out.weight)});
  out.verified = std::move(*verified);
  return out;
}

}  // namespace canary::node
