#include "consensus/grandpa/gossip_validator.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <utility>

#include "consensus/grandpa/signing.hpp"
#include "consensus/grandpa/voter_set.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::consensus::grandpa {

namespace {

uint64_t saturating_add(uint64_t a, uint64_t b) {
  return a > std::numeric_limits<uint64_t>::max() - b ? std::numeric_limits<uint64_t>::max()
                                                      : a + b;
}

uint64_t saturating_sub(uint64_t a, uint64_t b) {
  return a > b ? a - b : 0;
}

// Time since `then`, zero if the node's clock went backwards.
uint64_t elapsed(uint64_t now_ms, uint64_t then_ms) {
  return saturating_sub(now_ms, then_ms);
}

int32_t saturating_cost(int32_t per_unit, size_t units) {
  const int64_t total = static_cast<int64_t>(per_unit) *
                        static_cast<int64_t>(std::min<size_t>(units, size_t{1} << 31));
  return static_cast<int32_t>(std::max<int64_t>(total, std::numeric_limits<int32_t>::min()));
}

// gossip.rs `Consider`.
enum class Consider : uint8_t { kAccept, kRejectPast, kRejectFuture, kRejectOutOfScope };

// gossip.rs `View`: where a peer (or we) stand.
struct View {
  RoundNumber round = 1;
  SetId set_id = 0;
  std::optional<BlockNumber> last_commit;
  std::optional<uint64_t> last_update_ms;

  // Only our set, only rounds r-1 ..= r+1.
  Consider consider_vote(RoundNumber vote_round, SetId vote_set) const {
    if (vote_set < set_id) return Consider::kRejectPast;
    if (vote_set > set_id) return Consider::kRejectFuture;
    if (vote_round > saturating_add(round, 1)) return Consider::kRejectFuture;
    if (vote_round < saturating_sub(round, 1)) return Consider::kRejectPast;
    return Consider::kAccept;
  }

  // Commits: only our set, only above the last commit-finalized number known.
  Consider consider_global(SetId message_set, BlockNumber number) const {
    if (message_set < set_id) return Consider::kRejectPast;
    if (message_set > set_id) return Consider::kRejectFuture;
    if (last_commit && *last_commit >= number) return Consider::kRejectPast;
    return Consider::kAccept;
  }
};

// A gossip topic: a round of a set, or the set's global topic (commits) when `round` is empty
// (communication/mod.rs `round_topic`, `global_topic`; we keep the pair instead of its hash).
struct Topic {
  std::optional<RoundNumber> round;
  SetId set_id = 0;

  bool operator==(const Topic&) const = default;
};

// A message kept for its topic, to be sent to peers that come into its round later and rebroadcast.
struct KeptMessage {
  Topic topic;
  Bytes bytes;
  // Commits: what `message_allowed` and `message_expired` compare with our last commit.
  BlockNumber commit_number = 0;
  RoundNumber commit_round = 0;
};

struct KnownMessage {
  std::vector<uint64_t> known_by;  // peer slots that sent it to us or were sent it
  std::optional<KeptMessage> kept;

  bool known_to(uint64_t slot) const {
    return std::find(known_by.begin(), known_by.end(), slot) != known_by.end();
  }
  // True when the slot was new.
  bool mark_known(uint64_t slot) {
    if (known_to(slot)) return false;
    known_by.push_back(slot);
    return true;
  }
};

struct Peer {
  uint64_t slot = 0;  // never reused, so a known_by entry cannot outlive its peer's meaning
  PeerRole role = PeerRole::kFull;
  View view;
  std::optional<uint64_t> neighbor_sent_ms;
  std::optional<uint64_t> catch_up_reply_ms;
};

struct LocalView {
  SetId set_id = 0;
  RoundNumber round = 1;
  struct LastCommit {
    BlockNumber number = 0;
    RoundNumber round = 0;
    SetId set_id = 0;
  };
  std::optional<LastCommit> last_commit;

  View as_view() const {
    View view;
    view.round = round;
    view.set_id = set_id;
    if (last_commit) view.last_commit = last_commit->number;
    return view;
  }
};

struct PendingCatchUp {
  CatchUpState state = CatchUpState::kNone;
  PeerKey who;
  CatchUpRequest request;
  uint64_t at_ms = 0;  // when the request was sent (gossip.rs keeps it while processing too)
};

Bytes encode_gossip(const GossipMessage& message) {
  return scale::encode(message);
}

NeighborPacket neighbor_packet_of(const LocalView& local) {
  NeighborPacket packet;
  packet.round = local.round;
  packet.set_id = local.set_id;
  packet.commit_finalized_height = local.last_commit ? local.last_commit->number : 0;
  return packet;
}

ReputationChange bad_packet(size_t length) {
  return {saturating_cost(cost::kPerUndecodableByte, length), "Grandpa: Bad packet"};
}

}  // namespace

struct GossipValidator::Impl {
  GossipConfig config;
  std::optional<LocalView> local;
  std::optional<VoterSet> voters;
  std::map<PeerKey, Peer> peers;
  uint64_t next_slot = 0;

  // gossip.rs `KeepTopics`: the rounds whose messages we keep, and the set whose global topic is
  // live.
  std::deque<std::pair<RoundNumber, SetId>> live_rounds;
  std::optional<SetId> live_set;

  // The dedup cache, oldest first: every message delivered or sent, with who knows it.
  std::map<Hash256, KnownMessage> known;
  std::deque<Hash256> known_order;

  PendingCatchUp pending;
  uint64_t next_rebroadcast_ms = 0;

  // --- views and topics

  // gossip.rs `multicast_neighbor_packet`.
  void multicast_neighbor(GossipActions& actions, uint64_t now_ms) {
    if (!local || peers.empty()) return;
    OutgoingMessage out;
    out.bytes = encode_gossip(neighbor_packet_of(*local));
    for (auto& [key, peer] : peers) {
      out.to.push_back(key);
      peer.neighbor_sent_ms = now_ms;
    }
    actions.send.push_back(std::move(out));
  }

  // KeepTopics::push: the round and the next one become live; the oldest beyond
  // kKeepRecentRounds completed rounds drop out.
  void push_live_round(RoundNumber round, SetId set_id) {
    live_set = std::max(live_set.value_or(set_id), set_id);
    const std::pair<RoundNumber, SetId> topic{round, set_id};
    if (std::find(live_rounds.begin(), live_rounds.end(), topic) == live_rounds.end()) {
      live_rounds.push_back(topic);
    }
    live_rounds.emplace_back(saturating_add(round, 1), set_id);
    while (live_rounds.size() > kKeepRecentRounds + 2) live_rounds.pop_front();
  }

  bool topic_live(const Topic& topic) const {
    if (topic.round) {
      return std::find(live_rounds.begin(), live_rounds.end(),
                       std::pair{*topic.round, topic.set_id}) != live_rounds.end();
    }
    return live_set == topic.set_id;
  }

  // gossip.rs `message_expired`: round messages while their round is live; of commits, only the
  // one for our last commit.
  bool expired(const KeptMessage& kept) const {
    if (!topic_live(kept.topic)) return true;
    if (kept.topic.round) return false;
    if (!local || !local->last_commit) return true;
    const auto& last = *local->last_commit;
    return !(kept.commit_number == last.number && kept.commit_round == last.round &&
             kept.topic.set_id == last.set_id);
  }

  // sc-network-gossip `collect_garbage`: expired messages are no longer kept, but their hashes
  // stay in the cache so that late copies are still recognised.
  void collect_garbage() {
    for (auto& [hash, entry] : known) {
      if (entry.kept && expired(*entry.kept)) entry.kept.reset();
    }
  }

  // gossip.rs `message_allowed` with the Broadcast intent, at the last propagation stage.
  bool message_allowed(const Peer& peer, const KeptMessage& kept) const {
    if (!topic_live(kept.topic)) return false;
    if (kept.topic.round) {
      // Round messages never go to light clients (`round_message_allowed`).
      if (peer.role == PeerRole::kLight) return false;
      return peer.view.consider_vote(*kept.topic.round, kept.topic.set_id) == Consider::kAccept;
    }
    if (!local || !local->last_commit) return false;
    // Only our best commit, and only to peers of its set that it tells something new.
    return peer.view.consider_global(kept.topic.set_id, kept.commit_number) == Consider::kAccept &&
           kept.commit_number == local->last_commit->number;
  }

  // --- the dedup cache

  KnownMessage& remember(const Hash256& hash) {
    auto [it, inserted] = known.try_emplace(hash);
    if (inserted) {
      known_order.push_back(hash);
      const size_t capacity = std::max<size_t>(1, config.known_messages_capacity);
      while (known.size() > capacity) {
        const Hash256 oldest = known_order.front();
        known_order.pop_front();
        known.erase(oldest);
      }
      it = known.find(hash);
    }
    return it->second;
  }

  // Keeps the message unless already expired (register_message + collect_garbage).
  KnownMessage& keep(const Hash256& hash, KeptMessage kept) {
    KnownMessage& entry = remember(hash);
    if (!expired(kept)) entry.kept = std::move(kept);
    return entry;
  }

  // sc-network-gossip `propagate` (Broadcast): every peer that does not know it and may have it.
  std::vector<PeerKey> propagate(KnownMessage& entry) {
    std::vector<PeerKey> to;
    if (!entry.kept) return to;
    for (const auto& [key, peer] : peers) {
      if (entry.known_to(peer.slot) || !message_allowed(peer, *entry.kept)) continue;
      entry.mark_known(peer.slot);
      to.push_back(key);
    }
    return to;
  }

  // sc-network-gossip `send_topic`: the kept messages of a topic the peer does not know yet.
  void send_topic(const PeerKey& key, const Peer& peer, const Topic& topic,
                  GossipActions& actions) {
    for (const Hash256& hash : known_order) {
      KnownMessage& entry = known.at(hash);
      if (!entry.kept || entry.kept->topic != topic || entry.known_to(peer.slot) ||
          !message_allowed(peer, *entry.kept)) {
        continue;
      }
      entry.mark_known(peer.slot);
      actions.send.push_back({{key}, entry.kept->bytes});
    }
  }

  // --- commits

  // gossip.rs `Inner::note_commit_finalized`; true when our view advanced.
  bool note_commit(RoundNumber round, SetId set_id, BlockNumber number) {
    if (!local) return false;
    if (local->last_commit && local->last_commit->number >= number) return false;
    local->last_commit = LocalView::LastCommit{number, round, set_id};
    collect_garbage();
    return true;
  }

  // mod.rs `gossip_message(global_topic, ..)` of a commit.
  void gossip_commit(const CommitMessage& commit, GossipActions& actions) {
    Bytes bytes = encode_gossip(commit);
    const Hash256 hash = hash::blake2b_256(bytes);
    KeptMessage kept{
        {std::nullopt, commit.set_id}, bytes, commit.message.target_number, commit.round};
    KnownMessage& entry = keep(hash, std::move(kept));
    std::vector<PeerKey> to = propagate(entry);
    if (!to.empty()) actions.send.push_back({std::move(to), std::move(bytes)});
  }

  // mod.rs `check_compact_commit`: every signer a voter, total weight at least the threshold and
  // at most what f equivocators could add (4f + 1 in unit weights), every signature valid.
  std::optional<ReputationChange> check_compact_commit(const CommitMessage& message) const {
    if (!voters) return cost::kMalformedCommit;
    const AuthorityWeight f = voters->total_weight() - voters->threshold();
    const AuthorityWeight full_threshold = saturating_add(f, voters->total_weight());
    AuthorityWeight total = 0;
    for (const auto& [signature, id] : message.message.auth_data) {
      auto index = voters->index_of(id);
      if (!index) return cost::kMalformedCommit;
      total = saturating_add(total, voters->weight(*index));
      if (total > full_threshold) return cost::kMalformedCommit;
    }
    if (total < voters->threshold()) return cost::kMalformedCommit;
    const auto& precommits = message.message.precommits;
    for (size_t i = 0; i < precommits.size(); ++i) {
      const auto& [signature, id] = message.message.auth_data[i];
      if (!verify_signature(Message{precommits[i]}, signature, id, message.round, message.set_id)) {
        // gossip.rs `Misbehavior::BadCommitMessage`; the failing signature counts as checked.
        return ReputationChange{saturating_cost(cost::kPerSignatureChecked, i + 1),
                                "Grandpa: Bad commit"};
      }
    }
    return std::nullopt;
  }

  // mod.rs `check_catch_up`: the same weight bounds for the prevotes and for the precommits, then
  // every signature.
  std::optional<ReputationChange> check_catch_up(const CatchUpMessage& message) const {
    if (!voters) return cost::kMalformedCatchUp;
    const AuthorityWeight f = voters->total_weight() - voters->threshold();
    const AuthorityWeight full_threshold = saturating_add(f, voters->total_weight());
    auto weight_ok = [&](const auto& votes) {
      AuthorityWeight total = 0;
      for (const auto& vote : votes) {
        auto index = voters->index_of(vote.id);
        if (!index) return false;
        total = saturating_add(total, voters->weight(*index));
        if (total > full_threshold) return false;
      }
      return total >= voters->threshold();
    };
    if (!weight_ok(message.prevotes) || !weight_ok(message.precommits)) {
      return cost::kMalformedCatchUp;
    }
    size_t checked = 0;
    auto bad = [&] {
      return ReputationChange{saturating_cost(cost::kPerSignatureChecked, checked),
                              "Grandpa: Bad cath-up message"};
    };
    for (const SignedPrevote& vote : message.prevotes) {
      ++checked;
      if (!verify_signature(Message{vote.prevote}, vote.signature, vote.id, message.round,
                            message.set_id)) {
        return bad();
      }
    }
    for (const SignedPrecommit& vote : message.precommits) {
      ++checked;
      if (!verify_signature(Message{vote.precommit}, vote.signature, vote.id, message.round,
                            message.set_id)) {
        return bad();
      }
    }
    return std::nullopt;
  }

  // --- catch-up requests we send

  // gossip.rs CatchUpConfig::request_allowed.
  bool request_allowed(PeerRole role) const {
    bool only_from_authorities = false;
    if (config.observer_enabled) {
      if (config.local_role != PeerRole::kAuthority) return false;
      only_from_authorities = true;
    }
    switch (role) {
      case PeerRole::kAuthority:
        return true;
      case PeerRole::kLight:
        return false;
      case PeerRole::kFull:
        return !only_from_authorities;
    }
    return false;
  }

  // gossip.rs `try_catch_up` and `note_catch_up_request`.
  void try_catch_up(const PeerKey& key, const Peer& peer, uint64_t now_ms,
                    ValidationResult& result) {
    if (!local || !request_allowed(peer.role) || peer.view.set_id != local->set_id) return;
    if (saturating_sub(peer.view.round, kCatchUpThreshold) <= local->round) return;
    switch (pending.state) {
      case CatchUpState::kRequesting:
        if (elapsed(now_ms, pending.at_ms) <= kCatchUpRequestTimeoutMs) return;
        result.actions.reports.push_back({pending.who, cost::kCatchUpRequestTimeout});
        break;
      case CatchUpState::kProcessing:
        if (elapsed(now_ms, pending.at_ms) < kCatchUpProcessTimeoutMs) return;
        break;
      case CatchUpState::kNone:
        break;
    }
    // The peer's round is above the threshold, so at least 3: the last round it completed.
    CatchUpRequest request{peer.view.round - 1, peer.view.set_id};
    pending = {CatchUpState::kRequesting, key, request, now_ms};
    result.reply = encode_gossip(request);
  }

  // --- validate(), per message type

  ReputationChange vote_rejection(Consider consider) const {
    switch (consider) {
      case Consider::kRejectFuture:
        return cost::kFutureMessage;
      case Consider::kRejectPast:
        return cost::kPastRejection;  // gossip.rs `cost_past_rejection`, hard-coded there too
      case Consider::kRejectOutOfScope:
      case Consider::kAccept:
        break;
    }
    return cost::kOutOfScopeMessage;
  }

  Consider consider_vote(RoundNumber round, SetId set_id) const {
    if (!local) return Consider::kRejectOutOfScope;
    return local->as_view().consider_vote(round, set_id);
  }

  Consider consider_global(SetId set_id, BlockNumber number) const {
    if (!local) return Consider::kRejectOutOfScope;
    return local->as_view().consider_global(set_id, number);
  }

  // gossip.rs `validate_round_message`.
  void on_vote(const PeerKey& key, Peer& peer, const Hash256& hash, ByteSpan bytes,
               const VoteMessage& vote, ValidationResult& result) {
    auto& reports = result.actions.reports;
    if (Consider c = consider_vote(vote.round, vote.set_id); c != Consider::kAccept) {
      reports.push_back({key, vote_rejection(c)});
      return;
    }
    if (!voters || !voters->contains(vote.message.id)) {
      reports.push_back({key, cost::kUnknownVoter});
      return;
    }
    if (!verify_message(vote.message, vote.round, vote.set_id)) {
      reports.push_back({key, cost::kBadSignature});
      return;
    }
    KnownMessage& entry =
        keep(hash, KeptMessage{{vote.round, vote.set_id}, Bytes(bytes.begin(), bytes.end())});
    entry.mark_known(peer.slot);
    result.forward_to = propagate(entry);
    result.verdict = GossipVerdict::kKeep;
    result.deliver = vote;
    reports.push_back({key, benefit::kRoundMessage});
    reports.push_back({key, benefit::kGossipSuccess});
  }

  // gossip.rs `validate_commit_message`, then mod.rs `check_compact_commit`.
  void on_commit(const PeerKey& key, Peer& peer, const Hash256& hash, CommitMessage&& commit,
                 ValidationResult& result) {
    auto& reports = result.actions.reports;
    // Peers::update_commit_height: a commit below one the peer sent before moves its view back.
    const BlockNumber number = commit.message.target_number;
    if (peer.view.last_commit && *peer.view.last_commit > number) {
      reports.push_back({key, cost::kInvalidViewChange});
      return;
    }
    peer.view.last_commit = number;
    if (Consider c = consider_global(commit.set_id, number); c != Consider::kAccept) {
      reports.push_back({key, vote_rejection(c)});
      return;
    }
    if (commit.message.precommits.size() != commit.message.auth_data.size() ||
        commit.message.precommits.empty()) {
      reports.push_back({key, cost::kMalformedCommit});
      return;
    }
    if (auto bad = check_compact_commit(commit)) {
      reports.push_back({key, *bad});
      return;
    }
    remember(hash).mark_known(peer.slot);
    result.verdict = GossipVerdict::kProcessAndDiscard;
    result.deliver = std::move(commit);
    reports.push_back({key, benefit::kBasicValidatedCommit});
    reports.push_back({key, benefit::kGossipSuccess});
  }

  // gossip.rs `Peers::update_peer_state` and `import_neighbor_message`.
  void on_neighbor(const PeerKey& key, Peer& peer, const NeighborPacket& packet, uint64_t now_ms,
                   ValidationResult& result) {
    auto& reports = result.actions.reports;
    View& view = peer.view;
    const bool invalid_change =
        view.set_id > packet.set_id ||
        (view.round > packet.round && view.set_id == packet.set_id) ||
        (view.last_commit && *view.last_commit > packet.commit_finalized_height);
    if (invalid_change) {
      reports.push_back({key, cost::kInvalidViewChange});
      return;
    }
    const bool duplicate = packet.set_id == view.set_id && packet.round == view.round &&
                           view.last_commit == packet.commit_finalized_height;
    if (duplicate && view.last_update_ms &&
        elapsed(now_ms, *view.last_update_ms) < kNeighborRebroadcastPeriodMs / 2) {
      reports.push_back({key, cost::kDuplicateNeighborMessage});
      return;
    }
    view = View{packet.round, packet.set_id, packet.commit_finalized_height, now_ms};
    reports.push_back({key, benefit::kNeighborMessage});

    try_catch_up(key, peer, now_ms, result);
    // gossip.rs `neighbor_topics`: the set's global topic, the peer's round and the one before.
    send_topic(key, peer, Topic{std::nullopt, view.set_id}, result.actions);
    send_topic(key, peer, Topic{view.round, view.set_id}, result.actions);
    if (view.round != 0) send_topic(key, peer, Topic{view.round - 1, view.set_id}, result.actions);
  }

  // gossip.rs `handle_catch_up_request`, with a per-peer rate limit.
  void on_catch_up_request(const PeerKey& key, Peer& peer, const CatchUpRequest& request,
                           uint64_t now_ms, const CatchUpSource& source, ValidationResult& result) {
    auto& reports = result.actions.reports;
    if (!local) {
      reports.push_back({key, cost::kOutOfScopeMessage});
      return;
    }
    if (request.set_id != local->set_id) {
      // Near a set change the peer may have asked before it saw our new set: a lower cost.
      const bool honest = saturating_add(request.set_id, 1) == local->set_id &&
                          saturating_sub(local->round, kCatchUpThreshold) == 0;
      reports.push_back({key, honest ? cost::kHonestOutOfScopeCatchUp : cost::kOutOfScopeMessage});
      return;
    }
    // Asking for a round the peer claims to be in already is impolite.
    if (peer.view.round >= request.round) {
      reports.push_back({key, cost::kOutOfScopeMessage});
      return;
    }
    if (peer.catch_up_reply_ms &&
        elapsed(now_ms, *peer.catch_up_reply_ms) < config.catch_up_reply_interval_ms) {
      reports.push_back({key, cost::kCatchUpReply});
      return;
    }
    std::optional<CatchUpMessage> answer;
    if (source) answer = source(request);
    if (!answer || answer->set_id != request.set_id || answer->round < request.round) {
      reports.push_back({key, cost::kOutOfScopeMessage});
      return;
    }
    peer.catch_up_reply_ms = now_ms;
    result.reply = encode_gossip(std::move(*answer));
    reports.push_back({key, cost::kCatchUpReply});
  }

  // gossip.rs `validate_catch_up_message`, then mod.rs `check_catch_up`.
  void on_catch_up(const PeerKey& key, Peer& peer, const Hash256& hash, CatchUpMessage&& catch_up,
                   ValidationResult& result) {
    auto& reports = result.actions.reports;
    if (pending.state != CatchUpState::kRequesting || pending.who != key) {
      reports.push_back({key, cost::kOutOfScopeMessage});
      return;
    }
    if (pending.request.set_id != catch_up.set_id || pending.request.round > catch_up.round ||
        catch_up.prevotes.empty() || catch_up.precommits.empty()) {
      reports.push_back({key, cost::kMalformedCatchUp});
      return;
    }
    if (!local || catch_up.set_id != local->set_id) {
      // We moved to another set since asking: the answer is moot, not the peer's fault.
      pending = {};
      return;
    }
    if (auto bad = check_catch_up(catch_up)) {
      // Substrate stays in Processing until the 30 s timeout; nothing is processing here.
      pending = {};
      reports.push_back({key, *bad});
      return;
    }
    // Until the voter has processed it, no other request goes out.
    pending.state = CatchUpState::kProcessing;
    remember(hash).mark_known(peer.slot);
    result.verdict = GossipVerdict::kProcessAndDiscard;
    result.deliver = std::move(catch_up);
    reports.push_back({key, benefit::kBasicValidatedCatchUp});
    reports.push_back({key, benefit::kGossipSuccess});
  }
};

GossipValidator::GossipValidator(const GossipConfig& config, uint64_t now_ms)
    : impl_(std::make_unique<Impl>()) {
  impl_->config = config;
  impl_->next_rebroadcast_ms = saturating_add(now_ms, kRebroadcastAfterMs);
}

GossipValidator::GossipValidator(GossipValidator&&) noexcept = default;
GossipValidator& GossipValidator::operator=(GossipValidator&&) noexcept = default;
GossipValidator::~GossipValidator() = default;

Result<GossipActions, GrandpaError> GossipValidator::note_set(SetId set_id,
                                                              const AuthorityList& authorities,
                                                              uint64_t now_ms) {
  auto voters = VoterSet::from_authorities(authorities);
  if (!voters) return unexpected(voters.error());
  Impl& self = *impl_;
  GossipActions actions;
  if (self.local && self.local->set_id == set_id) {
    // gossip.rs: the same set noted with other authorities (a hard fork) takes them, silently.
    self.voters = std::move(*voters);
    return actions;
  }
  if (!self.local) {
    self.local = LocalView{};
  }
  self.local->set_id = set_id;
  self.local->round = 1;
  self.voters = std::move(*voters);
  self.push_live_round(1, set_id);
  self.collect_garbage();
  self.multicast_neighbor(actions, now_ms);
  return actions;
}

GossipActions GossipValidator::note_round(RoundNumber round, uint64_t now_ms) {
  Impl& self = *impl_;
  GossipActions actions;
  if (!self.local || self.local->round == round) return actions;
  self.local->round = round;
  self.push_live_round(round, self.local->set_id);
  self.collect_garbage();
  self.multicast_neighbor(actions, now_ms);
  return actions;
}

GossipActions GossipValidator::note_commit_finalized(RoundNumber round, SetId set_id,
                                                     BlockNumber number, uint64_t now_ms) {
  GossipActions actions;
  if (impl_->note_commit(round, set_id, number)) impl_->multicast_neighbor(actions, now_ms);
  return actions;
}

GossipActions GossipValidator::add_peer(const PeerKey& peer, PeerRole role, uint64_t now_ms) {
  Impl& self = *impl_;
  remove_peer(peer);
  Peer& added = self.peers[peer];
  added.slot = self.next_slot++;
  added.role = role;
  GossipActions actions;
  if (self.local) {
    added.neighbor_sent_ms = now_ms;
    actions.send.push_back({{peer}, encode_gossip(neighbor_packet_of(*self.local))});
  }
  return actions;
}

void GossipValidator::remove_peer(const PeerKey& peer) {
  Impl& self = *impl_;
  auto it = self.peers.find(peer);
  if (it == self.peers.end()) return;
  const uint64_t slot = it->second.slot;
  self.peers.erase(it);
  for (auto& [hash, entry] : self.known) std::erase(entry.known_by, slot);
  if (self.pending.state == CatchUpState::kRequesting && self.pending.who == peer) {
    self.pending = {};
  }
}

ValidationResult GossipValidator::validate(const PeerKey& peer, ByteSpan bytes, uint64_t now_ms,
                                           const CatchUpSource& catch_up_source) {
  Impl& self = *impl_;
  ValidationResult result;
  auto it = self.peers.find(peer);
  if (it == self.peers.end()) return result;
  Peer& sender = it->second;

  // sc-network-gossip `on_incoming`: a known message is neither validated nor delivered again.
  const Hash256 hash = hash::blake2b_256(bytes);
  if (auto known = self.known.find(hash); known != self.known.end()) {
    result.verdict = GossipVerdict::kDuplicate;
    if (!known->second.mark_known(sender.slot)) {
      result.actions.reports.push_back({peer, cost::kDuplicateGossip});
    }
    return result;
  }

  auto decoded = decode_gossip_message(bytes);
  if (!decoded) {
    result.actions.reports.push_back({peer, bad_packet(bytes.size())});
    return result;
  }
  std::visit(
      [&](auto&& message) {
        using T = std::decay_t<decltype(message)>;
        if constexpr (std::is_same_v<T, VoteMessage>) {
          self.on_vote(peer, sender, hash, bytes, message, result);
        } else if constexpr (std::is_same_v<T, CommitMessage>) {
          self.on_commit(peer, sender, hash, std::forward<decltype(message)>(message), result);
        } else if constexpr (std::is_same_v<T, NeighborPacket>) {
          self.on_neighbor(peer, sender, message, now_ms, result);
        } else if constexpr (std::is_same_v<T, CatchUpRequest>) {
          self.on_catch_up_request(peer, sender, message, now_ms, catch_up_source, result);
        } else {
          self.on_catch_up(peer, sender, hash, std::forward<decltype(message)>(message), result);
        }
      },
      std::move(*decoded));
  return result;
}

GossipActions GossipValidator::broadcast_vote(const BroadcastVote& vote) {
  Impl& self = *impl_;
  GossipActions actions;
  Bytes bytes = encode_gossip(VoteMessage{vote.round, vote.set_id, vote.message});
  const Hash256 hash = hash::blake2b_256(bytes);
  KnownMessage& entry = self.keep(hash, KeptMessage{{vote.round, vote.set_id}, bytes});
  std::vector<PeerKey> to = self.propagate(entry);
  if (!to.empty()) actions.send.push_back({std::move(to), std::move(bytes)});
  return actions;
}

GossipActions GossipValidator::broadcast_commit(const BroadcastCommit& commit, uint64_t now_ms) {
  // mod.rs `gossip_commit`: our own commit goes out even when another commit already advanced our
  // view to the same number.
  GossipActions actions =
      note_commit_finalized(commit.round, commit.set_id, commit.commit.target_number, now_ms);
  impl_->gossip_commit(CommitMessage{commit.round, commit.set_id, commit.commit}, actions);
  return actions;
}

GossipActions GossipValidator::commit_imported(const CommitMessage& commit, uint64_t now_ms) {
  GossipActions actions;
  // Several voters' commits for one round may all pass validation; only the first that advances
  // our view is worth gossiping (mod.rs `process_commit`).
  if (!impl_->note_commit(commit.round, commit.set_id, commit.message.target_number)) {
    return actions;
  }
  impl_->multicast_neighbor(actions, now_ms);
  impl_->gossip_commit(commit, actions);
  return actions;
}

void GossipValidator::note_catch_up_processed() {
  if (impl_->pending.state == CatchUpState::kProcessing) impl_->pending = {};
}

GossipActions GossipValidator::tick(uint64_t now_ms) {
  Impl& self = *impl_;
  GossipActions actions;
  self.collect_garbage();

  if (self.local) {
    OutgoingMessage neighbor;
    for (auto& [key, peer] : self.peers) {
      if (!peer.neighbor_sent_ms ||
          elapsed(now_ms, *peer.neighbor_sent_ms) < kNeighborRebroadcastPeriodMs) {
        continue;
      }
      peer.neighbor_sent_ms = now_ms;
      neighbor.to.push_back(key);
    }
    if (!neighbor.to.empty()) {
      neighbor.bytes = encode_gossip(neighbor_packet_of(*self.local));
      actions.send.push_back(std::move(neighbor));
    }
  }

  // gossip.rs `message_allowed` with the PeriodicRebroadcast intent: every kept message again to
  // every peer that has it, and to those that may have it but do not yet.
  if (now_ms >= self.next_rebroadcast_ms) {
    self.next_rebroadcast_ms = saturating_add(now_ms, kRebroadcastAfterMs);
    for (const Hash256& hash : self.known_order) {
      KnownMessage& entry = self.known.at(hash);
      if (!entry.kept) continue;
      OutgoingMessage out;
      for (const auto& [key, peer] : self.peers) {
        if (entry.known_to(peer.slot) || self.message_allowed(peer, *entry.kept)) {
          entry.mark_known(peer.slot);
          out.to.push_back(key);
        }
      }
      if (out.to.empty()) continue;
      out.bytes = entry.kept->bytes;
      actions.send.push_back(std::move(out));
    }
  }
  return actions;
}

uint64_t GossipValidator::next_tick_ms() const {
  uint64_t next = impl_->next_rebroadcast_ms;
  if (impl_->local) {
    for (const auto& [key, peer] : impl_->peers) {
      if (peer.neighbor_sent_ms) {
        next = std::min(next, saturating_add(*peer.neighbor_sent_ms, kNeighborRebroadcastPeriodMs));
      }
    }
  }
  return next;
}

std::optional<LocalGossipView> GossipValidator::local_view() const {
  const std::optional<LocalView>& current = impl_->local;
  if (!current) return std::nullopt;
  const LocalView& local = *current;
  LocalGossipView view{local.set_id, local.round, std::nullopt};
  if (local.last_commit) view.last_commit = local.last_commit->number;
  return view;
}

std::optional<PeerGossipView> GossipValidator::peer_view(const PeerKey& peer) const {
  auto it = impl_->peers.find(peer);
  if (it == impl_->peers.end()) return std::nullopt;
  const Peer& p = it->second;
  return PeerGossipView{p.role, p.view.set_id, p.view.round, p.view.last_commit};
}

size_t GossipValidator::peer_count() const {
  return impl_->peers.size();
}

size_t GossipValidator::known_message_count() const {
  return impl_->known.size();
}

size_t GossipValidator::kept_message_count() const {
  return static_cast<size_t>(
      std::count_if(impl_->known.begin(), impl_->known.end(),
                    [](const auto& kv) { return kv.second.kept.has_value(); }));
}

CatchUpState GossipValidator::catch_up_state() const {
  return impl_->pending.state;
}

}  // namespace canary::consensus::grandpa
