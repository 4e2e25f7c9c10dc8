// NetworkService's `/transactions/1` bridge: received transactions submitted to the pool on the
// worker (at most kMaxPendingTransactions waiting), and the pool propagated to peers
// (Impl::propagate_transactions, defined with it).
#pragma once

#include "node/service/network_service_impl.hpp"

namespace canary::node {

class NetworkService::Impl::Transactions final : public RolesHandshakeListener {
 public:
  explicit Transactions(Impl& impl) : impl_(impl) {}

  void on_open(const network::PeerId& peer, const std::string& protocol,
               ByteSpan handshake) override;

  void on_notification(const network::PeerId& peer, ByteSpan message) override;

  void on_closed(const network::PeerId& peer, const std::string& why) override;

 private:
  Impl& impl_;
};

}  // namespace canary::node
