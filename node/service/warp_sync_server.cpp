#include "node/service/warp_sync_server.hpp"

#include <utility>

#include "consensus/grandpa/authority_set.hpp"
#include "network/protocols/warp_sync.hpp"
#include "network/protocols/warp_sync_handler.hpp"
#include "node/service/grandpa_aux_keys.hpp"
#include "node/service/log.hpp"
#include "primitives/block/signed_block.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {

namespace {

network::WarpProofSourceError source_error(const blockchain::BlockchainError& e) {
  return network::WarpProofSourceError{e.message()};
}

network::WarpProofSourceError source_error(const state::DatabaseError& e) {
  return network::WarpProofSourceError{e.message()};
}

}  // namespace

// ---- ChainWarpProofSource ---------------------------------------------------------------------

Result<std::optional<block::BlockNumber>, network::WarpProofSourceError>
ChainWarpProofSource::block_number(const block::BlockHash& hash) const {
  auto stored = chain_.header(hash);
  if (!stored) return unexpected(source_error(stored.error()));
  const std::optional<block::Header>& header = *stored;
  if (!header) return std::optional<block::BlockNumber>{};
  return std::optional<block::BlockNumber>(header->number);
}

block::BlockNumber ChainWarpProofSource::finalized_number() const {
  return chain_.finalized().number;
}

Result<std::optional<block::BlockHash>, network::WarpProofSourceError>
ChainWarpProofSource::finalized_hash(block::BlockNumber number) const {
  // Above the finalized block the canonical index is the best chain, which may still change.
  if (number > chain_.finalized().number) return std::optional<block::BlockHash>{};
  auto hash = chain_.canonical_hash(number);
  if (!hash) return unexpected(source_error(hash.error()));
  return *hash;
}

Result<std::optional<block::Header>, network::WarpProofSourceError> ChainWarpProofSource::header(
    const block::BlockHash& hash) const {
  auto header = chain_.header(hash);
  if (!header) return unexpected(source_error(header.error()));
  return std::move(*header);
}

Result<std::optional<Bytes>, network::WarpProofSourceError>
ChainWarpProofSource::grandpa_justification(const block::BlockHash& hash) const {
  auto stored = chain_.justification(hash);
  if (!stored) return unexpected(source_error(stored.error()));
  const std::optional<Bytes>& encoded = *stored;
  if (!encoded) return std::optional<Bytes>{};
  // The chain keeps a block's SCALE Justifications (one proof per engine).
  auto justifications = scale::decode<block::Justifications>(*encoded);
  if (!justifications) {
    return unexpected(network::WarpProofSourceError{
        "stored justifications of " + to_hex(hash) +
        " do not decode: " + scale::to_string(justifications.error())});
  }
  const Bytes* grandpa = block::find_justification(*justifications, block::kGrandpaEngineId);
  if (grandpa == nullptr) return std::optional<Bytes>{};
  return std::optional<Bytes>(*grandpa);
}

Result<network::AuthoritySetChanges, network::WarpProofSourceError>
ChainWarpProofSource::authority_set_changes() const {
  auto stored = chain_.database().aux(to_bytes(kGrandpaAuthoritySetKey));
  if (!stored) return unexpected(source_error(stored.error()));
  // No record yet: GRANDPA has not started, the genesis set is in charge and none ended.
  const std::optional<Bytes>& encoded = *stored;
  if (!encoded) return network::AuthoritySetChanges{};
  auto tracker = consensus::grandpa::AuthoritySetTracker::decode(*encoded);
  if (!tracker) {
    return unexpected(
        network::WarpProofSourceError{"the stored GRANDPA authority set does not decode"});
  }
  return tracker->authority_set_changes();
}

Result<std::optional<Bytes>, network::WarpProofSourceError>
ChainWarpProofSource::best_justification() const {
  auto stored = chain_.database().aux(to_bytes(kGrandpaBestJustificationKey));
  if (!stored) return unexpected(source_error(stored.error()));
  if (*stored) return std::move(*stored);
  // A database from before the key: the finalized block's own justification (if it has one) is
  // the latest GRANDPA stored.
  const blockchain::BlockRef finalized = chain_.finalized();
  if (finalized.number == 0) return std::optional<Bytes>{};
  return grandpa_justification(finalized.hash);
}

// ---- WarpSyncServer ---------------------------------------------------------------------------

WarpSyncServer::WarpSyncServer(const blockchain::Chain& chain) : chain_(chain) {
  worker_ = std::thread([this] { run(); });
}

WarpSyncServer::~WarpSyncServer() {
  stop();
}

void WarpSyncServer::stop() {
  std::deque<Task> refused;
  {
    MutexLock lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    refused.swap(queue_);
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  for (const Task& task : refused) task.respond(std::nullopt);
}

void WarpSyncServer::serve(const network::PeerId& peer, Bytes request, network::Responder respond) {
  auto begin = network::decode_warp_sync_request(request);
  if (!begin) {
    log::debug("sync", "Failed to handle grandpa warp sync request from {}: {}", peer.to_base58(),
               network::to_string(begin.error()));
    respond(std::nullopt);
    return;
  }
  {
    MutexLock lock(mutex_);
    if (!stopping_ && queue_.size() < kMaxQueuedRequests) {
      queue_.push_back(Task{peer, *begin, std::move(respond)});
      wake_.notify_one();
      return;
    }
  }
  log::debug("sync", "Dropped a grandpa warp sync request from {}: too many waiting",
             peer.to_base58());
  respond(std::nullopt);
}

void WarpSyncServer::run() {
  for (;;) {
    std::optional<Task> task;
    {
      UniqueLock lock(mutex_);
      wake_.wait(lock.native(), [this]() REQUIRES(mutex_) { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      task.emplace(std::move(queue_.front()));
      queue_.pop_front();
    }
    answer(*task);
  }
}

void WarpSyncServer::answer(const Task& task) const {
  const ChainWarpProofSource source(chain_);
  auto proof = network::build_warp_sync_proof(task.begin, source);
  if (!proof) {
    log::debug("sync", "Failed to handle grandpa warp sync request from {}: {}",
               task.peer.to_base58(), proof.error().message);
    task.respond(std::nullopt);
    return;
  }
  log::debug("sync", "Handled grandpa warp sync request from {} ({} fragments, finished: {}).",
             task.peer.to_base58(), proof->proofs.size(), proof->is_finished);
  task.respond(network::encode_warp_sync_proof(*proof));
}

}  // namespace canary::node
