// Block sync: polkadot-sdk's ChainSync (sc-network-sync strategy/chain_sync.rs, with blocks.rs
// and justification_requests.rs; the reputation changes of engine.rs), sans-IO. The node feeds
// it the peers of `/block-announces/1` (their handshake), their announcements, the `/sync/2`
// answers and the import queue's results; every input returns the actions to perform, in order:
// block requests to send (and to cancel), blocks and justifications to import, peers to report
// and disconnect. No socket, thread or clock: the time comes in with tick().
//
// What it does, as Substrate does:
//  - Per peer: its best block, the highest block we believe we share with it (`common_number`)
//    and what it is busy with (kAvailable, kAncestorSearch, kDownloadingNew, kDownloadingStale,
//    kDownloadingJustification). One request per peer at a time.
//  - A new peer whose best block we know starts available with common = min(our best queued,
//    its best). One whose best is unknown starts an ancestry search (unless we are at genesis, or
//    more than 5 blocks wait for import: then common = our best queued): 1-header requests by
//    number (HEADER|JUSTIFICATION, ascending, max 1) compared with our best chain's hash at that
//    number, going back 1, 2, 4, 8... blocks from min(our best, its best), then bisecting between
//    the last match and the first mismatch: O(log n) requests. A mismatch at genesis drops it.
//    Ours: each answer must be the one header asked for, hashing to its stated hash.
//    A peer whose common block fell more than 1024 blocks behind our best (below finality) is
//    searched again.
//  - Range download: ranges of up to 64 blocks (max_blocks_per_request) above the peer's common
//    block, up to its best, never more than 2048 above the lowest range in the collection
//    (MAX_DOWNLOAD_AHEAD); requested by the range's top block (its number, or the peer's best
//    hash when that is the top), descending, HEADER|BODY|JUSTIFICATION. Different peers get
//    different ranges; during a major sync a range goes to one peer only, otherwise to up to
//    `max_parallel_downloads` peers (racing near the tip).
//  - Answers are checked (validate_blocks): no more blocks than asked, the first one the one
//    requested (hash or number), every header present and hashing to its block's hash; a bad
//    answer, an empty one included, costs the peer its connection (rep "Not requested block
//    data", "Incomplete response", "Bad block") and its range goes to another peer.
//    Added: the blocks must also form one chain (each the parent of the one before, numbers
//    descending by one), so a range is never stored with a hole or a stranger in it.
//  - Downloaded ranges are handed to import strictly in order, starting from the block after our
//    best queued one: a range waits for every range below it. Blocks already queued are skipped,
//    and (ours) so are blocks the chain already has, so that no block is handed over twice.
//    Substrate lets the import queue find a block whose parent is unknown (a range from a peer on
//    another fork) and then restarts; here the check is made before handing blocks over (each
//    block's parent is the block before it, a block in our chain, or a block queued earlier) and
//    a range that does not connect restarts sync the same way, so import never sees an orphan.
//  - Import results: imported / already known raise the origin peer's common block; an invalid
//    block drops its origin peer (rep "Block verification failed") and restarts; an unknown parent
//    or a local error restarts. Restart forgets every range, cancels every request, starts again
//    from our chain's best block and runs the new-peer logic for every peer (those fetching a
//    justification keep at it). Only the first failure of a batch counts.
//  - Announcements: the header is hashed here. A peer's best announcement updates its best block
//    (and its common block when the parent is our best queued block, or known and not above our
//    best). A new block then arrives through the range download when it is above our best
//    (a block on top of our best is one request by hash, descending, max 1), or, when sync is
//    idle, as a fork target: a block at or below our best + 64 is fetched by hash, descending,
//    1 block if its parent is known, else down to the finalized block (at most 128, the server's
//    maximum). Peers in ancestry search ignore announcements. A peer on a fork below our best
//    after its ancestry search is a fork target too. Ours: fork blocks that do not reach a block
//    we have are not handed over (Substrate imports them and restarts on UnknownParent); that
//    peer is not asked for that target again.
//    Added: an announcement of block #0, or of a block whose stored parent is not one below it,
//    is refused (rep "Bad block announcement", no disconnect).
//  - Justifications (justification_requests.hpp): requested for blocks that import reported as
//    needing one, or on request; JUSTIFICATION only, by hash, ascending, max 1.
//  - Request failures (engine.rs): a timeout or a refusal is reported (-1024) and the peer
//    disconnected, an undecodable answer -4096 and disconnect, an unsupported protocol is fatal,
//    a closed connection disconnects without report.
//  - status(): Substrate's SyncStatus (idle / downloading / importing with the median of the
//    peers' best blocks as target; major sync when that is more than 5 blocks above our best) and
//    system_syncState's starting / current / highest block.
//
// Contract with the node:
//  - Every SendBlockRequest gets exactly one on_block_response (the answer, or an error: the
//    request-response layer's timeout is the only timeout) unless the peer is removed first.
//    CancelBlockRequest may be ignored: an answer with a stale request id is dropped.
//  - A DisconnectPeer is final for sync: the peer is forgotten at once (its range released);
//    remove_peer for it later is harmless. add_peer again after a new handshake.
//  - Every block of ImportBlocks gets a result in on_blocks_processed (in any batches, in order).
//    Until then it counts as queued; more than 2048 queued blocks pause downloading.
//  - Call update_chain_info when the best block changes for another reason (a block we authored)
//    and on_block_finalized on finality.
//
// Left out (Substrate has them): warp, state and gap sync; the light-client modes; the backoff of
// peers that disconnect with a request in flight (disconnected_peers.rs); the announcement
// validator hook and the per-peer known-blocks cache (engine.rs, for re-announcing); explicit
// fork sync requests (set_sync_fork_request); the body presence check (BlockData keeps no
// "absent" state for bodies: an empty body is indistinguishable from a missing one).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <variant>
#include <vector>

#include "consensus/grandpa/gossip_validator.hpp"
#include "network/libp2p/peer_id.hpp"
#include "network/protocols/block_announces.hpp"
#include "network/protocols/block_request.hpp"
#include "network/sync/block_collection.hpp"
#include "network/sync/justification_requests.hpp"
#include "network/sync/sync_chain_view.hpp"
#include "primitives/block/header.hpp"
#include "primitives/block/signed_block.hpp"

namespace canary::network {

// chain_sync.rs constants.
inline constexpr uint32_t kMaxBlocksToRequest = 64;  // the default max_blocks_per_request
inline constexpr uint32_t kMaxDownloadAhead = 2048;
inline constexpr uint32_t kMaxBlocksToLookBackwards = kMaxDownloadAhead / 2;
inline constexpr size_t kMaxImportingBlocks = 2048;
inline constexpr uint32_t kMajorSyncBlocks = 5;
// sc-network's default `max_parallel_downloads` (--max-parallel-downloads).
inline constexpr uint32_t kDefaultMaxParallelDownloads = 5;
// Ours: bounds Substrate leaves to the peer slots and the announce validation queue.
inline constexpr size_t kDefaultMaxSyncPeers = 128;
inline constexpr size_t kMaxForkTargets = 256;
inline constexpr size_t kMaxForkTargetsPerPeer = 16;
// Downloaded blocks held before downloading pauses (blocks.rs has only MAX_DOWNLOAD_AHEAD).
inline constexpr size_t kMaxHeldBlocks = 2 * kMaxDownloadAhead;

// sc-network's ReputationChange, as the GRANDPA gossip validator already defines it.
using ReputationChange = consensus::grandpa::ReputationChange;

namespace sync_reputation {
inline constexpr int32_t kFatal = std::numeric_limits<int32_t>::min();  // new_fatal
// strategy/chain_sync.rs `rep`.
inline constexpr ReputationChange kBlockchainReadError{-(1 << 16), "DB Error"};
inline constexpr ReputationChange kGenesisMismatch{kFatal, "Genesis mismatch"};
inline constexpr ReputationChange kVerificationFail{-(1 << 29), "Block verification failed"};
inline constexpr ReputationChange kBadBlock{-(1 << 29), "Bad block"};
inline constexpr ReputationChange kNoBlock{-(1 << 29), "No requested block data"};
inline constexpr ReputationChange kNotRequested{-(1 << 29), "Not requested block data"};
inline constexpr ReputationChange kBadJustification{-(1 << 16), "Bad justification"};
inline constexpr ReputationChange kUnknownAncestor{-(1 << 16), "DB Error"};
inline constexpr ReputationChange kBadResponse{-(1 << 12), "Incomplete response"};
inline constexpr ReputationChange kBadMessage{-(1 << 12), "Bad message"};
// engine.rs `rep` and its handling of failed requests and justification imports.
inline constexpr ReputationChange kBadBlockAnnouncement{-(1 << 12), "Bad block announcement"};
inline constexpr ReputationChange kRefused{-(1 << 10), "Request refused"};
inline constexpr ReputationChange kTimeout{-(1 << 10), "Request timeout"};
inline constexpr ReputationChange kBadProtocol{kFatal, "Unsupported protocol"};
inline constexpr ReputationChange kInvalidJustification{kFatal, "Invalid justification"};
}  // namespace sync_reputation

// Why a block request produced no response (sc-network RequestFailure / OutboundFailure, and
// the decoding of the answer).
enum class BlockRequestError : uint8_t {
  kTimeout,
  kRefused,
  kUnsupportedProtocol,
  kConnectionClosed,  // also: not connected, dial failure
  kDecodeFailed,      // the answer is not a BlockResponse (decode_block_response refused it)
};

const char* to_string(BlockRequestError error);

// ---- actions ----

struct SendBlockRequest {
  PeerId peer;
  uint64_t request_id = 0;
  BlockRequest request;
};

// The request is obsolete (sync restarted); the node may drop it.
struct CancelBlockRequest {
  PeerId peer;
  uint64_t request_id = 0;
};

// Blocks to import, ascending, each one's parent either the block before it in this batch, in
// the chain, or in a batch handed over earlier. One batch per origin peer.
struct ImportBlocks {
  PeerId origin;
  // sp-consensus BlockOrigin: NetworkInitialSync during a major sync, else NetworkBroadcast.
  bool initial_sync = false;
  std::vector<BlockData> blocks;
};

struct ImportJustifications {
  PeerId origin;
  block::BlockHash hash{};
  block::BlockNumber number = 0;
  block::Justifications justifications;
};

struct ReportPeer {
  PeerId peer;
  ReputationChange change;
};

// Close the peer's `/block-announces/1` substream (Substrate's disconnect_peer for the sync set).
struct DisconnectPeer {
  PeerId peer;
};

using SyncAction = std::variant<SendBlockRequest, CancelBlockRequest, ImportBlocks,
                                ImportJustifications, ReportPeer, DisconnectPeer>;

// ---- inputs ----

// sc-consensus BlockImportStatus / BlockImportError, as far as sync cares.
enum class BlockImportOutcome : uint8_t {
  kImported,       // ImportedUnknown
  kAlreadyKnown,   // ImportedKnown
  kUnknownParent,  // restart
  kInvalid,        // VerificationFailed / BadBlock / IncompleteHeader: drop the origin, restart
  kError,          // Other: a local failure, restart without blaming anyone
  kCancelled,      // the import queue was shut down: nothing
};

struct BlockImportResult {
  block::BlockHash hash{};
  BlockImportOutcome outcome = BlockImportOutcome::kImported;
  // ImportedAux flags, for kImported.
  bool needs_justification = false;
  bool bad_justification = false;
  bool clear_justification_requests = false;
};

// sc-consensus JustificationImportResult.
enum class JustificationImportOutcome : uint8_t { kSuccess, kFailure, kOutdated };

// ---- status ----

enum class SyncState : uint8_t { kIdle, kDownloading, kImporting };

struct SyncStatus {
  SyncState state = SyncState::kIdle;
  block::BlockNumber target = 0;  // the median of the peers' best blocks, when not idle
  // The median of the peers' best blocks, when above our best queued block.
  std::optional<block::BlockNumber> best_seen_block;
  size_t num_peers = 0;
  size_t queued_blocks = 0;
  // system_syncState.
  block::BlockNumber starting_block = 0;
  block::BlockNumber current_block = 0;
  block::BlockNumber highest_block = 0;

  bool is_major_syncing() const { return state != SyncState::kIdle; }
};

enum class PeerSyncState : uint8_t {
  kAvailable,
  kAncestorSearch,
  kDownloadingNew,
  kDownloadingStale,
  kDownloadingJustification,
};

struct SyncPeerInfo {
  block::BlockNumber common_number = 0;
  block::BlockNumber best_number = 0;
  block::BlockHash best_hash{};
  PeerSyncState state = PeerSyncState::kAvailable;
};

struct ChainSyncConfig {
  uint32_t max_blocks_per_request = kMaxBlocksToRequest;  // at most 128 is used
  uint32_t max_parallel_downloads = kDefaultMaxParallelDownloads;
  size_t max_peers = kDefaultMaxSyncPeers;
};

class ChainSync {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Actions = std::vector<SyncAction>;

  // `view` must outlive the ChainSync.
  explicit ChainSync(const SyncChainView& view, ChainSyncConfig config = {});

  // A `/block-announces/1` handshake was accepted. Light peers are not synced from (engine.rs);
  // a peer on another genesis is dropped; beyond max_peers the peer is disconnected.
  Actions add_peer(const PeerId& peer, const BlockAnnouncesHandshake& handshake);
  Actions remove_peer(const PeerId& peer);

  // An announcement from `peer` (is_best: its state was Best or absent, engine.rs).
  Actions on_block_announce(const PeerId& peer, const block::Header& header, bool is_best);

  // The answer to SendBlockRequest `request_id`, or why there is none.
  Actions on_block_response(const PeerId& peer, uint64_t request_id,
                            Result<BlockResponse, BlockRequestError> response);

  // Results of the import of blocks handed over by ImportBlocks, in import order.
  Actions on_blocks_processed(const std::vector<BlockImportResult>& results);

  // The node imported (or not) a justification handed over by ImportJustifications.
  Actions on_justification_import(const PeerId& peer, const block::BlockHash& hash,
                                  block::BlockNumber number, JustificationImportOutcome outcome);

  // GRANDPA (or import) needs the justification of this block.
  Actions request_justification(const block::BlockHash& hash, block::BlockNumber number);
  Actions clear_justification_requests();

  // Our best block changed outside sync (authored, or a re-org by the node's fork choice).
  Actions update_chain_info(const block::BlockHash& best_hash, block::BlockNumber best_number);
  Actions on_block_finalized(const block::BlockHash& hash, block::BlockNumber number);

  // The time: failed justification requests are retried with the same peer after 10 s.
  Actions tick(TimePoint now);
  // When tick() may have something to do.
  std::optional<TimePoint> next_wake() const;

  SyncStatus status() const;
  bool is_major_syncing() const { return status().is_major_syncing(); }
  std::optional<SyncPeerInfo> peer_info(const PeerId& peer) const;
  size_t num_peers() const { return peers_.size(); }

  // Introspection for tests and metrics.
  block::BlockNumber best_queued_number() const { return best_queued_number_; }
  const block::BlockHash& best_queued_hash() const { return best_queued_hash_; }
  size_t queued_block_count() const { return queue_blocks_.size(); }
  size_t held_block_count() const { return blocks_.held_blocks(); }
  size_t fork_target_count() const { return fork_targets_.size(); }
  size_t justification_request_count() const { return justifications_.size(); }

 private:
  struct AncestorSearch {
    block::BlockNumber start = 0;    // our best queued number when the search began
    block::BlockNumber current = 0;  // the number asked for
    bool binary = false;             // exponential backoff, then binary search
    uint64_t distance = 1;           // backoff: the next step back
    block::BlockNumber left = 0;     // binary search: highest match, lowest mismatch
    block::BlockNumber right = 0;
  };

  struct PeerSync {
    block::BlockNumber common_number = 0;
    block::BlockNumber best_number = 0;
    block::BlockHash best_hash{};
    PeerSyncState state = PeerSyncState::kAvailable;
    AncestorSearch search;
    block::BlockHash target_hash{};  // kDownloadingStale / kDownloadingJustification
    // The number of the top block of the request in flight (ranges and fork targets).
    block::BlockNumber expected_top = 0;
    // The request in flight, when not available.
    uint64_t request_id = 0;
    BlockRequest request;
  };

  struct ForkTarget {
    block::BlockNumber number = 0;
    std::optional<block::BlockHash> parent_hash;
    std::set<PeerId> peers;
  };

  struct QueuedBlock {
    block::BlockNumber number = 0;
    PeerId origin;
  };

  // A peer to drop: report, disconnect, forget.
  struct BadPeer {
    ReputationChange change;
  };

  Actions take_actions();
  void drop_peer(const PeerId& peer, const ReputationChange& change);
  void forget_peer(const PeerId& peer);

  // add_peer_inner: the new peer's state, and the ancestry request to send, or why to drop it.
  std::optional<BadPeer> add_peer_inner(const PeerId& peer, block::BlockNumber best_number,
                                        const block::BlockHash& best_hash);
  void send_request(const PeerId& peer, PeerSync& sync, const BlockRequest& request);
  static BlockRequest ancestry_request(block::BlockNumber number);

  std::optional<BadPeer> on_ancestry_response(const PeerId& peer, PeerSync& sync,
                                              const BlockResponse& response);
  std::optional<BadPeer> on_range_response(const PeerId& peer, PeerSync& sync,
                                           BlockResponse response);
  std::optional<BadPeer> on_stale_response(const PeerId& peer, PeerSync& sync,
                                           BlockResponse response);
  std::optional<BadPeer> on_justification_response(const PeerId& peer, PeerSync& sync,
                                                   const BlockResponse& response);

  // Queues the blocks for import that connect to what we have, in order (validate_and_queue
  // _blocks). False when a block did not connect: it and those after it were not queued.
  bool queue_for_import(std::vector<DownloadedBlock> blocks);
  void drain_ready_blocks();
  void on_block_queued(const block::BlockHash& hash, block::BlockNumber number);
  void restart();
  void update_peer_common_number(const PeerId& peer, block::BlockNumber number);

  void schedule_block_requests();
  void schedule_justification_requests();
  std::optional<BlockRequest> peer_block_request(const PeerId& peer, PeerSync& sync,
                                                 bool major_syncing,
                                                 block::BlockNumber last_finalized);
  struct ForkRequest {
    block::BlockHash hash{};
    block::BlockNumber number = 0;
    BlockRequest request;
  };
  std::optional<ForkRequest> fork_sync_request(const PeerId& peer,
                                               block::BlockNumber last_finalized);
  void add_fork_target(const block::BlockHash& hash, block::BlockNumber number,
                       std::optional<block::BlockHash> parent_hash, const PeerId& peer);

  // sync's block status: queued, else the chain's (a read error counts as unknown).
  bool is_queued(const block::BlockHash& hash) const { return queue_blocks_.contains(hash); }
  bool is_known(const block::BlockHash& hash) const;
  bool parent_is_known(const block::BlockHash& hash) const;
  std::optional<block::BlockNumber> median_seen() const;

  const SyncChainView& view_;
  ChainSyncConfig config_;
  TimePoint now_{};

  std::map<PeerId, PeerSync> peers_;
  BlockCollection blocks_;
  block::BlockNumber best_queued_number_ = 0;
  block::BlockHash best_queued_hash_{};
  block::BlockNumber starting_block_ = 0;
  std::map<block::BlockHash, QueuedBlock> queue_blocks_;
  std::map<block::BlockHash, ForkTarget> fork_targets_;
  JustificationRequests justifications_;
  uint64_t next_request_id_ = 1;
  Actions actions_;
};

}  // namespace canary::network
