// The libp2p host: TCP connections that speak libp2p end to end (network/libp2p/connection.hpp:
// multistream-select, Noise, Yamux, identify, ping), on one I/O thread with Boost.Asio.
//
//   auto host = Host::start(config);             // binds the listen addresses, starts the thread
//   (or Host::create(config), registrations, then host->run(): nothing reaches a callback before
//   everything it needs exists)
//   host->register_protocol("/my/proto/1", factory);   // inbound substreams of that protocol
//   host->dial(Multiaddr::from_string("/ip4/1.2.3.4/tcp/30333/p2p/12D3KooW…").value());
//   host->open_substream(peer, {"/my/proto/1"}, std::make_unique<MyHandler>());
//
// Threads: every method may be called from any thread; the work happens on the I/O thread, which
// is also where every callback runs (HostConfig::on_event, the substream handlers and factories).
// Substream handles may only be used on the I/O thread (from callbacks, or tasks given to post()).
//
// Limits, so that no peer makes the host use unbounded memory or sockets: connections are capped
// per direction (Substrate's --in-peers / --out-peers, counted from accept/dial, handshakes
// included) and per peer; handshakes, negotiations and pings time out; each connection holds a
// fixed read buffer, a bounded write buffer, and the bounded queues of its state machine.
// Boost stays behind the implementation: users of this header need no Boost.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "network/libp2p/connection.hpp"
#include "network/libp2p/identify.hpp"
#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

using ConnectionId = uint64_t;

enum class ConnectionDirection : uint8_t {
  kInbound,   // the peer dialed us (or opened the substream)
  kOutbound,  // we dialed (or opened the substream)
};

enum class HostEventType : uint8_t {
  kListening,              // `address`: a bound listen address (port 0 resolved)
  kListenFailed,           // `address`, `detail`: cannot listen there (the host goes on)
  kConnectionEstablished,  // `connection`, `peer`, `address`, `direction`
  kConnectionClosed,       // the same and `detail`: why
  kDialFailed,             // `address`, `detail`: no connection came of a dial
  kIncomingFailed,         // `address`, `detail`: an inbound connection ended before its upgrade
  kIdentified,             // `connection`, `peer`, `identify`
  kPing,                   // `connection`, `peer`, `rtt`
  kDiagnostic,             // `detail` (and the connection's fields, if about one): debug logs
};

struct HostEvent {
  HostEventType type = HostEventType::kListening;
  ConnectionId connection = 0;
  std::optional<PeerId> peer;
  Multiaddr address;  // the listen address, or the peer's (as dialed, or as accepted from)
  ConnectionDirection direction = ConnectionDirection::kOutbound;
  std::string detail;
  // kConnectionClosed, kDialFailed, kIncomingFailed: the protocol failure behind it, if any (none:
  // a socket error, a limit, a local decision).
  std::optional<ConnectionError> error;
  std::optional<IdentifyInfo> identify;
  std::chrono::steady_clock::duration rtt{};
};

struct HostConfig {
  crypto::ed25519::Keypair identity{};
  // TCP addresses to listen on: /ip4/<a>/tcp/<port> or /ip6/<a>/tcp/<port> (port 0: any).
  std::vector<Multiaddr> listen_addresses;
  std::string agent_version = "canary";
  std::string protocol_version = std::string(kSubstrateProtocolVersion);
  // Connections per direction, pending ones included (sc-cli --in-peers / --out-peers).
  size_t max_inbound_connections = 32;
  size_t max_outbound_connections = 8;
  // Inbound connections still in their handshake from one source address (issue 22). When
  // max_inbound_connections is reached, or a source is at this limit, the oldest pending
  // handshake of the largest holder (of the source itself, at its limit) is dropped for the
  // newcomer.
  size_t max_pending_inbound_per_source = 8;
  // Established connections per peer (sc-network's MAX_CONNECTIONS_PER_PEER).
  size_t max_connections_per_peer = 2;
  // DNS resolution and TCP connect of a dial.
  std::chrono::milliseconds dial_timeout{10'000};
  // How long a closing connection may take to flush its last bytes (a GoAway).
  std::chrono::milliseconds close_linger{2'000};
  // Reserved peers are redialed after this long, doubling per failure up to the maximum.
  std::chrono::milliseconds redial_initial{1'000};
  std::chrono::milliseconds redial_max{60'000};
  ConnectionTimeouts timeouts{};
  YamuxConfig yamux{};
  bool lazy_upgrade = true;
  // Events, called on the I/O thread.
  std::function<void(const HostEvent&)> on_event;
  // Asked on the I/O thread once a connection has proven its peer (either direction): false
  // closes it before it is announced (banned peers, --reserved-only). Unset: everyone.
  std::function<bool(const PeerId&)> accept_peer;
};

struct SubstreamInfo {
  ConnectionId connection = 0;
  SubstreamId id = 0;
  std::optional<PeerId> peer;
  std::string protocol;
  ConnectionDirection direction = ConnectionDirection::kOutbound;
};

// How a substream ended; its handler hears it once, last.
enum class SubstreamEnd : uint8_t {
  kFinished,          // both sides closed
  kResetByPeer,       // the peer reset it
  kResetLocally,      // reset() was called
  kRefused,           // outbound: the peer refused the protocols, reset or ignored the proposal
  kNoConnection,      // outbound: no established connection to the peer
  kConnectionClosed,  // the connection went away (or the host stopped)
};

const char* to_string(SubstreamEnd end);

class TcpConnection;
class SubstreamHandler;

// A substream as its handler sees it. Only valid on the I/O thread, until on_end returns.
class Substream {
 public:
  const SubstreamInfo& info() const { return info_; }
  // Takes up to data.size() bytes; fewer means the substream is full (Yamux window and bounded
  // queues), and on_writable follows when it has room. 0 once closed or ended.
  size_t write(ByteSpan data);
  // Half-closes our side: the peer may go on sending; on_end(kFinished) once it closed too.
  void close();
  // Aborts both ways; on_end(kResetLocally) follows.
  void reset();
  bool is_open() const { return !ended_; }
  // Outbound: whether the peer accepted the protocol (on_open was called).
  bool is_negotiated() const { return negotiated_; }

  Substream(const Substream&) = delete;
  Substream& operator=(const Substream&) = delete;
  ~Substream();

 private:
  friend class TcpConnection;
  friend class Host;
  Substream(std::weak_ptr<TcpConnection> connection, SubstreamInfo info);

  std::weak_ptr<TcpConnection> connection_;
  SubstreamInfo info_;
  std::unique_ptr<SubstreamHandler> handler_;
  bool ended_ = false;
  bool negotiated_ = false;
};

// A protocol's side of one substream. All calls come on the I/O thread.
class SubstreamHandler {
 public:
  virtual ~SubstreamHandler() = default;
  // Inbound: the substream was accepted for its protocol (called first). Outbound: the peer
  // accepted the protocol (with one proposed protocol, data may be written before this).
  virtual void on_open(Substream& substream) { (void)substream; }
  // Bytes of the substream, in order. Data is consumed when this returns: a handler that keeps it
  // must bound what it keeps.
  virtual void on_data(Substream& substream, ByteSpan data) = 0;
  // The peer will send nothing more.
  virtual void on_remote_closed(Substream& substream) { (void)substream; }
  // A write() that took fewer bytes than given can be retried.
  virtual void on_writable(Substream& substream) { (void)substream; }
  // The last call: the substream is over.
  virtual void on_end(Substream& substream, SubstreamEnd end) {
    (void)substream;
    (void)end;
  }
};

// Makes the handler of an inbound substream; nullptr refuses it (reset).
using InboundSubstreamFactory =
    std::function<std::unique_ptr<SubstreamHandler>(const SubstreamInfo& info)>;

struct ConnectedPeer {
  PeerId peer;
  ConnectionId connection = 0;
  Multiaddr address;
  ConnectionDirection direction = ConnectionDirection::kOutbound;
  std::optional<std::string> agent_version;  // once identified
};

class Host {
 public:
  // Binds the listen addresses (each failure is a kListenFailed event and a log-worthy detail,
  // not an error, as Substrate goes on without that address) and starts the I/O thread. Errors:
  // a listen address that is not TCP over IP.
  static Result<std::unique_ptr<Host>, std::string> start(HostConfig config);
  // start's first half: binds the listen addresses but runs nothing. Accepts, dials, posted tasks
  // and events (kListening included) wait for run(), so that a user registers its protocols and
  // builds what its callbacks touch first: a peer that connects at once (a boot node dialed by
  // discovery, a peer redialing a restarted node) finds them all.
  static Result<std::unique_ptr<Host>, std::string> create(HostConfig config);
  // Starts the I/O thread (once; later calls do nothing).
  void run();
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // Closes every connection (a GoAway each, flushed for up to close_linger), ends every
  // substream (kConnectionClosed), stops the thread. Idempotent; not from the I/O thread.
  void stop();

  const PeerId& local_peer_id() const;
  // The bound listen addresses (port 0 replaced by the real port).
  std::vector<Multiaddr> listen_addresses() const;

  // Dials a TCP address (/ip4|ip6|dns|dns4|dns6/…/tcp/…, optionally /p2p/<peer>, which the peer
  // must then prove to be). The outcome: kConnectionEstablished or kDialFailed.
  void dial(const Multiaddr& address);
  // A peer to stay connected to (Substrate's reserved nodes): dialed now and whenever it has no
  // connection, after a backoff. The address must end with /p2p/<peer>.
  Result<void, std::string> add_reserved_peer(const Multiaddr& address);
  // Drops the reservation of `peer` (no more redials); its connections stay, as an ordinary
  // peer's. Unknown peers are ignored.
  void remove_reserved_peer(const PeerId& peer);
  // The reserved peers (a snapshot, in PeerId order), each with its address.
  std::vector<std::pair<PeerId, Multiaddr>> reserved_peers() const;

  // Accepts inbound substreams for `protocol` (multistream-select name), announced in identify.
  // Registering a name again replaces its factory.
  void register_protocol(std::string protocol, InboundSubstreamFactory factory);
  // Opens a substream on an established connection to `peer`, proposing `protocols` in order;
  // the handler hears on_open, or on_end(kRefused / kNoConnection).
  void open_substream(const PeerId& peer, std::vector<std::string> protocols,
                      std::unique_ptr<SubstreamHandler> handler);
  // Closes every connection to `peer`.
  void disconnect(const PeerId& peer);
  // Runs `task` on the I/O thread.
  void post(std::function<void()> task);
  // Runs `task` on the I/O thread once `delay` has passed (never, if the host stops first).
  void post_after(std::chrono::milliseconds delay, std::function<void()> task);

  // Established connections, and their peers (a snapshot).
  size_t connection_count() const;
  std::vector<ConnectedPeer> connected_peers() const;

  struct Impl;

 private:
  explicit Host(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The addresses a listener on `bound` is reachable at: itself, or for an unspecified address
// (0.0.0.0, ::) the addresses of the machine's interfaces of that family (link-local IPv6 left
// out), with the same port. What identify announces.
std::vector<Multiaddr> expand_listen_address(const Multiaddr& bound);

}  // namespace canary::network
