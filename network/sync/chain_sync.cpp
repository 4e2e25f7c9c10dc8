#include "network/sync/chain_sync.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <type_traits>
#include <utility>

#include "network/protocols/block_request_handler.hpp"

namespace canary::network {

namespace {

namespace rep = sync_reputation;

// chain_sync.rs required_block_attributes for ChainSyncMode::Full.
constexpr uint8_t kFullBlockAttributes =
    BlockAttributes::kHeader | BlockAttributes::kBody | BlockAttributes::kJustification;

bool in_chain(ChainBlockStatus status) {
  return status == ChainBlockStatus::kInChainWithState ||
         status == ChainBlockStatus::kInChainPruned;
}

// chain_sync.rs validate_blocks, for a descending answer as received (the requested block first),
// plus the chain check: each block the child of the next one. `expected_top` is the number the
// first block must have.
std::optional<ReputationChange> validate_blocks(const std::vector<BlockData>& blocks,
                                                const BlockRequest& request,
                                                block::BlockNumber expected_top) {
  if (blocks.size() > request.max_blocks) return rep::kNotRequested;
  // The requested block must come first; an empty answer has none (validate_blocks'
  // `expected_block` is false then).
  if (blocks.empty()) return rep::kNotRequested;
  const std::optional<block::Header>& top_header = blocks.front().header;
  if (!top_header) return rep::kNotRequested;
  const block::Header& top = *top_header;
  const block::BlockHash top_hash = block::hash_of(top);
  const bool expected_block = std::visit(
      [&](const auto& from) {
        using From = std::decay_t<decltype(from)>;
        if constexpr (std::is_same_v<From, block::BlockHash>) {
          return top_hash == from;
        } else {
          return top.number == from;
        }
      },
      request.from);
  if (!expected_block || top.number != expected_top) return rep::kNotRequested;
  std::vector<const block::Header*> headers;
  headers.reserve(blocks.size());
  for (const BlockData& b : blocks) {
    if (!b.header) return rep::kBadResponse;
    headers.push_back(&*b.header);
  }
  for (size_t i = 0; i < blocks.size(); ++i) {
    if ((i == 0 ? top_hash : block::hash_of(*headers[i])) != blocks[i].hash) return rep::kBadBlock;
  }
  for (size_t i = 0; i + 1 < blocks.size(); ++i) {
    const block::Header& child = *headers[i];
    if (child.parent_hash != blocks[i + 1].hash ||
        uint64_t{child.number} != uint64_t{headers[i + 1]->number} + 1) {
      return rep::kNotRequested;  // a hole, or a block from another chain
    }
  }
  return std::nullopt;
}

// chain_sync.rs legacy_justification_mapping: a bare justification is GRANDPA's.
std::optional<block::Justifications> justifications_of(const BlockData& block) {
  if (block.justifications) return block.justifications;
  if (block.justification) {
    return block::Justifications{{block::kGrandpaEngineId, *block.justification}};
  }
  return std::nullopt;
}

}  // namespace

const char* to_string(BlockRequestError error) {
  switch (error) {
    case BlockRequestError::kTimeout:
      return "request timeout";
    case BlockRequestError::kRefused:
      return "request refused";
    case BlockRequestError::kUnsupportedProtocol:
      return "unsupported protocol";
    case BlockRequestError::kConnectionClosed:
      return "connection closed";
    case BlockRequestError::kDecodeFailed:
      return "undecodable response";
  }
  return "unknown block request error";
}

ChainSync::ChainSync(const SyncChainView& view, ChainSyncConfig config)
    : view_(view), config_(config) {
  // engine.rs clamps max_blocks_per_request to what a server sends at most.
  config_.max_blocks_per_request = std::clamp<uint32_t>(
      config_.max_blocks_per_request, 1, static_cast<uint32_t>(kMaxBlocksInResponse));
  config_.max_parallel_downloads = std::max<uint32_t>(config_.max_parallel_downloads, 1);
  const SyncChainInfo info = view_.info();
  best_queued_number_ = info.best_number;
  best_queued_hash_ = info.best_hash;
  starting_block_ = info.best_number;
  justifications_.on_block_finalized(info.finalized_number);
}

// ---- helpers ----

ChainSync::Actions ChainSync::take_actions() {
  // SyncingStrategy::actions(): new block requests, then justification requests to the peers
  // still available.
  schedule_block_requests();
  schedule_justification_requests();
  return std::exchange(actions_, {});
}

void ChainSync::drop_peer(const PeerId& peer, const ReputationChange& change) {
  // engine.rs, SyncingAction::DropPeer(BadPeer): disconnect and report.
  // A copy: `peer` may be a key of peers_, which forget_peer erases.
  const PeerId id = peer;  // NOLINT(performance-unnecessary-copy-initialization)
  actions_.push_back(ReportPeer{id, change});
  actions_.push_back(DisconnectPeer{id});
  forget_peer(id);
}

void ChainSync::forget_peer(const PeerId& peer) {
  blocks_.clear_peer_download(peer);
  peers_.erase(peer);
  justifications_.peer_disconnected(peer);
  for (auto it = fork_targets_.begin(); it != fork_targets_.end();) {
    it->second.peers.erase(peer);
    it = it->second.peers.empty() ? fork_targets_.erase(it) : std::next(it);
  }
}

bool ChainSync::is_known(const block::BlockHash& hash) const {
  if (is_queued(hash)) return true;
  auto status = view_.block_status(hash);
  return status && *status != ChainBlockStatus::kUnknown;
}

bool ChainSync::parent_is_known(const block::BlockHash& hash) const {
  if (is_queued(hash)) return true;
  auto status = view_.block_status(hash);
  return status && in_chain(*status);
}

BlockRequest ChainSync::ancestry_request(block::BlockNumber number) {
  BlockRequest request;
  request.fields.bits = BlockAttributes::kHeader | BlockAttributes::kJustification;
  request.from = number;
  request.direction = Direction::kAscending;
  request.max_blocks = 1;
  return request;
}

void ChainSync::send_request(const PeerId& peer, PeerSync& sync, const BlockRequest& request) {
  sync.request_id = next_request_id_++;
  sync.request = request;
  actions_.push_back(SendBlockRequest{peer, sync.request_id, request});
}

void ChainSync::update_peer_common_number(const PeerId& peer, block::BlockNumber number) {
  auto it = peers_.find(peer);
  if (it != peers_.end() && it->second.common_number < number) it->second.common_number = number;
}

std::optional<block::BlockNumber> ChainSync::median_seen() const {
  if (peers_.empty()) return std::nullopt;
  std::vector<block::BlockNumber> best;
  best.reserve(peers_.size());
  for (const auto& [id, sync] : peers_) best.push_back(sync.best_number);
  // Not the "perfect" median for an even count, as in Substrate.
  const auto middle = best.begin() + static_cast<std::ptrdiff_t>(best.size() / 2);
  std::nth_element(best.begin(), middle, best.end());
  return *middle;
}

// ---- peers ----

std::optional<ChainSync::BadPeer> ChainSync::add_peer_inner(const PeerId& peer,
                                                            block::BlockNumber best_number,
                                                            const block::BlockHash& best_hash) {
  ChainBlockStatus status = ChainBlockStatus::kInChainWithState;
  if (!is_queued(best_hash)) {
    auto read = view_.block_status(best_hash);
    if (!read) return BadPeer{rep::kBlockchainReadError};
    status = *read;
  }
  PeerSync sync;
  sync.best_number = best_number;
  sync.best_hash = best_hash;
  if (status == ChainBlockStatus::kKnownBad) return BadPeer{rep::kBadBlock};
  if (status != ChainBlockStatus::kUnknown) {
    sync.common_number = std::min(best_queued_number_, best_number);
    peers_.insert_or_assign(peer, sync);
    return std::nullopt;
  }
  if (best_number == 0) return BadPeer{rep::kGenesisMismatch};
  if (queue_blocks_.size() > kMajorSyncBlocks) {
    // Enough to import meanwhile: assume the peer shares our best queued block rather than
    // searching (chain_sync.rs add_peer_inner).
    sync.common_number = best_queued_number_;
    peers_.insert_or_assign(peer, sync);
    return std::nullopt;
  }
  auto it = peers_.insert_or_assign(peer, sync).first;
  if (best_queued_number_ == 0) return std::nullopt;  // at genesis: just start downloading
  PeerSync& entry = it->second;
  entry.state = PeerSyncState::kAncestorSearch;
  entry.search = AncestorSearch{};
  entry.search.start = best_queued_number_;
  entry.search.current = std::min(best_queued_number_, best_number);
  send_request(it->first, entry, ancestry_request(entry.search.current));
  return std::nullopt;
}

ChainSync::Actions ChainSync::add_peer(const PeerId& peer,
                                       const BlockAnnouncesHandshake& handshake) {
  if (peers_.contains(peer)) return take_actions();
  // engine.rs: only full peers are given to the syncing strategy.
  if (!handshake.roles.is_full()) return take_actions();
  auto genesis = view_.hash_at(0);
  if (!genesis) {
    drop_peer(peer, rep::kBlockchainReadError);
    return take_actions();
  }
  if (const std::optional<block::BlockHash>& ours = *genesis;
      ours && *ours != handshake.genesis_hash) {
    drop_peer(peer, rep::kGenesisMismatch);
    return take_actions();
  }
  if (peers_.size() >= config_.max_peers) {
    actions_.push_back(DisconnectPeer{peer});
    return take_actions();
  }
  if (auto bad = add_peer_inner(peer, handshake.best_number, handshake.best_hash)) {
    drop_peer(peer, bad->change);
  }
  return take_actions();
}

ChainSync::Actions ChainSync::remove_peer(const PeerId& peer) {
  forget_peer(peer);
  return take_actions();
}

// ---- announcements ----

void ChainSync::add_fork_target(const block::BlockHash& hash, block::BlockNumber number,
                                std::optional<block::BlockHash> parent_hash, const PeerId& peer) {
  auto it = fork_targets_.find(hash);
  if (it != fork_targets_.end() && it->second.peers.contains(peer)) return;
  // Bounds of ours: a peer cannot fill the table alone, and the table is finite.
  const auto peer_targets =
      std::count_if(fork_targets_.begin(), fork_targets_.end(),
                    [&](const auto& t) { return t.second.peers.contains(peer); });
  if (static_cast<size_t>(peer_targets) >= kMaxForkTargetsPerPeer) return;
  if (it == fork_targets_.end()) {
    if (fork_targets_.size() >= kMaxForkTargets) return;
    it = fork_targets_.emplace(hash, ForkTarget{number, parent_hash, {}}).first;
  }
  it->second.peers.insert(peer);
}

ChainSync::Actions ChainSync::on_block_announce(const PeerId& peer, const block::Header& header,
                                                bool is_best) {
  auto it = peers_.find(peer);
  if (it == peers_.end()) return take_actions();
  const block::BlockNumber number = header.number;
  const block::BlockHash hash = block::hash_of(header);
  // Ours: genesis is never announced, and a block is one above its parent.
  std::optional<block::BlockNumber> parent_number;
  if (auto queued = queue_blocks_.find(header.parent_hash); queued != queue_blocks_.end()) {
    parent_number = queued->second.number;
  } else if (auto stored = view_.number_of(header.parent_hash); stored) {
    parent_number = *stored;
  }
  if (number == 0 || (parent_number && uint64_t{*parent_number} + 1 != number)) {
    actions_.push_back(ReportPeer{peer, rep::kBadBlockAnnouncement});
    return take_actions();
  }
  ChainBlockStatus parent_status = ChainBlockStatus::kUnknown;
  if (is_queued(header.parent_hash)) {
    parent_status = ChainBlockStatus::kInChainWithState;
  } else if (auto status = view_.block_status(header.parent_hash); status) {
    parent_status = *status;
  }
  const bool known_parent = parent_status != ChainBlockStatus::kUnknown;
  const bool ancient_parent = parent_status == ChainBlockStatus::kInChainPruned;
  const bool known = is_known(hash);

  PeerSync& sync = it->second;
  if (sync.state == PeerSyncState::kAncestorSearch) return take_actions();
  if (is_best) {
    sync.best_number = number;
    sync.best_hash = hash;
    // The announced block is their best: if we have it our common block is it, if it builds on
    // our best (or on a known block not above our best) the common block is its parent.
    if (known && best_queued_number_ >= number) {
      update_peer_common_number(peer, number);
    } else if (header.parent_hash == best_queued_hash_ ||
               (known_parent && best_queued_number_ >= number)) {
      update_peer_common_number(peer, number - 1);
    }
  }
  const bool already_downloading = std::any_of(peers_.begin(), peers_.end(), [&](const auto& p) {
    return p.second.state == PeerSyncState::kDownloadingStale && p.second.target_hash == hash;
  });
  if (known || already_downloading) {
    if (fork_targets_.contains(hash)) add_fork_target(hash, number, header.parent_hash, peer);
    return take_actions();
  }
  if (ancient_parent) return take_actions();
  if (status().state == SyncState::kIdle) add_fork_target(hash, number, header.parent_hash, peer);
  return take_actions();
}

// ---- responses ----

ChainSync::Actions ChainSync::on_block_response(const PeerId& peer, uint64_t request_id,
                                                Result<BlockResponse, BlockRequestError> response) {
  auto it = peers_.find(peer);
  if (it == peers_.end()) return take_actions();
  PeerSync& sync = it->second;
  // An answer to a request we no longer wait for (cancelled by a restart): dropped.
  if (sync.state == PeerSyncState::kAvailable || sync.request_id != request_id) {
    return take_actions();
  }
  if (!response) {
    // engine.rs: what a failed request costs; the peer is disconnected in every case.
    switch (response.error()) {
      case BlockRequestError::kTimeout:
        drop_peer(peer, rep::kTimeout);
        break;
      case BlockRequestError::kRefused:
        drop_peer(peer, rep::kRefused);
        break;
      case BlockRequestError::kUnsupportedProtocol:
        drop_peer(peer, rep::kBadProtocol);
        break;
      case BlockRequestError::kDecodeFailed:
        drop_peer(peer, rep::kBadMessage);
        break;
      case BlockRequestError::kConnectionClosed:
        actions_.push_back(DisconnectPeer{peer});
        forget_peer(peer);
        break;
    }
    return take_actions();
  }
  const PeerSyncState state = sync.state;
  sync.state = PeerSyncState::kAvailable;
  std::optional<BadPeer> bad;
  switch (state) {
    case PeerSyncState::kAncestorSearch:
      bad = on_ancestry_response(peer, sync, *response);
      break;
    case PeerSyncState::kDownloadingNew:
      bad = on_range_response(peer, sync, std::move(response).value());
      break;
    case PeerSyncState::kDownloadingStale:
      bad = on_stale_response(peer, sync, std::move(response).value());
      break;
    case PeerSyncState::kDownloadingJustification:
      bad = on_justification_response(peer, sync, *response);
      break;
    case PeerSyncState::kAvailable:
      break;
  }
  // `sync` may be gone here (a restart rebuilds the peer table).
  if (bad) drop_peer(peer, bad->change);
  return take_actions();
}

namespace {

struct SearchStep {
  bool done = true;
  bool binary = false;
  uint64_t distance = 1;
  block::BlockNumber left = 0;
  block::BlockNumber right = 0;
  block::BlockNumber next = 0;
};

// chain_sync.rs handle_ancestor_search_state: step back 1, 2, 4... blocks until a match, then
// bisect between the match and the mismatch above it.
SearchStep next_search_step(bool binary, uint64_t distance, block::BlockNumber left,
                            block::BlockNumber right, block::BlockNumber current, bool matched) {
  SearchStep step;
  if (!binary) {
    if (matched && distance == 1) return step;  // the first probe matched: no search needed
    if (matched) {
      step.done = false;
      step.binary = true;
      step.left = current;
      step.right = static_cast<block::BlockNumber>(std::min<uint64_t>(
          uint64_t{current} + distance / 2, std::numeric_limits<block::BlockNumber>::max()));
      step.next = step.left + (step.right - step.left) / 2;
      return step;
    }
    step.done = false;
    step.distance = distance * 2;
    step.next =
        uint64_t{current} >= distance ? static_cast<block::BlockNumber>(current - distance) : 0;
    return step;
  }
  if (left >= current) return step;
  if (matched) {
    left = current;
  } else {
    right = current;
  }
  const block::BlockNumber middle = left + (right - left) / 2;
  if (middle == current) return step;
  step.done = false;
  step.binary = true;
  step.left = left;
  step.right = right;
  step.next = middle;
  return step;
}

}  // namespace

std::optional<ChainSync::BadPeer> ChainSync::on_ancestry_response(const PeerId& peer,
                                                                  PeerSync& sync,
                                                                  const BlockResponse& response) {
  const AncestorSearch search = sync.search;
  if (response.blocks.empty()) return BadPeer{rep::kUnknownAncestor};
  if (response.blocks.size() > 1) return BadPeer{rep::kNotRequested};
  const BlockData& block = response.blocks.front();
  // Ours: the answer must be the header asked for (Substrate trusts the stated hash).
  if (!block.header) return BadPeer{rep::kBadResponse};
  if (block.header->number != search.current) return BadPeer{rep::kNotRequested};
  if (block::hash_of(*block.header) != block.hash) return BadPeer{rep::kBadBlock};
  auto ours = view_.hash_at(search.current);
  if (!ours) return BadPeer{rep::kBlockchainReadError};
  const std::optional<block::BlockHash>& our_hash = *ours;
  const bool matched = our_hash && *our_hash == block.hash;
  if (matched) {
    if (search.start < best_queued_number_ && best_queued_number_ <= sync.best_number) {
      // We progressed on this chain since the search began: opportunistically take our new best.
      sync.common_number = best_queued_number_;
    } else if (sync.common_number < search.current) {
      sync.common_number = search.current;
    }
  }
  if (!matched && search.current == 0) return BadPeer{rep::kGenesisMismatch};
  const SearchStep step = next_search_step(search.binary, search.distance, search.left,
                                           search.right, search.current, matched);
  if (!step.done) {
    sync.state = PeerSyncState::kAncestorSearch;
    sync.search.binary = step.binary;
    sync.search.distance = step.distance;
    sync.search.left = step.left;
    sync.search.right = step.right;
    sync.search.current = step.next;
    send_request(peer, sync, ancestry_request(step.next));
    return std::nullopt;
  }
  // Done. A peer on a fork below our best is a fork target.
  if (sync.common_number < sync.best_number && sync.best_number < best_queued_number_) {
    add_fork_target(sync.best_hash, sync.best_number, std::nullopt, peer);
  }
  return std::nullopt;
}

std::optional<ChainSync::BadPeer> ChainSync::on_range_response(const PeerId& peer, PeerSync& sync,
                                                               BlockResponse response) {
  blocks_.clear_peer_download(peer);
  if (auto bad = validate_blocks(response.blocks, sync.request, sync.expected_top)) {
    return BadPeer{*bad};
  }
  // Validated: consecutive numbers down from expected_top.
  const auto start =
      static_cast<block::BlockNumber>(uint64_t{sync.expected_top} + 1 - response.blocks.size());
  std::reverse(response.blocks.begin(), response.blocks.end());
  blocks_.insert(start, std::move(response.blocks), peer);
  drain_ready_blocks();  // may restart: `sync` is not used after this
  return std::nullopt;
}

std::optional<ChainSync::BadPeer> ChainSync::on_stale_response(const PeerId& peer, PeerSync& sync,
                                                               BlockResponse response) {
  if (response.blocks.empty()) return BadPeer{rep::kNoBlock};
  if (auto bad = validate_blocks(response.blocks, sync.request, sync.expected_top)) {
    return BadPeer{*bad};
  }
  const block::BlockHash target = sync.target_hash;
  std::vector<DownloadedBlock> downloaded;
  downloaded.reserve(response.blocks.size());
  for (auto b = response.blocks.rbegin(); b != response.blocks.rend(); ++b) {
    downloaded.push_back({std::move(*b), peer});
  }
  if (!queue_for_import(std::move(downloaded))) {
    // The fork does not reach a block we have within what we asked (it forks below the
    // finalized block, or deeper than one request): Substrate would import it and fail with
    // UnknownParent. Not asked of this peer again.
    auto it = fork_targets_.find(target);
    if (it != fork_targets_.end()) {
      it->second.peers.erase(peer);
      if (it->second.peers.empty()) fork_targets_.erase(it);
    }
  }
  return std::nullopt;
}

std::optional<ChainSync::BadPeer> ChainSync::on_justification_response(
    const PeerId& peer, PeerSync& sync, const BlockResponse& response) {
  std::optional<block::Justifications> justifications;
  if (!response.blocks.empty()) {
    const BlockData& block = response.blocks.front();
    if (block.hash != sync.target_hash) return BadPeer{rep::kBadJustification};
    justifications = justifications_of(block);
  }
  // An empty answer: the peer may not have the block after all; asked of someone else.
  auto request = justifications_.on_response(peer, justifications.has_value(), now_);
  if (request && justifications) {
    actions_.push_back(
        ImportJustifications{peer, request->hash, request->number, std::move(*justifications)});
  }
  return std::nullopt;
}

// ---- import ----

bool ChainSync::queue_for_import(std::vector<DownloadedBlock> blocks) {
  const bool initial_sync = is_major_syncing();
  std::vector<DownloadedBlock> accepted;
  accepted.reserve(blocks.size());
  std::optional<block::BlockHash> last;
  block::BlockNumber last_number = 0;
  bool connected = true;
  for (DownloadedBlock& b : blocks) {
    if (!b.block.header) {
      connected = false;
      break;
    }
    const block::Header& header = *b.block.header;
    // validate_and_queue_blocks: blocks already queued are not handed over twice; what follows
    // them may build on them.
    if (is_queued(b.block.hash)) {
      last = b.block.hash;
      continue;
    }
    // Ours: nor blocks the chain has already (a range raced by several peers near the tip, or
    // re-downloaded after a restart); Substrate re-imports them as ImportedKnown, whose only
    // effect is the origin's common number, done here.
    if (auto status = view_.block_status(b.block.hash); status && in_chain(*status)) {
      update_peer_common_number(b.origin, header.number);
      last = b.block.hash;
      continue;
    }
    if (!(last && *last == header.parent_hash) && !parent_is_known(header.parent_hash)) {
      connected = false;
      break;
    }
    last = b.block.hash;
    last_number = header.number;
    queue_blocks_.insert_or_assign(b.block.hash, QueuedBlock{header.number, b.origin});
    accepted.push_back(std::move(b));
  }
  if (accepted.empty()) return connected;
  on_block_queued(accepted.back().block.hash, last_number);
  // One batch per run of blocks from the same peer, in order.
  for (DownloadedBlock& b : accepted) {
    auto* batch = actions_.empty() ? nullptr : std::get_if<ImportBlocks>(&actions_.back());
    if (batch == nullptr || batch->origin != b.origin || batch->initial_sync != initial_sync) {
      actions_.push_back(ImportBlocks{b.origin, initial_sync, {}});
      batch = &std::get<ImportBlocks>(actions_.back());
    }
    batch->blocks.push_back(std::move(b.block));
  }
  return connected;
}

void ChainSync::drain_ready_blocks() {
  auto ready = blocks_.ready_blocks(uint64_t{best_queued_number_} + 1);
  if (ready.empty()) return;
  if (!queue_for_import(std::move(ready))) {
    // A range that does not connect to the blocks below it (its peer is on another fork): what
    // Substrate's import would refuse with UnknownParent, and then restart.
    restart();
  }
}

void ChainSync::on_block_queued(const block::BlockHash& hash, block::BlockNumber number) {
  fork_targets_.erase(hash);
  if (number <= best_queued_number_) return;
  best_queued_number_ = number;
  best_queued_hash_ = hash;
  for (auto& [id, sync] : peers_) {
    if (sync.state == PeerSyncState::kAncestorSearch) continue;  // wait for it to complete
    sync.common_number = std::min(sync.best_number, number);
  }
}

void ChainSync::restart() {
  blocks_.clear();
  const SyncChainInfo info = view_.info();
  best_queued_number_ = info.best_number;
  best_queued_hash_ = info.best_hash;
  auto old = std::exchange(peers_, {});
  std::vector<std::pair<PeerId, ReputationChange>> dropped;
  for (auto& [id, sync] : old) {
    if (sync.state == PeerSyncState::kDownloadingJustification) {
      // Peers fetching a justification keep at it, with a common block we have.
      sync.common_number = best_queued_number_;
      peers_.insert_or_assign(id, sync);
      continue;
    }
    if (sync.state != PeerSyncState::kAvailable) {
      actions_.push_back(CancelBlockRequest{id, sync.request_id});
    }
    if (auto bad = add_peer_inner(id, sync.best_number, sync.best_hash)) {
      dropped.emplace_back(id, bad->change);
    }
  }
  for (const auto& [id, change] : dropped) drop_peer(id, change);
}

ChainSync::Actions ChainSync::on_blocks_processed(const std::vector<BlockImportResult>& results) {
  std::vector<std::pair<const BlockImportResult*, QueuedBlock>> ours;
  for (const BlockImportResult& result : results) {
    blocks_.clear_queued(result.hash);
    auto it = queue_blocks_.find(result.hash);
    if (it == queue_blocks_.end()) continue;  // not handed over by sync (or reported twice)
    ours.emplace_back(&result, it->second);
    queue_blocks_.erase(it);
  }
  for (const auto& [result, queued] : ours) {
    switch (result->outcome) {
      case BlockImportOutcome::kAlreadyKnown:
        update_peer_common_number(queued.origin, queued.number);
        continue;
      case BlockImportOutcome::kImported:
        if (result->clear_justification_requests) justifications_.reset();
        if (result->needs_justification) {
          justifications_.schedule(JustificationRequest{result->hash, queued.number});
        }
        if (result->bad_justification) drop_peer(queued.origin, rep::kBadJustification);
        update_peer_common_number(queued.origin, queued.number);
        continue;
      case BlockImportOutcome::kInvalid:
        drop_peer(queued.origin, rep::kVerificationFail);
        restart();
        break;
      case BlockImportOutcome::kUnknownParent:
      case BlockImportOutcome::kError:
        restart();
        break;
      case BlockImportOutcome::kCancelled:
        break;
    }
    break;  // only the first failure of a batch counts
  }
  // The chain's best may have moved on its own (blocks imported from elsewhere).
  const SyncChainInfo info = view_.info();
  if (info.best_number > best_queued_number_) on_block_queued(info.best_hash, info.best_number);
  return take_actions();
}

ChainSync::Actions ChainSync::on_justification_import(const PeerId& peer,
                                                      const block::BlockHash& hash,
                                                      block::BlockNumber number,
                                                      JustificationImportOutcome outcome) {
  justifications_.on_import(JustificationRequest{hash, number},
                            outcome == JustificationImportOutcome::kSuccess);
  if (outcome == JustificationImportOutcome::kFailure) {
    drop_peer(peer, rep::kInvalidJustification);
  }
  return take_actions();
}

ChainSync::Actions ChainSync::request_justification(const block::BlockHash& hash,
                                                    block::BlockNumber number) {
  justifications_.schedule(JustificationRequest{hash, number});
  return take_actions();
}

ChainSync::Actions ChainSync::clear_justification_requests() {
  justifications_.reset();
  return take_actions();
}

ChainSync::Actions ChainSync::update_chain_info(const block::BlockHash& best_hash,
                                                block::BlockNumber best_number) {
  on_block_queued(best_hash, best_number);
  return take_actions();
}

ChainSync::Actions ChainSync::on_block_finalized(const block::BlockHash& /*hash*/,
                                                 block::BlockNumber number) {
  justifications_.on_block_finalized(number);
  return take_actions();
}

ChainSync::Actions ChainSync::tick(TimePoint now) {
  now_ = std::max(now_, now);
  justifications_.expire(now_);
  return take_actions();
}

std::optional<ChainSync::TimePoint> ChainSync::next_wake() const {
  return justifications_.next_retry();
}

// ---- requests ----

std::optional<BlockRequest> ChainSync::peer_block_request(const PeerId& peer, PeerSync& sync,
                                                          bool major_syncing,
                                                          block::BlockNumber /*last_finalized*/) {
  // A peer not above our best queued block is fetched from as a fork target instead.
  if (best_queued_number_ >= sync.best_number) return std::nullopt;
  BlockCollection::Limits limits;
  limits.max_parallel = major_syncing ? 1 : config_.max_parallel_downloads;
  limits.max_ahead = kMaxDownloadAhead;
  limits.max_held = kMaxHeldBlocks;
  auto range = blocks_.needed_blocks(peer, config_.max_blocks_per_request, sync.best_number,
                                     sync.common_number, limits);
  if (!range) return std::nullopt;
  const auto last = static_cast<block::BlockNumber>(range->end - 1);
  BlockRequest request;
  request.fields.bits = kFullBlockAttributes;
  // The top block by hash when it is the peer's best (the number may name another block on the
  // server's side by the time it answers), else by number.
  if (sync.best_number == last) {
    request.from = sync.best_hash;
  } else {
    request.from = last;
  }
  request.direction = Direction::kDescending;
  request.max_blocks = static_cast<uint32_t>(range->size());
  sync.expected_top = last;
  return request;
}

std::optional<ChainSync::ForkRequest> ChainSync::fork_sync_request(
    const PeerId& peer, block::BlockNumber last_finalized) {
  for (const auto& [hash, target] : fork_targets_) {
    if (!target.peers.contains(peer)) continue;
    // Behind our best, or close enough ahead; further ahead it comes with the range download.
    if (target.number > best_queued_number_ &&
        target.number - best_queued_number_ >= config_.max_blocks_per_request) {
      continue;
    }
    const bool parent_known = target.parent_hash && is_known(*target.parent_hash);
    // Down to the finalized block when the parent is unknown (chain_sync.rs), at most what a
    // server sends.
    const uint32_t count = parent_known
                               ? 1
                               : std::min<uint32_t>(target.number - last_finalized,
                                                    static_cast<uint32_t>(kMaxBlocksInResponse));
    BlockRequest request;
    request.fields.bits = kFullBlockAttributes;
    request.from = hash;
    request.direction = Direction::kDescending;
    request.max_blocks = count;
    return ForkRequest{hash, target.number, request};
  }
  return std::nullopt;
}

void ChainSync::schedule_block_requests() {
  if (queue_blocks_.size() > kMaxImportingBlocks) return;  // too many blocks waiting for import
  const bool major_syncing = is_major_syncing();
  const block::BlockNumber last_finalized =
      std::min(best_queued_number_, view_.info().finalized_number);
  // fork_sync_request's retain, once for all peers: expired (finalized past) and obsolete (we
  // have it) targets go.
  for (auto it = fork_targets_.begin(); it != fork_targets_.end();) {
    const bool drop = it->second.number <= last_finalized || is_known(it->first);
    it = drop ? fork_targets_.erase(it) : std::next(it);
  }
  for (auto& [id, sync] : peers_) {
    if (sync.state != PeerSyncState::kAvailable) continue;
    // Our best moved far beyond the common block (below finality): search it again, unless the
    // import queue is busy.
    if (best_queued_number_ > sync.common_number &&
        best_queued_number_ - sync.common_number > kMaxBlocksToLookBackwards &&
        best_queued_number_ < sync.best_number && sync.common_number < last_finalized &&
        queue_blocks_.size() <= kMajorSyncBlocks) {
      sync.state = PeerSyncState::kAncestorSearch;
      sync.search = AncestorSearch{};
      sync.search.start = best_queued_number_;
      sync.search.current = std::min(sync.best_number, best_queued_number_);
      send_request(id, sync, ancestry_request(sync.search.current));
      continue;
    }
    if (auto request = peer_block_request(id, sync, major_syncing, last_finalized)) {
      sync.state = PeerSyncState::kDownloadingNew;
      send_request(id, sync, *request);
      continue;
    }
    if (auto fork = fork_sync_request(id, last_finalized)) {
      sync.state = PeerSyncState::kDownloadingStale;
      sync.target_hash = fork->hash;
      sync.expected_top = fork->number;
      send_request(id, sync, fork->request);
    }
  }
}

void ChainSync::schedule_justification_requests() {
  if (justifications_.pending_count() == 0) return;
  std::vector<JustificationRequests::Candidate> candidates;
  for (const auto& [id, sync] : peers_) {
    if (sync.state == PeerSyncState::kAvailable) candidates.push_back({id, sync.best_number});
  }
  for (auto& [peer, request] : justifications_.match(candidates, now_)) {
    PeerSync& sync = peers_.at(peer);
    sync.state = PeerSyncState::kDownloadingJustification;
    sync.target_hash = request.hash;
    BlockRequest block_request;
    block_request.fields.bits = BlockAttributes::kJustification;
    block_request.from = request.hash;
    block_request.direction = Direction::kAscending;
    block_request.max_blocks = 1;
    send_request(peer, sync, block_request);
  }
}

// ---- status ----

SyncStatus ChainSync::status() const {
  SyncStatus status;
  const SyncChainInfo info = view_.info();
  const auto median = median_seen();
  if (median && *median > best_queued_number_) status.best_seen_block = median;
  if (median && *median > info.best_number && *median - info.best_number > kMajorSyncBlocks) {
    // Downloading while the target is not queued yet, importing after.
    status.state = *median > best_queued_number_ ? SyncState::kDownloading : SyncState::kImporting;
    status.target = *median;
  }
  status.num_peers = peers_.size();
  status.queued_blocks = queue_blocks_.size();
  status.starting_block = starting_block_;
  status.current_block = info.best_number;
  status.highest_block = status.best_seen_block.value_or(info.best_number);
  return status;
}

std::optional<SyncPeerInfo> ChainSync::peer_info(const PeerId& peer) const {
  auto it = peers_.find(peer);
  if (it == peers_.end()) return std::nullopt;
  return SyncPeerInfo{it->second.common_number, it->second.best_number, it->second.best_hash,
                      it->second.state};
}

}  // namespace canary::network
