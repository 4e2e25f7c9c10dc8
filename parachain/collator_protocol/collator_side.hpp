// The collator's side of the collator protocol (polkadot-sdk
// `polkadot/node/network/collator-protocol/src/collator_side/`; implementers' guide "Collator
// Protocol"; parachain-facts §3.1-3.3), sans-IO:
//
//  - to every validator peer that connects we Declare our collator key and para, signed over our
//    own PeerId's bytes;
//  - a collation we built (parachain/collator/collation.hpp) is advertised, per relay parent, to
//    its target validators once they have the relay parent in their View (at once, or when their
//    view catches up), each candidate once per peer;
//  - a validator we advertised a candidate to may fetch it (`/req_collation/2`); we upload one
//    collation per relay parent at a time and move on to the next waiting request when the upload
//    is done or after kMaxUnsharedUploadTime (a slow validator cannot hold the others back);
//  - a validator that seconded our collation tells us (CollationSeconded): an event for the
//    caller, checked against our candidates.
//
// Targets: the caller passes the PeerIds of the backing group of the collation's core (the
// validators of the group rotation at the relay parent, mapped to PeerIds by authority discovery),
// or std::nullopt when it cannot tell which peers those are: then every peer of the collation
// peer set (collators only connect to validators) is a target, now and when it connects later.
//
// The adapter sends SendMessage/Disconnect on the collation peer set, answers incoming requests as
// Respond/RefuseRequest say (and reports with on_response_sent when an answer is out), passes
// Report to the peer store and SecondedBy to collation generation.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <variant>
#include <vector>

#include "network/libp2p/peer_id.hpp"
#include "parachain/collator/collation.hpp"
#include "parachain/collator_protocol/common.hpp"
#include "parachain/primitives/candidate.hpp"
#include "parachain/protocol/collation_protocol.hpp"
#include "parachain/protocol/request_response.hpp"
#include "parachain/protocol/signed.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain::collator_protocol {

// collator_side/mod.rs MAX_UNSHARED_UPLOAD_TIME.
inline constexpr std::chrono::milliseconds kMaxUnsharedUploadTime{150};

// Why an incoming collation request is refused (the adapter closes it without a response, as
// polkadot-sdk drops it).
enum class ServeRefusal : uint8_t {
  kWrongPara,           // we collate for another para
  kUnknownRelayParent,  // no collation of ours at that relay parent
  kUnknownCandidate,    // not a candidate of ours there
  kNotAdvertised,       // we did not advertise that candidate to this peer
  kAlreadyRequested,    // the peer has a request for it waiting or uploading (kCostApparentFlood)
};
const char* to_string(ServeRefusal refusal);

// Answer request `id` with `response` now.
struct Respond {
  RequestId id = 0;
  network::PeerId peer;
  protocol::CollationFetchingResponse response;
};

struct RefuseRequest {
  RequestId id = 0;
  network::PeerId peer;
  ServeRefusal reason = ServeRefusal::kUnknownCandidate;
};

// A validator seconded our collation (polkadot-sdk's CollationSecondedSignal). The statement's
// signature is unchecked: whoever acts on it checks it against the session's validators
// (protocol::verify_signed with SigningContext{session, relay_parent}).
struct SecondedBy {
  network::PeerId peer;
  Hash256 relay_parent{};
  Hash256 candidate_hash{};
  ValidatorIndex validator_index = 0;
  protocol::UncheckedSignedFullStatement statement;
};

using CollatorOutput =
    std::variant<SendMessage, Respond, RefuseRequest, Report, Disconnect, SecondedBy>;

// Why distribute refused a collation (polkadot-sdk ignores these with a warning: a bug in
// collation generation).
enum class CollatorSideError : uint8_t {
  kWrongPara,           // the candidate is for another para
  kWrongRelayParent,    // the descriptor's relay parent is not the one given
  kAlreadyDistributed,  // that candidate is known at the relay parent
  kTooManyCollations,   // the relay parent holds max_collations_per_relay_parent already
};
const char* to_string(CollatorSideError error);

class CollatorSide {
 public:
  // `local_peer_id`: ours, which Declare signs. `max_collations_per_relay_parent`: polkadot-sdk's
  // collations_limit, 1 without async backing (max_candidate_depth + 1 with it).
  CollatorSide(crypto::sr25519::Keypair collator_key, ParaId para_id, network::PeerId local_peer_id,
               size_t max_collations_per_relay_parent = 1);

  // ---- the collation peer set ----
  // A validator peer connected: we Declare ourselves to it.
  std::vector<CollatorOutput> on_peer_connected(const network::PeerId& peer);
  // Its waiting requests are dropped (its uploads fail in the adapter: on_response_sent).
  void on_peer_disconnected(const network::PeerId& peer);
  // Adverts for the relay parents new in the peer's view.
  std::vector<CollatorOutput> on_peer_view_change(const network::PeerId& peer,
                                                  const protocol::View& view);
  // A message from a peer: a Declare or an advert means the peer is another collator
  // (disconnected; an advert also costs kCostUnexpectedMessage); CollationSeconded goes to
  // on_collation_seconded.
  std::vector<CollatorOutput> on_message(const network::PeerId& peer,
                                         const protocol::CollatorProtocolMessage& message);

  // ---- our collations ----
  // A collation built on `relay_parent` (an active leaf of ours), for `targets` (see above).
  // `with_parent_head_data`: answer fetches with CollationWithParentHeadData, as polkadot-sdk does
  // when the para has more than one core at the relay parent (elastic scaling); else Collation.
  Result<std::vector<CollatorOutput>, CollatorSideError> distribute(
      const Hash256& relay_parent, Collation collation,
      std::optional<std::vector<network::PeerId>> targets, bool with_parent_head_data = false);
  // The relay parent left our view: its collations are forgotten, its waiting requests refused.
  std::vector<CollatorOutput> remove_leaf(const Hash256& relay_parent);

  // ---- `/req_collation/2` ----
  // An incoming request (decoded by the adapter, which charges kCostInvalidRequest for one that
  // does not decode), identified by the adapter's `id`: answered now (Respond), later when the
  // relay parent's upload slot frees up, or refused.
  std::vector<CollatorOutput> on_collation_request(
      RequestId id, const network::PeerId& peer, const protocol::CollationFetchingRequest& request,
      TimePoint now);
  // The answer to `id` was sent (or failed): the next waiting request at its relay parent is
  // answered.
  std::vector<CollatorOutput> on_response_sent(RequestId id, TimePoint now);
  // Uploads that held their relay parent's slot for kMaxUnsharedUploadTime let the next one go.
  std::vector<CollatorOutput> tick(TimePoint now);

  // ---- CollationSeconded ----
  // SecondedBy when `statement` is a Seconded statement of one of our candidates at the relay
  // parent; nothing otherwise (polkadot-sdk only logs it).
  std::vector<CollatorOutput> on_collation_seconded(
      const network::PeerId& peer, const Hash256& relay_parent,
      const protocol::UncheckedSignedFullStatement& statement);

  const protocol::CollatorId& collator_id() const { return collator_key_.public_key; }
  ParaId para_id() const { return para_id_; }
  // Whether `candidate_hash` at `relay_parent` was advertised to `peer` (tests, logs).
  bool advertised_to(const Hash256& relay_parent, const Hash256& candidate_hash,
                     const network::PeerId& peer) const;

 private:
  struct Stored {
    Collation collation;
    std::optional<std::set<network::PeerId>> targets;  // nullopt: every peer
    bool with_parent_head_data = false;
    std::set<network::PeerId> advertised_to;
  };
  struct Waiting {
    RequestId id = 0;
    network::PeerId peer;
    Hash256 candidate_hash{};
  };
  struct Upload {
    RequestId id = 0;
    TimePoint started{};
  };
  struct RelayParent {
    std::map<Hash256, Stored> collations;  // by candidate hash
    // WaitingCollationFetches: the upload holding the slot, the requests queued behind it, and
    // every (peer, candidate) with a request waiting or uploading.
    std::optional<Upload> active;
    std::deque<Waiting> queue;
    std::set<std::pair<network::PeerId, Hash256>> waiting_peers;
  };
  struct Peer {
    protocol::View view;
  };

  void advertise(const Hash256& relay_parent, RelayParent& state, const network::PeerId& peer,
                 std::vector<CollatorOutput>& out);
  // Answers the next queued request at a relay parent whose slot is free.
  void serve_next(const Hash256& relay_parent, RelayParent& state, TimePoint now,
                  std::vector<CollatorOutput>& out);
  Respond response_for(RequestId id, const network::PeerId& peer, const Stored& stored) const;

  crypto::sr25519::Keypair collator_key_;
  ParaId para_id_;
  network::PeerId local_peer_id_;
  size_t max_collations_per_relay_parent_;
  std::map<network::PeerId, Peer> peers_;
  std::map<Hash256, RelayParent> relay_parents_;
  // Answers given and not yet reported sent: their relay parent, peer and candidate.
  std::map<RequestId, std::pair<Hash256, std::pair<network::PeerId, Hash256>>> uploads_;
};

}  // namespace canary::parachain::collator_protocol
