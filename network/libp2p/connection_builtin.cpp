// The protocols every connection runs itself (connection.hpp): identify (our request once the
// connection is up, answers to the peer's requests, the peer's pushes) and ping (ours on one
// substream every ping_interval, the peer's echoed). Members of Connection, kept apart from the
// upgrade (connection_upgrade.cpp) and the substream machinery (connection.cpp).
#include <string>
#include <utility>

#include "network/libp2p/connection.hpp"

namespace canary::network {

// ---- identify ------------------------------------------------------------------------------

void Connection::request_identify() {
  auto opened = open_yamux_stream(Kind::kIdentifyRequest, {std::string(kIdentifyProtocol)});
  if (!opened) {
    diagnostic(std::string("cannot open an identify substream: ") + to_string(opened.error()));
    return;
  }
  Substream& s = substreams_.at(*opened);
  s.reader.emplace(kMaxIdentifyMessageSize);
  s.deadline = now_ + config_.timeouts.identify;
}

void Connection::answer_identify(SubstreamId id) {
  IdentifyInfo info;
  info.protocol_version = local_->protocol_version;
  info.agent_version = local_->agent_version;
  info.public_key = encode_ed25519_public_key(config_.identity.public_key);
  info.listen_addresses = local_->listen_addresses;
  if (!config_.remote_address.empty()) info.observed_address = config_.remote_address;
  info.protocols = inbound_protocols();
  Bytes message;
  append_length_prefixed(message, encode_identify(info));
  if (!write_control(id, message)) {
    reset_builtin(id, "no room for the identify answer");
    return;
  }
  close_builtin(id);
}

void Connection::on_identify_message(Bytes message, bool push) {
  auto decoded = decode_identify(message);
  if (!decoded) {
    diagnostic(std::string(push ? "identify push: " : "identify: ") + to_string(decoded.error()));
    return;
  }
  const std::optional<PeerId>& claimed = decoded->peer_id;
  if (claimed && remote_peer_ && *claimed != *remote_peer_) {
    diagnostic("identify: the public key is not the connection's peer's; ignored");
    return;
  }
  if (push && remote_info_) {
    // A push carries what changed; missing fields keep their values.
    IdentifyInfo& info = *remote_info_;
    if (decoded->protocol_version) info.protocol_version = decoded->protocol_version;
    if (decoded->agent_version) info.agent_version = decoded->agent_version;
    if (!decoded->public_key.empty()) {
      info.public_key = decoded->public_key;
      info.peer_id = decoded->peer_id;
    }
    if (!decoded->listen_addresses.empty()) info.listen_addresses = decoded->listen_addresses;
    if (decoded->observed_address) info.observed_address = decoded->observed_address;
    if (!decoded->protocols.empty()) info.protocols = decoded->protocols;
  } else {
    remote_info_ = std::move(*decoded);
  }
  ConnectionEvent event;
  event.type = ConnectionEventType::kIdentified;
  event.identify = remote_info_;
  event.identify_push = push;
  events_.push_back(std::move(event));
}

// ---- ping ----------------------------------------------------------------------------------

Result<void, ConnectionError> Connection::send_ping() {
  if (!ping_stream_) {
    auto opened = open_yamux_stream(Kind::kPingOut, {std::string(kPingProtocol)});
    if (!opened) {
      diagnostic(std::string("cannot open a ping substream: ") + to_string(opened.error()));
      next_ping_ = now_ + config_.timeouts.ping_interval;
      return {};
    }
    ping_stream_ = *opened;
  }
  PingPayload payload{};
  random_(payload);
  const Bytes bytes = ping_.start(payload, now_);
  if (!write_control(*ping_stream_, bytes)) {
    const SubstreamId id = *ping_stream_;
    reset_builtin(id, "no room for a ping");
    return {};
  }
  if (auto it = substreams_.find(*ping_stream_); it != substreams_.end()) {
    it->second.deadline = now_ + config_.timeouts.ping_timeout;
  }
  return {};
}

Result<void, ConnectionError> Connection::on_ping_echo(SubstreamId id, ByteSpan data) {
  auto rtt = ping_.feed(data, now_);
  if (!rtt) return fail({ConnectionErrorKind::kPingFailed, static_cast<uint8_t>(rtt.error())});
  const std::optional<PingInitiator::Duration> measured = *rtt;
  if (!measured) return {};
  if (auto it = substreams_.find(id); it != substreams_.end())
    it->second.deadline = TimePoint::max();
  next_ping_ = now_ + config_.timeouts.ping_interval;
  ConnectionEvent event;
  event.type = ConnectionEventType::kPingSucceeded;
  event.rtt = *measured;
  events_.push_back(std::move(event));
  return {};
}

}  // namespace canary::network
