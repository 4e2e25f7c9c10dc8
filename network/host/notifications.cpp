#include "network/host/notifications.hpp"

#include <algorithm>
#include <utility>

#include "network/host/substream_writer.hpp"
#include "network/libp2p/length_prefixed.hpp"

namespace canary::network {

struct NotificationsProtocol::Peer {
  size_t connections = 0;
  size_t inbound = 0;                   // inbound substreams alive
  uint64_t generation = 0;              // of the outbound substream being opened or open (0: none)
  OutboundHandler* outbound = nullptr;  // while its substream lives
  bool open = false;
  bool reopen_scheduled = false;
  // Notifications that came on the inbound substream before our outbound one opened: handed out
  // right after on_open (sc-network reads the inbound substream only once open; its bytes wait).
  std::vector<Bytes> early;
  size_t early_bytes = 0;
};

namespace {
// What a peer may send before the protocol is open with it (the opening takes a round trip).
constexpr size_t kMaxEarlyNotifications = 64;
constexpr size_t kMaxEarlyBytes = 1024 * 1024;
}  // namespace

// ---- outbound: our handshake, the peer's, then our notifications ----------------------------

class NotificationsProtocol::OutboundHandler final : public SubstreamHandler {
 public:
  OutboundHandler(std::weak_ptr<NotificationsProtocol> owner, PeerId peer, uint64_t generation,
                  Bytes handshake, const NotificationsConfig& config)
      : owner_(std::move(owner)),
        peer_(std::move(peer)),
        generation_(generation),
        handshake_(std::move(handshake)),
        reader_(config.max_handshake_size),
        writer_(config.max_queued_bytes, config.max_queued_notifications + 1) {}

  void on_open(Substream& substream) override {
    substream_ = &substream;
    if (!writer_.write(substream, length_prefixed(handshake_))) substream.reset();
  }

  void on_data(Substream& substream, ByteSpan data) override {
    if (handshake_received_) {
      // sc-network's NotificationsOutSubstream: the peer sends nothing after its handshake here.
      substream.reset();
      return;
    }
    auto taken = reader_.feed(data);
    if (!taken) {
      substream.reset();
      return;
    }
    if (!reader_.complete()) return;
    if (*taken != data.size()) {  // notifications on the handshake's heels: not ours to read
      substream.reset();
      return;
    }
    handshake_received_ = true;
    const Bytes handshake = reader_.take();
    if (auto owner = owner_.lock()) {
      owner->outbound_ready(peer_, generation_, substream.info().protocol, handshake);
    }
  }

  void on_remote_closed(Substream& substream) override {
    // The peer closing its side closes the protocol (sc-network: the substream is dead).
    substream.reset();
  }

  void on_writable(Substream& substream) override { writer_.flush(substream); }

  void on_end(Substream& substream, SubstreamEnd end) override {
    (void)substream;
    substream_ = nullptr;
    if (auto owner = owner_.lock()) {
      owner->outbound_ended(peer_, generation_, why_.empty() ? to_string(end) : why_);
    }
  }

  // A notification: false when the peer is too slow (the substream is reset).
  void send(Bytes message) {
    if (substream_ == nullptr) return;
    if (!writer_.write(*substream_, length_prefixed(message))) {
      why_ = "the peer does not read its notifications (queue full)";
      substream_->reset();
    }
  }

  void reset(std::string why) {
    if (substream_ == nullptr) return;
    why_ = std::move(why);
    substream_->reset();
  }

  bool handshake_received() const { return handshake_received_; }

 private:
  std::weak_ptr<NotificationsProtocol> owner_;
  PeerId peer_;
  uint64_t generation_;
  Bytes handshake_;
  LengthPrefixedReader reader_;
  SubstreamWriter writer_;
  Substream* substream_ = nullptr;
  bool handshake_received_ = false;
  std::string why_;
};

// ---- inbound: the peer's handshake, ours, then the peer's notifications ---------------------

class NotificationsProtocol::InboundHandler final : public SubstreamHandler {
 public:
  InboundHandler(std::weak_ptr<NotificationsProtocol> owner, PeerId peer,
                 const NotificationsConfig& config)
      : owner_(std::move(owner)),
        peer_(std::move(peer)),
        max_notification_size_(config.max_notification_size),
        reader_(config.max_handshake_size),
        writer_(config.max_handshake_size + 16) {}

  void on_open(Substream& substream) override {
    (void)substream;
    if (auto owner = owner_.lock()) owner->inbound_started(peer_);
    counted_ = true;
  }

  void on_data(Substream& substream, ByteSpan data) override {
    while (!data.empty()) {
      auto taken = reader_.feed(data);
      if (!taken) {
        substream.reset();
        return;
      }
      data = data.subspan(*taken);
      if (!reader_.complete()) continue;
      const Bytes message = reader_.take();
      auto owner = owner_.lock();
      if (!owner) {
        substream.reset();
        return;
      }
      if (!handshake_done_) {
        if (!owner->listener_.accept_handshake(peer_, message)) {
          substream.reset();
          return;
        }
        handshake_done_ = true;
        reader_ = LengthPrefixedReader(max_notification_size_);
        if (!writer_.write(substream, length_prefixed(owner->current_handshake()))) {
          substream.reset();
          return;
        }
        continue;
      }
      // Notifications count once the protocol is open with the peer (our outbound substream has
      // its handshake); sc-network does not read the inbound substream before that either.
      const auto peer = owner->peers_.find(peer_);
      if (peer != owner->peers_.end()) {
        Peer& state = *peer->second;
        if (state.open) {
          owner->listener_.on_notification(peer_, message);
        } else if (state.early.size() < kMaxEarlyNotifications &&
                   state.early_bytes + message.size() <= kMaxEarlyBytes) {
          state.early_bytes += message.size();
          state.early.push_back(message);
        }
      }
      if (!substream.is_open()) return;
    }
  }

  void on_remote_closed(Substream& substream) override { substream.close(); }

  void on_writable(Substream& substream) override { writer_.flush(substream); }

  void on_end(Substream& substream, SubstreamEnd end) override {
    (void)substream;
    (void)end;
    if (!counted_) return;
    auto owner = owner_.lock();
    if (!owner) return;
    const auto peer = owner->peers_.find(peer_);
    if (peer == owner->peers_.end()) return;
    if (peer->second->inbound > 0) --peer->second->inbound;
    owner->forget_if_unused(peer_);
  }

 private:
  std::weak_ptr<NotificationsProtocol> owner_;
  PeerId peer_;
  size_t max_notification_size_;
  LengthPrefixedReader reader_;
  SubstreamWriter writer_;
  bool handshake_done_ = false;
  bool counted_ = false;
};

// ---- the protocol ----------------------------------------------------------------------------

NotificationsProtocol::NotificationsProtocol(Host& host, NotificationsConfig config,
                                             Bytes handshake, NotificationsListener& listener)
    : host_(host),
      config_(std::move(config)),
      listener_(listener),
      handshake_(std::move(handshake)) {}

NotificationsProtocol::~NotificationsProtocol() = default;

std::shared_ptr<NotificationsProtocol> NotificationsProtocol::create(
    Host& host, NotificationsConfig config, Bytes handshake, NotificationsListener& listener) {
  auto protocol = std::make_shared<NotificationsProtocol>(host, std::move(config),
                                                          std::move(handshake), listener);
  std::weak_ptr<NotificationsProtocol> weak = protocol;
  for (const std::string& name : protocol->config_.names) {
    host.register_protocol(
        name, [weak](const SubstreamInfo& info) -> std::unique_ptr<SubstreamHandler> {
          auto owner = weak.lock();
          if (!owner || !info.peer) return nullptr;
          const auto peer = owner->peers_.find(*info.peer);
          // One inbound substream per peer and protocol (sc-network refuses a second one).
          if (peer != owner->peers_.end() && peer->second->inbound > 0) return nullptr;
          return std::make_unique<InboundHandler>(weak, *info.peer, owner->config_);
        });
  }
  return protocol;
}

void NotificationsProtocol::set_handshake(Bytes handshake) {
  MutexLock lock(mutex_);
  handshake_ = std::move(handshake);
}

Bytes NotificationsProtocol::current_handshake() const {
  MutexLock lock(mutex_);
  return handshake_;
}

std::vector<PeerId> NotificationsProtocol::open_peers() const {
  MutexLock lock(mutex_);
  return open_peers_;
}

void NotificationsProtocol::publish_open_peers() {
  std::vector<PeerId> open;
  for (const auto& [peer, state] : peers_) {
    if (state->open) open.push_back(peer);
  }
  MutexLock lock(mutex_);
  open_peers_ = std::move(open);
}

void NotificationsProtocol::send(const PeerId& peer, Bytes message) {
  if (message.size() > config_.max_notification_size) return;  // the peer would refuse it
  std::weak_ptr<NotificationsProtocol> weak = shared_from_this();
  host_.post([weak, peer, message = std::move(message)]() mutable {
    auto self = weak.lock();
    if (!self) return;
    const auto it = self->peers_.find(peer);
    if (it == self->peers_.end() || !it->second->open || it->second->outbound == nullptr) return;
    it->second->outbound->send(std::move(message));
  });
}

void NotificationsProtocol::on_peer_connected(const PeerId& peer) {
  auto& state = peers_[peer];
  if (!state) state = std::make_unique<Peer>();
  ++state->connections;
  if (state->generation == 0 && config_.initiate) open_outbound(peer);
}

void NotificationsProtocol::on_peer_disconnected(const PeerId& peer) {
  const auto it = peers_.find(peer);
  if (it == peers_.end()) return;
  if (it->second->connections > 0) --it->second->connections;
  // The substreams end with their connection (on_end); the entry goes once nothing refers to it.
  forget_if_unused(peer);
}

void NotificationsProtocol::forget_if_unused(const PeerId& peer) {
  const auto it = peers_.find(peer);
  if (it == peers_.end()) return;
  const Peer& state = *it->second;
  if (state.connections == 0 && state.generation == 0 && state.inbound == 0) peers_.erase(it);
}

void NotificationsProtocol::open_outbound(const PeerId& peer) {
  Peer& state = *peers_.at(peer);
  const uint64_t generation = next_generation_++;
  state.generation = generation;
  state.open = false;
  auto handler = std::make_unique<OutboundHandler>(weak_from_this(), peer, generation,
                                                   current_handshake(), config_);
  state.outbound = handler.get();
  host_.open_substream(peer, config_.names, std::move(handler));
  // The peer's handshake is due within the timeout.
  std::weak_ptr<NotificationsProtocol> weak = weak_from_this();
  host_.post_after(config_.handshake_timeout, [weak, peer, generation] {
    auto self = weak.lock();
    if (!self) return;
    const auto it = self->peers_.find(peer);
    if (it == self->peers_.end() || it->second->generation != generation) return;
    OutboundHandler* outbound = it->second->outbound;
    if (outbound != nullptr && !outbound->handshake_received()) {
      outbound->reset("no handshake within the timeout");
    }
  });
}

void NotificationsProtocol::outbound_ready(const PeerId& peer, uint64_t generation,
                                           const std::string& protocol, ByteSpan handshake) {
  const auto it = peers_.find(peer);
  if (it == peers_.end() || it->second->generation != generation) return;
  if (!listener_.accept_handshake(peer, handshake)) {
    if (it->second->outbound != nullptr) it->second->outbound->reset("handshake refused");
    return;
  }
  it->second->open = true;
  publish_open_peers();
  std::vector<Bytes> early = std::move(it->second->early);
  it->second->early.clear();
  it->second->early_bytes = 0;
  listener_.on_open(peer, protocol, handshake);
  for (const Bytes& message : early) listener_.on_notification(peer, message);
}

void NotificationsProtocol::outbound_ended(const PeerId& peer, uint64_t generation,
                                           const std::string& why) {
  const auto it = peers_.find(peer);
  if (it == peers_.end() || it->second->generation != generation) return;
  Peer& state = *it->second;
  const bool was_open = state.open;
  state.open = false;
  state.outbound = nullptr;
  state.generation = 0;
  if (was_open) {
    publish_open_peers();
    listener_.on_closed(peer, why);
  }
  if (state.connections == 0) {
    forget_if_unused(peer);
    return;
  }
  // A peer that refused the protocol is asked again only when it opens one to us.
  if (why != to_string(SubstreamEnd::kRefused)) schedule_reopen(peer);
}

void NotificationsProtocol::schedule_reopen(const PeerId& peer) {
  Peer& state = *peers_.at(peer);
  if (state.reopen_scheduled) return;
  state.reopen_scheduled = true;
  std::weak_ptr<NotificationsProtocol> weak = weak_from_this();
  host_.post_after(config_.reopen_delay, [weak, peer] {
    auto self = weak.lock();
    if (!self) return;
    const auto it = self->peers_.find(peer);
    if (it == self->peers_.end()) return;
    it->second->reopen_scheduled = false;
    if (it->second->connections > 0 && it->second->generation == 0) self->open_outbound(peer);
  });
}

void NotificationsProtocol::inbound_started(const PeerId& peer) {
  auto& state = peers_[peer];
  if (!state) state = std::make_unique<Peer>();
  ++state->inbound;
  // The remote wants the protocol: answer with our own substream (sc-network's
  // OpenDesiredByRemote, accepted).
  if (state->generation == 0 && state->connections > 0) open_outbound(peer);
}

}  // namespace canary::network
