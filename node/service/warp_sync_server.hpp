// `/<genesis>/sync/warp` served by the node (sc-network-sync warp_request_handler.rs with
// sc-consensus-grandpa's NetworkProvider): GRANDPA warp sync proofs from the node's chain, for
// light clients (smoldot) and warp-syncing full nodes.
//
//  - ChainWarpProofSource: network::WarpProofSource over blockchain::Chain and GRANDPA's records
//    in the aux column (grandpa_aux_keys.hpp): the tracker's authority_set_changes() and the best
//    justification. A database written before the best justification was kept has none until the
//    next finality; meanwhile the finalized block's own stored justification stands in (GRANDPA
//    stores one with every block it finalizes).
//  - WarpSyncServer: decodes requests on the caller's thread (the host's I/O thread), builds the
//    proofs (network/protocols/warp_sync_handler.hpp) on its own worker thread, so that neither
//    the I/O thread nor block sync's worker waits on the disk reads of a proof of up to 8 MiB.
//    At most 20 requests wait (sc-network-sync MAX_WARP_REQUEST_QUEUE); beyond that, and for
//    requests that do not decode or that the chain cannot answer, the substream is reset, as
//    Substrate drops the request.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>

#include "blockchain/chain.hpp"
#include "network/host/request_response.hpp"
#include "network/libp2p/peer_id.hpp"
#include "network/protocols/warp_proof_source.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node {

class ChainWarpProofSource final : public network::WarpProofSource {
 public:
  explicit ChainWarpProofSource(const blockchain::Chain& chain) : chain_(chain) {}

  Result<std::optional<block::BlockNumber>, network::WarpProofSourceError> block_number(
      const block::BlockHash& hash) const override;
  block::BlockNumber finalized_number() const override;
  Result<std::optional<block::BlockHash>, network::WarpProofSourceError> finalized_hash(
      block::BlockNumber number) const override;
  Result<std::optional<block::Header>, network::WarpProofSourceError> header(
      const block::BlockHash& hash) const override;
  Result<std::optional<Bytes>, network::WarpProofSourceError> grandpa_justification(
      const block::BlockHash& hash) const override;
  Result<network::AuthoritySetChanges, network::WarpProofSourceError> authority_set_changes()
      const override;
  Result<std::optional<Bytes>, network::WarpProofSourceError> best_justification() const override;

 private:
  const blockchain::Chain& chain_;
};

class WarpSyncServer {
 public:
  // sc-network-sync warp_request_handler.rs MAX_WARP_REQUEST_QUEUE.
  static constexpr size_t kMaxQueuedRequests = 20;

  // Starts the worker thread.
  explicit WarpSyncServer(const blockchain::Chain& chain);
  ~WarpSyncServer();
  WarpSyncServer(const WarpSyncServer&) = delete;
  WarpSyncServer& operator=(const WarpSyncServer&) = delete;

  // A request-response handler's work (any thread): `respond` is called exactly once, from the
  // worker with the encoded proof, or with nullopt (refused) from here or the worker.
  void serve(const network::PeerId& peer, Bytes request, network::Responder respond);

  // Refuses what waits and joins the worker; idempotent. Later requests are refused.
  void stop();

 private:
  struct Task {
    network::PeerId peer;
    block::BlockHash begin{};
    network::Responder respond;
  };
  void run();
  void answer(const Task& task) const;

  const blockchain::Chain& chain_;
  Mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task> queue_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::thread worker_;
};

}  // namespace canary::node
