#include "consensus/grandpa/voter.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "consensus/grandpa/commit_validation.hpp"
#include "consensus/grandpa/justification.hpp"
#include "consensus/grandpa/signing.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::consensus::grandpa {

namespace {

// Votes for rounds this far ahead of ours are kept until we get there: a peer that completed
// the round a moment before us is already voting in the next one.
constexpr RoundNumber kFutureRoundWindow = 2;
// Rounds kept after they stop being the best round, so late votes and commits still count
// (finality-grandpa keeps them until their estimate is finalized; this caps the count too).
constexpr size_t kMaxPastRounds = 4;
// A single-authority voter can complete a round per chain update; this bounds the rounds one
// call may run through.
constexpr int kMaxRoundsPerCall = 64;

// voting_round.rs `State`, with `Done` for a round in which we no longer act (the reference's
// `None`: our prevote could not be built, or the round was overtaken by a catch-up).
enum class Step : uint8_t { kStart, kProposed, kPrevoted, kPrecommitted, kDone };

struct VotingRound {
  VotingRound(RoundNumber number, std::shared_ptr<const VoterSet> voters, const BlockRef& base,
              uint64_t start_ms, uint64_t gossip_ms)
      : votes(number, std::move(voters), base),
        prevote_at_ms(start_ms + 2 * gossip_ms),
        precommit_at_ms(start_ms + 4 * gossip_ms) {}

  Round votes;
  Step step = Step::kStart;
  bool active = false;  // we cast votes in this round
  // False for a round learned from a catch-up: we have no view of the round before it, so we
  // never voted in it and its finality is reported without our precommit (voting_round.rs
  // `cant_vote`).
  bool has_last_round_state = true;
  // Our local weight alone decides the round and there is something new to finalize.
  bool fast_track = false;
  uint64_t prevote_at_ms;
  uint64_t precommit_at_ms;
  std::optional<BlockRef> primary_block;       // the primary's proposal, if it sent one
  std::optional<BlockRef> notified_finalized;  // last finalized block reported for this round
  std::vector<SignedMessage> pending;          // votes for blocks the chain does not know (yet)
};

size_t max_pending_votes(const VoterSet& voters) {
  return 4 * voters.size() + 16;
}

}  // namespace

struct Voter::Impl {
  SetId set_id = 0;
  std::shared_ptr<const VoterSet> voters;
  std::optional<crypto::ed25519::Keypair> key;
  std::optional<size_t> local_index;
  uint64_t gossip_ms = 0;

  std::unique_ptr<VotingRound> best;
  std::vector<std::unique_ptr<VotingRound>> past;  // ascending round numbers
  // The state of the round before `best`, used while that round is not in `past`.
  RoundState previous_state;
  BlockRef last_finalized_in_rounds;  // base of the next round (voter/mod.rs)
  BlockRef last_finalized;            // highest block reported Finalized
  std::map<RoundNumber, std::vector<SignedMessage>> future_votes;
  // Our votes of the best round from before a restart, sent and imported on the first drive.
  std::vector<SignedMessage> resumed;

  std::vector<VoterEvent> out;  // events of the call in progress

  std::unique_ptr<VotingRound> make_round(RoundNumber number, const BlockRef& base,
                                          uint64_t now_ms) const {
    auto round = std::make_unique<VotingRound>(number, voters, base, now_ms, gossip_ms);
    round->active = local_index.has_value() && key.has_value();
    return round;
  }

  VotingRound* find_round(RoundNumber number) {
    if (best->votes.number() == number) return best.get();
    for (auto& round : past) {
      if (round->votes.number() == number) return round.get();
    }
    return nullptr;
  }

  RoundState last_round_state() const {
    const RoundNumber previous = best->votes.number() - 1;
    for (const auto& round : past) {
      if (round->votes.number() == previous) return round->votes.state();
    }
    return previous_state;
  }

  bool decisive() const {
    return local_index && key && voters->weight(*local_index) >= voters->threshold();
  }

  // --- votes -----------------------------------------------------------------------------

  void import_vote(VotingRound& round, const SignedMessage& vote, const ChainAccess& chain) {
    const BlockRef target = target_of(vote.message);
    const BlockRef& base = round.votes.base();
    if (!is_equal_or_descendant_of(chain, base.hash, target.hash)) {
      // Perhaps a block we have not imported yet: keep it (bounded) and retry on poll. Targets at
      // or below the base can never become valid.
      if (target.number > base.number && round.pending.size() < max_pending_votes(*voters) &&
          std::find(round.pending.begin(), round.pending.end(), vote) == round.pending.end()) {
        round.pending.push_back(vote);
      }
      return;
    }
    if (const auto* prevote = std::get_if<Prevote>(&vote.message)) {
      report(round.votes.import_prevote(chain, *prevote, vote.id, vote.signature));
    } else if (const auto* precommit = std::get_if<Precommit>(&vote.message)) {
      report(round.votes.import_precommit(chain, *precommit, vote.id, vote.signature));
    } else if (vote.id == voters->id(round.votes.primary_index())) {
      round.primary_block = target;
    }
  }

  void report(const ImportResult& result) {
    if (result.equivocation) out.push_back(EquivocationDetected{set_id, *result.equivocation});
  }

  void retry_pending(VotingRound& round, const ChainAccess& chain) {
    if (round.pending.empty()) return;
    std::vector<SignedMessage> waiting = std::move(round.pending);
    round.pending.clear();
    for (const SignedMessage& vote : waiting) import_vote(round, vote, chain);
    notify(round, chain);
  }

  void replay_future_votes(const ChainAccess& chain) {
    const RoundNumber number = best->votes.number();
    auto it = future_votes.find(number);
    std::vector<SignedMessage> votes;
    if (it != future_votes.end()) votes = std::move(it->second);
    future_votes.erase(future_votes.begin(), future_votes.upper_bound(number));
    for (const SignedMessage& vote : votes) import_vote(*best, vote, chain);
  }

  // Only called for active rounds, which require a key.
  void cast(VotingRound& round, const Message& message, const ChainAccess& chain) {
    if (!key) return;
    SignedMessage vote = sign_message(*key, message, round.votes.number(), set_id);
    out.push_back(BroadcastVote{round.votes.number(), set_id, vote});
    import_vote(round, vote, chain);
  }

  // --- our votes (voting_round.rs) -------------------------------------------------------

  // voting_round.rs `construct_prevote`: the best chain containing the previous estimate, or the
  // primary's block when the previous prevote-GHOST contains it.
  std::optional<BlockRef> prevote_target(const VotingRound& round, const RoundState& last,
                                         const ChainAccess& chain) const {
    const BlockRef last_estimate = last.estimate.value_or(round.votes.base());
    BlockHash find_descendant_of = last_estimate.hash;
    if (round.primary_block && last.prevote_ghost) {
      const BlockRef& primary = *round.primary_block;
      const BlockRef& last_ghost = *last.prevote_ghost;
      if (primary == last_ghost) {
        find_descendant_of = primary.hash;
      } else if (primary.number < last_ghost.number && last_estimate.hash != last_ghost.hash) {
        // The primary's block must be on the previous prevote-GHOST's chain, above the estimate.
        auto between = chain.ancestry(last_estimate.hash, last_ghost.hash);
        const size_t offset = last_ghost.number - primary.number - 1;
        if (between && offset < between->size() && (*between)[offset] == primary.hash) {
          find_descendant_of = primary.hash;
        }
      }
    }
    return chain.best_chain_containing(find_descendant_of);
  }

  void step_best(const RoundState& last, const ChainAccess& chain, uint64_t now_ms) {
    VotingRound& round = *best;
    if (round.step == Step::kStart && round.active && local_index == round.votes.primary_index() &&
        last.estimate && (!last.finalized || last.estimate->number > last.finalized->number)) {
      cast(round, PrimaryPropose{last.estimate->hash, last.estimate->number}, chain);
      round.step = Step::kProposed;
    }

    if (round.step == Step::kStart || round.step == Step::kProposed) {
      std::optional<BlockRef> target;
      bool target_known = false;
      if (round.active && decisive()) {
        target = prevote_target(round, last, chain);
        target_known = true;
        round.fast_track = target && target->number > last_finalized.number;
      }
      const bool should_prevote =
          now_ms >= round.prevote_at_ms || round.votes.completable() || round.fast_track;
      if (should_prevote) {
        if (round.active) {
          if (!target_known) target = prevote_target(round, last, chain);
          if (!target) {
            // The block we build on disappeared: sit this round out (voting_round.rs).
            round.step = Step::kDone;
            round.active = false;
            return;
          }
          cast(round, Prevote{target->hash, target->number}, chain);
        }
        round.step = Step::kPrevoted;
      }
    }

    if (round.step == Step::kPrevoted) {
      const auto& ghost = round.votes.prevote_ghost();
      // Wait until the prevote-GHOST is on the previous estimate's chain.
      const bool ghost_ok = ghost && last.estimate &&
                            (*ghost == *last.estimate ||
                             is_equal_or_descendant_of(chain, last.estimate->hash, ghost->hash));
      const bool time_ok =
          now_ms >= round.precommit_at_ms || round.votes.completable() || round.fast_track;
      if (ghost_ok && time_ok) {
        if (round.active) {
          const BlockRef target = ghost.value_or(round.votes.base());
          cast(round, Precommit{target.hash, target.number}, chain);
        }
        round.step = Step::kPrecommitted;
      }
    }
  }

  // voting_round.rs `poll` → Ready, plus voter/mod.rs "precommitted": the next round may start.
  bool best_round_done(const RoundState& last) const {
    const VotingRound& round = *best;
    if (!round.votes.completable() || round.step != Step::kPrecommitted) return false;
    if (!last.estimate || !last.finalized) return false;
    if (last.estimate->number <= last.finalized->number) return true;
    const auto& finalized = round.votes.finalized();
    return finalized && last.estimate->number <= finalized->number;
  }

  void start_next_round(const ChainAccess& chain, uint64_t now_ms) {
    auto next = make_round(best->votes.number() + 1, last_finalized_in_rounds, now_ms);
    previous_state = best->votes.state();
    past.push_back(std::move(best));
    best = std::move(next);
    replay_future_votes(chain);
  }

  // --- finality --------------------------------------------------------------------------

  // voting_round.rs `notify`: a completable round reports its finalized block once we
  // precommitted in it (or could not vote in it at all).
  void notify(VotingRound& round, const ChainAccess& chain) {
    const auto& finalized = round.votes.finalized();
    if (!round.votes.completable() || !finalized) return;
    if (round.step != Step::kPrecommitted && round.has_last_round_state) return;
    if (round.notified_finalized == finalized) return;
    round.notified_finalized = finalized;

    Commit commit{finalized->hash, finalized->number, round.votes.finalizing_precommits(chain)};
    if (finalized->number > last_finalized_in_rounds.number) last_finalized_in_rounds = *finalized;
    // Only a commit that moves finality forward is worth gossiping: idle rounds re-finalize the
    // same block every few seconds, and peers discard commits at or below their finalized height
    // (sc-consensus-grandpa communication/gossip.rs `validate_commit_message`).
    if (round.active && round.step == Step::kPrecommitted &&
        finalized->number > last_finalized.number) {
      out.push_back(BroadcastCommit{round.votes.number(), set_id, to_compact(commit)});
    }
    finalize(*finalized, round.votes.number(), commit, chain);
  }

  void finalize(const BlockRef& block, RoundNumber round, const Commit& commit,
                const ChainAccess& chain) {
    if (block.number <= last_finalized.number) return;
    last_finalized = block;
    Bytes justification;
    auto made = make_justification(round, commit,
                                   [&chain](const BlockHash& hash) { return chain.header(hash); });
    if (made) justification = scale::encode(*made);
    out.push_back(Finalized{block, round, commit, std::move(justification)});
  }

  // --- driving ---------------------------------------------------------------------------

  void prune_past_rounds() {
    const RoundNumber previous = best->votes.number() - 1;
    std::erase_if(past, [&](const std::unique_ptr<VotingRound>& round) {
      if (round->votes.number() == previous) return false;
      const auto& estimate = round->votes.estimate();
      return !estimate || estimate->number <= last_finalized.number;
    });
    while (past.size() > kMaxPastRounds) past.erase(past.begin());
  }

  void drive(const ChainAccess& chain, uint64_t now_ms) {
    if (!resumed.empty()) {
      std::vector<SignedMessage> votes = std::move(resumed);
      resumed.clear();
      for (const SignedMessage& vote : votes) {
        out.push_back(BroadcastVote{best->votes.number(), set_id, vote});
        import_vote(*best, vote, chain);
      }
    }
    for (int rounds = 0; rounds < kMaxRoundsPerCall; ++rounds) {
      retry_pending(*best, chain);
      for (auto& round : past) retry_pending(*round, chain);
      const RoundState last = last_round_state();
      step_best(last, chain, now_ms);
      notify(*best, chain);
      if (!best_round_done(last)) break;
      start_next_round(chain, now_ms);
    }
    prune_past_rounds();
    std::optional<uint64_t> wake;
    if (best->step == Step::kStart || best->step == Step::kProposed) {
      wake = best->prevote_at_ms;
    } else if (best->step == Step::kPrevoted) {
      wake = best->precommit_at_ms;
    }
    if (wake && *wake > now_ms) out.push_back(Wake{*wake});
  }

  std::vector<VoterEvent> take_events() {
    std::vector<VoterEvent> events = std::move(out);
    out.clear();
    return events;
  }

  RoundStateReport round_report(const Round& round) const {
    RoundStateReport report;
    report.round = round.number();
    report.total_weight = voters->total_weight();
    report.threshold_weight = voters->threshold();
    report.prevote_current_weight = round.prevote_weight();
    report.precommit_current_weight = round.precommit_weight();
    for (size_t voter = 0; voter < voters->size(); ++voter) {
      if (!round.has_voted(voter, Phase::kPrevote))
        report.prevote_missing.push_back(voters->id(voter));
      if (!round.has_voted(voter, Phase::kPrecommit)) {
        report.precommit_missing.push_back(voters->id(voter));
      }
    }
    return report;
  }
};

Voter::Voter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Voter::Voter(Voter&&) noexcept = default;
Voter& Voter::operator=(Voter&&) noexcept = default;
Voter::~Voter() = default;

Result<Voter, GrandpaError> Voter::create(const VoterConfig& config, uint64_t now_ms) {
  auto voters = VoterSet::from_authorities(config.authorities);
  if (!voters) return unexpected(voters.error());
  auto impl = std::make_unique<Impl>();
  impl->set_id = config.set_id;
  impl->voters = std::make_shared<const VoterSet>(std::move(*voters));
  impl->key = config.local_key;
  if (config.local_key) impl->local_index = impl->voters->index_of(config.local_key->public_key);
  impl->gossip_ms = config.gossip_duration_ms;
  impl->previous_state = RoundState::genesis(config.base);
  impl->last_finalized_in_rounds = config.base;
  impl->last_finalized = config.base;
  impl->best = impl->make_round(config.last_completed_round + 1, config.base, now_ms);
  // Resumed votes decide how far our part in the round went (voting_round.rs restores HasVoted).
  for (const SignedMessage& vote : config.resume_votes) {
    if (!impl->key || vote.id != impl->key->public_key) continue;
    impl->resumed.push_back(vote);
    Step& step = impl->best->step;
    if (std::holds_alternative<Precommit>(vote.message)) {
      step = Step::kPrecommitted;
    } else if (std::holds_alternative<Prevote>(vote.message)) {
      step = std::max(step, Step::kPrevoted);
    } else {
      step = std::max(step, Step::kProposed);
    }
  }
  return Voter(std::move(impl));
}

std::vector<VoterEvent> Voter::poll(const ChainAccess& chain, uint64_t now_ms) {
  impl_->drive(chain, now_ms);
  return impl_->take_events();
}

std::vector<VoterEvent> Voter::on_vote(const ChainAccess& chain, uint64_t now_ms,
                                       const VoteMessage& vote) {
  Impl& self = *impl_;
  if (vote.set_id != self.set_id || !self.voters->contains(vote.message.id)) return {};
  if (!verify_message(vote.message, vote.round, self.set_id)) return {};
  VotingRound* round = self.find_round(vote.round);
  if (round == nullptr) {
    const RoundNumber best = self.best->votes.number();
    if (vote.round > best && vote.round <= best + kFutureRoundWindow) {
      auto& buffered = self.future_votes[vote.round];
      if (buffered.size() < max_pending_votes(*self.voters) &&
          std::find(buffered.begin(), buffered.end(), vote.message) == buffered.end()) {
        buffered.push_back(vote.message);
      }
    }
    return {};
  }
  self.import_vote(*round, vote.message, chain);
  self.notify(*round, chain);
  self.drive(chain, now_ms);
  return self.take_events();
}

std::vector<VoterEvent> Voter::on_commit(const ChainAccess& chain, uint64_t now_ms,
                                         const CommitMessage& message) {
  Impl& self = *impl_;
  if (message.set_id != self.set_id) return {};
  auto commit = from_compact(message.message);
  if (!commit || !verify_commit_signatures(*commit, message.round, self.set_id)) return {};
  if (!validate_commit(*commit, self.voters, chain)) return {};

  VotingRound* round = nullptr;
  for (auto& past_round : self.past) {
    if (past_round->votes.number() == message.round) round = past_round.get();
  }
  if (round != nullptr) {
    // A background round takes the commit's precommits as votes, so its own finality (and any
    // commit we send for it) agrees with the network (past_rounds.rs `import_commit`).
    const auto& finalized = round->votes.finalized();
    if (!finalized || commit->target_number >= finalized->number) {
      for (const SignedPrecommit& precommit : commit->precommits) {
        self.report(round->votes.import_precommit(chain, precommit.precommit, precommit.id,
                                                  precommit.signature));
      }
      self.notify(*round, chain);
    }
  } else {
    self.finalize(commit->target(), message.round, *commit, chain);
  }
  self.drive(chain, now_ms);
  return self.take_events();
}

std::vector<VoterEvent> Voter::on_catch_up(const ChainAccess& chain, uint64_t now_ms,
                                           const CatchUpMessage& catch_up) {
  Impl& self = *impl_;
  if (catch_up.set_id != self.set_id || catch_up.round <= self.best->votes.number()) return {};

  // Every vote from a voter and correctly signed, and threshold weight in both phases.
  const VoterSet& voters = *self.voters;
  VoterBits prevoted(voters.size());
  VoterBits precommitted(voters.size());
  AuthorityWeight prevote_weight = 0;
  AuthorityWeight precommit_weight = 0;
  for (const SignedPrevote& vote : catch_up.prevotes) {
    auto index = voters.index_of(vote.id);
    if (!index ||
        !verify_signature(vote.prevote, vote.signature, vote.id, catch_up.round, self.set_id)) {
      return {};
    }
    if (!prevoted.test(*index)) prevote_weight += voters.weight(*index);
    prevoted.set(*index);
  }
  for (const SignedPrecommit& vote : catch_up.precommits) {
    auto index = voters.index_of(vote.id);
    if (!index ||
        !verify_signature(vote.precommit, vote.signature, vote.id, catch_up.round, self.set_id)) {
      return {};
    }
    if (!precommitted.test(*index)) precommit_weight += voters.weight(*index);
    precommitted.set(*index);
  }
  if (prevote_weight < voters.threshold() || precommit_weight < voters.threshold()) return {};

  auto caught_up =
      self.make_round(catch_up.round, {catch_up.base_hash, catch_up.base_number}, now_ms);
  caught_up->active = false;
  caught_up->has_last_round_state = false;
  caught_up->step = Step::kDone;
  for (const SignedPrevote& vote : catch_up.prevotes) {
    if (caught_up->votes.import_prevote(chain, vote.prevote, vote.id, vote.signature)
            .not_descendant) {
      return {};
    }
  }
  for (const SignedPrecommit& vote : catch_up.precommits) {
    if (caught_up->votes.import_precommit(chain, vote.precommit, vote.id, vote.signature)
            .not_descendant) {
      return {};
    }
  }
  if (!caught_up->votes.completable()) return {};

  // The next round is based on what rounds finalized before the catch-up (voter/mod.rs).
  auto next = self.make_round(catch_up.round + 1, self.last_finalized_in_rounds, now_ms);
  if (const auto& finalized = caught_up->votes.finalized();
      finalized && finalized->number > self.last_finalized_in_rounds.number) {
    self.last_finalized_in_rounds = *finalized;
  }
  self.best->step = Step::kDone;
  self.best->active = false;
  self.previous_state = caught_up->votes.state();
  self.past.push_back(std::move(self.best));
  self.past.push_back(std::move(caught_up));
  self.best = std::move(next);
  self.notify(*self.past.back(), chain);
  self.replay_future_votes(chain);
  self.drive(chain, now_ms);
  return self.take_events();
}

std::optional<CatchUpMessage> Voter::catch_up_response(const CatchUpRequest& request) const {
  const Impl& self = *impl_;
  if (request.set_id != self.set_id) return std::nullopt;
  for (auto it = self.past.rbegin(); it != self.past.rend(); ++it) {
    const Round& round = (*it)->votes;
    if (round.number() < request.round) break;
    if (!round.completable()) continue;
    return CatchUpMessage{self.set_id,        round.number(),    round.prevotes(),
                          round.precommits(), round.base().hash, round.base().number};
  }
  return std::nullopt;
}

NeighborPacket Voter::neighbor_packet() const {
  return {impl_->best->votes.number(), impl_->set_id, impl_->last_finalized.number};
}

VoterStateReport Voter::report() const {
  VoterStateReport report;
  report.set_id = impl_->set_id;
  report.best = impl_->round_report(impl_->best->votes);
  for (const auto& round : impl_->past)
    report.background.push_back(impl_->round_report(round->votes));
  return report;
}

SetId Voter::set_id() const {
  return impl_->set_id;
}

RoundNumber Voter::best_round_number() const {
  return impl_->best->votes.number();
}

BlockRef Voter::last_finalized() const {
  return impl_->last_finalized;
}

const VoterSet& Voter::voters() const {
  return *impl_->voters;
}

}  // namespace canary::consensus::grandpa
