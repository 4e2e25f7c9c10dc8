#include "network/host/host.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>

#include "network/host/host_impl.hpp"

namespace canary::network {

namespace {

// The /ip4|ip6/<address>/tcp/<port> of a listen address (a final /p2p is ignored).
std::optional<tcp::endpoint> listen_endpoint(const Multiaddr& address) {
  const auto tcp_endpoint = address.tcp_endpoint();
  if (!tcp_endpoint || (tcp_endpoint->host_protocol != MultiaddrProtocol::kIp4 &&
                        tcp_endpoint->host_protocol != MultiaddrProtocol::kIp6)) {
    return std::nullopt;
  }
  boost::system::error_code ec;
  const net::ip::address ip = net::ip::make_address(tcp_endpoint->host, ec);
  if (ec) return std::nullopt;
  return tcp::endpoint(ip, tcp_endpoint->port);
}

}  // namespace

std::vector<Multiaddr> expand_listen_address(const Multiaddr& bound) {
  const auto endpoint = listen_endpoint(bound);
  if (!endpoint || !endpoint->address().is_unspecified()) return {bound.without_p2p()};
  const bool v4 = endpoint->address().is_v4();
  std::vector<Multiaddr> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return {bound.without_p2p()};
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || (i->ifa_flags & IFF_UP) == 0) continue;
    if (v4 && i->ifa_addr->sa_family == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
      ByteArray<4> raw{};
      std::memcpy(raw.data(), &in->sin_addr, 4);
      out.push_back(Multiaddr::ip4_tcp(raw, endpoint->port()));
    } else if (!v4 && i->ifa_addr->sa_family == AF_INET6) {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
      ByteArray<16> raw{};
      std::memcpy(raw.data(), &in6->sin6_addr, 16);
      if (raw[0] == 0xfe && (raw[1] & 0xc0) == 0x80) continue;  // link-local: needs a scope id
      out.push_back(Multiaddr::ip6_tcp(raw, endpoint->port()));
    }
  }
  freeifaddrs(list);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// ---- Host::Impl ----------------------------------------------------------------------------

Host::Impl::Impl(HostConfig c)
    : config(std::move(c)),
      local_peer(PeerId::from_ed25519(config.identity.public_key)),
      admission(InboundAdmissionLimits{
          .max_pending = config.max_inbound_connections,
          .max_pending_per_source = config.max_pending_inbound_per_source}) {}

void Host::Impl::emit(const HostEvent& event) {
  if (config.on_event) config.on_event(event);
}

void Host::Impl::diagnostic(const TcpConnection* connection, std::string detail) {
  if (detail.empty()) return;
  HostEvent event;
  event.type = HostEventType::kDiagnostic;
  if (connection != nullptr) {
    event.connection = connection->id();
    event.peer = connection->peer() ? connection->peer() : connection->expected_peer();
    event.address = connection->address();
    event.direction = connection->direction();
  }
  event.detail = std::move(detail);
  emit(event);
}

void Host::Impl::fill_random(std::span<uint8_t> out) {
  size_t filled = 0;
  while (filled < out.size()) {
    const ssize_t n = getrandom(out.data() + filled, out.size() - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::abort();  // no randomness: no safe Noise key can be made
    }
    filled += static_cast<size_t>(n);
  }
}

ConnectionConfig Host::Impl::connection_config(ConnectionRole role, std::optional<PeerId> expected,
                                               Multiaddr observed) const {
  ConnectionConfig c;
  c.role = role;
  c.identity = config.identity;
  c.noise_static_secret = noise_static_secret;
  c.expected_peer = std::move(expected);
  c.remote_address = std::move(observed);
  c.yamux = config.yamux;
  c.timeouts = config.timeouts;
  c.lazy_upgrade = config.lazy_upgrade;
  return c;
}

void Host::Impl::admission_diagnostic(const std::string& detail) {
  const auto now = std::chrono::steady_clock::now();
  if (last_admission_log != std::chrono::steady_clock::time_point{} &&
      now - last_admission_log < std::chrono::seconds(10)) {
    ++admission_log_suppressed;
    return;
  }
  std::string text = detail;
  if (admission_log_suppressed > 0) {
    text += " (" + std::to_string(admission_log_suppressed) + " more since the last report)";
  }
  last_admission_log = now;
  admission_log_suppressed = 0;
  diagnostic(nullptr, std::move(text));
}

void Host::Impl::accept(tcp::acceptor& acceptor) {
  acceptor.async_accept([this, &acceptor](const boost::system::error_code& ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open() || stopping) return;
    if (!ec) {
      boost::system::error_code endpoint_error;
      const tcp::endpoint remote = socket.remote_endpoint(endpoint_error);
      if (endpoint_error) {
        // Gone already.
      } else {
        const ConnectionId id = next_connection_id;
        const AdmissionDecision decision = admission.on_accept(
            id, remote.address().to_string(), inbound >= config.max_inbound_connections);
        bool evicted = false;
        if (decision.evict) {
          if (auto it = connections.find(*decision.evict); it != connections.end()) {
            it->second->shutdown("evicted: " + decision.reason, false);
            evicted = true;
          }
        }
        if (!decision.reason.empty()) admission_diagnostic(decision.reason);
        if (inbound >= config.max_inbound_connections && !evicted) {
          admission.on_done(id);
          admission_diagnostic("refused an inbound connection from " +
                               endpoint_multiaddr(remote).to_string() +
                               ": too many inbound connections");
          boost::system::error_code ignored;
          (void)socket.close(ignored);
        } else {
          // An evicted connection still counts until it closes: the newcomer may overshoot
          // max_inbound_connections by the evictions in flight.
          ++inbound;
          adopt(std::move(socket), ConnectionDirection::kInbound, endpoint_multiaddr(remote),
                std::nullopt);
        }
      }
    }
    // Errors such as running out of descriptors concern one connection: keep accepting.
    accept(acceptor);
  });
}

void Host::Impl::adopt(tcp::socket socket, ConnectionDirection direction, Multiaddr address,
                       std::optional<PeerId> expected) {
  boost::system::error_code ec;
  const tcp::endpoint remote = socket.remote_endpoint(ec);
  Multiaddr observed = ec ? address.without_p2p() : endpoint_multiaddr(remote);
  const ConnectionId id = next_connection_id++;
  auto connection = std::make_shared<TcpConnection>(
      *this, id, std::move(socket), direction, std::move(address),
      connection_config(direction == ConnectionDirection::kOutbound ? ConnectionRole::kDialer
                                                                    : ConnectionRole::kListener,
                        std::move(expected), std::move(observed)));
  connections[id] = connection;
  connection->start();
}

void Host::Impl::dial_now(const Multiaddr& address) {
  auto fail = [&](const std::string& why) {
    HostEvent event;
    event.type = HostEventType::kDialFailed;
    event.address = address;
    event.peer = address.peer_id();
    event.direction = ConnectionDirection::kOutbound;
    event.detail = why;
    emit(event);
  };
  if (stopping) return;
  const auto endpoint = address.tcp_endpoint();
  if (!endpoint) return fail("not a TCP address");
  const auto peer = address.peer_id();
  if (peer && *peer == local_peer) return fail("the address is our own");
  if (outbound >= config.max_outbound_connections) return fail("too many outbound connections");
  ++outbound;

  auto attempt = std::make_shared<DialAttempt>(io);
  attempt->address = address;
  attempt->peer = peer;
  dials.insert(attempt);
  attempt->timer.expires_after(config.dial_timeout);
  attempt->timer.async_wait([attempt](const boost::system::error_code& ec) {
    if (ec) return;
    attempt->timed_out = true;
    attempt->resolver.cancel();
    boost::system::error_code ignored;
    (void)attempt->socket.close(ignored);
  });

  if (endpoint->host_protocol == MultiaddrProtocol::kIp4 ||
      endpoint->host_protocol == MultiaddrProtocol::kIp6) {
    boost::system::error_code ec;
    const net::ip::address ip = net::ip::make_address(endpoint->host, ec);
    if (ec) return dial_failed(attempt, "invalid IP address");
    connect(attempt, {tcp::endpoint(ip, endpoint->port)});
    return;
  }
  const MultiaddrProtocol family = endpoint->host_protocol;
  attempt->resolver.async_resolve(
      endpoint->host, std::to_string(endpoint->port),
      [this, attempt, family](const boost::system::error_code& ec,
                              const tcp::resolver::results_type& results) {
        if (ec) {
          return dial_failed(attempt, attempt->timed_out ? "timed out resolving the name"
                                                         : "cannot resolve: " + ec.message());
        }
        std::vector<tcp::endpoint> endpoints;
        for (const auto& entry : results) {
          const tcp::endpoint& e = entry.endpoint();
          if (family == MultiaddrProtocol::kDns4 && !e.address().is_v4()) continue;
          if (family == MultiaddrProtocol::kDns6 && !e.address().is_v6()) continue;
          endpoints.push_back(e);
        }
        if (endpoints.empty()) return dial_failed(attempt, "the name has no usable address");
        connect(attempt, endpoints);
      });
}

void Host::Impl::connect(const std::shared_ptr<DialAttempt>& attempt,
                         const std::vector<tcp::endpoint>& endpoints) {
  net::async_connect(attempt->socket, endpoints,
                     [this, attempt](const boost::system::error_code& ec, const tcp::endpoint&) {
                       attempt->timer.cancel();
                       if (ec) {
                         return dial_failed(
                             attempt, attempt->timed_out ? "timed out connecting" : ec.message());
                       }
                       dials.erase(attempt);
                       if (stopping) {
                         --outbound;
                         boost::system::error_code ignored;
                         (void)attempt->socket.close(ignored);
                         return;
                       }
                       adopt(std::move(attempt->socket), ConnectionDirection::kOutbound,
                             attempt->address, attempt->peer);
                     });
}

void Host::Impl::dial_failed(const std::shared_ptr<DialAttempt>& attempt, const std::string& why) {
  attempt->timer.cancel();
  dials.erase(attempt);
  --outbound;
  HostEvent event;
  event.type = HostEventType::kDialFailed;
  event.address = attempt->address;
  event.peer = attempt->peer;
  event.direction = ConnectionDirection::kOutbound;
  event.detail = why;
  emit(event);
  if (const std::optional<PeerId>& peer = attempt->peer) maintain_reserved(*peer);
}

bool Host::Impl::admit(TcpConnection& connection) {
  const std::optional<PeerId>& remote = connection.peer();
  if (!remote) return false;
  const PeerId& peer = *remote;
  if (peer == local_peer) {
    connection.shutdown("connected to ourselves");
    return false;
  }
  if (config.accept_peer && !config.accept_peer(peer)) {
    connection.shutdown("refused by the node (a banned peer, or not a reserved one)");
    return false;
  }
  size_t established = 0;
  for (const auto& [id, other] : connections) {
    if (other.get() != &connection && other->established() && !other->closing() &&
        other->peer() == peer) {
      ++established;
    }
  }
  if (established >= config.max_connections_per_peer) {
    connection.shutdown("too many connections to this peer");
    return false;
  }
  return true;
}

void Host::Impl::on_established(TcpConnection& connection) {
  admission.on_done(connection.id());
  HostEvent event;
  event.type = HostEventType::kConnectionEstablished;
  event.connection = connection.id();
  event.peer = connection.peer();
  event.address = connection.address();
  event.direction = connection.direction();
  emit(event);
  if (const std::optional<PeerId>& peer = connection.peer()) {
    if (auto it = reserved.find(*peer); it != reserved.end()) {
      it->second.backoff = config.redial_initial;
    }
  }
  update_snapshot();
}

void Host::Impl::on_identified(TcpConnection& connection, const IdentifyInfo& info) {
  HostEvent event;
  event.type = HostEventType::kIdentified;
  event.connection = connection.id();
  event.peer = connection.peer();
  event.address = connection.address();
  event.direction = connection.direction();
  event.identify = info;
  emit(event);
  update_snapshot();
}

void Host::Impl::on_closed(TcpConnection& connection, const std::string& why) {
  auto self = connection.shared_from_this();
  --(connection.direction() == ConnectionDirection::kInbound ? inbound : outbound);
  admission.on_done(connection.id());
  connections.erase(connection.id());
  HostEvent event;
  event.connection = connection.id();
  event.peer = connection.peer() ? connection.peer() : connection.expected_peer();
  event.address = connection.address();
  event.direction = connection.direction();
  event.detail = why;
  event.error = connection.failure();
  if (connection.established()) {
    event.type = HostEventType::kConnectionClosed;
  } else {
    event.type = connection.direction() == ConnectionDirection::kOutbound
                     ? HostEventType::kDialFailed
                     : HostEventType::kIncomingFailed;
  }
  emit(event);
  update_snapshot();
  const std::optional<PeerId>& peer = connection.peer();
  const std::optional<PeerId>& expected = connection.expected_peer();
  if (peer) maintain_reserved(*peer);
  if (expected && expected != peer) maintain_reserved(*expected);
}

std::unique_ptr<SubstreamHandler> Host::Impl::make_handler(const SubstreamInfo& info) {
  auto it = factories.find(info.protocol);
  if (it == factories.end() || !it->second) return nullptr;
  return it->second(info);
}

void Host::Impl::publish_local_info() {
  auto info = std::make_shared<LocalNodeInfo>();
  info->protocol_version = config.protocol_version;
  info->agent_version = config.agent_version;
  info->listen_addresses = announced;
  for (const auto& [name, factory] : factories) info->protocols.push_back(name);
  local_info = info;
  for (const auto& [id, connection] : connections) connection->set_local_info(info);
}

void Host::Impl::update_snapshot() {
  std::vector<ConnectedPeer> snapshot;
  for (const auto& [id, connection] : connections) {
    const std::optional<PeerId>& peer = connection->peer();
    if (!peer || !connection->established() || connection->closing()) continue;
    ConnectedPeer p{*peer, id, connection->address(), connection->direction(),
                    connection->agent_version()};
    snapshot.push_back(std::move(p));
  }
  MutexLock lock(mutex);
  peers = std::move(snapshot);
}

bool Host::Impl::connected_or_dialing(const PeerId& peer) const {
  for (const auto& [id, connection] : connections) {
    if (connection->closing()) continue;
    if (connection->peer() == peer || connection->expected_peer() == peer) return true;
  }
  for (const auto& attempt : dials) {
    if (attempt->peer == peer) return true;
  }
  return false;
}

void Host::Impl::maintain_reserved(const PeerId& peer) {
  if (stopping) return;
  auto it = reserved.find(peer);
  if (it == reserved.end() || it->second.scheduled || connected_or_dialing(peer)) return;
  Reserved& r = it->second;
  r.scheduled = true;
  r.timer->expires_after(r.backoff);
  r.timer->async_wait([this, peer](const boost::system::error_code& ec) {
    if (ec || stopping) return;
    auto found = reserved.find(peer);
    if (found == reserved.end()) return;
    Reserved& entry = found->second;
    entry.scheduled = false;
    entry.backoff = std::min(std::max(entry.backoff * 2, config.redial_initial), config.redial_max);
    if (connected_or_dialing(peer)) return;
    if (outbound >= config.max_outbound_connections) {
      maintain_reserved(peer);  // no slot: try again later, quietly
      return;
    }
    dial_now(entry.address);
  });
}

void Host::Impl::close_all() {
  stopping = true;
  for (auto& acceptor : acceptors) {
    boost::system::error_code ignored;
    (void)acceptor->close(ignored);
  }
  for (const auto& attempt : dials) {
    attempt->timer.cancel();
    attempt->resolver.cancel();
    boost::system::error_code ignored;
    (void)attempt->socket.close(ignored);
  }
  for (auto& [peer, r] : reserved) r.timer->cancel();
  // shutdown() removes the connection from the table.
  std::vector<std::shared_ptr<TcpConnection>> open;
  open.reserve(connections.size());
  for (const auto& [id, connection] : connections) open.push_back(connection);
  for (const auto& connection : open) connection->shutdown("the host is stopping");
}

// ---- Host ----------------------------------------------------------------------------------

Host::Host(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Host::~Host() {
  stop();
}

Result<std::unique_ptr<Host>, std::string> Host::start(HostConfig config) {
  auto host = create(std::move(config));
  if (host) (*host)->run();
  return host;
}

Result<std::unique_ptr<Host>, std::string> Host::create(HostConfig config) {
  std::vector<tcp::endpoint> endpoints;
  for (const Multiaddr& address : config.listen_addresses) {
    auto endpoint = listen_endpoint(address);
    if (!endpoint) {
      return unexpected("cannot listen on " + address.to_string() +
                        ": only /ip4/<address>/tcp/<port> and /ip6/<address>/tcp/<port>");
    }
    endpoints.push_back(*endpoint);
  }
  auto impl = std::make_unique<Impl>(std::move(config));
  impl->fill_random(impl->noise_static_secret);

  std::vector<HostEvent> startup_events;
  std::vector<Multiaddr> bound;
  for (size_t i = 0; i < endpoints.size(); ++i) {
    const Multiaddr& requested = impl->config.listen_addresses[i];
    auto acceptor = std::make_unique<tcp::acceptor>(impl->io);
    boost::system::error_code ec;
    auto failed = [&](const char* step) {
      HostEvent event;
      event.type = HostEventType::kListenFailed;
      event.address = requested;
      event.detail = std::string(step) + ": " + ec.message();
      startup_events.push_back(std::move(event));
    };
    (void)acceptor->open(endpoints[i].protocol(), ec);
    if (ec) {
      failed("open");
      continue;
    }
    (void)acceptor->set_option(net::socket_base::reuse_address(true), ec);
    if (endpoints[i].address().is_v6()) (void)acceptor->set_option(net::ip::v6_only(true), ec);
    (void)acceptor->bind(endpoints[i], ec);
    if (ec) {
      failed("bind");
      continue;
    }
    (void)acceptor->listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      failed("listen");
      continue;
    }
    const tcp::endpoint local = acceptor->local_endpoint(ec);
    if (ec) {
      failed("local_endpoint");
      continue;
    }
    Multiaddr address = endpoint_multiaddr(local);
    HostEvent event;
    event.type = HostEventType::kListening;
    event.address = address;
    startup_events.push_back(std::move(event));
    bound.push_back(address);
    for (Multiaddr& a : expand_listen_address(address)) impl->announced.push_back(std::move(a));
    impl->acceptors.push_back(std::move(acceptor));
  }
  {
    MutexLock lock(impl->mutex);
    impl->bound = bound;
  }
  impl->publish_local_info();
  for (auto& acceptor : impl->acceptors) impl->accept(*acceptor);
  Impl* raw = impl.get();
  net::post(impl->io, [raw, events = std::move(startup_events)] {
    for (const HostEvent& event : events) raw->emit(event);
  });
  return std::unique_ptr<Host>(new Host(std::move(impl)));
}

void Host::run() {
  if (impl_->thread.joinable() || impl_->stopped) return;
  Impl* raw = impl_.get();
  impl_->thread = std::thread([raw] { raw->io.run(); });
}

void Host::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  Impl* raw = impl_.get();
  std::promise<void> closing;
  net::post(impl_->io, [raw, &closing] {
    raw->close_all();
    closing.set_value();
  });
  if (impl_->thread.joinable()) {
    closing.get_future().wait();
    // The GoAways get a moment to leave; then whatever is left is dropped.
    const auto deadline = std::chrono::steady_clock::now() + impl_->config.close_linger;
    while (std::chrono::steady_clock::now() < deadline) {
      auto idle = std::make_shared<std::promise<bool>>();
      net::post(impl_->io, [raw, idle] { idle->set_value(raw->open_sockets == 0); });
      auto future = idle->get_future();
      if (future.wait_until(deadline) != std::future_status::ready || future.get()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    impl_->work.reset();
    impl_->io.stop();
    impl_->thread.join();
  }
}

const PeerId& Host::local_peer_id() const {
  return impl_->local_peer;
}

std::vector<Multiaddr> Host::listen_addresses() const {
  MutexLock lock(impl_->mutex);
  return impl_->bound;
}

void Host::dial(const Multiaddr& address) {
  Impl* raw = impl_.get();
  net::post(impl_->io, [raw, address] { raw->dial_now(address); });
}

Result<void, std::string> Host::add_reserved_peer(const Multiaddr& address) {
  const auto peer = address.peer_id();
  if (!peer) return unexpected("a reserved peer's address ends with /p2p/<peer id>");
  if (!address.tcp_endpoint()) return unexpected("not a TCP address: " + address.to_string());
  if (*peer == impl_->local_peer) return unexpected("the address is our own");
  Impl* raw = impl_.get();
  // The listing is updated at once (a caller that adds then lists sees the peer); the posts keep
  // the order of the calls since they are made under the same lock.
  MutexLock lock(impl_->mutex);
  impl_->reserved_snapshot[*peer] = address;
  net::post(impl_->io, [raw, address, peer = *peer] {
    if (raw->stopping) return;
    auto [it, added] = raw->reserved.try_emplace(peer);
    it->second.address = address;
    if (added) {
      it->second.timer = std::make_unique<net::steady_timer>(raw->io);
      it->second.backoff = std::chrono::milliseconds(0);
    }
    raw->maintain_reserved(peer);
  });
  return {};
}

void Host::remove_reserved_peer(const PeerId& peer) {
  Impl* raw = impl_.get();
  MutexLock lock(impl_->mutex);
  impl_->reserved_snapshot.erase(peer);
  net::post(impl_->io, [raw, peer] {
    auto it = raw->reserved.find(peer);
    if (it == raw->reserved.end()) return;
    // A pending redial ends with operation_aborted when its timer goes.
    raw->reserved.erase(it);
  });
}

std::vector<std::pair<PeerId, Multiaddr>> Host::reserved_peers() const {
  MutexLock lock(impl_->mutex);
  return {impl_->reserved_snapshot.begin(), impl_->reserved_snapshot.end()};
}

void Host::register_protocol(std::string protocol, InboundSubstreamFactory factory) {
  Impl* raw = impl_.get();
  net::post(impl_->io, [raw, protocol = std::move(protocol), factory = std::move(factory)] {
    raw->factories[protocol] = factory;
    raw->publish_local_info();
  });
}

void Host::open_substream(const PeerId& peer, std::vector<std::string> protocols,
                          std::unique_ptr<SubstreamHandler> handler) {
  Impl* raw = impl_.get();
  auto shared_handler = std::make_shared<std::unique_ptr<SubstreamHandler>>(std::move(handler));
  net::post(impl_->io, [raw, peer, protocols = std::move(protocols), shared_handler]() mutable {
    std::shared_ptr<TcpConnection> chosen;
    for (const auto& [id, connection] : raw->connections) {
      if (connection->established() && !connection->closing() && connection->peer() == peer) {
        chosen = connection;  // the most recent one
      }
    }
    auto handler = std::move(*shared_handler);
    if (!handler) return;
    if (!chosen) {
      SubstreamInfo info;
      info.peer = peer;
      info.direction = ConnectionDirection::kOutbound;
      if (protocols.size() == 1) info.protocol = protocols.front();
      Substream dead({}, info);
      dead.ended_ = true;
      handler->on_end(dead, SubstreamEnd::kNoConnection);
      return;
    }
    chosen->open_substream(std::move(protocols), std::move(handler));
  });
}

void Host::disconnect(const PeerId& peer) {
  Impl* raw = impl_.get();
  net::post(impl_->io, [raw, peer] {
    std::vector<std::shared_ptr<TcpConnection>> matching;
    for (const auto& [id, connection] : raw->connections) {
      if (connection->peer() == peer) matching.push_back(connection);
    }
    for (const auto& connection : matching) connection->shutdown("disconnect requested");
  });
}

void Host::post(std::function<void()> task) {
  net::post(impl_->io, std::move(task));
}

void Host::post_after(std::chrono::milliseconds delay, std::function<void()> task) {
  auto timer = std::make_shared<net::steady_timer>(impl_->io, delay);
  timer->async_wait([timer, task = std::move(task)](const boost::system::error_code& ec) {
    if (!ec) task();
  });
}

size_t Host::connection_count() const {
  MutexLock lock(impl_->mutex);
  return impl_->peers.size();
}

std::vector<ConnectedPeer> Host::connected_peers() const {
  MutexLock lock(impl_->mutex);
  return impl_->peers;
}

}  // namespace canary::network
