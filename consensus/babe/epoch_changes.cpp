#include "consensus/babe/epoch_changes.hpp"

#include <string>
#include <utility>

namespace canary::consensus::babe {

namespace {

BabeError invalid_epoch(std::string detail) {
  return BabeError{BabeError::Kind::kInvalidEpoch, std::move(detail)};
}

}  // namespace

EpochGenesis EpochGenesis::from(const BabeConfiguration& configuration) {
  return EpochGenesis{configuration.authorities, configuration.randomness,
                      EpochConfiguration{configuration.c, configuration.allowed_slots},
                      configuration.epoch_length};
}

Epoch genesis_epoch(const EpochGenesis& genesis, Slot block_one_slot) {
  return Epoch{0,
               block_one_slot,
               genesis.epoch_length,
               genesis.authorities,
               genesis.randomness,
               genesis.config};
}

Result<Epoch, BabeError> clone_for_slot(const Epoch& epoch, Slot slot) {
  if (epoch.duration == 0) return unexpected(invalid_epoch("zero epoch duration"));
  if (slot < epoch.start_slot) return epoch;
  const uint64_t skipped = (slot - epoch.start_slot) / epoch.duration;
  // skipped · duration <= slot − start_slot, so the new start cannot overflow.
  Epoch out = epoch;
  if (skipped > UINT64_MAX - epoch.epoch_index) {
    return unexpected(invalid_epoch("epoch index overflow"));
  }
  out.epoch_index += skipped;
  out.start_slot += skipped * epoch.duration;
  return out;
}

Result<Epoch, BabeError> increment_epoch(const Epoch& epoch, const NextEpochDescriptor& next,
                                         const EpochConfiguration& config) {
  if (epoch.epoch_index == UINT64_MAX) return unexpected(invalid_epoch("epoch index overflow"));
  if (epoch.start_slot > UINT64_MAX - epoch.duration) {
    return unexpected(invalid_epoch("start slot overflow"));
  }
  return Epoch{epoch.epoch_index + 1, epoch.start_slot + epoch.duration,
               epoch.duration,        next.authorities,
               next.randomness,       config};
}

Result<ChildEpoch, BabeError> epoch_for_child(const std::optional<BlockEpochs>& parent,
                                              const EpochGenesis& genesis, Slot child_slot) {
  if (!parent) {
    // Block #1 opens epoch 0 at its own slot.
    if (genesis.epoch_length == 0) return unexpected(invalid_epoch("zero epoch length"));
    return ChildEpoch{genesis_epoch(genesis, child_slot), true};
  }
  // sc-consensus-epochs looks for the deepest announced epoch that starts at or before the slot;
  // for a child of a block that is `next` or else `current`. Being first in the epoch is
  // "parent slot < start of the child's epoch", which here is "the child is in `next`".
  const bool first_in_epoch = child_slot >= parent->next.start_slot;
  const Epoch& epoch = first_in_epoch ? parent->next : parent->current;
  if (!first_in_epoch && child_slot < epoch.start_slot) {
    return unexpected(BabeError{BabeError::Kind::kSlotOutsideEpoch,
                                "slot " + std::to_string(child_slot) + " before epoch " +
                                    std::to_string(epoch.epoch_index)});
  }
  CANARY_TRY_ASSIGN(auto cloned, clone_for_slot(epoch, child_slot));
  return ChildEpoch{std::move(cloned), first_in_epoch};
}

Result<BlockEpochs, BabeError> epochs_after_child(
    const std::optional<BlockEpochs>& parent, const EpochGenesis& genesis, Slot child_slot,
    const std::optional<NextEpochDescriptor>& next_epoch,
    const std::optional<NextConfigDescriptor>& next_config) {
  auto child = epoch_for_child(parent, genesis, child_slot);
  if (!child) return unexpected(child.error());
  if (parent && !child->first_in_epoch) {  // (only block #1 has no parent, and it is first)
    // sc-consensus-babe import_block: (false, true, _) and (false, false, true) are errors.
    if (next_epoch) return unexpected(BabeError{BabeError::Kind::kUnexpectedEpochChange, {}});
    if (next_config) return unexpected(BabeError{BabeError::Kind::kUnexpectedConfigChange, {}});
    return *parent;
  }
  if (!next_epoch) {
    return unexpected(BabeError{BabeError::Kind::kExpectedEpochChange,
                                "slot " + std::to_string(child_slot) + " starts epoch " +
                                    std::to_string(child->epoch.epoch_index)});
  }
  const EpochConfiguration config = next_config ? next_config->config : child->epoch.config;
  CANARY_TRY_ASSIGN(auto next, increment_epoch(child->epoch, *next_epoch, config));
  return BlockEpochs{std::move(child->epoch), std::move(next)};
}

}  // namespace canary::consensus::babe
