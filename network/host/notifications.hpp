// A notifications protocol over the host (sc-network's `notifications` behaviour and its
// `NotificationsIn/OutSubstream`): with each connected peer, one long-lived outbound substream
// that carries our notifications and one inbound substream that carries theirs.
//
//   outbound: we propose the names (main first, then the fallbacks), write our handshake
//             (varint length ‖ bytes), read the peer's; from then on we write notifications.
//   inbound:  the peer's handshake first; if accepted we answer with ours, then read notifications
//             (each varint length ‖ bytes, at most max_notification_size).
//
// The protocol is open with a peer once our outbound substream has the peer's (accepted)
// handshake: the `on_open` event, then `on_notification`s from the inbound substream, and one
// `on_closed` when the outbound substream ends. While the peer stays connected, a closed
// outbound substream is opened again after `reopen_delay`; an inbound substream from a peer we
// have no outbound substream to makes us open one (the remote wants the protocol).
//
// Back-pressure: what the outbound substream cannot take yet waits in a bounded queue per peer;
// a peer that lets it fill up is too slow and its outbound substream is reset (then reopened),
// which the listener sees as on_closed (Substrate drops such peers as well). Inbound data is
// consumed as it arrives: each notification is handed to the listener at once.
//
// Threads: set_handshake, send, open_peers may be called from any thread; the rest and every
// listener call run on the host's I/O thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "network/host/host.hpp"
#include "network/libp2p/peer_id.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::network {

struct NotificationsConfig {
  // The main name first, then its fallbacks (Substrate's legacy names); inbound substreams are
  // accepted under any of them.
  std::vector<std::string> names;
  size_t max_handshake_size = 1024;
  size_t max_notification_size = 1024 * 1024;
  // Per peer, notifications waiting for the outbound substream.
  size_t max_queued_notifications = 2048;
  size_t max_queued_bytes = 16 * 1024 * 1024;
  // The peer's handshake must arrive within this long (sc-network's OPEN_TIMEOUT).
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds reopen_delay{5'000};
  // Whether a new connection opens the protocol from our side; without it the protocol opens
  // only when the peer asks (its inbound substream makes us answer with ours), as Polkadot's
  // collation peer set on validators (no outbound slots: collators come to them).
  bool initiate = true;
};

class NotificationsListener {
 public:
  virtual ~NotificationsListener() = default;
  // The peer's handshake, on either substream: false refuses it (the substream is reset).
  virtual bool accept_handshake(const PeerId& peer, ByteSpan handshake) = 0;
  // Our outbound substream to `peer` is open; `handshake` is the one the peer answered with.
  virtual void on_open(const PeerId& peer, const std::string& protocol, ByteSpan handshake) = 0;
  virtual void on_notification(const PeerId& peer, ByteSpan message) = 0;
  // After on_open only: the outbound substream ended (why: for logs).
  virtual void on_closed(const PeerId& peer, const std::string& why) = 0;
};

class NotificationsProtocol : public std::enable_shared_from_this<NotificationsProtocol> {
 public:
  // Registers the inbound side on the host. The listener must outlive the host's I/O thread.
  static std::shared_ptr<NotificationsProtocol> create(Host& host, NotificationsConfig config,
                                                       Bytes handshake,
                                                       NotificationsListener& listener);

  const std::string& name() const { return config_.names.front(); }

  // Our handshake for substreams opened from now on (block-announces carries the best block).
  void set_handshake(Bytes handshake);
  // Queues `message` on the outbound substream to `peer`; dropped when the protocol is not open
  // with it. Any thread.
  void send(const PeerId& peer, Bytes message);
  // The peers the protocol is open with (a snapshot). Any thread.
  std::vector<PeerId> open_peers() const;

  // The host's connection events (I/O thread): the first connection to a peer opens the
  // protocol with it, the last one closing forgets the peer.
  void on_peer_connected(const PeerId& peer);
  void on_peer_disconnected(const PeerId& peer);

  // Internal, for the substream handlers (I/O thread).
  struct Peer;
  class OutboundHandler;
  class InboundHandler;

  NotificationsProtocol(Host& host, NotificationsConfig config, Bytes handshake,
                        NotificationsListener& listener);
  ~NotificationsProtocol();

 private:
  void open_outbound(const PeerId& peer);
  void schedule_reopen(const PeerId& peer);
  void outbound_ready(const PeerId& peer, uint64_t generation, const std::string& protocol,
                      ByteSpan handshake);
  void outbound_ended(const PeerId& peer, uint64_t generation, const std::string& why);
  void inbound_started(const PeerId& peer);
  void forget_if_unused(const PeerId& peer);
  Bytes current_handshake() const;
  void publish_open_peers();

  Host& host_;
  NotificationsConfig config_;
  NotificationsListener& listener_;
  mutable Mutex mutex_;
  Bytes handshake_ GUARDED_BY(mutex_);
  std::vector<PeerId> open_peers_ GUARDED_BY(mutex_);
  // I/O thread only.
  std::map<PeerId, std::unique_ptr<Peer>> peers_;
  uint64_t next_generation_ = 1;
};

}  // namespace canary::network
