#include "parachain/collator_protocol/validator_side.hpp"

#include <algorithm>

namespace canary::parachain::collator_protocol {

const char* to_string(ValidatorSideError error) {
  switch (error) {
    case ValidatorSideError::kUnknownRequest:
      return "no collation fetch in flight with this id";
    case ValidatorSideError::kUnknownCandidate:
      return "no collation handed to backing with this relay parent and candidate hash";
    case ValidatorSideError::kStatementMismatch:
      return "the statement is not a Seconded statement of the candidate";
  }
  return "unknown validator side error";
}

ValidatorSide::ValidatorSide(EvictionPolicy eviction) : eviction_(eviction) {}

std::vector<ValidatorOutput> ValidatorSide::on_peer_connected(const network::PeerId& peer,
                                                              TimePoint now) {
  peers_.try_emplace(peer, Peer{now, std::nullopt, false});
  return {};
}

void ValidatorSide::on_peer_disconnected(const network::PeerId& peer) {
  peers_.erase(peer);
  // As polkadot-sdk's remove_pending_for_peer: a reconnecting peer starts without adverts.
  for (auto& [relay_parent, leaf] : leaves_) {
    std::erase_if(leaf.queue, [&](const Advert& advert) { return advert.peer == peer; });
  }
}

std::vector<ValidatorOutput> ValidatorSide::on_message(
    const network::PeerId& peer, const protocol::CollatorProtocolMessage& message, TimePoint now) {
  if (const auto* declare = std::get_if<protocol::Declare>(&message)) {
    return on_declare(peer, *declare, now);
  }
  if (const auto* advert = std::get_if<protocol::AdvertiseCollation>(&message)) {
    return on_advertisement(peer, *advert, now);
  }
  // CollationSeconded goes from validators to collators only.
  return {Report{peer, kCostUnexpectedMessage}};
}

std::vector<ValidatorOutput> ValidatorSide::on_declare(const network::PeerId& peer,
                                                       const protocol::Declare& declare,
                                                       TimePoint now) {
  std::vector<ValidatorOutput> out;
  // The order of process_incoming_peer_message: a collator key declared by any peer already, an
  // unknown peer, a second Declare, the signature, then whether we need the para.
  if (peer_of(declare.collator_id)) {
    out.emplace_back(Report{peer, kCostUnexpectedMessage});
    return out;
  }
  auto it = peers_.find(peer);
  if (it == peers_.end() || it->second.collating) {
    out.emplace_back(Report{peer, kCostUnexpectedMessage});
    return out;
  }
  if (!protocol::verify_declare(declare, peer.bytes())) {
    out.emplace_back(Report{peer, kCostInvalidSignature});
    return out;
  }
  if (!para_assigned(declare.para_id)) {
    out.emplace_back(Report{peer, kCostUnneededCollator});
    disconnect(peer, out);
    return out;
  }
  it->second.collating = Collating{declare.collator_id, declare.para_id, {}};
  it->second.last_active = now;
  return out;
}

std::vector<ValidatorOutput> ValidatorSide::on_advertisement(
    const network::PeerId& peer, const protocol::AdvertiseCollation& advert, TimePoint now) {
  std::vector<ValidatorOutput> out;
  auto peer_it = peers_.find(peer);
  if (peer_it == peers_.end()) return out;  // AdvertisementError::UnknownPeer costs nothing
  if (!peer_it->second.collating) {
    out.emplace_back(Report{peer, kCostUnexpectedMessage});
    return out;
  }
  Collating& collating = *peer_it->second.collating;
  auto leaf_it = leaves_.find(advert.relay_parent);
  if (leaf_it == leaves_.end() || leaf_it->second.claim_queue.empty()) {
    out.emplace_back(Report{peer, kCostUnexpectedMessage});
    return out;
  }
  Leaf& leaf = leaf_it->second;

  // insert_advertisement: a duplicate, or more adverts than the claim queue is long (polkadot-sdk
  // refuses once the peer already has more than that many, so one more than its length passes).
  std::set<Hash256>& candidates = collating.advertised[advert.relay_parent];
  if (candidates.contains(advert.candidate_hash) || candidates.size() > leaf.claim_queue.size()) {
    out.emplace_back(Report{peer, kCostUnexpectedMessage});
    return out;
  }
  candidates.insert(advert.candidate_hash);
  peer_it->second.last_active = now;

  // is_slot_available: the para must be on our core's claim queue there, and we second one
  // collation per relay parent. Not the collator's fault (the queue may have moved on): no cost.
  if (std::ranges::find(leaf.claim_queue, collating.para_id) == leaf.claim_queue.end() ||
      leaf.status == Status::kSeconded) {
    return out;
  }
  leaf.queue.push_back(Advert{peer, collating.collator, collating.para_id, advert.relay_parent,
                              advert.candidate_hash, advert.parent_head_data_hash});
  fetch_next(advert.relay_parent, now, out);
  return out;
}

std::vector<ValidatorOutput> ValidatorSide::set_assignments(const Hash256& relay_parent,
                                                            std::vector<ParaId> claim_queue) {
  leaves_[relay_parent].claim_queue = std::move(claim_queue);
  std::vector<ValidatorOutput> out;
  disconnect_unneeded(out);
  return out;
}

std::vector<ValidatorOutput> ValidatorSide::remove_leaf(const Hash256& relay_parent) {
  std::vector<ValidatorOutput> out;
  auto it = leaves_.find(relay_parent);
  if (it == leaves_.end()) return out;
  if (it->second.fetch) {
    out.emplace_back(CancelFetch{*it->second.fetch});
    fetches_.erase(*it->second.fetch);
  }
  leaves_.erase(it);
  std::erase_if(seconding_, [&](const auto& entry) { return entry.first.first == relay_parent; });
  for (auto& [peer, state] : peers_) {
    if (state.collating) state.collating->advertised.erase(relay_parent);
  }
  disconnect_unneeded(out);
  return out;
}

Result<std::vector<ValidatorOutput>, ValidatorSideError> ValidatorSide::on_collation_fetched(
    RequestId id, CandidateReceipt receipt, PoV pov, std::optional<HeadData> parent_head_data,
    TimePoint now) {
  auto it = fetches_.find(id);
  if (it == fetches_.end()) return unexpected(ValidatorSideError::kUnknownRequest);
  const Advert advert = it->second.advert;
  std::vector<ValidatorOutput> out;
  const CandidateDescriptor& d = receipt.descriptor;
  const Hash256 hash = candidate_hash(receipt);

  // handle_collation_fetch_response charges a wrong para as such; the sanity checks of
  // kick_off_seconding (relay parent, candidate hash, parent head) as malicious (COST_REPORT_BAD),
  // and so does a PoV that is not the descriptor's, which backing would find invalid.
  if (d.para_id != advert.para_id) {
    out.emplace_back(Report{advert.peer, kCostWrongPara});
    fetch_ended(id, now, out);
    return out;
  }
  const bool parent_head_mismatch =
      parent_head_data && head_data_hash(*parent_head_data) != advert.parent_head_data_hash;
  if (d.relay_parent != advert.relay_parent || hash != advert.candidate_hash ||
      pov_hash(pov) != d.pov_hash || parent_head_mismatch) {
    out.emplace_back(Report{advert.peer, kCostReportBad});
    fetch_ended(id, now, out);
    return out;
  }
  if (seconding_.contains({advert.relay_parent, hash})) {
    fetch_ended(id, now, out);  // SecondingError::Duplicate: no cost
    return out;
  }

  fetches_.erase(it);
  auto leaf_it = leaves_.find(advert.relay_parent);
  if (leaf_it == leaves_.end()) return out;  // remove_leaf drops its fetches: not reached
  leaf_it->second.fetch.reset();
  leaf_it->second.status = Status::kWaitingOnValidation;
  seconding_.emplace(std::pair{advert.relay_parent, hash}, advert);
  out.emplace_back(Second{advert.relay_parent, receipt, std::move(pov), advert.peer});
  return out;
}

Result<std::vector<ValidatorOutput>, ValidatorSideError> ValidatorSide::on_collation_fetched(
    RequestId id, protocol::CollationFetchingResponse response, TimePoint now) {
  if (auto* plain = std::get_if<protocol::CollationResponse>(&response)) {
    return on_collation_fetched(id, plain->receipt, std::move(plain->pov), std::nullopt, now);
  }
  auto& with_parent = std::get<protocol::CollationWithParentHeadData>(response);
  return on_collation_fetched(id, with_parent.receipt, std::move(with_parent.pov),
                              std::move(with_parent.parent_head_data), now);
}

Result<std::vector<ValidatorOutput>, ValidatorSideError> ValidatorSide::on_fetch_failed(
    RequestId id, FetchFailure reason, TimePoint now) {
  auto it = fetches_.find(id);
  if (it == fetches_.end()) return unexpected(ValidatorSideError::kUnknownRequest);
  std::vector<ValidatorOutput> out;
  const network::PeerId peer = it->second.advert.peer;
  switch (reason) {
    case FetchFailure::kNetworkError:
      out.emplace_back(Report{peer, kCostNetworkError});
      break;
    case FetchFailure::kInvalidResponse:
      out.emplace_back(Report{peer, kCostCorruptedMessage});
      break;
    case FetchFailure::kTimeout:
    case FetchFailure::kCancelled:
      break;
  }
  fetch_ended(id, now, out);
  return out;
}

Result<std::vector<ValidatorOutput>, ValidatorSideError> ValidatorSide::on_seconded(
    const Hash256& relay_parent, const Hash256& candidate_hash,
    const protocol::UncheckedSignedFullStatement& statement) {
  auto it = seconding_.find({relay_parent, candidate_hash});
  if (it == seconding_.end()) return unexpected(ValidatorSideError::kUnknownCandidate);
  const auto* seconded = std::get_if<protocol::SecondedStatement>(&statement.payload);
  if (seconded == nullptr ||
      parachain::candidate_hash(seconded->candidate.to_plain()) != candidate_hash) {
    return unexpected(ValidatorSideError::kStatementMismatch);
  }
  const Advert advert = it->second;
  seconding_.erase(it);
  std::vector<ValidatorOutput> out;
  if (auto collator_peer = peer_of(advert.collator)) {
    out.emplace_back(Report{*collator_peer, kBenefitNotifyGood});
  }
  if (peers_.contains(advert.peer)) {
    out.emplace_back(
        SendMessage{advert.peer, protocol::CollationSeconded{relay_parent, statement}});
  }
  if (auto leaf_it = leaves_.find(relay_parent); leaf_it != leaves_.end()) {
    leaf_it->second.status = Status::kSeconded;
    leaf_it->second.queue.clear();
  }
  return out;
}

Result<std::vector<ValidatorOutput>, ValidatorSideError> ValidatorSide::on_invalid(
    const Hash256& relay_parent, const Hash256& candidate_hash, TimePoint now) {
  auto it = seconding_.find({relay_parent, candidate_hash});
  if (it == seconding_.end()) return unexpected(ValidatorSideError::kUnknownCandidate);
  const Advert advert = it->second;
  seconding_.erase(it);
  std::vector<ValidatorOutput> out;
  if (auto collator_peer = peer_of(advert.collator)) {
    out.emplace_back(Report{*collator_peer, kCostReportBad});
  }
  if (auto leaf_it = leaves_.find(relay_parent); leaf_it != leaves_.end()) {
    if (leaf_it->second.status == Status::kWaitingOnValidation) {
      leaf_it->second.status = Status::kWaiting;
    }
    fetch_next(relay_parent, now, out);
  }
  return out;
}

Result<std::vector<ValidatorOutput>, ValidatorSideError> ValidatorSide::on_not_seconded(
    const Hash256& relay_parent, const Hash256& candidate_hash, TimePoint now) {
  auto it = seconding_.find({relay_parent, candidate_hash});
  if (it == seconding_.end()) return unexpected(ValidatorSideError::kUnknownCandidate);
  seconding_.erase(it);
  std::vector<ValidatorOutput> out;
  if (auto leaf_it = leaves_.find(relay_parent); leaf_it != leaves_.end()) {
    if (leaf_it->second.status == Status::kWaitingOnValidation) {
      leaf_it->second.status = Status::kWaiting;
    }
    fetch_next(relay_parent, now, out);
  }
  return out;
}

std::vector<ValidatorOutput> ValidatorSide::tick(TimePoint now) {
  std::vector<ValidatorOutput> out;
  std::vector<RequestId> expired;
  for (const auto& [id, fetch] : fetches_) {
    if (now - fetch.started >= protocol::kPovRequestTimeout) expired.push_back(id);
  }
  for (RequestId id : expired) {
    // A timeout costs nothing (handle_collation_fetch_response); the request is dropped so that
    // a late answer cannot take the relay parent's slot.
    out.emplace_back(CancelFetch{id});
    fetch_ended(id, now, out);
  }
  // disconnect_inactive_peers.
  std::vector<network::PeerId> evicted;
  for (const auto& [peer, state] : peers_) {
    if (state.disconnecting) continue;
    const auto limit = state.collating ? eviction_.inactive_collator : eviction_.undeclared;
    if (now - state.last_active >= limit) evicted.push_back(peer);
  }
  for (const network::PeerId& peer : evicted) disconnect(peer, out);
  return out;
}

bool ValidatorSide::is_declared(const network::PeerId& peer) const {
  auto it = peers_.find(peer);
  return it != peers_.end() && it->second.collating.has_value();
}

bool ValidatorSide::has_seconded(const Hash256& relay_parent) const {
  auto it = leaves_.find(relay_parent);
  return it != leaves_.end() && it->second.status == Status::kSeconded;
}

size_t ValidatorSide::queued_adverts(const Hash256& relay_parent) const {
  auto it = leaves_.find(relay_parent);
  return it == leaves_.end() ? 0 : it->second.queue.size();
}

std::optional<RequestId> ValidatorSide::fetching(const Hash256& relay_parent) const {
  auto it = leaves_.find(relay_parent);
  return it == leaves_.end() ? std::nullopt : it->second.fetch;
}

void ValidatorSide::fetch_next(const Hash256& relay_parent, TimePoint now,
                               std::vector<ValidatorOutput>& out) {
  auto leaf_it = leaves_.find(relay_parent);
  if (leaf_it == leaves_.end()) return;
  Leaf& leaf = leaf_it->second;
  if (leaf.status != Status::kWaiting) return;
  while (!leaf.queue.empty()) {
    Advert advert = std::move(leaf.queue.front());
    leaf.queue.pop_front();
    // fetch_collation: only what the peer still has advertised (it may have reconnected, or its
    // adverts at this relay parent were dropped).
    auto peer_it = peers_.find(advert.peer);
    if (peer_it == peers_.end() || !peer_it->second.collating) continue;
    const auto& advertised = peer_it->second.collating->advertised;
    auto at = advertised.find(relay_parent);
    if (at == advertised.end() || !at->second.contains(advert.candidate_hash)) continue;

    const RequestId id = next_request_id_++;
    out.emplace_back(FetchCollation{
        id, advert.peer,
        protocol::CollationFetchingRequest{relay_parent, advert.para_id, advert.candidate_hash}});
    fetches_.emplace(id, Fetch{std::move(advert), now});
    leaf.status = Status::kFetching;
    leaf.fetch = id;
    return;
  }
}

void ValidatorSide::fetch_ended(RequestId id, TimePoint now, std::vector<ValidatorOutput>& out) {
  auto it = fetches_.find(id);
  if (it == fetches_.end()) return;
  const Hash256 relay_parent = it->second.advert.relay_parent;
  fetches_.erase(it);
  auto leaf_it = leaves_.find(relay_parent);
  if (leaf_it == leaves_.end() || leaf_it->second.fetch != id) return;
  leaf_it->second.fetch.reset();
  if (leaf_it->second.status == Status::kFetching) leaf_it->second.status = Status::kWaiting;
  fetch_next(relay_parent, now, out);
}

bool ValidatorSide::para_assigned(ParaId para) const {
  return std::ranges::any_of(leaves_, [&](const auto& entry) {
    return std::ranges::find(entry.second.claim_queue, para) != entry.second.claim_queue.end();
  });
}

void ValidatorSide::disconnect(const network::PeerId& peer, std::vector<ValidatorOutput>& out) {
  auto it = peers_.find(peer);
  if (it != peers_.end()) {
    if (it->second.disconnecting) return;
    it->second.disconnecting = true;
  }
  out.emplace_back(Disconnect{peer});
}

void ValidatorSide::disconnect_unneeded(std::vector<ValidatorOutput>& out) {
  // handle_our_view_change: collators of a para no leaf's claim queue (of our core) has any more.
  std::vector<network::PeerId> unneeded;
  for (const auto& [peer, state] : peers_) {
    if (state.collating && !para_assigned(state.collating->para_id)) unneeded.push_back(peer);
  }
  for (const network::PeerId& peer : unneeded) disconnect(peer, out);
}

std::optional<network::PeerId> ValidatorSide::peer_of(const protocol::CollatorId& collator) const {
  for (const auto& [peer, state] : peers_) {
    if (state.collating && state.collating->collator == collator) return peer;
  }
  return std::nullopt;
}

}  // namespace canary::parachain::collator_protocol
