// Epochs across forks as values the node stores per block, with the semantics of
// sc-consensus-epochs (EpochChanges::epoch_descriptor_for_child_of, viable_epoch, import) and of
// sc-consensus-babe's import_block (first-in-epoch rules, clone_for_slot for skipped epochs).
//
// Every block after genesis knows two epochs: the one it belongs to (`current`) and the latest one
// announced on its chain (`next`, announced by the first block of `current`). A child's slot
// falls in one of them: in `current` it changes nothing; at or beyond `next.start_slot` the child
// is the first block of a new epoch and must announce the epoch after it with NextEpochData.
// If whole epochs passed without blocks, the child's epoch reuses `next`'s authorities and
// randomness with the index and start slot of the epoch that contains its slot (Substrate's
// clone_for_slot; the runtime does the same: its epoch index follows the slot).
//
// Epoch 0 starts at the slot of block #1 with the genesis configuration (BabeApi_configuration);
// block #1 announces epoch 1 (FRAME announces the genesis authorities and randomness again).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "consensus/babe/babe_error.hpp"
#include "consensus/babe/consensus_log.hpp"
#include "consensus/babe/types.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::babe {

// What epoch 0 is made of, from the genesis runtime's BabeApi_configuration.
struct EpochGenesis {
  std::vector<Authority> authorities;
  Randomness randomness{};
  EpochConfiguration config;
  uint64_t epoch_length = 0;  // slots

  bool operator==(const EpochGenesis&) const = default;
  CANARY_SCALE_FIELDS(authorities, randomness, config, epoch_length)

  static EpochGenesis from(const BabeConfiguration& configuration);
};

// Epoch 0, starting at the slot of block #1 (sc-consensus-babe Epoch::genesis).
Epoch genesis_epoch(const EpochGenesis& genesis, Slot block_one_slot);

// The epochs a block knows; stored with the block (SCALE for persistence).
struct BlockEpochs {
  Epoch current;
  Epoch next;

  bool operator==(const BlockEpochs&) const = default;
  CANARY_SCALE_FIELDS(current, next)
};

struct ChildEpoch {
  Epoch epoch;                  // to verify the child against, or to claim its slot in
  bool first_in_epoch = false;  // the child must carry NextEpochData
};

// The epoch of a child at `child_slot` of a block with epochs `parent` (nullopt when the parent is
// the genesis block). Errors: a slot before the parent's epoch, unusable epoch data.
Result<ChildEpoch, BabeError> epoch_for_child(const std::optional<BlockEpochs>& parent,
                                              const EpochGenesis& genesis, Slot child_slot);

// The child's own epochs, given what it announced: the first block of an epoch must announce the
// next one (kExpectedEpochChange otherwise), any other block must announce nothing
// (kUnexpectedEpochChange, kUnexpectedConfigChange). Without NextConfigData the next epoch keeps
// the configuration of the child's epoch.
Result<BlockEpochs, BabeError> epochs_after_child(
    const std::optional<BlockEpochs>& parent, const EpochGenesis& genesis, Slot child_slot,
    const std::optional<NextEpochDescriptor>& next_epoch,
    const std::optional<NextConfigDescriptor>& next_config = std::nullopt);

// The epoch that contains `slot` when every epoch from `epoch` on was skipped: `epoch`'s data
// with the index and start slot moved forward by whole epochs (sc-consensus-babe
// Epoch::clone_for_slot). `epoch` itself when the slot is in it or before it.
Result<Epoch, BabeError> clone_for_slot(const Epoch& epoch, Slot slot);

// The epoch after `epoch`, with the announced authorities and randomness (Epoch::increment).
Result<Epoch, BabeError> increment_epoch(const Epoch& epoch, const NextEpochDescriptor& next,
                                         const EpochConfiguration& config);

}  // namespace canary::consensus::babe
