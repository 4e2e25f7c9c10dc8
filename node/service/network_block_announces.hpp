// NetworkService's `/block-announces/1` bridge: handshakes checked against our genesis, peers'
// best blocks and announcements recorded and handed to block sync on the worker.
#pragma once

#include "node/service/network_service_impl.hpp"

namespace canary::node {

class NetworkService::Impl::BlockAnnounces final : public network::NotificationsListener {
 public:
  explicit BlockAnnounces(Impl& impl) : impl_(impl) {}

  bool accept_handshake(const network::PeerId& peer, ByteSpan bytes) override;

  void on_open(const network::PeerId& peer, const std::string& protocol, ByteSpan bytes) override;

  void on_notification(const network::PeerId& peer, ByteSpan message) override;

  void on_closed(const network::PeerId& peer, const std::string& why) override;

 private:
  Impl& impl_;
};

}  // namespace canary::node
