// The justifications block sync fetches on request (sc-network-sync justification_requests.rs,
// formerly extra_requests.rs `ExtraRequests`): a block imported without the justification its
// import needs (a GRANDPA authority set change), or one GRANDPA asks for. Each request goes to
// one available peer whose best block is at least the block's number; a peer that answered
// without a justification is not asked the same again for 10 s (EXTRA_RETRY_WAIT); a peer that
// leaves puts its request back in front.
//
// Simplified: Substrate keeps the requests in a ForkTree and asks only for its roots (the lowest
// pending block of each fork), pruning by ancestry on finality. Sync has no ancestry query here,
// so every pending request is asked for, in order, and finality of block #n drops the requests at
// or below n. The requests are bounded (kMaxRequests); more are ignored until some complete.
#pragma once

#include <chrono>
#include <compare>
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "network/libp2p/peer_id.hpp"
#include "primitives/block/header.hpp"

namespace canary::network {

struct JustificationRequest {
  block::BlockHash hash{};
  block::BlockNumber number = 0;

  auto operator<=>(const JustificationRequest&) const = default;
  bool operator==(const JustificationRequest&) const = default;
};

class JustificationRequests {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  static constexpr size_t kMaxRequests = 256;
  static constexpr std::chrono::seconds kRetryWait{10};  // EXTRA_RETRY_WAIT

  struct Candidate {
    PeerId peer;
    block::BlockNumber best_number = 0;
  };

  // Adds a request unless it is known, finalized already, or the bound is reached.
  void schedule(const JustificationRequest& request);
  void reset();

  // Pairs the pending requests with `candidates` (available peers, each used at most once), in
  // request order; the pairs become active.
  std::vector<std::pair<PeerId, JustificationRequest>> match(
      const std::vector<Candidate>& candidates, TimePoint now);

  // Forgets the failures older than kRetryWait (their peers may be asked again).
  void expire(TimePoint now);

  // The peer's active request, if any (what its answer is about).
  std::optional<JustificationRequest> active_request(const PeerId& peer) const;

  // `peer` answered its active request: with justifications the request moves to import and is
  // returned; without, it is pending again and this peer is not asked for it before kRetryWait.
  std::optional<JustificationRequest> on_response(const PeerId& peer, bool has_justifications,
                                                  TimePoint now);
  void peer_disconnected(const PeerId& peer);

  // The node imported (or refused) a justification we handed over.
  void on_import(const JustificationRequest& request, bool success);
  void on_block_finalized(block::BlockNumber number);

  size_t size() const { return pending_.size() + active_.size() + importing_.size(); }
  size_t pending_count() const { return pending_.size(); }
  // When a pending request may be retried with a peer that failed it (after expire(now), always
  // later than now).
  std::optional<TimePoint> next_retry() const;

 private:
  bool tracked(const JustificationRequest& request) const;
  void prune_finalized();

  std::deque<JustificationRequest> pending_;
  std::map<PeerId, JustificationRequest> active_;
  std::map<JustificationRequest, std::vector<std::pair<PeerId, TimePoint>>> failed_;
  std::set<JustificationRequest> importing_;
  block::BlockNumber finalized_ = 0;
};

}  // namespace canary::network
