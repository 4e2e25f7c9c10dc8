// Bitfield distribution (polkadot-sdk `polkadot/node/network/bitfield-distribution/src/lib.rs`;
// parachain-facts §3.1, §3.3 step 4), sans-IO: the signed availability bitfields of each active
// leaf, gossiped on the validation peer set (`/validation/3`, BitfieldDistribution::Bitfield) to
// the peers whose View has the leaf, checked as polkadot-sdk checks them when they come from a
// peer, one kept per validator: the provisioner's input when we author the leaf's child.
//
// The caller (the network bridge's adapter) tells it the leaves (with their session's validators
// and signing session, from the runtime API at the leaf), the peers (connected, disconnected,
// their View changes) and the messages; it answers with the notifications to send (encoded
// `Outgoing`s) and, for a peer's message, the change to the sender's reputation (polkadot-sdk's
// costs and benefits, below). No time, threads or sockets inside.
//
// polkadot-sdk gossips along the session's grid topology (plus a few random peers) and answers a
// peer's View change only when the peer is a grid neighbour or "lucky". Canary has no gossip
// topology yet: every peer with the leaf in its View gets every bitfield it does not know, which
// is what polkadot-sdk does for a peer it has no topology for (an empty grid makes every peer
// lucky). Other differences are in README.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "network/libp2p/peer_id.hpp"
#include "network/peerset/peer_store.hpp"
#include "parachain/network_bridge/peer_set.hpp"
#include "parachain/primitives/candidate.hpp"
#include "parachain/protocol/bitfield.hpp"
#include "parachain/protocol/wire_message.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain {

// The reputation changes of polkadot-sdk's bitfield distribution (COST_SIGNATURE_INVALID …), with
// UnifiedReputationChange's magnitudes (`polkadot/node/network/protocol/src/reputation.rs`:
// CostMajor −300 000, CostMinor −100 000, CostMinorRepeated −200 000, BenefitMinorFirst 15 000,
// BenefitMinor 10 000) and its descriptions.
namespace bitfield_reputation {
inline constexpr network::ReputationChange kCostSignatureInvalid{-300'000,
                                                                 "Bitfield signature invalid"};
inline constexpr network::ReputationChange kCostValidatorIndexInvalid{
    -300'000, "Bitfield validator index invalid"};
inline constexpr network::ReputationChange kCostMissingPeerSessionKey{-100'000,
                                                                      "Missing peer session key"};
inline constexpr network::ReputationChange kCostNotInView{-100'000,
                                                          "Not interested in that parent hash"};
inline constexpr network::ReputationChange kCostPeerDuplicateMessage{
    -200'000, "Peer sent the same message multiple times"};
inline constexpr network::ReputationChange kBenefitValidMessageFirst{
    15'000, "Valid message with new information"};
inline constexpr network::ReputationChange kBenefitValidMessage{10'000, "Valid message"};
}  // namespace bitfield_reputation

// Why a bitfield was not kept, in the order polkadot-sdk checks a peer's message.
enum class BitfieldRefusal : uint8_t {
  kNotInView,              // the relay parent is not an active leaf (COST_NOT_IN_VIEW)
  kNoValidators,           // the leaf's validator set is empty (COST_MISSING_PEER_SESSION_KEY)
  kValidatorIndexInvalid,  // no such validator in the leaf's session (COST_VALIDATOR_INDEX_INVALID)
  kPeerDuplicate,     // the peer sent one for this validator already (COST_PEER_DUPLICATE_MESSAGE)
  kKnown,             // the bitfield we keep for this validator, again (BENEFIT_VALID_MESSAGE)
  kConflicting,       // another one than we keep for this validator: unchecked, no change
  kSignatureInvalid,  // not signed by the validator for this leaf (COST_SIGNATURE_INVALID)
  kWrongLength,       // signed, but not one bit per availability core: dropped, no change
};
const char* to_string(BitfieldRefusal refusal);

// The change a refusal makes to the sender's reputation (none for kConflicting, kWrongLength).
std::optional<network::ReputationChange> reputation_of(BitfieldRefusal refusal);

// What became of a peer's bitfield.
struct PeerBitfieldOutcome {
  std::optional<BitfieldRefusal> refusal;               // none: kept, and forwarded in `messages`
  std::optional<network::ReputationChange> reputation;  // the sender's
  std::vector<Outgoing> messages;
  bool kept() const { return !refusal.has_value(); }
};

class BitfieldDistribution {
 public:
  // An active leaf: `validators` are its session's (ParachainHost_validators at the leaf),
  // `session_index` is session_index_for_child (the bitfields' signing context is
  // {session_index, relay_parent}), `n_cores` the availability cores at the leaf (the bits of a
  // bitfield). A leaf already active starts afresh.
  void activate_leaf(const Hash256& relay_parent, std::vector<protocol::ValidatorId> validators,
                     SessionIndex session_index, size_t n_cores);
  // Forgets the leaf and its bitfields.
  void deactivate_leaf(const Hash256& relay_parent);
  bool is_active(const Hash256& relay_parent) const { return leaves_.contains(relay_parent); }

  // The peer set opened (its View is empty until it sends one) or closed.
  void on_peer_connected(const network::PeerId& peer);
  void on_peer_disconnected(const network::PeerId& peer);
  // A connected peer's new View: it gets the bitfields we keep for the heads it did not have
  // before and does not know yet. Nothing for a peer that is not connected.
  std::vector<Outgoing> on_peer_view_change(const network::PeerId& peer, protocol::View view);

  // Our own bitfield for a leaf (bitfield signing's), trusted: kept and sent to every peer with
  // the leaf in its View. Refused (kNotInView, kNoValidators, kValidatorIndexInvalid,
  // kWrongLength) when it cannot concern the leaf.
  Result<std::vector<Outgoing>, BitfieldRefusal> on_our_bitfield(
      const Hash256& relay_parent, const protocol::UncheckedSignedAvailabilityBitfield& bitfield);

  // A peer's BitfieldDistributionMessage::Bitfield(relay_parent, signed bitfield).
  PeerBitfieldOutcome on_peer_bitfield(
      const network::PeerId& peer, const Hash256& relay_parent,
      const protocol::UncheckedSignedAvailabilityBitfield& bitfield);

  // The bitfields kept for a leaf (ours included), by increasing validator index, one per
  // validator: the provisioner's input. Empty for a leaf that is not active.
  std::vector<protocol::UncheckedSignedAvailabilityBitfield> bitfields(
      const Hash256& relay_parent) const;

 private:
  struct Leaf {
    protocol::SigningContext context;
    std::vector<protocol::ValidatorId> validators;
    size_t n_cores = 0;
    std::map<ValidatorIndex, protocol::UncheckedSignedAvailabilityBitfield> kept;
    // polkadot-sdk's message_sent_to_peer / message_received_from_peer: the validators whose
    // bitfield each peer knows from us or told us (it never gets those from us).
    std::map<network::PeerId, std::set<ValidatorIndex>> sent_to;
    std::map<network::PeerId, std::set<ValidatorIndex>> received_from;

    bool needed_by(const network::PeerId& peer, ValidatorIndex validator) const;
  };

  // Keeps the checked bitfield and sends it to the peers with the leaf in view that lack it.
  std::vector<Outgoing> keep_and_relay(
      const Hash256& relay_parent, Leaf& leaf,
      const protocol::UncheckedSignedAvailabilityBitfield& bitfield);

  std::map<Hash256, Leaf> leaves_;
  std::map<network::PeerId, protocol::View> peers_;
};

}  // namespace canary::parachain
