#include "network/host/kademlia_discovery.hpp"

#include <utility>

#include "network/host/substream_writer.hpp"
#include "network/libp2p/length_prefixed.hpp"

namespace canary::network {

namespace {

using Clock = std::chrono::steady_clock;

// What an inbound substream may hold back while the peer does not read our answers: a few whole
// responses. Beyond it the peer is not reading, and the substream is reset.
constexpr size_t kMaxBufferedAnswers = 4 * (kMaxKademliaMessageSize + 8);

}  // namespace

// One inbound Kademlia substream: requests one after the other, each answered in turn.
class KademliaDiscovery::InboundHandler final : public SubstreamHandler {
 public:
  InboundHandler(std::weak_ptr<KademliaDiscovery> owner, PeerId peer)
      : owner_(std::move(owner)),
        peer_(std::move(peer)),
        reader_(kMaxKademliaMessageSize),
        writer_(kMaxBufferedAnswers) {}

  void on_data(Substream& substream, ByteSpan data) override {
    while (!data.empty() && substream.is_open() && !closed_) {
      auto taken = reader_.feed(data);
      if (!taken) {
        substream.reset();  // a length over the bound, or not a varint
        return;
      }
      data = data.subspan(*taken);
      if (!reader_.complete()) return;
      const Bytes request = reader_.take();
      auto owner = owner_.lock();
      if (!owner || !owner->kademlia_) {
        substream.reset();
        return;
      }
      KademliaInboundAnswer answer =
          owner->kademlia_->on_inbound_request(peer_, request, Clock::now());
      ++owner->served_;
      owner->records_stored_ = owner->kademlia_->record_store().size();
      switch (answer.kind) {
        case KademliaInboundAnswer::Kind::kRespond:
          if (!writer_.write(substream, length_prefixed(answer.response))) {
            substream.reset();
            return;
          }
          break;
        case KademliaInboundAnswer::Kind::kNoResponse:
          break;
        case KademliaInboundAnswer::Kind::kClose:
          closed_ = true;
          close_when_flushed(substream);
          return;
        case KademliaInboundAnswer::Kind::kReset:
          substream.reset();
          return;
      }
    }
  }

  void on_remote_closed(Substream& substream) override {
    if (reader_.in_message()) {
      substream.reset();  // the peer stopped inside a request
      return;
    }
    closed_ = true;
    close_when_flushed(substream);
  }

  void on_writable(Substream& substream) override {
    writer_.flush(substream);
    if (closed_) close_when_flushed(substream);
  }

  void on_end(Substream& substream, SubstreamEnd end) override {
    (void)substream;
    (void)end;
    auto owner = owner_.lock();
    if (!owner) return;
    auto it = owner->inbound_substreams_.find(peer_);
    if (it != owner->inbound_substreams_.end() && --it->second == 0) {
      owner->inbound_substreams_.erase(it);
    }
  }

 private:
  void close_when_flushed(Substream& substream) {
    if (writer_.empty() && !close_sent_) {
      close_sent_ = true;
      substream.close();
    }
  }

  std::weak_ptr<KademliaDiscovery> owner_;
  PeerId peer_;
  LengthPrefixedReader reader_;
  SubstreamWriter writer_;
  bool closed_ = false;  // no more requests are read
  bool close_sent_ = false;
};

KademliaDiscovery::KademliaDiscovery(KademliaDiscoveryConfig config, const PeerId& local)
    : config_(std::move(config)), local_(local) {
  if (config_.kademlia.protocol_name.empty() && !config_.protocol_names.empty()) {
    config_.kademlia.protocol_name = config_.protocol_names.front();
  }
  kademlia_ = std::make_unique<Kademlia>(local_, config_.kademlia, Clock::now());
}

KademliaDiscovery::~KademliaDiscovery() = default;

std::shared_ptr<KademliaDiscovery> KademliaDiscovery::create(KademliaDiscoveryConfig config,
                                                             const PeerId& local) {
  return std::make_shared<KademliaDiscovery>(std::move(config), local);
}

void KademliaDiscovery::start(Host& host) {
  RequestResponseConfig client;
  client.names = config_.protocol_names;
  client.max_request_size = kMaxKademliaMessageSize;
  client.max_response_size = kMaxKademliaMessageSize;
  client.request_timeout = config_.kademlia.request_timeout;
  client_ = RequestResponseProtocol::create(host, client);  // requester only
  poster_ = &host;

  std::weak_ptr<KademliaDiscovery> weak = shared_from_this();
  for (const std::string& name : config_.protocol_names) {
    host.register_protocol(name,
                           [weak](const SubstreamInfo& info) -> std::unique_ptr<SubstreamHandler> {
                             auto self = weak.lock();
                             if (!self || !info.peer) return nullptr;
                             size_t& open = self->inbound_substreams_[*info.peer];
                             if (open >= self->config_.max_inbound_substreams_per_peer) {
                               if (open == 0) self->inbound_substreams_.erase(*info.peer);
                               return nullptr;
                             }
                             ++open;
                             return std::make_unique<InboundHandler>(weak, *info.peer);
                           });
  }
  host.post([weak, &host] {
    auto self = weak.lock();
    if (!self) return;
    self->host_ = &host;
    const auto now = Clock::now();
    for (const Multiaddr& address : self->config_.permanent_addresses) {
      if (auto peer = address.peer_id()) {
        self->execute(self->kademlia_->add_permanent_address(*peer, address, now));
      }
    }
    self->tick();
  });
}

void KademliaDiscovery::on_io_thread(std::function<void(KademliaDiscovery&)> task,
                                     std::function<void(KademliaDiscovery&)> failed) {
  Host* host = poster_.load();
  if (host == nullptr) {
    failed(*this);
    return;
  }
  std::weak_ptr<KademliaDiscovery> weak = shared_from_this();
  host->post([weak, task = std::move(task), failed = std::move(failed)] {
    auto self = weak.lock();
    if (!self) return;
    if (self->host_ == nullptr) {  // start()'s own task has not run yet: it comes first
      failed(*self);
      return;
    }
    task(*self);
    self->rearm();
  });
}

void KademliaDiscovery::get_record(const Bytes& key) {
  auto failed = [key](KademliaDiscovery& self) {
    if (self.config_.on_action) self.config_.on_action(KademliaGetRecordFinished{0, key, 0, false});
  };
  on_io_thread(
      [key, failed](KademliaDiscovery& self) {
        std::vector<KademliaAction> actions;
        if (!self.kademlia_->get_record(key, Clock::now(), actions)) failed(self);
        self.execute(std::move(actions));
      },
      failed);
}

void KademliaDiscovery::put_record(const Bytes& key, Bytes value) {
  auto failed = [key](KademliaDiscovery& self) {
    if (self.config_.on_action) {
      self.config_.on_action(KademliaPutRecordFinished{0, key, {}, 0, false, false});
    }
  };
  on_io_thread(
      [key, value = std::move(value), failed](KademliaDiscovery& self) {
        std::vector<KademliaAction> actions;
        if (!self.kademlia_->put_record(key, value, Clock::now(), actions)) failed(self);
        self.execute(std::move(actions));
      },
      failed);
}

void KademliaDiscovery::put_record_to(KademliaRecord record, std::vector<PeerId> peers,
                                      bool update_local) {
  auto failed = [key = record.key](KademliaDiscovery& self) {
    if (self.config_.on_action) {
      self.config_.on_action(KademliaPutRecordFinished{0, key, {}, 0, false, false});
    }
  };
  on_io_thread(
      [record = std::move(record), peers = std::move(peers), update_local,
       failed](KademliaDiscovery& self) {
        if (peers.empty()) {  // sc-network put_record_to: then only our own store
          if (update_local) (void)self.kademlia_->store_record(record, Clock::now());
          self.records_stored_ = self.kademlia_->record_store().size();
          return;
        }
        std::vector<KademliaAction> actions;
        if (!self.kademlia_->put_record_to(record, peers, update_local, Clock::now(), actions)) {
          failed(self);
        }
        self.execute(std::move(actions));
      },
      failed);
}

void KademliaDiscovery::on_host_event(const HostEvent& event) {
  if (!event.peer) return;
  const auto now = Clock::now();
  const PeerId& peer = *event.peer;
  const bool outbound = event.direction == ConnectionDirection::kOutbound;
  switch (event.type) {
    case HostEventType::kConnectionEstablished:
      execute(kademlia_->on_connected(peer, outbound, now));
      break;
    case HostEventType::kConnectionClosed:
      execute(kademlia_->on_disconnected(peer, outbound, now));
      break;
    case HostEventType::kDialFailed:
      execute(kademlia_->on_dial_failed(peer, event.address, now));
      break;
    case HostEventType::kIdentified:
      if (event.identify) {
        execute(kademlia_->on_identified(peer, event.identify->listen_addresses,
                                         event.identify->protocols, now));
      }
      break;
    case HostEventType::kListening:
    case HostEventType::kListenFailed:
    case HostEventType::kIncomingFailed:
    case HostEventType::kPing:
    case HostEventType::kDiagnostic:
      return;
  }
  rearm();
}

void KademliaDiscovery::execute(std::vector<KademliaAction> actions) {
  for (KademliaAction& action : actions) {
    if (config_.on_action) config_.on_action(action);
    if (host_ == nullptr) continue;  // no dial or request is asked for before start()
    if (auto* dial = std::get_if<KademliaDial>(&action)) {
      host_->dial(dial->address);
    } else if (auto* send = std::get_if<KademliaSendRequest>(&action)) {
      std::weak_ptr<KademliaDiscovery> weak = shared_from_this();
      client_->request(send->peer, std::move(send->request),
                       [weak, id = send->request_id](Result<Bytes, RequestFailure> response) {
                         if (auto self = weak.lock()) self->on_response(id, std::move(response));
                       });
    }
  }
  table_size_ = kademlia_->routing_table().size();
  records_stored_ = kademlia_->record_store().size();
}

void KademliaDiscovery::on_response(uint64_t request_id, Result<Bytes, RequestFailure> response) {
  const auto now = Clock::now();
  if (response) {
    execute(kademlia_->on_response(request_id, *response, now));
  } else {
    execute(kademlia_->on_request_failed(request_id, now));
  }
  rearm();
}

void KademliaDiscovery::tick() {
  execute(kademlia_->tick(Clock::now()));
  rearm();
}

void KademliaDiscovery::rearm() {
  if (host_ == nullptr) return;
  const auto wake = kademlia_->next_wake();
  if (!wake) return;
  const auto now = Clock::now();
  // A timer already set for no later than this (and not yet due) serves.
  if (armed_for_ && *armed_for_ <= *wake && *armed_for_ > now) return;
  armed_for_ = *wake;
  const auto delay = std::chrono::ceil<std::chrono::milliseconds>(*wake - now);
  std::weak_ptr<KademliaDiscovery> weak = shared_from_this();
  host_->post_after(std::max(delay, std::chrono::milliseconds(0)), [weak, at = *wake] {
    auto self = weak.lock();
    if (!self) return;
    if (self->armed_for_ == at) self->armed_for_.reset();
    self->tick();
  });
}

}  // namespace canary::network
