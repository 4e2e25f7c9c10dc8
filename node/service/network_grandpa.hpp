// NetworkService's `/grandpa/1` bridge: the notifications protocol on one side, GrandpaService's
// gossip on the other (GrandpaGossipSink).
#pragma once

#include "node/service/network_service_impl.hpp"

namespace canary::node {

// The notifications protocol on one side, GrandpaService (its gossip validator and voter) on the
// other: what peers send is handed to the worker in order; what GRANDPA sends is queued on the
// protocol (GrandpaGossipSink runs under GrandpaService's lock and must not block).
class NetworkService::Impl::Grandpa final : public RolesHandshakeListener,
                                            public GrandpaGossipSink {
 public:
  explicit Grandpa(Impl& impl) : impl_(impl) {}

  void on_open(const network::PeerId& peer, const std::string& protocol,
               ByteSpan handshake) override;

  void on_notification(const network::PeerId& peer, ByteSpan message) override;

  void on_closed(const network::PeerId& peer, const std::string& why) override;

  // GrandpaGossipSink.
  void send(const consensus::grandpa::PeerKey& key, Bytes message) override;

  void report(const consensus::grandpa::PeerKey& key,
              consensus::grandpa::ReputationChange change) override;

 private:
  Impl& impl_;
};

}  // namespace canary::node
