// The node's BABE bookkeeping over the database's aux column: the genesis epoch configuration
// (from the genesis runtime's BabeApi_configuration), and per block its epochs (BlockEpochs) and
// fork-choice weight (the number of primary blocks on its chain, sc-consensus-babe's
// `block_weight` aux record). Used by both the importer (to verify a block against the epoch of
// its parent's chain) and the author (to claim a slot on top of the best block).
//
// Records are only read for blocks at or above the finalized one (every new block's parent is
// there): on finality, those of the blocks left below it and of the discarded forks are deleted.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "blockchain/blockchain_error.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "consensus/babe/epoch_changes.hpp"
#include "consensus/babe/types.hpp"
#include "consensus/babe/verification.hpp"
#include "primitives/util/result.hpp"
#include "state/storage/block_commit.hpp"

namespace canary::node {

// What importing one block adds to BABE's records, written with the block.
struct BabeImportRecord {
  consensus::babe::VerifiedHeader verified;
  consensus::babe::BlockEpochs epochs;
  uint64_t weight = 0;  // primary blocks from genesis to this block
  std::vector<state::AuxWrite> aux;
};

class BabeState final : public blockchain::ChainObserver {
 public:
  // Reads (or, on first start, computes and stores) the genesis configuration.
  static Result<std::unique_ptr<BabeState>, blockchain::BlockchainError> open(
      blockchain::Chain& chain, blockchain::RuntimeHost& host);
  ~BabeState() override;
  BabeState(const BabeState&) = delete;
  BabeState& operator=(const BabeState&) = delete;

  const consensus::babe::BabeConfiguration& configuration() const { return configuration_; }
  const consensus::babe::EpochGenesis& genesis() const { return genesis_; }
  uint64_t slot_duration_ms() const { return configuration_.slot_duration; }

  // The epoch a child of `parent` at `slot` belongs to.
  Result<consensus::babe::ChildEpoch, blockchain::BlockchainError> epoch_for_child(
      const block::BlockHash& parent, consensus::babe::Slot slot) const;
  // Verifies a sealed header on top of its (stored) parent, whose header the caller has read
  // already, and computes its records. `now_ms` (unix time) rejects blocks from the future
  // beyond the allowed drift.
  Result<BabeImportRecord, blockchain::BlockchainError> verify(const block::Header& sealed,
                                                               const block::Header& parent,
                                                               uint64_t now_ms) const;
  // The fork-choice weight of a stored block (0 for genesis).
  Result<uint64_t, blockchain::BlockchainError> weight_of(const block::BlockHash& hash) const;
  // The slot of a block, from its pre-digest (0 for genesis).
  static Result<consensus::babe::Slot, blockchain::BlockchainError> slot_of(
      const block::Header& header);

  // The epochs a stored block knows (none for genesis), e.g. the finalized block's for
  // sync_state_genSyncSpec.
  Result<std::optional<consensus::babe::BlockEpochs>, blockchain::BlockchainError> epochs_of(
      const block::BlockHash& hash) const;

  // ChainObserver: deletes the records finality made useless.
  void on_finalized(const blockchain::FinalityNotice& notice) override;

 private:
  BabeState(blockchain::Chain& chain, consensus::babe::BabeConfiguration configuration)
      : chain_(chain),
        configuration_(std::move(configuration)),
        genesis_(consensus::babe::EpochGenesis::from(configuration_)),
        last_finalized_(chain.finalized().hash) {}

  blockchain::Chain& chain_;
  consensus::babe::BabeConfiguration configuration_;
  consensus::babe::EpochGenesis genesis_;
  // The finalized block whose records are still kept (finality notices come one at a time).
  block::BlockHash last_finalized_{};
};

}  // namespace canary::node
