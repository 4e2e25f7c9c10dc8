#include "node/service/grandpa_service.hpp"

#include <algorithm>
#include <utility>

#include "blockchain/block_state.hpp"
#include "consensus/grandpa/justification.hpp"
#include "consensus/grandpa/justification_retention.hpp"
#include "node/service/grandpa_aux_keys.hpp"
#include "node/service/log.hpp"
#include "primitives/block/digest.hpp"
#include "primitives/block/signed_block.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {
namespace {

namespace grandpa = consensus::grandpa;

const std::string_view kAuthoritySetKey = kGrandpaAuthoritySetKey;
const char* kVoterKey = "grandpa:voter";  // (set id u64, the voter's best round u64)
// Our votes of one round, written before they are sent (sc-consensus-grandpa's HasVoted).
const char* kOwnVotesKey = "grandpa:own_votes";

struct VoterRecord {
  uint64_t set_id = 0;
  uint64_t round = 0;
  CANARY_SCALE_FIELDS(set_id, round)
};

struct OwnVotesRecord {
  uint64_t set_id = 0;
  uint64_t round = 0;
  std::vector<grandpa::SignedMessage> votes;
  CANARY_SCALE_FIELDS(set_id, round, votes)
};

grandpa::BlockRef to_grandpa(const blockchain::BlockRef& b) {
  return grandpa::BlockRef{b.hash, b.number};
}

}  // namespace

Result<std::unique_ptr<GrandpaService>, std::string> GrandpaService::open(
    blockchain::Chain& chain, blockchain::RuntimeHost& host, LocalKeyLookup local_key,
    uint64_t now_ms) {
  auto stored = chain.database().aux(to_bytes(kAuthoritySetKey));
  if (!stored) return unexpected(stored.error().message());
  std::optional<grandpa::AuthoritySetTracker> tracker;
  if (*stored) {
    auto decoded = grandpa::AuthoritySetTracker::decode(**stored);
    if (!decoded)
      return unexpected(std::string("the stored GRANDPA authority set does not decode"));
    tracker = std::move(*decoded);
  } else {
    // The genesis set, from the genesis runtime (GrandpaApi_grandpa_authorities).
    auto genesis = blockchain::BlockState::at(chain, chain.genesis().hash);
    if (!genesis) return unexpected(genesis.error().message());
    auto encoded = genesis->call(host, "GrandpaApi_grandpa_authorities", {});
    if (!encoded) return unexpected(encoded.error().message());
    auto authorities = scale::decode<grandpa::AuthorityList>(*encoded);
    if (!authorities) return unexpected(std::string("GrandpaApi_grandpa_authorities: undecodable"));
    auto made = grandpa::AuthoritySetTracker::genesis(*authorities);
    if (!made) {
      return unexpected(std::string("the genesis GRANDPA authorities: ") +
                        grandpa::to_string(made.error()));
    }
    tracker = std::move(*made);
  }
  std::unique_ptr<GrandpaService> service(
      new GrandpaService(chain, std::move(local_key), std::move(*tracker)));
  // Not shared yet; the lock is taken for the analysis (and costs nothing).
  MutexLock lock(service->mutex_);
  grandpa::GossipConfig gossip;
  gossip.local_role =
      service->local_key_ ? grandpa::PeerRole::kAuthority : grandpa::PeerRole::kFull;
  service->gossip_.emplace(gossip, now_ms);
  // Where the voter was: back into its best round with the votes it cast there, or (a database
  // without vote records) into the round after it, so that it never votes twice in a round.
  grandpa::RoundNumber last_completed = 0;
  std::vector<grandpa::SignedMessage> resume;
  auto record = chain.database().aux(to_bytes(kVoterKey));
  if (record && *record) {
    auto decoded = scale::decode<VoterRecord>(**record);
    if (decoded && decoded->set_id == service->tracker_.set_id()) {
      last_completed = decoded->round;
      auto votes = chain.database().aux(to_bytes(kOwnVotesKey));
      auto own = votes && *votes ? scale::decode<OwnVotesRecord>(**votes)
                                 : Result<OwnVotesRecord, scale::DecodeError>(
                                       unexpected(scale::DecodeError::kNotEnoughData));
      if (own && own->set_id == decoded->set_id && own->round <= decoded->round &&
          decoded->round > 0) {
        last_completed = decoded->round - 1;
        if (own->round == decoded->round) resume = std::move(own->votes);
        service->own_votes_set_ = own->set_id;
        service->own_votes_round_ = own->round;
        service->own_votes_ = resume;
      }
    }
  }
  auto started =
      service->start_voter(to_grandpa(chain.finalized()), last_completed, now_ms, resume);
  if (!started) return unexpected(std::move(started).error());
  service->persist();
  chain.add_observer(service.get());
  return service;
}

GrandpaService::~GrandpaService() {
  chain_.remove_observer(this);
}

Result<void, std::string> GrandpaService::start_voter(
    const grandpa::BlockRef& base, grandpa::RoundNumber last_completed, uint64_t now_ms,
    std::vector<grandpa::SignedMessage> resume_votes) {
  grandpa::VoterConfig config;
  config.set_id = tracker_.set_id();
  config.authorities = tracker_.current_authorities();
  if (local_key_) config.local_key = local_key_(config.authorities);
  config.base = base;
  config.last_completed_round = last_completed;
  config.resume_votes = std::move(resume_votes);
  auto voter = grandpa::Voter::create(config, now_ms);
  if (!voter) {
    return unexpected(std::string("starting the GRANDPA voter: ") +
                      grandpa::to_string(voter.error()));
  }
  voter_.emplace(std::move(*voter));
  wake_at_ = now_ms;
  log::info("grandpa", "👴 GRANDPA voter for set {} ({} authorities) from #{}, round {}",
            config.set_id, config.authorities.size(), base.number, last_completed + 1);
  return {};
}

void GrandpaService::on_block_imported(const blockchain::ImportNotice& notice) {
  MutexLock lock(imported_mutex_);
  imported_.push_back(notice);
}

grandpa::IsDescendant GrandpaService::is_descendant() const {
  return [this](const grandpa::BlockHash& ancestor, const grandpa::BlockHash& descendant) {
    auto d = chain_.is_descendant(ancestor, descendant);
    return d && *d;
  };
}

uint64_t GrandpaService::poll(uint64_t now_ms) {
  MutexLock lock(mutex_);
  apply_imports(now_ms);
  if (voter_) handle(voter_->poll(*this, now_ms), now_ms);
  uint64_t wake = wake_at_ > now_ms ? wake_at_ : now_ms + 1000;
  if (gossip_) {
    if (now_ms >= gossip_->next_tick_ms()) perform(gossip_->tick(now_ms));
    wake = std::min(wake, std::max(gossip_->next_tick_ms(), now_ms + 1));
  }
  return wake;
}

void GrandpaService::set_gossip_sink(GrandpaGossipSink* sink) {
  MutexLock lock(mutex_);
  sink_ = sink;
}

void GrandpaService::on_gossip_peer_connected(const grandpa::PeerKey& peer, grandpa::PeerRole role,
                                              uint64_t now_ms) {
  MutexLock lock(mutex_);
  if (!gossip_) return;
  sync_gossip_view(now_ms);
  perform(gossip_->add_peer(peer, role, now_ms));
}

void GrandpaService::on_gossip_peer_disconnected(const grandpa::PeerKey& peer) {
  MutexLock lock(mutex_);
  if (gossip_) gossip_->remove_peer(peer);
}

void GrandpaService::on_gossip_message(const grandpa::PeerKey& peer, ByteSpan message,
                                       uint64_t now_ms) {
  MutexLock lock(mutex_);
  if (!gossip_ || !voter_) return;
  apply_imports(now_ms);
  sync_gossip_view(now_ms);
  grandpa::ValidationResult result = gossip_->validate(
      peer, message, now_ms, [this](const grandpa::CatchUpRequest& request) REQUIRES(mutex_) {
        return voter_ ? voter_->catch_up_response(request) : std::nullopt;
      });
  perform(result.actions);
  if (sink_ != nullptr) {
    for (const grandpa::PeerKey& to : result.forward_to) {
      sink_->send(to, Bytes(message.begin(), message.end()));
    }
    if (result.reply) sink_->send(peer, *result.reply);
  }
  if (!result.deliver) return;
  if (auto* vote = std::get_if<grandpa::VoteMessage>(&*result.deliver)) {
    handle(voter_->on_vote(*this, now_ms, *vote), now_ms);
  } else if (auto* commit = std::get_if<grandpa::CommitMessage>(&*result.deliver)) {
    handle(voter_->on_commit(*this, now_ms, *commit), now_ms, commit);
  } else if (auto* catch_up = std::get_if<grandpa::CatchUpMessage>(&*result.deliver)) {
    handle(voter_->on_catch_up(*this, now_ms, *catch_up), now_ms);
    if (gossip_) gossip_->note_catch_up_processed();
  }
}

void GrandpaService::sync_gossip_view(uint64_t now_ms) {
  if (!gossip_ || !voter_) return;
  if (gossip_set_ != voter_->set_id()) {
    auto noted = gossip_->note_set(voter_->set_id(), tracker_.current_authorities(), now_ms);
    if (!noted) {
      log::error("grandpa", "Gossip for set {}: {}", voter_->set_id(),
                 grandpa::to_string(noted.error()));
      return;
    }
    gossip_set_ = voter_->set_id();
    gossip_round_ = 0;
    perform(*noted);
  }
  if (voter_->best_round_number() != gossip_round_) {
    gossip_round_ = voter_->best_round_number();
    perform(gossip_->note_round(gossip_round_, now_ms));
  }
}

void GrandpaService::perform(const grandpa::GossipActions& actions) {
  if (sink_ == nullptr) return;
  for (const grandpa::OutgoingMessage& out : actions.send) {
    for (const grandpa::PeerKey& to : out.to) sink_->send(to, out.bytes);
  }
  for (const grandpa::PeerReport& report : actions.reports)
    sink_->report(report.peer, report.change);
}

void GrandpaService::apply_imports(uint64_t now_ms) {
  std::deque<blockchain::ImportNotice> imported;
  {
    MutexLock lock(imported_mutex_);
    imported.swap(imported_);
  }
  bool changed = false;
  for (const blockchain::ImportNotice& n : imported) {
    auto outcome =
        tracker_.on_block_imported(to_grandpa(n.block), n.header.digest, is_descendant());
    if (!outcome) {
      log::warn("grandpa", "Block #{} ({}): authority set change refused: {}", n.block.number,
                log::short_hash(n.block.hash), grandpa::to_string(outcome.error()));
      continue;
    }
    changed = true;
    if (outcome->forced_change) {
      log::info("grandpa", "👴 Applying forced authority set change to set {}",
                outcome->forced_change->new_set_id);
      if (auto started = start_voter(to_grandpa(chain_.finalized()), 0, now_ms); !started) {
        log::error("grandpa", "{}", started.error());
      }
    }
  }
  if (changed) persist();
  if (awaiting_import_ && awaiting_import_->block.number <= chain_.finalized().number) {
    awaiting_import_.reset();  // finalized meanwhile, by a justification or another commit
  } else if (awaiting_import_ && imported_all(*awaiting_import_)) {
    grandpa::Finalized waiting = std::move(*awaiting_import_);
    awaiting_import_.reset();
    // The voter could not prove it without the headers the precommits point at: now it can.
    auto made = grandpa::make_justification(waiting.round, waiting.commit,
                                            [this](const grandpa::BlockHash& hash)
                                                REQUIRES(mutex_) { return header(hash); });
    if (!made) {
      log::error("grandpa", "No justification for #{} ({}): {}", waiting.block.number,
                 log::short_hash(waiting.block.hash), grandpa::to_string(made.error()));
      return;
    }
    waiting.justification = scale::encode(*made);
    if (auto done = finalize(waiting, JustificationOrigin::kMadeFromCommit, now_ms); !done)
      log::error("grandpa", "{}", done.error());
  }
}

bool GrandpaService::imported_all(const grandpa::Finalized& f) const {
  if (!chain_.contains(f.block.hash)) return false;
  return std::ranges::all_of(f.commit.precommits, [this](const grandpa::SignedPrecommit& vote) {
    return chain_.contains(vote.precommit.target_hash);
  });
}

Result<bool, std::string> GrandpaService::import_justification(const blockchain::BlockRef& block,
                                                               ByteSpan justification,
                                                               uint64_t now_ms) {
  MutexLock lock(mutex_);
  apply_imports(now_ms);
  if (block.number <= chain_.finalized().number) return false;
  auto voters = tracker_.voter_set();
  if (!voters) return unexpected(std::string(grandpa::to_string(voters.error())));
  auto verified = grandpa::decode_and_verify_justification(justification, to_grandpa(block),
                                                           tracker_.set_id(), *voters);
  if (!verified) {
    return unexpected("GRANDPA justification of #" + std::to_string(block.number) + " (set " +
                      std::to_string(tracker_.set_id()) +
                      "): " + grandpa::to_string(verified.error()));
  }
  const grandpa::SetId set = tracker_.set_id();
  CANARY_TRY(finalize(grandpa::Finalized{to_grandpa(block), verified->round, verified->commit,
                                         Bytes(justification.begin(), justification.end())},
                      JustificationOrigin::kReceived, now_ms));
  if (gossip_) {
    perform(gossip_->note_commit_finalized(verified->round, set, block.number, now_ms));
  }
  return true;
}

void GrandpaService::handle(std::vector<grandpa::VoterEvent> events, uint64_t now_ms,
                            const grandpa::CommitMessage* delivered_commit) {
  // The validator must know the voter's round before it sees the round's votes.
  sync_gossip_view(now_ms);
  for (grandpa::VoterEvent& event : events) {
    if (auto* wake = std::get_if<grandpa::Wake>(&event)) {
      wake_at_ = wake->at_ms;
    } else if (auto* finalized = std::get_if<grandpa::Finalized>(&event)) {
      const grandpa::SetId set = tracker_.set_id();
      if (auto done = finalize(*finalized, JustificationOrigin::kMadeFromCommit, now_ms); !done) {
        log::error("grandpa", "{}", done.error());
        continue;
      }
      if (!gossip_) continue;
      perform(
          gossip_->note_commit_finalized(finalized->round, set, finalized->block.number, now_ms));
      if (delivered_commit != nullptr && delivered_commit->round == finalized->round) {
        perform(gossip_->commit_imported(*delivered_commit, now_ms));
      }
    } else if (auto* equivocation = std::get_if<grandpa::EquivocationDetected>(&event)) {
      log::warn("grandpa", "Equivocation detected in set {}, round {}", equivocation->set_id,
                equivocation->equivocation.round);
      if (equivocation_listener_) {
        equivocation_listener_(equivocation->set_id, equivocation->equivocation);
      }
    } else if (auto* vote = std::get_if<grandpa::BroadcastVote>(&event)) {
      record_own_vote(*vote);
      if (gossip_) perform(gossip_->broadcast_vote(*vote));
    } else if (auto* commit = std::get_if<grandpa::BroadcastCommit>(&event)) {
      if (gossip_) perform(gossip_->broadcast_commit(*commit, now_ms));
    }
  }
  // Finality may have started the next set's voter.
  sync_gossip_view(now_ms);
}

Result<void, std::string> GrandpaService::finalize(const grandpa::Finalized& f,
                                                   JustificationOrigin origin, uint64_t now_ms) {
  const blockchain::BlockRef previous = chain_.finalized();
  if (f.block.number <= previous.number) return {};
  if (!imported_all(f)) {
    // A commit (or catch-up) can come before its blocks: a node that rejoins hears the round of
    // the network's head before it has synced that far. As sc-consensus-grandpa's until_imported
    // queue, it waits for the imports (apply_imports) instead of being refused; the highest
    // waiting one is kept (finalizing it finalizes what is below).
    if (!awaiting_import_ || awaiting_import_->block.number < f.block.number) {
      log::debug("grandpa", "Finality of #{} ({}) waits for the block's import", f.block.number,
                 log::short_hash(f.block.hash));
      awaiting_import_ = f;
    }
    return {};
  }
  auto route = chain_.tree_route(previous.hash, f.block.hash);
  if (!route || !route->retracted.empty()) {
    return unexpected("finalized block #" + std::to_string(f.block.number) + " (" +
                      to_hex(f.block.hash) + ") does not descend from our finalized block");
  }
  // The authority set after this finality comes first: whether the block enacts a change decides
  // whether its justification is stored. The tracker takes it once the chain has the finality.
  grandpa::AuthoritySetTracker next = tracker_;
  std::optional<grandpa::FinalityOutcome::NewAuthoritySet> new_set;
  for (const blockchain::BlockRef& b : route->enacted) {
    auto outcome = next.on_block_finalized(to_grandpa(b), is_descendant());
    if (!outcome) {
      log::error("grandpa", "Authority set tracking at #{}: {}", b.number,
                 grandpa::to_string(outcome.error()));
      continue;
    }
    if (outcome->new_set) new_set = outcome->new_set;
  }
  const bool keep =
      !f.justification.empty() &&
      (origin == JustificationOrigin::kReceived ||
       grandpa::keeps_commit_justification(previous.number, f.block.number, new_set.has_value()));
  std::optional<Bytes> stored;
  if (keep) {
    // The block's Justifications (sp-runtime): [(engine id, justification)].
    stored = scale::encode(block::Justifications{{block::kGrandpaEngineId, f.justification}});
  }
  auto done = chain_.finalize(f.block.hash, stored);
  if (!done) {
    return unexpected("finalizing #" + std::to_string(f.block.number) + ": " +
                      done.error().message());
  }
  tracker_ = std::move(next);
  log::info("grandpa", "✅ Finalized #{} ({}), round {}", f.block.number,
            log::short_hash(f.block.hash), f.round);
  if (justification_listener_ && !f.justification.empty()) justification_listener_(f.justification);
  if (new_set) {
    log::info("grandpa", "👴 Applying authority set change scheduled at #{} (set {})",
              new_set->enacted_at.number, new_set->set_id);
    // Honest voters never vote past the block that enacts a change, so it is the block finalized
    // here and its justification was stored above; the warp sync proof needs it.
    if (new_set->enacted_at.hash != f.block.hash) {
      log::warn("grandpa", "Finalized #{} past the set change at #{}, which keeps no justification",
                f.block.number, new_set->enacted_at.number);
    }
    if (auto started = start_voter(new_set->enacted_at, 0, now_ms); !started) {
      log::error("grandpa", "{}", started.error());
    }
  }
  // In one write with the tracker: a warp sync proof pairs its set changes with this justification
  // (the newest one, stored with its block or not).
  persist(f.justification.empty() ? std::nullopt : std::optional<Bytes>(f.justification));
  return {};
}

void GrandpaService::record_own_vote(const grandpa::BroadcastVote& vote) {
  if (vote.set_id != own_votes_set_ || vote.round != own_votes_round_) {
    own_votes_set_ = vote.set_id;
    own_votes_round_ = vote.round;
    own_votes_.clear();
  }
  if (std::find(own_votes_.begin(), own_votes_.end(), vote.message) != own_votes_.end()) return;
  own_votes_.push_back(vote.message);
  // Stored before the vote leaves (and with the voter's round), so that a restart can never cast
  // a different vote in this round.
  const OwnVotesRecord record{vote.set_id, vote.round, own_votes_};
  const VoterRecord voter{vote.set_id, vote.round};
  auto written =
      chain_.database().write_aux({state::AuxWrite{to_bytes(kOwnVotesKey), scale::encode(record)},
                                   state::AuxWrite{to_bytes(kVoterKey), scale::encode(voter)}});
  if (!written) log::error("grandpa", "Saving our GRANDPA votes: {}", written.error().message());
}

void GrandpaService::persist(std::optional<Bytes> best_justification) {
  VoterRecord record{tracker_.set_id(), voter_ ? voter_->best_round_number() : 0};
  std::vector<state::AuxWrite> writes{
      state::AuxWrite{to_bytes(kAuthoritySetKey), tracker_.encode()},
      state::AuxWrite{to_bytes(kVoterKey), scale::encode(record)}};
  if (best_justification) {
    writes.push_back(
        state::AuxWrite{to_bytes(kGrandpaBestJustificationKey), std::move(best_justification)});
  }
  auto written = chain_.database().write_aux(writes);
  if (!written) log::error("grandpa", "Saving the GRANDPA state: {}", written.error().message());
}

grandpa::VoterStateReport GrandpaService::round_state() const {
  MutexLock lock(mutex_);
  if (!voter_) return {};
  return voter_->report();
}

void GrandpaService::set_justification_listener(JustificationListener listener) {
  MutexLock lock(mutex_);
  justification_listener_ = std::move(listener);
}

void GrandpaService::set_equivocation_listener(EquivocationListener listener) {
  MutexLock lock(mutex_);
  equivocation_listener_ = std::move(listener);
}

grandpa::SetId GrandpaService::set_id() const {
  MutexLock lock(mutex_);
  return tracker_.set_id();
}

std::optional<std::vector<grandpa::BlockHash>> GrandpaService::ancestry(
    const grandpa::BlockHash& base, const grandpa::BlockHash& block) const {
  // `block` strictly descends from `base` when the route between them only goes up from `base`.
  auto route = chain_.tree_route(base, block);
  if (!route || !route->retracted.empty() || route->common.hash != base || route->enacted.empty()) {
    return std::nullopt;
  }
  // The enacted blocks, newest first, without `block` itself.
  std::vector<grandpa::BlockHash> out;
  for (auto it = route->enacted.rbegin() + 1; it != route->enacted.rend(); ++it) {
    out.push_back(it->hash);
  }
  return out;
}

std::optional<grandpa::BlockRef> GrandpaService::best_chain_containing(
    const grandpa::BlockHash& base) const {
  auto base_number = chain_.number_of(base);
  if (!base_number) return std::nullopt;
  // The best leaf containing `base` (sc-consensus LongestChain::finality_target).
  grandpa::BlockRef target{base, *base_number};
  for (const blockchain::BlockRef& leaf : chain_.leaves()) {
    auto d = chain_.is_descendant(base, leaf.hash);
    if (d && *d) {
      target = grandpa::BlockRef{leaf.hash, leaf.number};
      break;
    }
  }
  // Never past a pending authority set change (authorities.rs current_limit).
  if (auto limit = tracker_.current_limit(*base_number, is_descendant());
      limit && *limit < target.number) {
    grandpa::BlockHash h = target.hash;
    block::BlockNumber n = target.number;
    while (n > *limit) {
      auto header = chain_.header(h);
      if (!header || !*header) return std::nullopt;
      h = (*header)->parent_hash;
      --n;
    }
    target = grandpa::BlockRef{h, n};
  }
  return target;
}

std::optional<block::Header> GrandpaService::header(const grandpa::BlockHash& hash) const {
  auto h = chain_.header(hash);
  if (!h) return std::nullopt;
  return std::move(*h);
}

}  // namespace canary::node
