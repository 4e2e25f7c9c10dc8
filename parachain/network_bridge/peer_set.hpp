// One parachain peer set (polkadot-sdk's network bridge, `polkadot/node/network/bridge/src/rx`
// and `tx`; parachain-facts §3.1), sans-IO: the peers the set's notifications protocol is open
// with, each one's roles and View; our own View, sent to every peer when the substream opens and
// again whenever our leaves change; and the peers' notifications decoded into View changes and
// protocol messages for the subsystems. The caller sends the bytes it returns and charges peers
// for what it refuses.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <variant>
#include <vector>

#include "network/libp2p/peer_id.hpp"
#include "network/protocols/roles.hpp"
#include "parachain/protocol/collation_protocol.hpp"
#include "parachain/protocol/validation_protocol.hpp"
#include "parachain/protocol/wire_error.hpp"
#include "parachain/protocol/wire_message.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain {

struct Outgoing {
  network::PeerId peer;
  Bytes bytes;
};

// Why a peer's notification was refused (polkadot-sdk's bridge costs: "Malformed
// Network-bridge message", "Malformed view").
enum class PeerSetError : uint8_t {
  kUnknownPeer,   // a notification from a peer the set is not open with
  kMalformed,     // the bytes are not a message of the protocol (or one Canary lacks)
  kMalformedView  // more than kMaxViewHeads heads
};
const char* to_string(PeerSetError error);

template <class Protocol>
struct PeerSetCodec;

template <>
struct PeerSetCodec<protocol::ValidationProtocol> {
  static Result<protocol::ValidationWireMessage, protocol::WireError> decode(ByteSpan bytes) {
    return protocol::decode_validation_message(bytes);
  }
  static Result<Bytes, protocol::WireError> encode(const protocol::ValidationWireMessage& m) {
    return protocol::encode_validation_message(m);
  }
};

template <>
struct PeerSetCodec<protocol::CollationProtocol> {
  static Result<protocol::CollationWireMessage, protocol::WireError> decode(ByteSpan bytes) {
    return protocol::decode_collation_message(bytes);
  }
  static Result<Bytes, protocol::WireError> encode(const protocol::CollationWireMessage& m) {
    return protocol::encode_collation_message(m);
  }
};

template <class Protocol>
class PeerSet {
 public:
  using Codec = PeerSetCodec<Protocol>;
  using WireMessage = protocol::WireMessage<Protocol>;

  struct ViewChange {
    network::PeerId peer;
    protocol::View view;
  };
  struct Message {
    network::PeerId peer;
    Protocol message;
  };
  using Event = std::variant<ViewChange, Message>;

  struct Peer {
    network::Roles roles;
    protocol::View view;
  };

  // The set opened with a peer: our View goes first (bridge `handle_peer_connected`).
  std::vector<Outgoing> connected(const network::PeerId& peer, network::Roles roles) {
    peers_[peer] = Peer{roles, {}};
    return view_to({peer});
  }

  void disconnected(const network::PeerId& peer) { peers_.erase(peer); }

  Result<std::optional<Event>, PeerSetError> on_notification(const network::PeerId& peer,
                                                             ByteSpan bytes) {
    auto it = peers_.find(peer);
    if (it == peers_.end()) return unexpected(PeerSetError::kUnknownPeer);
    auto decoded = Codec::decode(bytes);
    if (!decoded) return unexpected(PeerSetError::kMalformed);
    if (auto* update = std::get_if<protocol::ViewUpdate>(&*decoded)) {
      if (update->view.heads.size() > protocol::kMaxViewHeads) {
        return unexpected(PeerSetError::kMalformedView);
      }
      // The bridge sorts nothing: a view arrives as the peer sent it; compare it sorted.
      protocol::View view =
          protocol::make_view(std::move(update->view.heads), update->view.finalized_number);
      if (view == it->second.view) return std::optional<Event>{};
      it->second.view = view;
      return std::optional<Event>{ViewChange{peer, std::move(view)}};
    }
    auto& message = std::get<protocol::ProtocolMessage<Protocol>>(*decoded);
    return std::optional<Event>{Message{peer, std::move(message.message)}};
  }

  // Our leaves changed: every peer hears our new View (nothing when it is the same).
  std::vector<Outgoing> set_view(protocol::View view) {
    view = protocol::make_view(std::move(view.heads), view.finalized_number);
    if (view.heads.size() > protocol::kMaxViewHeads) {
      view.heads.erase(view.heads.begin() + protocol::kMaxViewHeads, view.heads.end());
    }
    if (view == view_) return {};
    view_ = std::move(view);
    std::vector<network::PeerId> all;
    for (const auto& [peer, state] : peers_) all.push_back(peer);
    return view_to(all);
  }

  // One message to several peers, encoded once; nothing when it cannot be encoded.
  std::vector<Outgoing> send(const std::vector<network::PeerId>& to, Protocol message) const {
    auto bytes =
        Codec::encode(WireMessage{protocol::ProtocolMessage<Protocol>{std::move(message)}});
    std::vector<Outgoing> out;
    if (!bytes) return out;
    for (const network::PeerId& peer : to) {
      if (peers_.contains(peer)) out.push_back(Outgoing{peer, *bytes});
    }
    return out;
  }

  const protocol::View& our_view() const { return view_; }
  const Peer* peer(const network::PeerId& peer) const {
    auto it = peers_.find(peer);
    return it == peers_.end() ? nullptr : &it->second;
  }
  std::vector<network::PeerId> peers() const {
    std::vector<network::PeerId> out;
    for (const auto& [peer, state] : peers_) out.push_back(peer);
    return out;
  }
  // The peers whose View has `head` (gossip goes to them only).
  std::vector<network::PeerId> peers_with(const Hash256& head) const {
    std::vector<network::PeerId> out;
    for (const auto& [peer, state] : peers_) {
      if (std::ranges::binary_search(state.view.heads, head)) out.push_back(peer);
    }
    return out;
  }
  size_t size() const { return peers_.size(); }

 private:
  std::vector<Outgoing> view_to(const std::vector<network::PeerId>& to) const {
    auto bytes = Codec::encode(WireMessage{protocol::ViewUpdate{view_}});
    std::vector<Outgoing> out;
    if (!bytes) return out;
    for (const network::PeerId& peer : to) out.push_back(Outgoing{peer, *bytes});
    return out;
  }

  std::map<network::PeerId, Peer> peers_;
  protocol::View view_;
};

using ValidationPeerSet = PeerSet<protocol::ValidationProtocol>;
using CollationPeerSet = PeerSet<protocol::CollationProtocol>;

}  // namespace canary::parachain
