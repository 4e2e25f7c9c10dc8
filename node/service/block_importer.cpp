#include "node/service/block_importer.hpp"

#include <chrono>
#include <utility>

#include "blockchain/block_executor.hpp"
#include "blockchain/database_offchain_storage.hpp"
#include "consensus/babe/digests.hpp"
#include "node/service/state_prefetcher.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {

using blockchain::BlockchainError;

Result<ImportedBlock, BlockchainError> BlockImporter::import_block(
    const block::Header& sealed, const std::vector<Bytes>& extrinsics,
    const std::optional<Bytes>& justification, uint64_t now_ms) {
  MutexLock lock(mutex_);
  const auto import_started = std::chrono::steady_clock::now();
  const block::BlockHash hash = block::hash_of(sealed);
  if (chain_.contains(hash)) {
    return unexpected(BlockchainError{BlockchainError::Kind::kAlreadyKnown, to_hex(hash)});
  }
  auto parent = chain_.header(sealed.parent_hash);
  if (!parent) return unexpected(std::move(parent).error());
  if (!*parent) {
    return unexpected(BlockchainError{BlockchainError::Kind::kUnknownBlock,
                                      "unknown parent " + to_hex(sealed.parent_hash)});
  }
  if ((*parent)->number + 1 != sealed.number) {
    return unexpected(BlockchainError{
        BlockchainError::Kind::kBadBlock,
        "block number " + std::to_string(sealed.number) + " does not follow its parent's"});
  }
  using Clock = std::chrono::steady_clock;
  ImportTimings timings;
  auto started = Clock::now();
  CANARY_TRY_ASSIGN(auto record, babe_.verify(sealed, **parent, now_ms));
  if (on_equivocation_) {
    const uint64_t slot_duration = babe_.slot_duration_ms();
    const consensus::babe::Slot slot_now = slot_duration == 0 ? 0 : now_ms / slot_duration;
    if (auto proof = equivocations_.check(slot_now, record.verified.slot, record.verified.author,
                                          sealed, hash)) {
      on_equivocation_(std::move(*proof));
    }
  }
  timings.verify = Clock::now() - started;
  started = Clock::now();
  block::Block body{record.verified.pre_header, extrinsics};
  // sc-consensus-babe checks every block with a body against the node's own inherent data: the
  // timestamp of our clock and the slot it falls in.
  runtime::InherentData ours;
  ours[runtime::kTimestampInherent] = scale::encode(now_ms);
  const uint64_t slot_ms = babe_.slot_duration_ms();
  const uint64_t slot = slot_ms == 0 ? 0 : now_ms / slot_ms;
  ours[runtime::kBabeSlotInherent] = scale::encode(slot);
  if (prefetcher_ != nullptr) {
    prefetcher_->start((*parent)->state_root, signer_account_keys(extrinsics));
  }
  auto executed = blockchain::execute_block(host_, chain_.database().node_store(),
                                            (*parent)->state_root, body, &ours, offchain_indexing_);
  if (prefetcher_ != nullptr) prefetcher_->stop();
  if (!executed) return unexpected(std::move(executed).error());
  timings.execute = Clock::now() - started;
  timings.runtime = executed->runtime_time;
  timings.state_root = executed->state_root_time;
  started = Clock::now();
  auto imported = commit(sealed, extrinsics, justification, *executed->changes,
                         executed->offchain_index, std::move(record));
  if (!imported) return imported;
  imported->timings = timings;
  imported->timings.commit = Clock::now() - started;
  record_import_time(import_started);
  return imported;
}

Result<ImportedBlock, BlockchainError> BlockImporter::import_own(
    const block::Header& sealed, const blockchain::BuiltBlock& built, uint64_t now_ms) {
  MutexLock lock(mutex_);
  const auto import_started = std::chrono::steady_clock::now();
  auto parent = chain_.header(sealed.parent_hash);
  if (!parent) return unexpected(std::move(parent).error());
  if (!*parent) {
    return unexpected(BlockchainError{BlockchainError::Kind::kUnknownBlock,
                                      "unknown parent " + to_hex(sealed.parent_hash)});
  }
  CANARY_TRY_ASSIGN(auto record, babe_.verify(sealed, **parent, now_ms));
  // The builder recorded the index when indexing is on (BabeAuthor asks offchain_indexing()).
  auto imported = commit(sealed, built.block.extrinsics, std::nullopt, *built.changes,
                         offchain_indexing_ ? built.offchain_index
                                            : executor::offchain::OffchainIndexChanges::Changes{},
                         std::move(record));
  if (imported) record_import_time(import_started);
  return imported;
}

void BlockImporter::record_import_time(std::chrono::steady_clock::time_point started) const {
  if (metrics_ == nullptr) return;
  metrics_->observe(
      kBlockImportTimeMetric, {},
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

Result<ImportedBlock, BlockchainError> BlockImporter::commit(
    const block::Header& sealed, const std::vector<Bytes>& extrinsics,
    const std::optional<Bytes>& justification, const state::NodeChanges& changes,
    const executor::offchain::OffchainIndexChanges::Changes& offchain_index,
    BabeImportRecord record) {
  // Fork choice (sc-consensus-babe import_block): the chain with more primary blocks, then the
  // longer one; on a tie the first seen stays best.
  const blockchain::BlockRef best = chain_.best();
  CANARY_TRY_ASSIGN(auto best_weight, babe_.weight_of(best.hash));
  const bool new_best =
      record.weight > best_weight || (record.weight == best_weight && sealed.number > best.number);

  state::BlockCommit c;
  c.header = sealed;
  c.body = scale::encode(extrinsics);
  c.justification = justification;
  c.changes = &changes;
  c.new_nodes = &changes;
  c.make_best = new_best;
  c.aux = std::move(record.aux);
  c.offchain = blockchain::offchain_index_writes(offchain_index);
  CANARY_TRY(chain_.import(c));
  return ImportedBlock{blockchain::BlockRef{block::hash_of(sealed), sealed.number}, new_best,
                       record.verified.is_primary};
}

}  // namespace canary::node
