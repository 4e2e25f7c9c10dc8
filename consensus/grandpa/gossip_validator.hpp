// The policy of the `/grandpa/1` gossip, sans-IO: what to do with each notification a peer sends,
// whom to forward it to, what it costs or earns the peer, and when to ask for or answer a
// catch-up. It is sc-consensus-grandpa's `GossipValidator` and its `Inner` (communication/
// gossip.rs) together with the parts of sc-network-gossip's `ConsensusGossip` (state_machine.rs)
// that decide delivery: a cache of recently seen message hashes, the kept messages of live
// rounds, and which peer knows which message. The node feeds it notifications, peer connections,
// its voter's progress and the time, and performs the returned sends and reputation reports; no
// socket, clock or randomness is touched here.
//
// Rules, as gossip.rs has them:
//  - Views. We announce (set id, round, last commit-finalized number) in neighbor packets: to
//    every peer when it changes (note_set / note_round / note_commit_finalized), to a new peer at
//    once, and again every 2 minutes (communication/mod.rs NEIGHBOR_REBROADCAST_PERIOD,
//    periodic.rs). A peer's view comes from its neighbor packets (before its first one: set 0,
//    round 1); a view going backwards costs INVALID_VIEW_CHANGE, the same packet again within a
//    minute DUPLICATE_NEIGHBOR_MESSAGE.
//  - Votes are accepted for our set and rounds r-1 ..= r+1 (`View::consider_vote`), from voters of
//    the set with a valid signature; they are kept for the live rounds (the last 3 completed, the
//    current and the next: `KeepTopics`) and forwarded to peers whose view accepts them.
//  - Commits are accepted for our set when they finalize a block above the last commit we noted
//    (`consider_global`) and pass `check_compact_commit` (communication/mod.rs). They are handed to
//    the voter but forwarded only once the voter finalized them (commit_imported), as Substrate
//    does after `CommitProcessingOutcome::Good`.
//  - Catch-up: a neighbor packet from a peer of our set more than 2 rounds ahead triggers a
//    request for its round - 1 (one outstanding, 45 s timeout, 30 s to process the answer); only
//    to authorities when the observer protocol is on, never to light clients. A request is
//    answered when it is for our set, above the requester's announced round, and the voter has a
//    completed round that recent; answering costs the requester CATCH_UP_REPLY. An answer is
//    accepted only from the peer we asked, for the set and at least the round we asked, and it must
//    pass `check_catch_up` (mod.rs).
//  - Dedup: a message whose blake2b-256 is in the cache is not validated, delivered or forwarded
//    again; the peer that sends us the same message twice pays DUPLICATE_GOSSIP
//    (sc-network-gossip).
//
// Departures (each also noted where it is implemented):
//  - No staged propagation. Substrate first gossips round messages to 4 random "lucky" peers and
//    widens to all after 1.5 and 3 round durations (PROPAGATION_SOME / _ALL); with no randomness
//    here, a message goes at once to every peer whose view allows it (Substrate's final stage:
//    round messages to every non-light peer, commits to every peer).
//  - Every delivered message enters the dedup cache, commits and catch-ups included (Substrate
//    caches only the kept votes, so a commit arriving from two peers is processed twice).
//  - `check_compact_commit` and `check_catch_up` run inside validate(), so a commit or catch-up
//    that fails them earns only its cost (Substrate first credits BASIC_VALIDATED_* and
//    GOSSIP_SUCCESS, then charges); a failing signature counts as checked (Substrate charges a
//    commit whose first signature is bad nothing).
//  - Undecodable bytes cost PER_UNDECODABLE_BYTE for every byte of the message (Substrate counts
//    the bytes left unread where decoding stopped: nothing for a truncated message).
//  - Catch-up answers are rate-limited per peer (Config::catch_up_reply_interval_ms); Substrate
//    only charges CATCH_UP_REPLY each time.
//  - The periodic neighbor packet goes to each peer 2 minutes after the last one it got from us
//    (Substrate resends the last packet to the peers it was first sent to, every 2 minutes).
//  - A pending catch-up request to a peer that disconnects is dropped at once rather than timing
//    out; an answer for a set we have left is dropped without cost.
//  - Messages from a peer that was not added are ignored (sc-network-gossip logs them as coming
//    from an unregistered peer).
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "consensus/grandpa/gossip_message.hpp"
#include "consensus/grandpa/grandpa_error.hpp"
#include "consensus/grandpa/grandpa_types.hpp"
#include "consensus/grandpa/voter_events.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::grandpa {

// A peer as the network names it, opaque here (the node passes its PeerId's multihash bytes), so
// that consensus does not depend on network.
struct PeerKey {
  Bytes bytes;

  auto operator<=>(const PeerKey&) const = default;
  bool operator==(const PeerKey&) const = default;
};

// sc-network-common `ObservedRole`: what the peer's `/grandpa/1` handshake (its roles byte) says.
enum class PeerRole : uint8_t { kFull, kLight, kAuthority };

// sc-network `ReputationChange`: a value added to the peer's reputation, and why.
struct ReputationChange {
  int32_t value = 0;
  std::string_view reason;

  bool operator==(const ReputationChange&) const = default;
};

// communication/mod.rs `cost` and `benefit`, and sc-network-gossip's `rep`.
namespace cost {
inline constexpr ReputationChange kPastRejection{-50, "Grandpa: Past message"};
inline constexpr ReputationChange kBadSignature{-100, "Grandpa: Bad signature"};
inline constexpr ReputationChange kMalformedCatchUp{-1000, "Grandpa: Malformed cath-up"};
inline constexpr ReputationChange kMalformedCommit{-1000, "Grandpa: Malformed commit"};
inline constexpr ReputationChange kFutureMessage{-500, "Grandpa: Future message"};
inline constexpr ReputationChange kUnknownVoter{-150, "Grandpa: Unknown voter"};
inline constexpr ReputationChange kInvalidViewChange{-500, "Grandpa: Invalid view change"};
inline constexpr ReputationChange kDuplicateNeighborMessage{
    -500, "Grandpa: Duplicate neighbor message without grace period"};
inline constexpr int32_t kPerUndecodableByte = -5;
inline constexpr int32_t kPerSignatureChecked = -25;
inline constexpr int32_t kPerBlockLoaded = -10;
// For the node to report when the voter rejects a commit or catch-up this validator passed.
inline constexpr ReputationChange kInvalidCatchUp{-5000, "Grandpa: Invalid catch-up"};
inline constexpr ReputationChange kInvalidCommit{-5000, "Grandpa: Invalid commit"};
inline constexpr ReputationChange kOutOfScopeMessage{-500, "Grandpa: Out-of-scope message"};
inline constexpr ReputationChange kCatchUpRequestTimeout{-200, "Grandpa: Catch-up request timeout"};
inline constexpr ReputationChange kCatchUpReply{-200, "Grandpa: Catch-up reply"};
inline constexpr ReputationChange kHonestOutOfScopeCatchUp{-200, "Grandpa: Out-of-scope catch-up"};
// sc-network-gossip state_machine.rs `rep::DUPLICATE_GOSSIP`.
inline constexpr ReputationChange kDuplicateGossip{-(1 << 2), "Duplicate gossip"};
}  // namespace cost

namespace benefit {
inline constexpr ReputationChange kNeighborMessage{100, "Grandpa: Neighbor message"};
inline constexpr ReputationChange kRoundMessage{100, "Grandpa: Round message"};
inline constexpr ReputationChange kBasicValidatedCatchUp{200, "Grandpa: Catch-up message"};
inline constexpr ReputationChange kBasicValidatedCommit{100, "Grandpa: Commit"};
inline constexpr int32_t kPerEquivocation = 10;
// sc-network-gossip state_machine.rs `rep::GOSSIP_SUCCESS`.
inline constexpr ReputationChange kGossipSuccess{1 << 4, "Successful gossip"};
}  // namespace benefit

// gossip.rs CATCH_UP_THRESHOLD: how many rounds a peer of our set must be ahead of us before we ask
// it for a catch-up.
inline constexpr RoundNumber kCatchUpThreshold = 2;
// communication/mod.rs NEIGHBOR_REBROADCAST_PERIOD; a peer resending the same packet within half
// of it is misbehaving.
inline constexpr uint64_t kNeighborRebroadcastPeriodMs = 2 * 60 * 1000;
// gossip.rs REBROADCAST_AFTER: kept messages are sent again to every peer this often, to unstick
// peers that lost them.
inline constexpr uint64_t kRebroadcastAfterMs = 5 * 60 * 1000;
// gossip.rs CATCH_UP_REQUEST_TIMEOUT and CATCH_UP_PROCESS_TIMEOUT.
inline constexpr uint64_t kCatchUpRequestTimeoutMs = 45 * 1000;
inline constexpr uint64_t kCatchUpProcessTimeoutMs = 30 * 1000;
// gossip.rs KEEP_RECENT_ROUNDS: completed rounds whose votes are still kept and forwarded.
inline constexpr size_t kKeepRecentRounds = 3;
// sc-network-gossip KNOWN_MESSAGES_CACHE_SIZE: sized for Kusama's ~1000 validators, ~2 votes each
// in the live rounds.
inline constexpr size_t kKnownMessagesCacheSize = 8192;

struct GossipConfig {
  // Our own role. With the observer protocol on, only an authority asks for catch-ups, and only
  // authorities (gossip.rs `Inner::new`, CatchUpConfig). Polkadot's service runs with it off, so
  // any full node asks any full or authority peer.
  PeerRole local_role = PeerRole::kFull;
  bool observer_enabled = false;
  // How long after answering a peer's catch-up request we refuse to answer it again (Canary's
  // addition: an answer carries a whole round's votes, a request 17 bytes). An honest peer has at
  // most one request outstanding and then processes the answer, so it does not ask this often.
  uint64_t catch_up_reply_interval_ms = 10 * 1000;
  // Bound of the dedup cache (kept messages included); smaller values are for tests.
  size_t known_messages_capacity = kKnownMessagesCacheSize;
};

// One notification to send, as encoded GossipMessage bytes, to each of `to`.
struct OutgoingMessage {
  std::vector<PeerKey> to;
  Bytes bytes;
};

struct PeerReport {
  PeerKey peer;
  ReputationChange change;

  bool operator==(const PeerReport&) const = default;
};

// What the node must do after a call: send these notifications and report these changes to the
// peer set.
struct GossipActions {
  std::vector<OutgoingMessage> send;
  std::vector<PeerReport> reports;
};

// sc-network-gossip `ValidationResult`, plus duplicates which the engine filters before the
// validator sees them.
enum class GossipVerdict : uint8_t {
  kKeep,               // delivered, kept for the round and forwarded (votes)
  kProcessAndDiscard,  // delivered, not kept (commits, catch-ups)
  kDiscard,            // not delivered (neighbor packets and catch-up requests always)
  kDuplicate,          // already seen: not validated again
};

struct ValidationResult {
  GossipVerdict verdict = GossipVerdict::kDiscard;
  // For the voter: a VoteMessage (on_vote), CommitMessage (on_commit) or CatchUpMessage
  // (on_catch_up; call note_catch_up_processed afterwards).
  std::optional<GossipMessage> deliver;
  // Send the received bytes, unchanged, to these peers (never the sender).
  std::vector<PeerKey> forward_to;
  // Send this to the sender: our CatchUpRequest (after its neighbor packet) or our CatchUp answer
  // (to its request).
  std::optional<Bytes> reply;
  // Kept messages the sender's new view lets it have (after its neighbor packet), and every
  // reputation change: the sender's first; a peer whose catch-up answer timed out may follow.
  GossipActions actions;
};

// The answer the voter has for a catch-up request (Voter::catch_up_response).
using CatchUpSource = std::function<std::optional<CatchUpMessage>(const CatchUpRequest&)>;

// Where we are, as our neighbor packets say.
struct LocalGossipView {
  SetId set_id = 0;
  RoundNumber round = 0;
  std::optional<BlockNumber> last_commit;
};

// A peer's view, from its neighbor packets.
struct PeerGossipView {
  PeerRole role = PeerRole::kFull;
  SetId set_id = 0;
  RoundNumber round = 1;
  std::optional<BlockNumber> last_commit;
};

enum class CatchUpState : uint8_t { kNone, kRequesting, kProcessing };

class GossipValidator {
 public:
  GossipValidator(const GossipConfig& config, uint64_t now_ms);
  GossipValidator(GossipValidator&&) noexcept;
  GossipValidator& operator=(GossipValidator&&) noexcept;
  ~GossipValidator();

  // --- our view (gossip.rs `Inner::note_*`); each returns the neighbor packet for every peer when
  // the view changed, nothing otherwise (an unchanged packet would be punished as a duplicate).
  // A set starts at round 1. The first note_set creates the local view: before it, every message
  // is out of scope. The same set with other authorities replaces them without a packet.
  Result<GossipActions, GrandpaError> note_set(SetId set_id, const AuthorityList& authorities,
                                               uint64_t now_ms);
  // The voter started `round` of the current set (Voter::best_round_number changed).
  GossipActions note_round(RoundNumber round, uint64_t now_ms);
  // A commit finalized `number` (ours or one the voter imported). Returns the packet only when
  // the number is above the last one noted.
  GossipActions note_commit_finalized(RoundNumber round, SetId set_id, BlockNumber number,
                                      uint64_t now_ms);

  // --- peers of the `/grandpa/1` substream.
  // A peer opened the substream: it gets our neighbor packet. Adding a known peer again resets it.
  GossipActions add_peer(const PeerKey& peer, PeerRole role, uint64_t now_ms);
  void remove_peer(const PeerKey& peer);

  // --- one notification from `peer`. `catch_up_source` answers catch-up requests (the voter's
  // catch_up_response); without one, requests are treated as unanswerable.
  ValidationResult validate(const PeerKey& peer, ByteSpan bytes, uint64_t now_ms,
                            const CatchUpSource& catch_up_source = {});

  // --- what we produce.
  // A vote of ours (VoterEvent BroadcastVote): kept and sent to the peers whose view accepts it.
  // Note the voter's new round first: a vote for a round that is not live goes nowhere.
  GossipActions broadcast_vote(const BroadcastVote& vote);
  // A commit of ours (VoterEvent BroadcastCommit): noted as finalized, then sent to the peers
  // whose view it advances (communication/mod.rs `gossip_commit`).
  GossipActions broadcast_commit(const BroadcastCommit& commit, uint64_t now_ms);
  // A commit this validator delivered, after the voter finalized its target (a Finalized event
  // for it): noted, and forwarded if it advanced our view (mod.rs `process_commit`, Good outcome).
  GossipActions commit_imported(const CommitMessage& commit, uint64_t now_ms);
  // The voter has processed the delivered catch-up: we may ask again.
  void note_catch_up_processed();

  // Periodic duties: neighbor packets due again, kept messages every 5 minutes, expiry.
  GossipActions tick(uint64_t now_ms);
  // When tick has something to do next.
  uint64_t next_tick_ms() const;

  // --- inspection.
  std::optional<LocalGossipView> local_view() const;
  std::optional<PeerGossipView> peer_view(const PeerKey& peer) const;
  size_t peer_count() const;
  size_t known_message_count() const;
  size_t kept_message_count() const;
  CatchUpState catch_up_state() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace canary::consensus::grandpa
