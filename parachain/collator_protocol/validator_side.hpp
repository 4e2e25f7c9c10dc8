// The validator's side of the collator protocol (polkadot-sdk
// `polkadot/node/network/collator-protocol/src/validator_side/`; implementers' guide
// "Collator Protocol"; parachain-facts §3.1-3.3), sans-IO:
//
//  - a collator peer declares the para it collates for (Declare, signed by its collator key over
//    the peer's id); we accept it only for a para on our core's claim queue at some active leaf;
//  - a declared collator advertises a candidate at a relay parent; we accept adverts only at active
//    leaves where we back (set_assignments), for a para on our core's claim queue there;
//  - per relay parent we fetch one advertised collation at a time (`/req_collation/2`), in the
//    order the adverts arrived, check the answer against the advert and hand it to backing
//    (Second); on a failed fetch, a bad answer or an invalid candidate we move on to the next
//    advert; once backing seconded one we tell its collator (CollationSeconded) and fetch no more
//    at that relay parent (one seconded collation per relay parent, as backing seconds);
//  - peers that do not declare, or stop advertising, are disconnected (CollatorEvictionPolicy).
//
// The adapter feeds network events, backing's verdicts and the time, and carries out the outputs:
// FetchCollation/CancelFetch on the request-response protocol, Second to CandidateBacking::second,
// SendMessage/Disconnect on the collation peer set, Report to the peer store.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <variant>
#include <vector>

#include "network/libp2p/peer_id.hpp"
#include "parachain/collator_protocol/common.hpp"
#include "parachain/primitives/candidate.hpp"
#include "parachain/protocol/collation_protocol.hpp"
#include "parachain/protocol/request_response.hpp"
#include "parachain/protocol/signed.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain::collator_protocol {

// lib.rs CollatorEvictionPolicy::default().
struct EvictionPolicy {
  // A collator that has not advertised anything accepted for this long.
  std::chrono::milliseconds inactive_collator{24'000};
  // A peer that has not declared for this long after connecting.
  std::chrono::milliseconds undeclared{1'000};
};

// Fetch an advertised collation from the collator that advertised it (`/req_collation/2`, with
// protocol::kPovRequestTimeout); answer with on_collation_fetched or on_fetch_failed.
struct FetchCollation {
  RequestId id = 0;
  network::PeerId peer;
  protocol::CollationFetchingRequest request;
};

// Drop a fetch still in flight (its relay parent left our view, or it timed out here); a late
// answer to it is ignored.
struct CancelFetch {
  RequestId id = 0;
};

// A fetched collation for CandidateBacking::second at its relay parent, from `peer`; answer with
// on_seconded, on_invalid or on_not_seconded.
struct Second {
  Hash256 relay_parent{};
  CandidateReceipt receipt;
  PoV pov;
  network::PeerId peer;
};

using ValidatorOutput =
    std::variant<FetchCollation, CancelFetch, Second, SendMessage, Report, Disconnect>;

// Why a fetch failed (the request-response outcome), and what it costs the collator as
// handle_collation_fetch_response charges it.
enum class FetchFailure : uint8_t {
  kTimeout,          // no cost (polkadot issue 4617)
  kNetworkError,     // refused, connection lost: kCostNetworkError
  kInvalidResponse,  // the answer does not decode: kCostCorruptedMessage
  kCancelled,        // we dropped it: no cost
};

// Answers to the validator side that name nothing it waits for: a bug in the caller or a late
// answer (for a relay parent that left the view).
enum class ValidatorSideError : uint8_t {
  kUnknownRequest,     // no fetch in flight with this id
  kUnknownCandidate,   // no collation handed to backing with this relay parent and hash
  kStatementMismatch,  // not a Seconded statement of that candidate
};
const char* to_string(ValidatorSideError error);

class ValidatorSide {
 public:
  explicit ValidatorSide(EvictionPolicy eviction = {});

  // ---- the collation peer set ----
  std::vector<ValidatorOutput> on_peer_connected(const network::PeerId& peer, TimePoint now);
  // Forgets the peer and the adverts of it still queued; a fetch in flight from it fails on its
  // own (on_fetch_failed).
  void on_peer_disconnected(const network::PeerId& peer);
  // Any message of the protocol: dispatches to on_declare and on_advertisement; a
  // CollationSeconded is not for validators (kCostUnexpectedMessage).
  std::vector<ValidatorOutput> on_message(const network::PeerId& peer,
                                          const protocol::CollatorProtocolMessage& message,
                                          TimePoint now);
  std::vector<ValidatorOutput> on_declare(const network::PeerId& peer,
                                          const protocol::Declare& declare, TimePoint now);
  std::vector<ValidatorOutput> on_advertisement(const network::PeerId& peer,
                                                const protocol::AdvertiseCollation& advert,
                                                TimePoint now);

  // ---- our leaves ----
  // We back at `relay_parent` (an active leaf) for the paras of our group's core's claim queue
  // there, in order; empty: we back nothing there (not a validator, no core). A leaf already
  // known keeps its adverts and fetches. Collators whose para is on no leaf's queue any more are
  // disconnected, so add new leaves before removing old ones.
  std::vector<ValidatorOutput> set_assignments(const Hash256& relay_parent,
                                               std::vector<ParaId> claim_queue);
  // The leaf left our view: its adverts and fetches are dropped (fetches in flight cancelled).
  std::vector<ValidatorOutput> remove_leaf(const Hash256& relay_parent);

  // ---- fetch outcomes ----
  // The collator's answer: it must be the advertised candidate (para, relay parent, hash), its
  // PoV the descriptor's, and a parent head sent along the advertised one; else the collator is
  // charged and the next advert is fetched.
  Result<std::vector<ValidatorOutput>, ValidatorSideError> on_collation_fetched(
      RequestId id, CandidateReceipt receipt, PoV pov, std::optional<HeadData> parent_head_data,
      TimePoint now);
  Result<std::vector<ValidatorOutput>, ValidatorSideError> on_collation_fetched(
      RequestId id, protocol::CollationFetchingResponse response, TimePoint now);
  Result<std::vector<ValidatorOutput>, ValidatorSideError> on_fetch_failed(RequestId id,
                                                                           FetchFailure reason,
                                                                           TimePoint now);

  // ---- backing's verdicts ----
  // Backing seconded the collation (its backing::CollationSeconded): the collator hears
  // CollationSeconded and gains kBenefitNotifyGood; nothing more is fetched at the relay parent.
  Result<std::vector<ValidatorOutput>, ValidatorSideError> on_seconded(
      const Hash256& relay_parent, const Hash256& candidate_hash,
      const protocol::UncheckedSignedFullStatement& statement);
  // Backing found it invalid (backing::CollationInvalid): kCostReportBad, next advert.
  Result<std::vector<ValidatorOutput>, ValidatorSideError> on_invalid(const Hash256& relay_parent,
                                                                      const Hash256& candidate_hash,
                                                                      TimePoint now);
  // Backing refused to second it (CandidateBacking::second failed) or could not judge it
  // (validation kError): nobody is charged, next advert.
  Result<std::vector<ValidatorOutput>, ValidatorSideError> on_not_seconded(
      const Hash256& relay_parent, const Hash256& candidate_hash, TimePoint now);

  // Fetches older than protocol::kPovRequestTimeout are given up (no cost, next advert); peers
  // evicted by the policy are disconnected.
  std::vector<ValidatorOutput> tick(TimePoint now);

  // ---- inspection (tests, logs) ----
  bool is_declared(const network::PeerId& peer) const;
  bool has_seconded(const Hash256& relay_parent) const;
  size_t queued_adverts(const Hash256& relay_parent) const;
  std::optional<RequestId> fetching(const Hash256& relay_parent) const;

 private:
  // An accepted advert, as queued and fetched (polkadot-sdk's PendingCollation).
  struct Advert {
    network::PeerId peer;
    protocol::CollatorId collator{};
    ParaId para_id = 0;
    Hash256 relay_parent{};
    Hash256 candidate_hash{};
    Hash256 parent_head_data_hash{};
  };
  struct Collating {
    protocol::CollatorId collator{};
    ParaId para_id = 0;
    std::map<Hash256, std::set<Hash256>> advertised;  // relay parent → candidate hashes
  };
  struct Peer {
    TimePoint last_active{};  // connection, then declaration and each accepted advert
    std::optional<Collating> collating;
    bool disconnecting = false;
  };
  enum class Status : uint8_t { kWaiting, kFetching, kWaitingOnValidation, kSeconded };
  struct Leaf {
    std::vector<ParaId> claim_queue;
    Status status = Status::kWaiting;
    std::deque<Advert> queue;
    std::optional<RequestId> fetch;
  };
  struct Fetch {
    Advert advert;
    TimePoint started{};
  };

  // Fetches the next queued advert at a relay parent that is still valid, if the relay parent is
  // waiting for one.
  void fetch_next(const Hash256& relay_parent, TimePoint now, std::vector<ValidatorOutput>& out);
  // The fetch ended without a collation for backing: the relay parent waits again.
  void fetch_ended(RequestId id, TimePoint now, std::vector<ValidatorOutput>& out);
  bool para_assigned(ParaId para) const;
  void disconnect(const network::PeerId& peer, std::vector<ValidatorOutput>& out);
  void disconnect_unneeded(std::vector<ValidatorOutput>& out);
  std::optional<network::PeerId> peer_of(const protocol::CollatorId& collator) const;

  EvictionPolicy eviction_;
  std::map<network::PeerId, Peer> peers_;
  std::map<Hash256, Leaf> leaves_;
  std::map<RequestId, Fetch> fetches_;
  // Collations handed to backing, by (relay parent, candidate hash).
  std::map<std::pair<Hash256, Hash256>, Advert> seconding_;
  RequestId next_request_id_ = 1;
};

}  // namespace canary::parachain::collator_protocol
