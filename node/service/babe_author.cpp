#include "node/service/babe_author.hpp"

#include <algorithm>
#include <utility>

#include "consensus/babe/slot_claim.hpp"
#include "consensus/babe/slot_clock.hpp"
#include "node/service/log.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/scale/codec.hpp"

namespace canary::node {

using blockchain::BlockchainError;
namespace babe = consensus::babe;

Result<std::optional<AuthoredBlock>, BlockchainError> BabeAuthor::on_slot(
    babe::Slot slot, std::span<const crypto::sr25519::Keypair> keys, uint64_t now_ms) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  if (keys.empty()) return std::optional<AuthoredBlock>{};
  if (major_syncing_ && major_syncing_()) {
    log::debug("slots", "Skipping proposal slot due to sync.");
    return std::optional<AuthoredBlock>{};
  }
  const blockchain::BlockRef best = chain_.best();
  CANARY_TRY_ASSIGN(auto parent, chain_.header(best.hash));
  if (!parent)
    return unexpected(BlockchainError{BlockchainError::Kind::kUnknownBlock, "best block"});
  CANARY_TRY_ASSIGN(auto parent_slot, BabeState::slot_of(*parent));
  if (parent_slot >= slot) return std::optional<AuthoredBlock>{};
  // What fails from here on fails for this parent (e.g. a :code that cannot be loaded): say which.
  const auto on_parent = [&](BlockchainError error) {
    error.detail = "building on #" + std::to_string(best.number) + " (" +
                   log::short_hash(best.hash) + "): " + error.detail;
    return unexpected(std::move(error));
  };
  auto epoch = babe_.epoch_for_child(best.hash, slot);
  if (!epoch) return on_parent(std::move(epoch).error());
  auto claim = babe::claim_slot(slot, epoch->epoch, keys);
  if (!claim) return std::optional<AuthoredBlock>{};

  // The timestamp must fall in the slot: pallet-babe checks CurrentSlot == timestamp / duration.
  const uint64_t duration = babe_.slot_duration_ms();
  const uint64_t slot_start = slot * duration;
  const uint64_t timestamp = std::clamp(now_ms, slot_start, slot_start + duration - 1);
  runtime::InherentData inherents;
  inherents[runtime::kTimestampInherent] = scale::encode(timestamp);
  inherents[runtime::kBabeSlotInherent] = scale::encode(uint64_t{slot});
  // The provisioner's bitfields and backed candidates, or none (a runtime without a parachain
  // host ignores the inherent).
  inherents[runtime::kParachainsInherent] =
      parachains_inherent_ ? parachains_inherent_(*parent)
                           : runtime::parachains_inherent_without_content(*parent);

  auto builder = blockchain::BlockBuilder::start(host_, chain_.database().node_store(), *parent,
                                                 {babe::pre_runtime_item(claim->pre_digest)},
                                                 inherents, importer_.offchain_indexing());
  if (!builder) return on_parent(std::move(builder).error());
  // Proposing may take half of the slot (sc-consensus-slots gives the proposer a portion of the
  // slot; half keeps room for import and propagation), and no more than what is left of the slot
  // when the author starts late (its previous import ran into this slot).
  const uint64_t left = babe::SlotClock::create(duration)->ms_left_in_slot(slot, now_ms);
  const auto deadline = started + std::chrono::milliseconds(std::min(duration / 2, left));
  if (fill_) fill_(**builder, deadline);
  auto built_or = (*builder)->finish();
  if (!built_or) return on_parent(std::move(built_or).error());
  blockchain::BuiltBlock built = std::move(*built_or);
  if (metrics_ != nullptr) {
    metrics_->observe(kBlockConstructedMetric, {},
                      std::chrono::duration<double>(Clock::now() - started).count());
  }

  block::Header sealed = built.block.header;
  babe::seal_header(sealed, keys[claim->key_index]);
  CANARY_TRY_ASSIGN(auto imported, importer_.import_own(sealed, built, now_ms));
  AuthoredBlock out;
  out.block = imported.block;
  out.extrinsics = built.block.extrinsics.size();
  out.primary = claim->pre_digest.is_primary();
  out.build_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  return std::optional<AuthoredBlock>(out);
}

}  // namespace canary::node
