// GRANDPA in the node (sc-consensus-grandpa's voter task and block import): follows the authority
// set through the FRNK digests of imported blocks (AuthoritySetTracker), runs the voter of the
// current set with the node's `gran` key, finalizes what the voter finalizes (storing the
// justifications Substrate stores), and starts the next set's voter when a change is enacted. Its
// records (the tracker and the voter's last round) live in the database's aux column.
//
// Driven by the chain thread: poll() after imports and at the voter's wake times. Votes and
// commits go out on `/grandpa/1` through a GrandpaGossipSink (the network), filtered by the gossip
// validator (consensus/grandpa/gossip_validator.hpp); what peers send comes in through
// on_gossip_message. Without a sink they stay local (a single authority finalizes on its own).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "consensus/grandpa/authority_set.hpp"
#include "consensus/grandpa/chain_access.hpp"
#include "consensus/grandpa/gossip_validator.hpp"
#include "consensus/grandpa/round_state_report.hpp"
#include "consensus/grandpa/voter.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node {

// Where the GRANDPA gossip goes: `/grandpa/1` notifications to peers (keys are PeerId bytes) and
// their reputation changes. Called with the service's lock held: implementations queue, never
// call back into the service.
class GrandpaGossipSink {
 public:
  virtual ~GrandpaGossipSink() = default;
  virtual void send(const consensus::grandpa::PeerKey& peer, Bytes message) = 0;
  virtual void report(const consensus::grandpa::PeerKey& peer,
                      consensus::grandpa::ReputationChange change) = 0;
};

class GrandpaService final : public blockchain::ChainObserver,
                             public consensus::grandpa::ChainAccess {
 public:
  // Our voting key for a set: the pair of the first authority of `set` whose key we hold
  // (sc-consensus-grandpa `local_authority_id`), asked each time a voter starts (at startup and at
  // every set change), so that keys set since (author_rotateKeys, author_insertKey) vote as soon
  // as their set is enacted. None: we observe.
  using LocalKeyLookup = std::function<std::optional<crypto::ed25519::Keypair>(
      const consensus::grandpa::AuthorityList& set)>;

  // A lookup that always offers `key` (tests and tools): the voter votes with it while it is in
  // the set.
  static LocalKeyLookup with_key(const crypto::ed25519::Keypair& key) {
    return [key](const consensus::grandpa::AuthorityList&) { return std::optional(key); };
  }

  // `local_key`: empty for a node that never votes (not a validator).
  static Result<std::unique_ptr<GrandpaService>, std::string> open(blockchain::Chain& chain,
                                                                   blockchain::RuntimeHost& host,
                                                                   LocalKeyLookup local_key,
                                                                   uint64_t now_ms);
  ~GrandpaService() override;

  // Processes imported blocks, runs the voter, applies what it decides. Returns when to be
  // called again at the latest (unix ms).
  uint64_t poll(uint64_t now_ms);

  // A justification that came with a block from elsewhere (a block file, later the network):
  // verified against the authority set the block is in, then the block is finalized like the
  // voter's own decisions. False when the block is final already.
  Result<bool, std::string> import_justification(const blockchain::BlockRef& block,
                                                 ByteSpan justification, uint64_t now_ms);

  // Gossip: the sink is set once, before peers come (nullptr: none); peers with an open
  // `/grandpa/1` and their notifications (any thread).
  void set_gossip_sink(GrandpaGossipSink* sink);
  void on_gossip_peer_connected(const consensus::grandpa::PeerKey& peer,
                                consensus::grandpa::PeerRole role, uint64_t now_ms);
  void on_gossip_peer_disconnected(const consensus::grandpa::PeerKey& peer);
  void on_gossip_message(const consensus::grandpa::PeerKey& peer, ByteSpan message,
                         uint64_t now_ms);

  // grandpa_roundState.
  consensus::grandpa::VoterStateReport round_state() const;

  // grandpa_subscribeJustifications: called with the SCALE justification of every block GRANDPA
  // finalizes (its voter's commits and imported justifications alike), once the block is final,
  // on the thread that finalized it and with the service's lock held: it must only queue, never
  // call back into the service. Set once, before the chain runs (nullptr: none).
  using JustificationListener = std::function<void(const Bytes& justification)>;
  void set_justification_listener(JustificationListener listener);
  consensus::grandpa::SetId set_id() const;

  // Where a voter's equivocation seen in a round goes (sc-consensus-grandpa's
  // report_equivocation), with the service's lock held: it must only queue. Set once, before the
  // chain runs (nullptr: logged only).
  using EquivocationListener = std::function<void(consensus::grandpa::SetId set_id,
                                                  const consensus::grandpa::Equivocation&)>;
  void set_equivocation_listener(EquivocationListener listener);

  // ChainObserver (import thread): queue for poll().
  void on_block_imported(const blockchain::ImportNotice& notice) override;

  // ChainAccess, over the chain.
  std::optional<std::vector<consensus::grandpa::BlockHash>> ancestry(
      const consensus::grandpa::BlockHash& base,
      const consensus::grandpa::BlockHash& block) const override;
  // Called by the voter, with mutex_ held.
  std::optional<consensus::grandpa::BlockRef> best_chain_containing(
      const consensus::grandpa::BlockHash& base) const override REQUIRES(mutex_);
  std::optional<block::Header> header(const consensus::grandpa::BlockHash& hash) const override;

 private:
  GrandpaService(blockchain::Chain& chain, LocalKeyLookup local_key,
                 consensus::grandpa::AuthoritySetTracker tracker)
      : chain_(chain), local_key_(std::move(local_key)), tracker_(std::move(tracker)) {}
  Result<void, std::string> start_voter(
      const consensus::grandpa::BlockRef& base, consensus::grandpa::RoundNumber last_completed,
      uint64_t now_ms, std::vector<consensus::grandpa::SignedMessage> resume_votes = {})
      REQUIRES(mutex_);
  // Stores a vote we cast (with the voter's round) before it is sent.
  void record_own_vote(const consensus::grandpa::BroadcastVote& vote) REQUIRES(mutex_);
  // `delivered_commit`: the network's commit these events answer (gossiped on once it
  // finalized its block).
  void handle(std::vector<consensus::grandpa::VoterEvent> events, uint64_t now_ms,
              const consensus::grandpa::CommitMessage* delivered_commit = nullptr) REQUIRES(mutex_);
  // Brings the gossip validator's view up to the voter's set and round.
  void sync_gossip_view(uint64_t now_ms) REQUIRES(mutex_);
  void perform(const consensus::grandpa::GossipActions& actions) REQUIRES(mutex_);
  void apply_imports(uint64_t now_ms) REQUIRES(mutex_);
  // Where a finalized block's justification comes from: made from a commit (our voter's or a
  // gossiped one) it is stored only when consensus/grandpa/justification_retention.hpp says so;
  // received (with a block, on request, from a file) it is always stored, as Substrate's.
  enum class JustificationOrigin { kMadeFromCommit, kReceived };
  Result<void, std::string> finalize(const consensus::grandpa::Finalized& finalized,
                                     JustificationOrigin origin, uint64_t now_ms) REQUIRES(mutex_);
  // Whether the finalized block and every block its commit's precommits target are imported.
  bool imported_all(const consensus::grandpa::Finalized& finalized) const;
  // `best_justification`: the justification of a newly finalized block (stored with the block or
  // not), kept as the latest one (kGrandpaBestJustificationKey) in the same write.
  void persist(std::optional<Bytes> best_justification = std::nullopt) REQUIRES(mutex_);
  consensus::grandpa::IsDescendant is_descendant() const;

  blockchain::Chain& chain_;
  LocalKeyLookup local_key_;
  mutable Mutex mutex_;
  consensus::grandpa::AuthoritySetTracker tracker_ GUARDED_BY(mutex_);
  std::optional<consensus::grandpa::Voter> voter_ GUARDED_BY(mutex_);
  GrandpaGossipSink* sink_ GUARDED_BY(mutex_) = nullptr;
  JustificationListener justification_listener_ GUARDED_BY(mutex_);
  EquivocationListener equivocation_listener_ GUARDED_BY(mutex_);
  std::optional<consensus::grandpa::GossipValidator> gossip_ GUARDED_BY(mutex_);
  std::optional<consensus::grandpa::SetId> gossip_set_ GUARDED_BY(mutex_);
  consensus::grandpa::RoundNumber gossip_round_ GUARDED_BY(mutex_) = 0;
  // Our votes of the round we vote in (kOwnVotesKey in the aux column).
  consensus::grandpa::SetId own_votes_set_ GUARDED_BY(mutex_) = 0;
  consensus::grandpa::RoundNumber own_votes_round_ GUARDED_BY(mutex_) = 0;
  std::vector<consensus::grandpa::SignedMessage> own_votes_ GUARDED_BY(mutex_);
  uint64_t wake_at_ GUARDED_BY(mutex_) = 0;
  // The highest finality decided for a block not imported yet, applied once it is.
  std::optional<consensus::grandpa::Finalized> awaiting_import_ GUARDED_BY(mutex_);
  Mutex imported_mutex_;
  std::deque<blockchain::ImportNotice> imported_ GUARDED_BY(imported_mutex_);
};

}  // namespace canary::node
