#include "network/libp2p/connection.hpp"

#include <algorithm>
#include <utility>

namespace canary::network {

namespace {

// A partly drained output buffer is compacted once the sent prefix is large and most of it.
constexpr size_t kCompactOutputAfter = 64 * 1024;

const char* yamux_error_text(YamuxProtocolError e) {
  switch (e) {
    case YamuxProtocolError::kBadVersion:
      return "Yamux frame with an unknown version";
    case YamuxProtocolError::kBadFrameType:
      return "Yamux frame of an unknown type";
    case YamuxProtocolError::kWrongStreamParity:
      return "Yamux stream opened with one of our ids";
    case YamuxProtocolError::kDuplicateSyn:
      return "Yamux stream opened twice";
    case YamuxProtocolError::kSynWithAck:
      return "Yamux SYN and ACK on one frame";
    case YamuxProtocolError::kUnknownStream:
      return "Yamux frame for a stream never opened";
    case YamuxProtocolError::kReceiveWindowExceeded:
      return "Yamux data beyond the window";
    case YamuxProtocolError::kSendWindowOverflow:
      return "Yamux window over 2^32";
    case YamuxProtocolError::kDataAfterFin:
      return "Yamux data after FIN";
    case YamuxProtocolError::kOutputOverflow:
      return "the peer does not read what it asks for";
  }
  return "Yamux protocol error";
}

SubstreamError from_yamux(YamuxRequestError e) {
  switch (e) {
    case YamuxRequestError::kSessionFailed:
      return SubstreamError::kConnectionClosed;
    case YamuxRequestError::kUnknownStream:
      return SubstreamError::kUnknownSubstream;
    case YamuxRequestError::kClosedForWriting:
      return SubstreamError::kClosedForWriting;
    case YamuxRequestError::kTooManyStreams:
    case YamuxRequestError::kStreamIdsExhausted:
    case YamuxRequestError::kTooManyPings:
      return SubstreamError::kTooManySubstreams;
    case YamuxRequestError::kGoingAway:
      return SubstreamError::kConnectionClosed;
    case YamuxRequestError::kGoAwayReceived:
      return SubstreamError::kGoAway;
  }
  return SubstreamError::kConnectionClosed;
}

bool is_builtin(std::string_view protocol) {
  return protocol == kIdentifyProtocol || protocol == kIdentifyPushProtocol ||
         protocol == kPingProtocol;
}

}  // namespace

std::string ConnectionError::message() const {
  switch (kind) {
    case ConnectionErrorKind::kSecurityNegotiation:
      return std::string("negotiating /noise: ") + to_string(static_cast<MultistreamError>(detail));
    case ConnectionErrorKind::kNoise:
      return "Noise: " + std::string(to_string(static_cast<NoiseError>(detail)));
    case ConnectionErrorKind::kPeerIdMismatch:
      return "the peer is not the one dialed (another PeerId answered)";
    case ConnectionErrorKind::kMuxerNegotiation:
      return std::string("negotiating /yamux/1.0.0: ") +
             to_string(static_cast<MultistreamError>(detail));
    case ConnectionErrorKind::kYamux:
      return yamux_error_text(static_cast<YamuxProtocolError>(detail));
    case ConnectionErrorKind::kHandshakeTimeout:
      return "connection upgrade timed out";
    case ConnectionErrorKind::kPingFailed:
      return "ping failed (no echo in time, or a wrong one)";
  }
  return "connection error";
}

const char* to_string(SubstreamError e) {
  switch (e) {
    case SubstreamError::kNotEstablished:
      return "connection not established";
    case SubstreamError::kConnectionClosed:
      return "connection closed";
    case SubstreamError::kUnknownSubstream:
      return "unknown substream";
    case SubstreamError::kInvalidProtocols:
      return "invalid protocol names";
    case SubstreamError::kClosedForWriting:
      return "substream closed for writing";
    case SubstreamError::kTooManySubstreams:
      return "too many substreams";
    case SubstreamError::kGoAway:
      return "the peer takes no new substreams";
  }
  return "substream error";
}

Connection::Connection(ConnectionConfig config, std::shared_ptr<const LocalNodeInfo> local,
                       RandomSource random)
    : config_(std::move(config)), local_(std::move(local)), random_(std::move(random)) {}

Connection::~Connection() = default;

YamuxSession& Connection::yamux() {
  if (!yamux_) contract_violation();
  return *yamux_;
}

NoiseTransport& Connection::transport() {
  if (!transport_) contract_violation();
  return *transport_;
}

void Connection::start(TimePoint now) {
  if (started_) return;
  started_ = true;
  now_ = now;
  handshake_deadline_ = now + config_.timeouts.handshake;
  upgrade_.emplace(config_, random_);
  upgrade_->start(out_);
}

Result<void, ConnectionError> Connection::fail(ConnectionError error) {
  if (!failure_) failure_ = error;
  phase_ = ConnectionPhase::kClosed;
  substreams_.clear();
  return unexpected(*failure_);
}

void Connection::append_raw(ByteSpan bytes) {
  out_.insert(out_.end(), bytes.begin(), bytes.end());
}

Result<void, ConnectionError> Connection::encrypt(ByteSpan plaintext) {
  if (plaintext.empty()) return {};
  if (auto done = transport().encrypt(plaintext, out_); !done) {
    return fail({ConnectionErrorKind::kNoise, static_cast<uint8_t>(done.error())});
  }
  return {};
}

Result<void, ConnectionError> Connection::feed(ByteSpan received, TimePoint now) {
  if (failure_) return unexpected(*failure_);
  if (phase_ == ConnectionPhase::kClosed || !started_) return {};
  now_ = now;
  if (upgrade_) return feed_upgrade(received);
  return feed_encrypted(received);
}

Result<void, ConnectionError> Connection::feed_upgrade(ByteSpan received) {
  auto fed = upgrade_->feed(received, out_);
  phase_ = upgrade_->phase();
  remote_peer_ = upgrade_->remote_peer();
  if (!fed) return fail(fed.error());
  if (!upgrade_->is_complete()) return {};
  ConnectionUpgrade::Upgraded upgraded = upgrade_->take_result();
  upgrade_.reset();
  transport_.emplace(std::move(upgraded.transport));
  return establish(std::move(upgraded.first_plaintext));
}

Result<void, ConnectionError> Connection::feed_encrypted(ByteSpan received) {
  plain_.clear();
  if (auto decrypted = transport().decrypt(received, plain_); !decrypted) {
    return fail({ConnectionErrorKind::kNoise, static_cast<uint8_t>(decrypted.error())});
  }
  if (plain_.empty()) return settle();
  if (auto fed = yamux().feed(plain_, now_); !fed) {
    (void)pump();  // the GoAway that tells the peer why
    return fail({ConnectionErrorKind::kYamux, static_cast<uint8_t>(fed.error())});
  }
  return settle();
}

// ---- the established connection -----------------------------------------------------------

Result<void, ConnectionError> Connection::establish(Bytes first_bytes) {
  yamux_.emplace(
      config_.role == ConnectionRole::kDialer ? YamuxRole::kDialer : YamuxRole::kListener,
      config_.yamux);
  phase_ = ConnectionPhase::kEstablished;
  handshake_deadline_ = TimePoint::max();
  emit(ConnectionEventType::kEstablished);
  request_identify();
  next_ping_ = now_;  // the first ping right away, as rust-libp2p
  if (!first_bytes.empty()) {
    if (auto fed = yamux().feed(first_bytes, now_); !fed) {
      (void)pump();
      return fail({ConnectionErrorKind::kYamux, static_cast<uint8_t>(fed.error())});
    }
  }
  return settle();
}

// ---- timers and output ---------------------------------------------------------------------

std::optional<Connection::TimePoint> Connection::next_wake() const {
  if (failure_ || phase_ == ConnectionPhase::kClosed || !started_) return std::nullopt;
  TimePoint wake = handshake_deadline_;
  if (phase_ == ConnectionPhase::kEstablished && ping_supported_ && !ping_.outstanding()) {
    wake = std::min(wake, next_ping_);
  }
  for (const auto& [id, s] : substreams_) wake = std::min(wake, s.deadline);
  if (wake == TimePoint::max()) return std::nullopt;
  return wake;
}

Result<void, ConnectionError> Connection::tick(TimePoint now) {
  if (failure_) return unexpected(*failure_);
  if (phase_ == ConnectionPhase::kClosed || !started_) return {};
  now_ = now;
  if (now >= handshake_deadline_) return fail({ConnectionErrorKind::kHandshakeTimeout, 0});
  if (phase_ != ConnectionPhase::kEstablished) return {};

  std::vector<SubstreamId> expired;
  for (const auto& [id, s] : substreams_) {
    if (s.deadline <= now) expired.push_back(id);
  }
  for (SubstreamId id : expired) {
    auto it = substreams_.find(id);
    if (it == substreams_.end()) continue;
    Substream& s = it->second;
    switch (s.kind) {
      case Kind::kPingOut:
        if (ping_.outstanding()) return fail({ConnectionErrorKind::kPingFailed, 0});
        // Only a negotiation may time out here: the ping goes on a new substream next time.
        reset_builtin(id, "ping substream negotiation timed out");
        break;
      case Kind::kApp:
        if (s.dialer) {
          (void)yamux().reset(id);
          ConnectionEvent event;
          event.type = ConnectionEventType::kOutboundRefused;
          event.substream = id;
          event.protocol = s.dialer->protocol();
          event.detail = "negotiation timed out";
          substreams_.erase(it);
          events_.push_back(std::move(event));
        } else {
          s.deadline = TimePoint::max();
        }
        break;
      case Kind::kNegotiatingInbound:
        reset_builtin(id, "inbound substream negotiation timed out");
        break;
      case Kind::kIdentifyRequest:
        reset_builtin(id, "identify request timed out");
        break;
      case Kind::kIdentifyPush:
      case Kind::kPingIn:
      case Kind::kDone:
        reset_builtin(id, "");
        break;
    }
  }
  if (ping_supported_ && !ping_.outstanding() && now >= next_ping_) {
    if (auto sent = send_ping(); !sent) return sent;
  }
  return settle();
}

void Connection::drain_output(size_t n) {
  out_head_ += std::min(n, out_.size() - out_head_);
  if (out_head_ == out_.size()) {
    out_.clear();
    out_head_ = 0;
  } else if (out_head_ >= kCompactOutputAfter && out_head_ * 2 >= out_.size()) {
    out_.erase(out_.begin(), out_.begin() + static_cast<ptrdiff_t>(out_head_));
    out_head_ = 0;
  }
  if (!failure_ && phase_ == ConnectionPhase::kEstablished) (void)settle();
}

void Connection::take_output(Bytes& buffer, size_t max_bytes) {
  const size_t pending = out_.size() - out_head_;
  if (out_head_ != 0 || pending > max_bytes) {
    const ByteSpan taken = pending_output().first(std::min(pending, max_bytes));
    buffer.assign(taken.begin(), taken.end());
    drain_output(taken.size());
    return;
  }
  buffer.clear();
  buffer.swap(out_);
  if (!failure_ && phase_ == ConnectionPhase::kEstablished) (void)settle();
}

void Connection::take_events(std::vector<ConnectionEvent>& out) {
  out.clear();
  out.swap(events_);
}

Result<void, ConnectionError> Connection::pump() {
  while (yamux_ && !yamux().pending_output().empty()) {
    const size_t waiting = out_.size() - out_head_;
    if (waiting >= config_.max_output_bytes) break;
    // Frames and all, the output stays within max_output_bytes (so that an adapter writing at most
    // that much takes all of it at once).
    const ByteSpan chunk = yamux().pending_output();
    const size_t room = config_.max_output_bytes - waiting;
    size_t n = std::min(chunk.size(), NoiseTransport::max_plaintext_within(room));
    // A cap smaller than a frame's overhead still lets one small frame out at a time.
    if (n == 0 && waiting == 0) n = std::min(chunk.size(), room);
    if (n == 0) break;
    if (auto sent = encrypt(chunk.first(n)); !sent) return sent;
    yamux().drain_output(n);  // may let queued stream data out, and report streams writable
  }
  return {};
}

Result<void, ConnectionError> Connection::settle() {
  if (!yamux_ || failure_) return {};
  for (;;) {
    if (auto pumped = pump(); !pumped) return pumped;
    // Handlers may make Yamux produce more events: they go to the session's own vector while this
    // batch is worked on. The two vectors trade places and keep their capacity.
    std::vector<YamuxEvent> batch;
    batch.swap(yamux_events_);
    yamux().take_events(batch);
    if (batch.empty()) {
      batch.swap(yamux_events_);
      break;
    }
    for (size_t i = 0; i < batch.size();) {
      if (const size_t run = app_data_run(batch, i); run > 0) {
        deliver_app_data(std::span<const YamuxEvent>(batch).subspan(i, run));
        i += run;
        continue;
      }
      if (auto handled = on_yamux_event(batch[i]); !handled) return handled;
      ++i;
    }
    batch.clear();
    batch.swap(yamux_events_);
  }
  // Substreams closed both ways whose FIN was still queued: gone once it went out.
  if (!lingering_.empty()) {
    std::vector<SubstreamId> ids;
    ids.swap(lingering_);
    for (SubstreamId id : ids) forget_if_gone(id);
  }
  return {};
}

// ---- substreams ----------------------------------------------------------------------------

void Connection::emit(ConnectionEventType type, SubstreamId id) {
  ConnectionEvent event;
  event.type = type;
  event.substream = id;
  events_.push_back(std::move(event));
}

void Connection::diagnostic(std::string detail) {
  if (detail.empty()) return;
  ConnectionEvent event;
  event.type = ConnectionEventType::kDiagnostic;
  event.detail = std::move(detail);
  events_.push_back(std::move(event));
}

std::vector<std::string> Connection::inbound_protocols() const {
  std::vector<std::string> protocols = {std::string(kIdentifyProtocol),
                                        std::string(kIdentifyPushProtocol),
                                        std::string(kPingProtocol)};
  for (const std::string& p : local_->protocols) {
    if (!is_builtin(p)) protocols.push_back(p);
  }
  return protocols;
}

Result<void, ConnectionError> Connection::on_yamux_event(const YamuxEvent& event) {
  const SubstreamId id = event.stream;
  switch (event.type) {
    case YamuxEventType::kStreamOpened: {
      Substream s;
      s.kind = Kind::kNegotiatingInbound;
      s.listener.emplace(inbound_protocols());
      s.deadline = now_ + config_.timeouts.negotiation;
      substreams_[id] = std::move(s);
      return {};
    }
    case YamuxEventType::kData: {
      auto handled = on_substream_data(id, event.data);
      yamux().consumed(id, event.data.size());
      return handled;
    }
    case YamuxEventType::kRemoteClosed:
      on_remote_closed(id);
      return {};
    case YamuxEventType::kStreamReset:
      on_reset(id);
      return {};
    case YamuxEventType::kWritable: {
      auto it = substreams_.find(id);
      if (it == substreams_.end() || it->second.kind != Kind::kApp) return {};
      const std::optional<MultistreamDialer>& dialer = it->second.dialer;
      if (!dialer || dialer->status() == NegotiationStatus::kOptimistic) {
        emit(ConnectionEventType::kWritable, id);
      }
      return {};
    }
    case YamuxEventType::kPong:
      return {};
    case YamuxEventType::kGoAway: {
      ConnectionEvent e;
      e.type = ConnectionEventType::kGoAway;
      e.detail = "code " + std::to_string(event.go_away_code);
      events_.push_back(std::move(e));
      return {};
    }
  }
  return {};
}

size_t Connection::app_data_run(const std::vector<YamuxEvent>& batch, size_t first) const {
  const YamuxEvent& head = batch[first];
  if (head.type != YamuxEventType::kData) return 0;
  auto it = substreams_.find(head.stream);
  if (it == substreams_.end()) return 0;
  const Substream& s = it->second;
  if (s.kind != Kind::kApp || s.listener || s.dialer) return 0;
  size_t end = first + 1;
  while (end < batch.size() && batch[end].type == YamuxEventType::kData &&
         batch[end].stream == head.stream) {
    ++end;
  }
  return end - first;
}

// Yamux reports each frame's payload (16 KiB from most peers) as an event; the node gets what one
// feed brought for a substream as one kData event, with one allocation and one window update.
void Connection::deliver_app_data(std::span<const YamuxEvent> run) {
  size_t total = 0;
  for (const YamuxEvent& e : run) total += e.data.size();
  const SubstreamId id = run.front().stream;
  if (total > 0) {
    ConnectionEvent event;
    event.type = ConnectionEventType::kData;
    event.substream = id;
    event.data.reserve(total);
    for (const YamuxEvent& e : run)
      event.data.insert(event.data.end(), e.data.begin(), e.data.end());
    events_.push_back(std::move(event));
  }
  yamux().consumed(id, total);
}

bool Connection::write_control(SubstreamId id, ByteSpan bytes) {
  if (bytes.empty()) return true;
  auto written = yamux().write(id, bytes);
  if (written && *written == bytes.size()) return true;
  // Partly written negotiation bytes cannot be taken back: the substream is unusable.
  if (written) (void)yamux().reset(id);
  return false;
}

void Connection::reset_builtin(SubstreamId id, std::string why) {
  if (yamux_) (void)yamux().reset(id);
  auto it = substreams_.find(id);
  if (it != substreams_.end()) {
    if (it->second.kind == Kind::kPingIn && inbound_pings_ > 0) --inbound_pings_;
    if (ping_stream_ == id) {
      ping_stream_.reset();
      ping_ = PingInitiator{};
      next_ping_ = now_ + config_.timeouts.ping_interval;
    }
    substreams_.erase(it);
  }
  diagnostic(std::move(why));
}

void Connection::close_builtin(SubstreamId id) {
  auto it = substreams_.find(id);
  if (it == substreams_.end()) return;
  if (it->second.kind == Kind::kPingIn && inbound_pings_ > 0) --inbound_pings_;
  if (ping_stream_ == id) {
    ping_stream_.reset();
    ping_ = PingInitiator{};
  }
  it->second.kind = Kind::kDone;
  it->second.reader.reset();
  it->second.responder.reset();
  // The peer has this long to close its side too; then the substream is reset.
  it->second.deadline = now_ + config_.timeouts.identify;
  if (!it->second.local_closed) {
    it->second.local_closed = true;
    (void)yamux().close(id);
  }
  forget_if_gone(id);
}

void Connection::forget_if_gone(SubstreamId id) {
  auto it = substreams_.find(id);
  if (it == substreams_.end()) return;
  if (yamux_ && yamux().has_stream(id)) {
    if (it->second.local_closed && it->second.remote_closed) lingering_.push_back(id);
    return;
  }
  if (it->second.kind == Kind::kApp && !it->second.dialer) {
    emit(ConnectionEventType::kSubstreamFinished, id);
  }
  if (it->second.kind == Kind::kPingIn && inbound_pings_ > 0) --inbound_pings_;
  if (ping_stream_ == id) {
    ping_stream_.reset();
    ping_ = PingInitiator{};
  }
  substreams_.erase(it);
}

void Connection::negotiation_failed(SubstreamId id, std::string why) {
  auto it = substreams_.find(id);
  if (it == substreams_.end()) return;
  Substream& s = it->second;
  if (s.kind == Kind::kApp) {
    (void)yamux().reset(id);
    ConnectionEvent event;
    event.type = ConnectionEventType::kOutboundRefused;
    event.substream = id;
    event.protocol = s.dialer ? s.dialer->protocol() : s.protocol;
    event.detail = std::move(why);
    substreams_.erase(it);
    events_.push_back(std::move(event));
    return;
  }
  if (s.kind == Kind::kPingOut) {
    // rust-libp2p stops pinging a peer that does not speak ping; the connection goes on.
    ping_supported_ = false;
    reset_builtin(id, "the peer does not speak " + std::string(kPingProtocol) + ": " + why);
    return;
  }
  if (s.kind == Kind::kIdentifyRequest) {
    reset_builtin(id, "the peer does not answer identify: " + why);
    return;
  }
  reset_builtin(id, s.kind == Kind::kNegotiatingInbound ? "" : why);
}

Result<void, ConnectionError> Connection::on_substream_data(SubstreamId id, ByteSpan data) {
  auto it = substreams_.find(id);
  if (it == substreams_.end()) return {};
  Substream& s = it->second;

  if (s.listener) {
    const Bytes reply = s.listener->feed(data);
    if (!write_control(id, reply)) {
      substreams_.erase(it);
      return {};
    }
    if (s.listener->status() == NegotiationStatus::kFailed) {
      // The "na" went out with the reply; the peer gave up on the stream or broke the protocol.
      (void)yamux().close(id);
      s.listener.reset();
      s.kind = Kind::kDone;
      s.deadline = now_ + config_.timeouts.negotiation;
      forget_if_gone(id);
      return {};
    }
    if (s.listener->status() != NegotiationStatus::kNegotiated) return {};
    s.protocol = s.listener->protocol();
    Bytes remainder = s.listener->take_remainder();
    s.listener.reset();
    return on_negotiated(id, std::move(remainder));
  }

  if (s.dialer) {
    const Bytes reply = s.dialer->feed(data);
    if (!write_control(id, reply)) {
      negotiation_failed(id, "no room for the proposal");
      return {};
    }
    if (s.dialer->status() == NegotiationStatus::kFailed) {
      negotiation_failed(id, to_string(s.dialer->error()));
      return {};
    }
    if (s.dialer->status() != NegotiationStatus::kNegotiated) return {};
    s.protocol = s.dialer->protocol();
    Bytes remainder = s.dialer->take_remainder();
    s.dialer.reset();
    return on_negotiated(id, std::move(remainder));
  }

  if (s.kind == Kind::kApp) {
    if (data.empty()) return {};
    ConnectionEvent event;
    event.type = ConnectionEventType::kData;
    event.substream = id;
    event.data.assign(data.begin(), data.end());
    events_.push_back(std::move(event));
    return {};
  }
  return on_builtin_data(id, s, data);
}

Result<void, ConnectionError> Connection::on_negotiated(SubstreamId id, Bytes remainder) {
  auto it = substreams_.find(id);
  if (it == substreams_.end()) return {};
  Substream& s = it->second;
  if (s.kind == Kind::kNegotiatingInbound) {
    s.deadline = TimePoint::max();
    if (s.protocol == kIdentifyProtocol) {
      answer_identify(id);
      return {};  // nothing the peer sends on it matters
    }
    if (s.protocol == kIdentifyPushProtocol) {
      s.kind = Kind::kIdentifyPush;
      s.reader.emplace(kMaxIdentifyMessageSize);
      s.deadline = now_ + config_.timeouts.identify;
    } else if (s.protocol == kPingProtocol) {
      if (inbound_pings_ >= config_.max_inbound_ping_substreams) {
        reset_builtin(id, "too many inbound ping substreams");
        return {};
      }
      ++inbound_pings_;
      s.kind = Kind::kPingIn;
      s.responder.emplace();
    } else {
      s.kind = Kind::kApp;
      ConnectionEvent event;
      event.type = ConnectionEventType::kInboundSubstream;
      event.substream = id;
      event.protocol = s.protocol;
      events_.push_back(std::move(event));
    }
  } else if (s.kind == Kind::kApp) {
    s.deadline = TimePoint::max();
    ConnectionEvent event;
    event.type = ConnectionEventType::kOutboundNegotiated;
    event.substream = id;
    event.protocol = s.protocol;
    events_.push_back(std::move(event));
    if (s.want_writable) {
      s.want_writable = false;
      emit(ConnectionEventType::kWritable, id);
    }
  } else if (s.kind == Kind::kPingOut || s.kind == Kind::kIdentifyRequest) {
    // The deadline of the exchange stays.
  }
  if (remainder.empty()) return {};
  return on_substream_data(id, remainder);
}

Result<void, ConnectionError> Connection::on_builtin_data(SubstreamId id, Substream& s,
                                                          ByteSpan data) {
  switch (s.kind) {
    case Kind::kIdentifyRequest:
    case Kind::kIdentifyPush: {
      const bool push = s.kind == Kind::kIdentifyPush;
      if (!s.reader) return {};
      auto taken = s.reader->feed(data);
      if (!taken) {
        reset_builtin(
            id, std::string(push ? "identify push: " : "identify: ") + to_string(taken.error()));
        return {};
      }
      if (!s.reader->complete()) return {};
      Bytes message = s.reader->take();
      close_builtin(id);  // anything after the message is ignored
      on_identify_message(std::move(message), push);
      return {};
    }
    case Kind::kPingIn: {
      if (!s.responder) return {};
      const Bytes echo = s.responder->feed(data);
      if (!write_control(id, echo)) {
        reset_builtin(id, "no room to echo a ping");
      }
      return {};
    }
    case Kind::kPingOut:
      return on_ping_echo(id, data);
    case Kind::kNegotiatingInbound:
    case Kind::kApp:
    case Kind::kDone:
      return {};
  }
  return {};
}

void Connection::on_remote_closed(SubstreamId id) {
  auto it = substreams_.find(id);
  if (it == substreams_.end()) return;
  Substream& s = it->second;
  s.remote_closed = true;
  if (s.listener) {
    // Closed before proposing anything we took: nothing more will come.
    reset_builtin(id, "");
    return;
  }
  if (s.dialer) {
    negotiation_failed(id, "the peer closed the substream during negotiation");
    return;
  }
  switch (s.kind) {
    case Kind::kApp:
      emit(ConnectionEventType::kRemoteClosed, id);
      break;
    case Kind::kIdentifyRequest:
      reset_builtin(id, "identify: the peer closed the substream before its answer");
      return;
    case Kind::kIdentifyPush:
      reset_builtin(id, "identify push: the peer closed the substream before its message");
      return;
    case Kind::kPingOut:
      if (ping_.outstanding()) {
        // No echo can come any more: try again on a new substream at the next interval.
        reset_builtin(id, "ping: the peer closed the substream");
        return;
      }
      close_builtin(id);
      return;
    case Kind::kPingIn:
      // The dialer is done pinging on it (spec: close after the last echo).
      close_builtin(id);
      return;
    case Kind::kDone:
    case Kind::kNegotiatingInbound:
      break;
  }
  forget_if_gone(id);
}

void Connection::on_reset(SubstreamId id) {
  auto it = substreams_.find(id);
  if (it == substreams_.end()) return;
  Substream& s = it->second;
  if (s.kind == Kind::kApp) {
    if (s.dialer) {
      ConnectionEvent event;
      event.type = ConnectionEventType::kOutboundRefused;
      event.substream = id;
      event.protocol = s.dialer->protocol();
      event.detail = "reset by the peer during negotiation";
      substreams_.erase(it);
      events_.push_back(std::move(event));
      return;
    }
    substreams_.erase(it);
    emit(ConnectionEventType::kSubstreamReset, id);
    return;
  }
  reset_builtin(id, s.kind == Kind::kIdentifyRequest ? "identify: reset by the peer" : "");
}

Result<SubstreamId, SubstreamError> Connection::open_yamux_stream(
    Kind kind, std::vector<std::string> protocols) {
  auto opened = yamux().open_stream();
  if (!opened) return unexpected(from_yamux(opened.error()));
  const SubstreamId id = *opened;
  const MultistreamVersion version =
      protocols.size() == 1 ? MultistreamVersion::kV1Lazy : MultistreamVersion::kV1;
  Substream s;
  s.kind = kind;
  s.outbound = true;
  s.dialer.emplace(std::move(protocols), version);
  s.deadline = now_ + config_.timeouts.negotiation;
  const Bytes proposal = s.dialer->start();
  substreams_[id] = std::move(s);
  if (!write_control(id, proposal)) {
    substreams_.erase(id);
    (void)yamux().reset(id);
    return unexpected(SubstreamError::kTooManySubstreams);
  }
  return id;
}

Result<SubstreamId, SubstreamError> Connection::open_substream(std::vector<std::string> protocols,
                                                               TimePoint now) {
  if (failure_ || phase_ == ConnectionPhase::kClosed) {
    return unexpected(SubstreamError::kConnectionClosed);
  }
  if (!is_established()) return unexpected(SubstreamError::kNotEstablished);
  if (protocols.empty() ||
      !std::all_of(protocols.begin(), protocols.end(),
                   [](const std::string& p) { return is_valid_protocol_name(p); })) {
    return unexpected(SubstreamError::kInvalidProtocols);
  }
  now_ = std::max(now_, now);
  auto opened = open_yamux_stream(Kind::kApp, std::move(protocols));
  if (!opened) return opened;
  (void)settle();
  return opened;
}

Result<size_t, SubstreamError> Connection::write(SubstreamId id, ByteSpan data) {
  if (failure_ || phase_ == ConnectionPhase::kClosed) {
    return unexpected(SubstreamError::kConnectionClosed);
  }
  auto it = substreams_.find(id);
  if (it == substreams_.end() || it->second.kind != Kind::kApp) {
    return unexpected(SubstreamError::kUnknownSubstream);
  }
  Substream& s = it->second;
  if (s.local_closed) return unexpected(SubstreamError::kClosedForWriting);
  if (s.dialer && s.dialer->status() != NegotiationStatus::kOptimistic) {
    s.want_writable = true;
    return size_t{0};
  }
  auto written = yamux().write(id, data);
  if (!written) return unexpected(from_yamux(written.error()));
  (void)settle();
  return *written;
}

Result<void, SubstreamError> Connection::close_substream(SubstreamId id) {
  if (failure_ || phase_ == ConnectionPhase::kClosed) {
    return unexpected(SubstreamError::kConnectionClosed);
  }
  auto it = substreams_.find(id);
  if (it == substreams_.end() || it->second.kind != Kind::kApp) {
    return unexpected(SubstreamError::kUnknownSubstream);
  }
  if (it->second.local_closed) return {};
  it->second.local_closed = true;
  if (auto closed = yamux().close(id); !closed) return unexpected(from_yamux(closed.error()));
  forget_if_gone(id);
  (void)settle();
  return {};
}

Result<void, SubstreamError> Connection::reset_substream(SubstreamId id) {
  if (failure_ || phase_ == ConnectionPhase::kClosed) {
    return unexpected(SubstreamError::kConnectionClosed);
  }
  auto it = substreams_.find(id);
  if (it == substreams_.end() || it->second.kind != Kind::kApp) {
    return unexpected(SubstreamError::kUnknownSubstream);
  }
  substreams_.erase(it);
  (void)yamux().reset(id);
  (void)settle();
  return {};
}

void Connection::set_local_info(std::shared_ptr<const LocalNodeInfo> local) {
  if (local) local_ = std::move(local);
}

void Connection::close() {
  if (phase_ == ConnectionPhase::kClosed) return;
  if (yamux_ && !failure_) {
    yamux().go_away(YamuxGoAwayCode::kNormal);
    (void)pump();
  }
  phase_ = ConnectionPhase::kClosed;
  substreams_.clear();
  events_.clear();
}

}  // namespace canary::network
