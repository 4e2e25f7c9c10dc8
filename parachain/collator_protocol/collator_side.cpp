#include "parachain/collator_protocol/collator_side.hpp"

#include <algorithm>

namespace canary::parachain::collator_protocol {

const char* to_string(ServeRefusal refusal) {
  switch (refusal) {
    case ServeRefusal::kWrongPara:
      return "a collation request for another para";
    case ServeRefusal::kUnknownRelayParent:
      return "no collation at that relay parent";
    case ServeRefusal::kUnknownCandidate:
      return "no such candidate at that relay parent";
    case ServeRefusal::kNotAdvertised:
      return "the candidate was not advertised to that peer";
    case ServeRefusal::kAlreadyRequested:
      return "the peer has a request for that candidate in flight already";
  }
  return "unknown refusal";
}

const char* to_string(CollatorSideError error) {
  switch (error) {
    case CollatorSideError::kWrongPara:
      return "the collation is for another para";
    case CollatorSideError::kWrongRelayParent:
      return "the collation's descriptor names another relay parent";
    case CollatorSideError::kAlreadyDistributed:
      return "the candidate was distributed already";
    case CollatorSideError::kTooManyCollations:
      return "the limit of collations per relay parent is reached";
  }
  return "unknown collator side error";
}

CollatorSide::CollatorSide(crypto::sr25519::Keypair collator_key, ParaId para_id,
                           network::PeerId local_peer_id, size_t max_collations_per_relay_parent)
    : collator_key_(collator_key),
      para_id_(para_id),
      local_peer_id_(std::move(local_peer_id)),
      max_collations_per_relay_parent_(max_collations_per_relay_parent) {}

std::vector<CollatorOutput> CollatorSide::on_peer_connected(const network::PeerId& peer) {
  peers_.try_emplace(peer);
  std::vector<CollatorOutput> out;
  // declare_message: the signature binds our collator key to the PeerId the validator sees us as.
  out.emplace_back(
      SendMessage{peer, protocol::sign_declare(collator_key_, para_id_, local_peer_id_.bytes())});
  return out;
}

void CollatorSide::on_peer_disconnected(const network::PeerId& peer) {
  peers_.erase(peer);
  for (auto& [relay_parent, state] : relay_parents_) {
    std::erase_if(state.queue, [&](const Waiting& waiting) {
      if (waiting.peer != peer) return false;
      state.waiting_peers.erase({waiting.peer, waiting.candidate_hash});
      return true;
    });
    // The validator side forgets a peer's adverts when it disconnects: advertise again when it
    // comes back.
    for (auto& [hash, stored] : state.collations) stored.advertised_to.erase(peer);
  }
}

std::vector<CollatorOutput> CollatorSide::on_peer_view_change(const network::PeerId& peer,
                                                              const protocol::View& view) {
  std::vector<CollatorOutput> out;
  auto it = peers_.find(peer);
  if (it == peers_.end()) return out;
  std::vector<Hash256> added;
  for (const Hash256& head : view.heads) {
    if (std::ranges::find(it->second.view.heads, head) == it->second.view.heads.end()) {
      added.push_back(head);
    }
  }
  it->second.view = view;
  // handle_peer_view_change: only the relay parents themselves (no implicit view: a collation is
  // built on an active leaf here).
  for (const Hash256& head : added) {
    auto rp = relay_parents_.find(head);
    if (rp != relay_parents_.end()) advertise(head, rp->second, peer, out);
  }
  return out;
}

std::vector<CollatorOutput> CollatorSide::on_message(
    const network::PeerId& peer, const protocol::CollatorProtocolMessage& message) {
  std::vector<CollatorOutput> out;
  if (std::holds_alternative<protocol::Declare>(message)) {
    // handle_incoming_peer_message: a peer that declares to us is another collator.
    out.emplace_back(Disconnect{peer});
    return out;
  }
  if (std::holds_alternative<protocol::AdvertiseCollation>(message)) {
    out.emplace_back(Report{peer, kCostUnexpectedMessage});
    out.emplace_back(Disconnect{peer});
    return out;
  }
  const auto& seconded = std::get<protocol::CollationSeconded>(message);
  return on_collation_seconded(peer, seconded.relay_parent, seconded.statement);
}

Result<std::vector<CollatorOutput>, CollatorSideError> CollatorSide::distribute(
    const Hash256& relay_parent, Collation collation,
    std::optional<std::vector<network::PeerId>> targets, bool with_parent_head_data) {
  const CandidateDescriptor& d = collation.candidate.descriptor;
  if (d.para_id != para_id_) return unexpected(CollatorSideError::kWrongPara);
  if (d.relay_parent != relay_parent) return unexpected(CollatorSideError::kWrongRelayParent);
  // The hash validators fetch by: of the plain receipt, whatever the caller filled in.
  const Hash256 hash = candidate_hash(collation.candidate.to_plain());
  auto existing = relay_parents_.find(relay_parent);
  if (existing != relay_parents_.end()) {
    if (existing->second.collations.contains(hash)) {
      return unexpected(CollatorSideError::kAlreadyDistributed);
    }
    if (existing->second.collations.size() >= max_collations_per_relay_parent_) {
      return unexpected(CollatorSideError::kTooManyCollations);
    }
  }
  RelayParent& state = relay_parents_[relay_parent];
  Stored stored;
  stored.collation = std::move(collation);
  stored.collation.candidate_hash = hash;
  if (targets) stored.targets = std::set<network::PeerId>(targets->begin(), targets->end());
  stored.with_parent_head_data = with_parent_head_data;
  state.collations.emplace(hash, std::move(stored));

  // distribute_collation: advertise to the peers that have the relay parent in view already.
  std::vector<CollatorOutput> out;
  for (const auto& [peer, data] : peers_) {
    if (std::ranges::find(data.view.heads, relay_parent) != data.view.heads.end()) {
      advertise(relay_parent, state, peer, out);
    }
  }
  return out;
}

std::vector<CollatorOutput> CollatorSide::remove_leaf(const Hash256& relay_parent) {
  std::vector<CollatorOutput> out;
  auto it = relay_parents_.find(relay_parent);
  if (it == relay_parents_.end()) return out;
  for (const Waiting& waiting : it->second.queue) {
    out.emplace_back(RefuseRequest{waiting.id, waiting.peer, ServeRefusal::kUnknownRelayParent});
  }
  relay_parents_.erase(it);
  return out;
}

std::vector<CollatorOutput> CollatorSide::on_collation_request(
    RequestId id, const network::PeerId& peer, const protocol::CollationFetchingRequest& request,
    TimePoint now) {
  std::vector<CollatorOutput> out;
  auto refuse = [&](ServeRefusal reason) {
    out.emplace_back(RefuseRequest{id, peer, reason});
    return out;
  };
  if (request.para_id != para_id_) return refuse(ServeRefusal::kWrongPara);
  auto rp = relay_parents_.find(request.relay_parent);
  if (rp == relay_parents_.end()) return refuse(ServeRefusal::kUnknownRelayParent);
  RelayParent& state = rp->second;
  auto stored = state.collations.find(request.candidate_hash);
  if (stored == state.collations.end()) return refuse(ServeRefusal::kUnknownCandidate);
  if (!stored->second.advertised_to.contains(peer)) return refuse(ServeRefusal::kNotAdvertised);
  // One request per (peer, candidate) at a time, else moving on after kMaxUnsharedUploadTime
  // would not protect the others.
  if (!state.waiting_peers.insert({peer, request.candidate_hash}).second) {
    out.emplace_back(Report{peer, kCostApparentFlood});
    return refuse(ServeRefusal::kAlreadyRequested);
  }
  state.queue.push_back(Waiting{id, peer, request.candidate_hash});
  serve_next(request.relay_parent, state, now, out);
  return out;
}

std::vector<CollatorOutput> CollatorSide::on_response_sent(RequestId id, TimePoint now) {
  std::vector<CollatorOutput> out;
  auto it = uploads_.find(id);
  if (it == uploads_.end()) return out;
  const Hash256 relay_parent = it->second.first;
  const auto waiting_peer = it->second.second;
  uploads_.erase(it);
  auto rp = relay_parents_.find(relay_parent);
  if (rp == relay_parents_.end()) return out;
  RelayParent& state = rp->second;
  state.waiting_peers.erase(waiting_peer);
  if (state.active && state.active->id == id) {
    state.active.reset();
    serve_next(relay_parent, state, now, out);
  }
  return out;
}

std::vector<CollatorOutput> CollatorSide::tick(TimePoint now) {
  std::vector<CollatorOutput> out;
  for (auto& [relay_parent, state] : relay_parents_) {
    if (state.active && now - state.active->started >= kMaxUnsharedUploadTime) {
      // The slow upload goes on; the next validator need not wait for it.
      state.active.reset();
      serve_next(relay_parent, state, now, out);
    }
  }
  return out;
}

std::vector<CollatorOutput> CollatorSide::on_collation_seconded(
    const network::PeerId& peer, const Hash256& relay_parent,
    const protocol::UncheckedSignedFullStatement& statement) {
  std::vector<CollatorOutput> out;
  const auto* seconded = std::get_if<protocol::SecondedStatement>(&statement.payload);
  if (seconded == nullptr) return out;  // "Collation seconded message received with none-seconded"
  const Hash256 hash = candidate_hash(seconded->candidate.to_plain());
  auto rp = relay_parents_.find(relay_parent);
  if (rp == relay_parents_.end() || !rp->second.collations.contains(hash)) return out;
  out.emplace_back(SecondedBy{peer, relay_parent, hash, statement.validator_index, statement});
  return out;
}

bool CollatorSide::advertised_to(const Hash256& relay_parent, const Hash256& candidate_hash,
                                 const network::PeerId& peer) const {
  auto rp = relay_parents_.find(relay_parent);
  if (rp == relay_parents_.end()) return false;
  auto stored = rp->second.collations.find(candidate_hash);
  return stored != rp->second.collations.end() && stored->second.advertised_to.contains(peer);
}

void CollatorSide::advertise(const Hash256& relay_parent, RelayParent& state,
                             const network::PeerId& peer, std::vector<CollatorOutput>& out) {
  for (auto& [hash, stored] : state.collations) {
    if (stored.targets && !stored.targets->contains(peer)) continue;
    if (!stored.advertised_to.insert(peer).second) continue;
    out.emplace_back(
        SendMessage{peer, protocol::AdvertiseCollation{
                              relay_parent, hash, head_data_hash(stored.collation.parent_head)}});
  }
}

void CollatorSide::serve_next(const Hash256& relay_parent, RelayParent& state, TimePoint now,
                              std::vector<CollatorOutput>& out) {
  while (!state.active && !state.queue.empty()) {
    Waiting next = state.queue.front();
    state.queue.pop_front();
    auto stored = state.collations.find(next.candidate_hash);
    if (stored == state.collations.end()) {
      state.waiting_peers.erase({next.peer, next.candidate_hash});
      out.emplace_back(RefuseRequest{next.id, next.peer, ServeRefusal::kUnknownCandidate});
      continue;
    }
    out.emplace_back(response_for(next.id, next.peer, stored->second));
    state.active = Upload{next.id, now};
    uploads_.emplace(next.id, std::pair{relay_parent, std::pair{next.peer, next.candidate_hash}});
  }
}

Respond CollatorSide::response_for(RequestId id, const network::PeerId& peer,
                                   const Stored& stored) const {
  const Collation& c = stored.collation;
  CandidateReceipt receipt = c.candidate.to_plain();
  if (stored.with_parent_head_data) {
    return Respond{id, peer, protocol::CollationWithParentHeadData{receipt, c.pov, c.parent_head}};
  }
  return Respond{id, peer, protocol::CollationResponse{receipt, c.pov}};
}

}  // namespace canary::parachain::collator_protocol
