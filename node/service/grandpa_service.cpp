#include "node/service/grandpa_service.hpp"

#include <utility>

#include "blockchain/block_state.hpp"
#include "consensus/grandpa/justification.hpp"
#include "node/service/log.hpp"
#include "primitives/block/digest.hpp"
#include "primitives/block/signed_block.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {
namespace {

namespace grandpa = consensus::grandpa;

const char* kAuthoritySetKey = "grandpa:authority_set";
const char* kVoterKey = "grandpa:voter";  // (set id u64, last completed round u64)

struct VoterRecord {
  uint64_t set_id = 0;
  uint64_t round = 0;
  CANARY_SCALE_FIELDS(set_id, round)
};

grandpa::BlockRef to_grandpa(const blockchain::BlockRef& b) {
  return grandpa::BlockRef{b.hash, b.number};
}

}  // namespace

Result<std::unique_ptr<GrandpaService>, std::string> GrandpaService::open(
    blockchain::Chain& chain, blockchain::RuntimeHost& host,
    std::optional<crypto::ed25519::Keypair> key, uint64_t now_ms) {
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
    if (!made)
      return unexpected(std::string("the genesis GRANDPA authorities: ") +
                        grandpa::to_string(made.error()));
    tracker = std::move(*made);
  }
  std::unique_ptr<GrandpaService> service(
      new GrandpaService(chain, std::move(key), std::move(*tracker)));
  grandpa::RoundNumber last_completed = 0;
  auto record = chain.database().aux(to_bytes(kVoterKey));
  if (record && *record) {
    auto decoded = scale::decode<VoterRecord>(**record);
    if (decoded && decoded->set_id == service->tracker_.set_id()) last_completed = decoded->round;
  }
  {
    std::lock_guard lock(service->mutex_);
    auto started = service->start_voter(to_grandpa(chain.finalized()), last_completed, now_ms);
    if (!started) return unexpected(std::move(started).error());
    service->persist();
  }
  chain.add_observer(service.get());
  return service;
}

GrandpaService::~GrandpaService() {
  chain_.remove_observer(this);
}

Result<void, std::string> GrandpaService::start_voter(const grandpa::BlockRef& base,
                                                      grandpa::RoundNumber last_completed,
                                                      uint64_t now_ms) {
  grandpa::VoterConfig config;
  config.set_id = tracker_.set_id();
  config.authorities = tracker_.current_authorities();
  config.local_key = key_;
  config.base = base;
  config.last_completed_round = last_completed;
  auto voter = grandpa::Voter::create(config, now_ms);
  if (!voter)
    return unexpected(std::string("starting the GRANDPA voter: ") +
                      grandpa::to_string(voter.error()));
  voter_.emplace(std::move(*voter));
  wake_at_ = now_ms;
  log::info("grandpa", "👴 GRANDPA voter for set {} ({} authorities) from #{}, round {}",
            config.set_id, config.authorities.size(), base.number, last_completed + 1);
  return {};
}

void GrandpaService::on_block_imported(const blockchain::ImportNotice& notice) {
  std::lock_guard lock(imported_mutex_);
  imported_.push_back(notice);
}

grandpa::IsDescendant GrandpaService::is_descendant() const {
  return [this](const grandpa::BlockHash& ancestor, const grandpa::BlockHash& descendant) {
    auto d = chain_.is_descendant(ancestor, descendant);
    return d && *d;
  };
}

uint64_t GrandpaService::poll(uint64_t now_ms) {
  std::lock_guard lock(mutex_);
  apply_imports(now_ms);
  if (voter_) handle(voter_->poll(*this, now_ms), now_ms);
  return wake_at_ > now_ms ? wake_at_ : now_ms + 1000;
}

void GrandpaService::apply_imports(uint64_t now_ms) {
  std::deque<blockchain::ImportNotice> imported;
  {
    std::lock_guard lock(imported_mutex_);
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
}

Result<bool, std::string> GrandpaService::import_justification(const blockchain::BlockRef& block,
                                                               ByteSpan justification,
                                                               uint64_t now_ms) {
  std::lock_guard lock(mutex_);
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
  auto done = finalize(grandpa::Finalized{to_grandpa(block), verified->round, verified->commit,
                                          Bytes(justification.begin(), justification.end())},
                       now_ms);
  if (!done) return unexpected(std::move(done).error());
  return true;
}

void GrandpaService::handle(std::vector<grandpa::VoterEvent> events, uint64_t now_ms) {
  for (grandpa::VoterEvent& event : events) {
    if (auto* wake = std::get_if<grandpa::Wake>(&event)) {
      wake_at_ = wake->at_ms;
    } else if (auto* finalized = std::get_if<grandpa::Finalized>(&event)) {
      if (auto done = finalize(*finalized, now_ms); !done)
        log::error("grandpa", "{}", done.error());
    } else if (auto* equivocation = std::get_if<grandpa::EquivocationDetected>(&event)) {
      log::warn("grandpa", "Equivocation detected in set {}", equivocation->set_id);
    }
    // BroadcastVote / BroadcastCommit: gossip, once the node has a network.
  }
}

Result<void, std::string> GrandpaService::finalize(const grandpa::Finalized& f, uint64_t now_ms) {
  const blockchain::BlockRef previous = chain_.finalized();
  if (f.block.number <= previous.number) return {};
  auto route = chain_.tree_route(previous.hash, f.block.hash);
  if (!route || !route->retracted.empty()) {
    return unexpected("finalized block #" + std::to_string(f.block.number) + " (" +
                      to_hex(f.block.hash) + ") does not descend from our finalized block");
  }
  // The block's Justifications (sp-runtime): [(engine id, justification)].
  const block::Justifications justifications{{block::kGrandpaEngineId, f.justification}};
  auto done = chain_.finalize(f.block.hash, scale::encode(justifications));
  if (!done) {
    return unexpected("finalizing #" + std::to_string(f.block.number) + ": " +
                      done.error().message());
  }
  log::info("grandpa", "✅ Finalized #{} ({}), round {}", f.block.number,
            log::short_hash(f.block.hash), f.round);
  std::optional<grandpa::FinalityOutcome::NewAuthoritySet> new_set;
  for (const blockchain::BlockRef& b : route->enacted) {
    auto outcome = tracker_.on_block_finalized(to_grandpa(b), is_descendant());
    if (!outcome) {
      log::error("grandpa", "Authority set tracking at #{}: {}", b.number,
                 grandpa::to_string(outcome.error()));
      continue;
    }
    if (outcome->new_set) new_set = outcome->new_set;
  }
  if (new_set) {
    log::info("grandpa", "👴 Applying authority set change scheduled at #{} (set {})",
              new_set->enacted_at.number, new_set->set_id);
    if (auto started = start_voter(new_set->enacted_at, 0, now_ms); !started) {
      log::error("grandpa", "{}", started.error());
    }
  }
  persist();
  return {};
}

void GrandpaService::persist() {
  VoterRecord record{tracker_.set_id(), voter_ ? voter_->best_round_number() : 0};
  auto written =
      chain_.database().write_aux({state::AuxWrite{to_bytes(kAuthoritySetKey), tracker_.encode()},
                                   state::AuxWrite{to_bytes(kVoterKey), scale::encode(record)}});
  if (!written) log::error("grandpa", "Saving the GRANDPA state: {}", written.error().message());
}

grandpa::VoterStateReport GrandpaService::round_state() const {
  std::lock_guard lock(mutex_);
  if (!voter_) return {};
  return voter_->report();
}

grandpa::SetId GrandpaService::set_id() const {
  std::lock_guard lock(mutex_);
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
