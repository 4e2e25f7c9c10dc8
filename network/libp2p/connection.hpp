// One libp2p connection over a reliable byte stream (TCP), as a sans-IO state machine: the
// connection upgrade, substream negotiation, and the protocols every connection runs (identify,
// ping). The adapter feeds it the bytes that arrived and the time, writes what pending_output()
// holds, wakes it at next_wake(), and hands its events to the node. Its parts, one per file: the
// upgrade (connection_upgrade.*, a state machine of its own), the established connection's
// substreams over Yamux (connection.cpp), the built-in identify and ping (connection_builtin.cpp);
// its configuration, phases and errors are in connection_config.hpp.
//
// The upgrade (libp2p specs, connections):
//   multistream-select "/noise"  →  Noise XX handshake (the remote's PeerId is learnt, and checked
//   against the dialed one)  →  multistream-select "/yamux/1.0.0" inside Noise  →  Yamux.
// The dialer proposes lazily (rust-libp2p's V1Lazy, as Substrate does): the Noise handshake follows
// the proposal without waiting for the echo. Then every substream starts with its own
// multistream-select: the listener of a substream accepts identify, identify push, ping and the
// protocols of LocalNodeInfo; the dialer proposes one protocol lazily (data may follow at once), or
// several in turn.
//
// Built in, never surfaced as substreams:
//  - identify: we ask the peer once the connection is up (kIdentified), answer its requests with
//    LocalNodeInfo (observed address: the connection's remote address), and read its pushes;
//  - ping: one ping right away and every ping_interval on one substream, kPingSucceeded with the
//    round trip; an echo later than ping_timeout, or a wrong one, ends the connection
//    (kPingFailed). Inbound pings are echoed (at most two ping substreams per peer, as the spec
//    asks).
//
// Memory is bounded whatever the peer does: the Noise transport holds at most one frame, Yamux
// bounds streams and queues, negotiation messages and identify messages have size limits, and
// the encrypted output waiting for the socket is capped at max_output_bytes (Yamux keeps the rest
// queued under its own bounds). Application data is delivered in kData events copied out of the
// input (consecutive Yamux frames of a substream within one feed() make one event) and returned
// to the peer's window at once: the adapter's handling of the events is the back-pressure (the
// socket is not read meanwhile).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "network/libp2p/connection_config.hpp"
#include "network/libp2p/connection_upgrade.hpp"
#include "network/libp2p/identify.hpp"
#include "network/libp2p/length_prefixed.hpp"
#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/multistream_select.hpp"
#include "network/libp2p/noise_transport.hpp"
#include "network/libp2p/peer_id.hpp"
#include "network/libp2p/ping.hpp"
#include "network/libp2p/yamux_session.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

// What this node tells peers and accepts from them; shared by every connection of a host.
struct LocalNodeInfo {
  std::string protocol_version = std::string(kSubstrateProtocolVersion);
  std::string agent_version;
  std::vector<Multiaddr> listen_addresses;  // sent in identify
  // Protocols accepted on inbound substreams besides identify, identify push and ping.
  std::vector<std::string> protocols;
};

// Substreams are named by their Yamux stream id.
using SubstreamId = YamuxStreamId;

enum class SubstreamError : uint8_t {
  kNotEstablished,     // the upgrade is not complete
  kConnectionClosed,   // the connection failed or is closing
  kUnknownSubstream,   // not an application substream of this connection (or gone)
  kInvalidProtocols,   // no protocol, or a name that is not a valid protocol name
  kClosedForWriting,   // close was called on it
  kTooManySubstreams,  // Yamux's limit on our streams
  kGoAway,             // the peer takes no new substreams
};

const char* to_string(SubstreamError e);

enum class ConnectionEventType : uint8_t {
  kEstablished,         // the upgrade is complete: remote_peer() is known
  kIdentified,          // the peer's identify answer (or push): `identify`
  kPingSucceeded,       // `rtt`
  kInboundSubstream,    // the peer opened `substream` for `protocol`
  kOutboundNegotiated,  // the peer accepted `protocol` on our `substream`
  kOutboundRefused,     // the peer refused, reset or timed out our `substream` (gone); `detail`
  kData,                // `data` arrived on an application `substream`
  kRemoteClosed,        // the peer closed its half of `substream`
  kSubstreamFinished,   // both halves of `substream` are closed: it is gone
  kSubstreamReset,      // the peer reset `substream` (or the negotiation timed out): it is gone
  kWritable,            // `substream` refused bytes in write() and has room again
  kGoAway,              // the peer takes no new substreams
  kDiagnostic,          // something worth a debug log line: `detail`
};

struct ConnectionEvent {
  ConnectionEventType type = ConnectionEventType::kDiagnostic;
  SubstreamId substream = 0;
  std::string protocol;
  Bytes data;
  std::chrono::steady_clock::duration rtt{};
  std::optional<IdentifyInfo> identify;
  bool identify_push = false;
  std::string detail;
};

class Connection {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  Connection(ConnectionConfig config, std::shared_ptr<const LocalNodeInfo> local,
             RandomSource random);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts the handshake clock and queues the dialer's first bytes.
  void start(TimePoint now);

  // Bytes from the peer, in chunks of any size. An error is final (every later call returns it):
  // write what pending_output() still holds (a GoAway, a "na") if convenient, then close.
  Result<void, ConnectionError> feed(ByteSpan received, TimePoint now);
  // Runs the timers due at `now` (handshake, negotiations, identify, ping).
  Result<void, ConnectionError> tick(TimePoint now);
  // When tick() next has something to do; none while nothing is scheduled.
  std::optional<TimePoint> next_wake() const;

  // Bytes for the socket, in order; drain_output(n) once n of them are sent (or copied away).
  ByteSpan pending_output() const { return ByteSpan(out_).subspan(out_head_); }
  void drain_output(size_t n);
  // The same for an adapter that writes from a buffer of its own: the pending output, at most
  // `max_bytes` of it, is moved into `buffer` (its contents replaced) and counted as drained.
  // When all of it fits the two buffers are swapped rather than copied, so the encrypted bytes
  // are not copied again and neither side allocates once both have grown.
  void take_output(Bytes& buffer, size_t max_bytes);

  // The events since the last call, in order, moved into `out` (its contents replaced).
  void take_events(std::vector<ConnectionEvent>& out);

  ConnectionPhase phase() const { return phase_; }
  bool is_established() const { return phase_ == ConnectionPhase::kEstablished; }
  ConnectionRole role() const { return config_.role; }
  // Known once the Noise handshake verified it.
  const std::optional<PeerId>& remote_peer() const { return remote_peer_; }
  const std::optional<ConnectionError>& failure() const { return failure_; }
  // The peer's identify answer (pushes merged in), once received.
  const std::optional<IdentifyInfo>& remote_info() const { return remote_info_; }
  const Multiaddr& remote_address() const { return config_.remote_address; }

  // New protocols or addresses: used by later inbound negotiations and identify answers.
  void set_local_info(std::shared_ptr<const LocalNodeInfo> local);

  // Opens a substream proposing `protocols` in order. With one protocol the proposal is lazy: data
  // written at once follows it (kOutboundNegotiated or kOutboundRefused tells the outcome). With
  // several, write() takes nothing until kOutboundNegotiated (then kWritable follows).
  Result<SubstreamId, SubstreamError> open_substream(std::vector<std::string> protocols,
                                                     TimePoint now);
  // Takes up to data.size() bytes; fewer means full, and kWritable follows when there is room.
  Result<size_t, SubstreamError> write(SubstreamId substream, ByteSpan data);
  // Half-closes our side; kSubstreamFinished follows once the peer closes too.
  Result<void, SubstreamError> close_substream(SubstreamId substream);
  // Aborts the substream; no event follows for it.
  Result<void, SubstreamError> reset_substream(SubstreamId substream);
  size_t substream_count() const { return substreams_.size(); }

  // Ends the connection politely: a Yamux GoAway (once established) is queued; write the pending
  // output and close the socket. Events stop; phase() is kClosed.
  void close();

 private:
  enum class Kind : uint8_t {
    kNegotiatingInbound,  // the peer's proposal not yet accepted
    kApp,                 // an application substream (negotiating while `dialer` is set)
    kIdentifyRequest,     // ours: reading the peer's identify answer
    kIdentifyPush,        // theirs: reading a push
    kPingOut,             // ours: the ping substream
    kPingIn,              // theirs: echoed
    kDone,                // a built-in substream that has served its purpose (answered, closed)
  };
  struct Substream {
    Kind kind = Kind::kNegotiatingInbound;
    bool outbound = false;
    std::optional<MultistreamListener> listener;
    std::optional<MultistreamDialer> dialer;  // until kNegotiated
    std::string protocol;
    TimePoint deadline = TimePoint::max();
    bool want_writable = false;  // write() was refused while negotiating (V1)
    bool local_closed = false;
    bool remote_closed = false;
    std::optional<LengthPrefixedReader> reader;  // identify request, push
    std::optional<PingResponder> responder;
  };
  using SubstreamMap = std::map<SubstreamId, Substream>;

  // The layer of the current phase (asking outside it is a bug: abort).
  YamuxSession& yamux();
  NoiseTransport& transport();

  // The upgrade (connection_upgrade.hpp), then the established connection over its transport.
  Result<void, ConnectionError> feed_upgrade(ByteSpan received);
  Result<void, ConnectionError> feed_encrypted(ByteSpan received);
  Result<void, ConnectionError> establish(Bytes first_bytes);
  Result<void, ConnectionError> encrypt(ByteSpan plaintext);
  Result<void, ConnectionError> fail(ConnectionError error);

  // Established: the Yamux pipeline.
  Result<void, ConnectionError> settle();
  Result<void, ConnectionError> pump();
  Result<void, ConnectionError> on_yamux_event(const YamuxEvent& event);
  // The data events of `batch` from `first` on that carry one application substream's bytes
  // (consecutive, for one negotiated kApp substream): how many there are, 0 if `first` is not one.
  size_t app_data_run(const std::vector<YamuxEvent>& batch, size_t first) const;
  void deliver_app_data(std::span<const YamuxEvent> run);
  Result<void, ConnectionError> on_substream_data(SubstreamId id, ByteSpan data);
  Result<void, ConnectionError> on_negotiated(SubstreamId id, Bytes remainder);
  Result<void, ConnectionError> on_builtin_data(SubstreamId id, Substream& s, ByteSpan data);
  void on_remote_closed(SubstreamId id);
  void on_reset(SubstreamId id);
  void negotiation_failed(SubstreamId id, std::string why);
  // Writes negotiation or built-in bytes; false (and the substream reset) if Yamux had no room.
  bool write_control(SubstreamId id, ByteSpan bytes);
  void reset_builtin(SubstreamId id, std::string why);
  void close_builtin(SubstreamId id);
  void forget_if_gone(SubstreamId id);
  Result<SubstreamId, SubstreamError> open_yamux_stream(Kind kind,
                                                        std::vector<std::string> protocols);

  // Built-in protocols.
  void request_identify();
  void answer_identify(SubstreamId id);
  void on_identify_message(Bytes message, bool push);
  Result<void, ConnectionError> send_ping();
  Result<void, ConnectionError> on_ping_echo(SubstreamId id, ByteSpan data);
  std::vector<std::string> inbound_protocols() const;

  void emit(ConnectionEventType type, SubstreamId id = 0);
  void diagnostic(std::string detail);
  void append_raw(ByteSpan bytes);

  ConnectionConfig config_;
  std::shared_ptr<const LocalNodeInfo> local_;
  RandomSource random_;
  ConnectionPhase phase_ = ConnectionPhase::kSecurityNegotiation;
  TimePoint now_{};
  TimePoint handshake_deadline_ = TimePoint::max();
  bool started_ = false;

  std::optional<ConnectionUpgrade> upgrade_;  // from start() until established
  std::optional<NoiseTransport> transport_;
  std::optional<YamuxSession> yamux_;
  std::optional<PeerId> remote_peer_;
  std::optional<ConnectionError> failure_;

  Bytes plain_;  // decrypted input of the current feed (Yamux data events point into it)
  Bytes out_;    // bytes for the socket
  size_t out_head_ = 0;
  std::vector<ConnectionEvent> events_;
  std::vector<YamuxEvent> yamux_events_;

  SubstreamMap substreams_;
  std::vector<SubstreamId> lingering_;  // closed both ways, our FIN still queued in Yamux
  std::optional<IdentifyInfo> remote_info_;
  std::optional<SubstreamId> ping_stream_;
  PingInitiator ping_;
  bool ping_supported_ = true;
  TimePoint next_ping_ = TimePoint::max();
  size_t inbound_pings_ = 0;
};

}  // namespace canary::network
