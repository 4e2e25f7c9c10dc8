// Bitfield distribution (bitfield_distribution.hpp).
#include "parachain/bitfield_distribution/bitfield_distribution.hpp"

#include <algorithm>
#include <utility>

#include "parachain/protocol/validation_protocol.hpp"

namespace canary::parachain {

namespace {

// The notification carrying one bitfield; none when it cannot be encoded (larger than a
// notification may be, which a bitfield of a leaf's cores never is).
std::optional<Bytes> encode_bitfield(
    const Hash256& relay_parent, const protocol::UncheckedSignedAvailabilityBitfield& bitfield) {
  protocol::ValidationWireMessage message{protocol::ProtocolMessage<protocol::ValidationProtocol>{
      protocol::BitfieldDistribution{protocol::BitfieldMessage{relay_parent, bitfield}}}};
  auto bytes = protocol::encode_validation_message(message);
  if (!bytes) return std::nullopt;
  return std::move(*bytes);
}

bool in_view(const protocol::View& view, const Hash256& head) {
  return std::ranges::find(view.heads, head) != view.heads.end();
}

}  // namespace

const char* to_string(BitfieldRefusal refusal) {
  switch (refusal) {
    case BitfieldRefusal::kNotInView:
      return "relay parent not in view";
    case BitfieldRefusal::kNoValidators:
      return "no validators at the relay parent";
    case BitfieldRefusal::kValidatorIndexInvalid:
      return "validator index invalid";
    case BitfieldRefusal::kPeerDuplicate:
      return "peer sent a bitfield of this validator already";
    case BitfieldRefusal::kKnown:
      return "bitfield already known";
    case BitfieldRefusal::kConflicting:
      return "another bitfield of this validator is known";
    case BitfieldRefusal::kSignatureInvalid:
      return "bitfield signature invalid";
    case BitfieldRefusal::kWrongLength:
      return "bitfield length is not the number of availability cores";
  }
  return "unknown bitfield refusal";
}

std::optional<network::ReputationChange> reputation_of(BitfieldRefusal refusal) {
  switch (refusal) {
    case BitfieldRefusal::kNotInView:
      return bitfield_reputation::kCostNotInView;
    case BitfieldRefusal::kNoValidators:
      return bitfield_reputation::kCostMissingPeerSessionKey;
    case BitfieldRefusal::kValidatorIndexInvalid:
      return bitfield_reputation::kCostValidatorIndexInvalid;
    case BitfieldRefusal::kPeerDuplicate:
      return bitfield_reputation::kCostPeerDuplicateMessage;
    case BitfieldRefusal::kKnown:
      return bitfield_reputation::kBenefitValidMessage;
    case BitfieldRefusal::kSignatureInvalid:
      return bitfield_reputation::kCostSignatureInvalid;
    case BitfieldRefusal::kConflicting:
    case BitfieldRefusal::kWrongLength:
      return std::nullopt;
  }
  return std::nullopt;
}

bool BitfieldDistribution::Leaf::needed_by(const network::PeerId& peer,
                                           ValidatorIndex validator) const {
  const auto knows = [&](const std::map<network::PeerId, std::set<ValidatorIndex>>& known) {
    const auto it = known.find(peer);
    return it != known.end() && it->second.contains(validator);
  };
  return !knows(sent_to) && !knows(received_from);
}

void BitfieldDistribution::activate_leaf(const Hash256& relay_parent,
                                         std::vector<protocol::ValidatorId> validators,
                                         SessionIndex session_index, size_t n_cores) {
  Leaf leaf;
  leaf.context = protocol::SigningContext{session_index, relay_parent};
  leaf.validators = std::move(validators);
  leaf.n_cores = n_cores;
  leaves_.insert_or_assign(relay_parent, std::move(leaf));
}

void BitfieldDistribution::deactivate_leaf(const Hash256& relay_parent) {
  leaves_.erase(relay_parent);
}

// As polkadot-sdk, a connection keeps a known peer's View, and the leaves keep what was sent to
// and received from a peer after it disconnects (the peer may remember it too).
void BitfieldDistribution::on_peer_connected(const network::PeerId& peer) {
  peers_.try_emplace(peer);
}

void BitfieldDistribution::on_peer_disconnected(const network::PeerId& peer) {
  peers_.erase(peer);
}

std::vector<Outgoing> BitfieldDistribution::on_peer_view_change(const network::PeerId& peer,
                                                                protocol::View view) {
  std::vector<Outgoing> out;
  const auto it = peers_.find(peer);
  if (it == peers_.end()) return out;
  std::vector<Hash256> added;
  for (const Hash256& head : view.heads) {
    if (!in_view(it->second, head) && std::ranges::find(added, head) == added.end()) {
      added.push_back(head);
    }
  }
  it->second = std::move(view);
  // Every bitfield we keep for a head new to the peer, but those it knows
  // (handle_peer_view_change).
  for (const Hash256& head : added) {
    const auto leaf = leaves_.find(head);
    if (leaf == leaves_.end()) continue;  // not a leaf of ours
    for (const auto& [validator, bitfield] : leaf->second.kept) {
      if (!leaf->second.needed_by(peer, validator)) continue;
      auto bytes = encode_bitfield(head, bitfield);
      if (!bytes) continue;
      leaf->second.sent_to[peer].insert(validator);
      out.push_back(Outgoing{peer, std::move(*bytes)});
    }
  }
  return out;
}

std::vector<Outgoing> BitfieldDistribution::keep_and_relay(
    const Hash256& relay_parent, Leaf& leaf,
    const protocol::UncheckedSignedAvailabilityBitfield& bitfield) {
  const ValidatorIndex validator = bitfield.validator_index;
  leaf.kept.emplace(validator, bitfield);
  std::vector<Outgoing> out;
  auto bytes = encode_bitfield(relay_parent, bitfield);
  if (!bytes) return out;
  // relay_message: the peers with the leaf in view that neither sent it to us nor got it from us.
  for (const auto& [peer, view] : peers_) {
    if (!in_view(view, relay_parent) || !leaf.needed_by(peer, validator)) continue;
    leaf.sent_to[peer].insert(validator);
    out.push_back(Outgoing{peer, *bytes});
  }
  return out;
}

Result<std::vector<Outgoing>, BitfieldRefusal> BitfieldDistribution::on_our_bitfield(
    const Hash256& relay_parent, const protocol::UncheckedSignedAvailabilityBitfield& bitfield) {
  const auto it = leaves_.find(relay_parent);
  if (it == leaves_.end()) return unexpected(BitfieldRefusal::kNotInView);
  Leaf& leaf = it->second;
  if (leaf.validators.empty()) return unexpected(BitfieldRefusal::kNoValidators);
  if (bitfield.validator_index >= leaf.validators.size()) {
    return unexpected(BitfieldRefusal::kValidatorIndexInvalid);
  }
  if (bitfield.payload.bits.size() != leaf.n_cores)
    return unexpected(BitfieldRefusal::kWrongLength);
  if (const auto kept = leaf.kept.find(bitfield.validator_index); kept != leaf.kept.end()) {
    return unexpected(kept->second == bitfield ? BitfieldRefusal::kKnown
                                               : BitfieldRefusal::kConflicting);
  }
  return keep_and_relay(relay_parent, leaf, bitfield);
}

// process_incoming_peer_message, in its order: the leaf, its validators, the index, the peer's
// earlier message for the validator (recorded before the signature is checked, as polkadot-sdk
// does), the bitfield kept for the validator (an unchecked copy earns nothing, an equal one the
// small benefit), then the signature.
PeerBitfieldOutcome BitfieldDistribution::on_peer_bitfield(
    const network::PeerId& peer, const Hash256& relay_parent,
    const protocol::UncheckedSignedAvailabilityBitfield& bitfield) {
  PeerBitfieldOutcome outcome;
  const auto refuse = [&](BitfieldRefusal refusal) {
    outcome.refusal = refusal;
    outcome.reputation = reputation_of(refusal);
    return outcome;
  };
  const auto it = leaves_.find(relay_parent);
  if (it == leaves_.end()) return refuse(BitfieldRefusal::kNotInView);
  Leaf& leaf = it->second;
  if (leaf.validators.empty()) return refuse(BitfieldRefusal::kNoValidators);
  const ValidatorIndex validator = bitfield.validator_index;
  if (validator >= leaf.validators.size()) return refuse(BitfieldRefusal::kValidatorIndexInvalid);
  if (!leaf.received_from[peer].insert(validator).second) {
    return refuse(BitfieldRefusal::kPeerDuplicate);
  }
  if (const auto kept = leaf.kept.find(validator); kept != leaf.kept.end()) {
    return refuse(kept->second == bitfield ? BitfieldRefusal::kKnown
                                           : BitfieldRefusal::kConflicting);
  }
  if (!protocol::verify_signed(bitfield, leaf.context, leaf.validators[validator])) {
    return refuse(BitfieldRefusal::kSignatureInvalid);
  }
  // Not in polkadot-sdk, whose provisioner drops such a bitfield later: a validator's bitfield has
  // one bit per availability core at the leaf. Checked after the signature, so that a forged one
  // still costs its sender; a genuine one a peer merely relays costs nothing.
  if (bitfield.payload.bits.size() != leaf.n_cores) return refuse(BitfieldRefusal::kWrongLength);
  outcome.messages = keep_and_relay(relay_parent, leaf, bitfield);
  outcome.reputation = bitfield_reputation::kBenefitValidMessageFirst;
  return outcome;
}

std::vector<protocol::UncheckedSignedAvailabilityBitfield> BitfieldDistribution::bitfields(
    const Hash256& relay_parent) const {
  std::vector<protocol::UncheckedSignedAvailabilityBitfield> out;
  const auto it = leaves_.find(relay_parent);
  if (it == leaves_.end()) return out;
  out.reserve(it->second.kept.size());
  for (const auto& [validator, bitfield] : it->second.kept) out.push_back(bitfield);
  return out;
}

}  // namespace canary::parachain
