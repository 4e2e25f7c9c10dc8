#include <algorithm>

#include "network/host/host_impl.hpp"

namespace canary::network {

Multiaddr endpoint_multiaddr(const tcp::endpoint& endpoint) {
  net::ip::address address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  if (address.is_v4()) {
    const auto bytes = address.to_v4().to_bytes();
    ByteArray<4> raw{};
    std::copy(bytes.begin(), bytes.end(), raw.begin());
    return Multiaddr::ip4_tcp(raw, endpoint.port());
  }
  const auto bytes = address.to_v6().to_bytes();
  ByteArray<16> raw{};
  std::copy(bytes.begin(), bytes.end(), raw.begin());
  return Multiaddr::ip6_tcp(raw, endpoint.port());
}

// ---- Substream ---------------------------------------------------------------------------

Substream::Substream(std::weak_ptr<TcpConnection> connection, SubstreamInfo info)
    : connection_(std::move(connection)), info_(std::move(info)) {}

Substream::~Substream() = default;

size_t Substream::write(ByteSpan data) {
  if (ended_) return 0;
  auto connection = connection_.lock();
  return connection ? connection->write(*this, data) : 0;
}

void Substream::close() {
  if (ended_) return;
  if (auto connection = connection_.lock()) connection->close(*this);
}

void Substream::reset() {
  if (ended_) return;
  if (auto connection = connection_.lock()) connection->reset(*this);
}

const char* to_string(SubstreamEnd end) {
  switch (end) {
    case SubstreamEnd::kFinished:
      return "finished";
    case SubstreamEnd::kResetByPeer:
      return "reset by the peer";
    case SubstreamEnd::kResetLocally:
      return "reset locally";
    case SubstreamEnd::kRefused:
      return "refused by the peer";
    case SubstreamEnd::kNoConnection:
      return "no connection to the peer";
    case SubstreamEnd::kConnectionClosed:
      return "connection closed";
  }
  return "ended";
}

// ---- TcpConnection -------------------------------------------------------------------------

TcpConnection::TcpConnection(Host::Impl& host, ConnectionId id, tcp::socket socket,
                             ConnectionDirection direction, Multiaddr address,
                             ConnectionConfig config)
    : host_(host),
      id_(id),
      socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      direction_(direction),
      address_(std::move(address)),
      expected_peer_(config.expected_peer),
      connection_(std::move(config), host.local_info,
                  [&host](std::span<uint8_t> out) { host.fill_random(out); }),
      read_buffer_(std::make_unique<std::array<uint8_t, kReadBufferSize>>()) {}

TcpConnection::~TcpConnection() = default;

void TcpConnection::start() {
  ++host_.open_sockets;
  boost::system::error_code ignored;
  (void)socket_.set_option(tcp::no_delay(true), ignored);
  connection_.start(std::chrono::steady_clock::now());
  read();
  process();
}

void TcpConnection::read() {
  if (closing_ || socket_closed_) return;
  socket_.async_read_some(net::buffer(*read_buffer_),
                          [self = shared_from_this()](const boost::system::error_code& ec,
                                                      size_t n) { self->on_read(ec, n); });
}

void TcpConnection::on_read(const boost::system::error_code& ec, size_t n) {
  if (closing_) return;
  if (ec) {
    shutdown(ec == net::error::eof ? "closed by the peer" : ec.message(), false);
    return;
  }
  auto fed = connection_.feed(ByteSpan(read_buffer_->data(), n), std::chrono::steady_clock::now());
  (void)fed;  // a failure is picked up by process()
  process();
  read();
}

void TcpConnection::process() {
  if (in_process_) return;
  auto self = shared_from_this();
  in_process_ = true;
  for (;;) {
    if (!closing_) write_pending();
    // The batch and the Connection's vector trade places (both keep their capacity); handlers
    // may add events to the Connection's meanwhile.
    std::vector<ConnectionEvent> batch;
    batch.swap(events_);
    connection_.take_events(batch);
    for (ConnectionEvent& event : batch) {
      if (closing_) break;
      dispatch(event);
    }
    const bool ended = finish_ended();
    const bool idle = batch.empty() && !ended;
    batch.clear();
    batch.swap(events_);
    if (idle) break;
  }
  in_process_ = false;
  if (const std::optional<ConnectionError>& failure = connection_.failure(); failure && !closing_) {
    shutdown(failure->message(), true);
    return;
  }
  write_pending();
  if (!closing_) arm_timer();
}

Substream* TcpConnection::find(SubstreamId id) {
  auto it = substreams_.find(id);
  return it == substreams_.end() ? nullptr : it->second.get();
}

void TcpConnection::dispatch(ConnectionEvent& event) {
  switch (event.type) {
    case ConnectionEventType::kEstablished:
      if (host_.admit(*this)) {
        established_ = true;
        host_.on_established(*this);
      }
      return;
    case ConnectionEventType::kIdentified:
      if (event.identify) {
        agent_version_ = event.identify->agent_version;
        host_.on_identified(*this, *event.identify);
      }
      return;
    case ConnectionEventType::kPingSucceeded: {
      HostEvent e;
      e.type = HostEventType::kPing;
      e.connection = id_;
      e.peer = peer();
      e.address = address_;
      e.direction = direction_;
      e.rtt = event.rtt;
      host_.emit(e);
      return;
    }
    case ConnectionEventType::kInboundSubstream: {
      SubstreamInfo info;
      info.connection = id_;
      info.id = event.substream;
      info.peer = peer();
      info.protocol = event.protocol;
      info.direction = ConnectionDirection::kInbound;
      auto handler = host_.make_handler(info);
      if (!handler) {
        (void)connection_.reset_substream(event.substream);
        return;
      }
      auto substream = std::unique_ptr<Substream>(new Substream(weak_from_this(), info));
      substream->handler_ = std::move(handler);
      substream->negotiated_ = true;
      Substream& s = *substream;
      substreams_[event.substream] = std::move(substream);
      s.handler_->on_open(s);
      return;
    }
    case ConnectionEventType::kOutboundNegotiated:
      if (Substream* s = find(event.substream)) {
        const bool was_open = s->negotiated_ || s->info_.protocol == event.protocol;
        s->negotiated_ = true;
        s->info_.protocol = event.protocol;
        // With one protocol the handler was told at once (lazy); otherwise now.
        if (!was_open) s->handler_->on_open(*s);
      }
      return;
    case ConnectionEventType::kOutboundRefused:
      end_substream(event.substream, SubstreamEnd::kRefused);
      if (!event.detail.empty()) {
        host_.diagnostic(this, event.protocol + ": " + event.detail);
      }
      return;
    case ConnectionEventType::kData:
      if (Substream* s = find(event.substream)) s->handler_->on_data(*s, event.data);
      return;
    case ConnectionEventType::kRemoteClosed:
      if (Substream* s = find(event.substream)) s->handler_->on_remote_closed(*s);
      return;
    case ConnectionEventType::kSubstreamFinished:
      end_substream(event.substream, SubstreamEnd::kFinished);
      return;
    case ConnectionEventType::kSubstreamReset:
      end_substream(event.substream, SubstreamEnd::kResetByPeer);
      return;
    case ConnectionEventType::kWritable:
      if (Substream* s = find(event.substream)) s->handler_->on_writable(*s);
      return;
    case ConnectionEventType::kGoAway:
      host_.diagnostic(this, "the peer sent a GoAway (" + event.detail + ")");
      return;
    case ConnectionEventType::kDiagnostic:
      host_.diagnostic(this, event.detail);
      return;
  }
}

void TcpConnection::end_substream(SubstreamId id, SubstreamEnd end) {
  auto it = substreams_.find(id);
  if (it == substreams_.end()) return;
  it->second->ended_ = true;
  ended_.emplace_back(std::move(it->second), end);
  substreams_.erase(it);
}

bool TcpConnection::finish_ended() {
  if (ended_.empty()) return false;
  while (!ended_.empty()) {
    auto batch = std::move(ended_);
    ended_.clear();
    for (auto& [substream, end] : batch) substream->handler_->on_end(*substream, end);
  }
  return true;
}

void TcpConnection::write_pending() {
  if (writing_ || socket_closed_) return;
  if (connection_.pending_output().empty()) {
    if (closing_) close_socket();
    return;
  }
  connection_.take_output(write_buffer_, kMaxWriteChunk);
  writing_ = true;
  net::async_write(socket_, net::buffer(write_buffer_),
                   [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                     self->writing_ = false;
                     if (ec) {
                       if (self->closing_) {
                         self->close_socket();
                       } else {
                         self->shutdown(ec.message(), false);
                       }
                       return;
                     }
                     if (self->closing_) {
                       self->write_pending();
                     } else {
                       self->process();
                     }
                   });
}

void TcpConnection::arm_timer() {
  const auto wake = connection_.next_wake();
  if (wake == armed_for_) return;
  armed_for_ = wake;
  if (!wake) {
    timer_.cancel();
    return;
  }
  timer_.expires_at(*wake);
  timer_.async_wait([self = shared_from_this(), at = *wake](const boost::system::error_code& ec) {
    if (ec || self->closing_ || self->armed_for_ != at) return;
    self->armed_for_.reset();
    auto ticked = self->connection_.tick(std::chrono::steady_clock::now());
    (void)ticked;  // a failure is picked up by process()
    self->process();
  });
}

void TcpConnection::shutdown(const std::string& why, bool graceful) {
  if (closing_) return;
  auto self = shared_from_this();
  closing_ = true;
  armed_for_.reset();
  timer_.cancel();
  if (graceful) connection_.close();
  for (auto& [id, substream] : substreams_) {
    substream->ended_ = true;
    ended_.emplace_back(std::move(substream), SubstreamEnd::kConnectionClosed);
  }
  substreams_.clear();
  finish_ended();
  host_.on_closed(*this, why);
  if (!graceful || connection_.pending_output().empty()) {
    if (!writing_) close_socket();
    return;
  }
  // The last bytes (a GoAway, a "na") get close_linger to leave.
  timer_.expires_after(host_.config.close_linger);
  timer_.async_wait([self](const boost::system::error_code& ec) {
    if (!ec) self->close_socket();
  });
  write_pending();
}

void TcpConnection::close_socket() {
  if (socket_closed_) return;
  socket_closed_ = true;
  --host_.open_sockets;
  timer_.cancel();
  boost::system::error_code ignored;
  (void)socket_.shutdown(tcp::socket::shutdown_both, ignored);
  (void)socket_.close(ignored);
}

void TcpConnection::set_local_info(std::shared_ptr<const LocalNodeInfo> local) {
  connection_.set_local_info(std::move(local));
}

void TcpConnection::open_substream(std::vector<std::string> protocols,
                                   std::unique_ptr<SubstreamHandler> handler) {
  SubstreamInfo info;
  info.connection = id_;
  info.peer = peer();
  info.direction = ConnectionDirection::kOutbound;
  const bool lazy = protocols.size() == 1;
  if (lazy) info.protocol = protocols.front();
  auto opened =
      closing_ ? Result<SubstreamId, SubstreamError>(unexpected(SubstreamError::kConnectionClosed))
               : connection_.open_substream(std::move(protocols), std::chrono::steady_clock::now());
  if (!opened) {
    Substream dead(weak_from_this(), info);
    dead.ended_ = true;
    host_.diagnostic(this, std::string("cannot open a substream: ") + to_string(opened.error()));
    handler->on_end(dead, opened.error() == SubstreamError::kConnectionClosed
                              ? SubstreamEnd::kConnectionClosed
                              : SubstreamEnd::kRefused);
    return;
  }
  info.id = *opened;
  auto substream = std::unique_ptr<Substream>(new Substream(weak_from_this(), info));
  substream->handler_ = std::move(handler);
  Substream& s = *substream;
  substreams_[*opened] = std::move(substream);
  const bool outer = in_process_;
  if (lazy) {
    in_process_ = true;  // the handler's writes are picked up below
    s.handler_->on_open(s);
    in_process_ = outer;
  }
  process();
}

size_t TcpConnection::write(Substream& substream, ByteSpan data) {
  if (closing_ || substream.ended_) return 0;
  auto written = connection_.write(substream.info_.id, data);
  process();
  return written ? *written : 0;
}

void TcpConnection::close(Substream& substream) {
  if (closing_ || substream.ended_) return;
  (void)connection_.close_substream(substream.info_.id);
  process();
}

void TcpConnection::reset(Substream& substream) {
  if (closing_ || substream.ended_) return;
  (void)connection_.reset_substream(substream.info_.id);
  end_substream(substream.info_.id, SubstreamEnd::kResetLocally);
  process();
}

}  // namespace canary::network
