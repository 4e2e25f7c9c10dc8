// Internal to network/host: the host's state on the I/O thread and the per-connection adapter
// between a TCP socket and the sans-IO Connection.
#pragma once

#include <array>
#include <boost/asio.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "network/host/host.hpp"
#include "network/host/inbound_admission.hpp"
#include "network/libp2p/connection.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::network {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// The peer's address as its socket reports it (an IPv4-mapped IPv6 address as /ip4).
Multiaddr endpoint_multiaddr(const tcp::endpoint& endpoint);

// One TCP connection: reads feed the Connection, its output is written, its timers run on a
// steady_timer, its events become host events and substream handler calls. Lives on the I/O
// thread; owned by the host's table while open and by its pending operations until they return.
class TcpConnection : public std::enable_shared_from_this<TcpConnection> {
 public:
  static constexpr size_t kReadBufferSize = 64 * 1024;
  // Bytes taken from the Connection per socket write.
  static constexpr size_t kMaxWriteChunk = 256 * 1024;

  TcpConnection(Host::Impl& host, ConnectionId id, tcp::socket socket,
                ConnectionDirection direction, Multiaddr address, ConnectionConfig config);
  ~TcpConnection();

  void start();
  // Ends the connection: every substream ends (kConnectionClosed), the host hears of it, and the
  // socket closes once the pending output (with a GoAway when `graceful`) is written or
  // close_linger passed.
  void shutdown(const std::string& why, bool graceful = true);

  ConnectionId id() const { return id_; }
  ConnectionDirection direction() const { return direction_; }
  const Multiaddr& address() const { return address_; }
  bool established() const { return established_; }
  bool closing() const { return closing_; }
  const std::optional<PeerId>& peer() const { return connection_.remote_peer(); }
  const std::optional<PeerId>& expected_peer() const { return expected_peer_; }
  const std::optional<std::string>& agent_version() const { return agent_version_; }
  const std::optional<ConnectionError>& failure() const { return connection_.failure(); }

  void set_local_info(std::shared_ptr<const LocalNodeInfo> local);
  void open_substream(std::vector<std::string> protocols,
                      std::unique_ptr<SubstreamHandler> handler);

  // For Substream's methods.
  size_t write(Substream& substream, ByteSpan data);
  void close(Substream& substream);
  void reset(Substream& substream);

 private:
  void read();
  void on_read(const boost::system::error_code& ec, size_t n);
  // Hands the Connection's events out, writes its output, re-arms the timer. Re-entrant calls
  // (a handler writing) return at once: the outer call sees their effects.
  void process();
  void dispatch(ConnectionEvent& event);
  Substream* find(SubstreamId id);
  void end_substream(SubstreamId id, SubstreamEnd end);
  bool finish_ended();
  void write_pending();
  void arm_timer();
  void close_socket();

  Host::Impl& host_;
  ConnectionId id_;
  tcp::socket socket_;
  net::steady_timer timer_;
  std::optional<std::chrono::steady_clock::time_point> armed_for_;
  ConnectionDirection direction_;
  Multiaddr address_;
  std::optional<PeerId> expected_peer_;
  Connection connection_;
  std::unique_ptr<std::array<uint8_t, kReadBufferSize>> read_buffer_;
  Bytes write_buffer_;
  std::vector<ConnectionEvent> events_;
  std::map<SubstreamId, std::unique_ptr<Substream>> substreams_;
  std::vector<std::pair<std::unique_ptr<Substream>, SubstreamEnd>> ended_;
  std::optional<std::string> agent_version_;
  bool writing_ = false;
  bool established_ = false;
  bool closing_ = false;
  bool socket_closed_ = false;
  bool in_process_ = false;
};

struct Host::Impl {
  HostConfig config;
  PeerId local_peer;
  ByteArray<32> noise_static_secret{};

  // Declared first: destroyed last, after everything holding its sockets and timers.
  net::io_context io{1};
  // Keeps io.run() going while there is nothing to do (no listener, no connection) until stop().
  net::executor_work_guard<net::io_context::executor_type> work{io.get_executor()};
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::thread thread;
  bool stopped = false;  // stop() was called (caller's thread)

  // ---- I/O thread only ----
  struct DialAttempt {
    explicit DialAttempt(net::io_context& io) : resolver(io), socket(io), timer(io) {}
    Multiaddr address;
    std::optional<PeerId> peer;
    tcp::resolver resolver;
    tcp::socket socket;
    net::steady_timer timer;
    bool timed_out = false;
  };
  struct Reserved {
    Multiaddr address;
    std::chrono::milliseconds backoff{0};
    std::unique_ptr<net::steady_timer> timer;
    bool scheduled = false;
  };
  bool stopping = false;
  std::shared_ptr<const LocalNodeInfo> local_info;
  std::map<std::string, InboundSubstreamFactory> factories;
  std::map<ConnectionId, std::shared_ptr<TcpConnection>> connections;
  std::set<std::shared_ptr<DialAttempt>> dials;
  std::map<PeerId, Reserved> reserved;
  ConnectionId next_connection_id = 1;
  size_t inbound = 0;  // inbound connections, upgrading or established
  // Inbound connections still in their handshake (issue 22): bounded per source address, the
  // largest holder's oldest goes when the budget is full.
  InboundAdmission admission;
  std::chrono::steady_clock::time_point last_admission_log{};
  size_t admission_log_suppressed = 0;
  size_t outbound = 0;      // dials in progress and outbound connections
  size_t open_sockets = 0;  // of connections, closing ones included (stop() waits for them)
  std::vector<Multiaddr> announced;  // listen addresses as identify sends them

  // ---- snapshots for other threads ----
  mutable Mutex mutex;
  std::vector<Multiaddr> bound GUARDED_BY(mutex);
  std::vector<ConnectedPeer> peers GUARDED_BY(mutex);
  // What add/remove_reserved_peer said last.
  std::map<PeerId, Multiaddr> reserved_snapshot GUARDED_BY(mutex);

  explicit Impl(HostConfig c);

  void emit(const HostEvent& event);
  void diagnostic(const TcpConnection* connection, std::string detail);
  // A diagnostic at most every 10 s, with how many were held back meanwhile.
  void admission_diagnostic(const std::string& detail);
  void fill_random(std::span<uint8_t> out);
  ConnectionConfig connection_config(ConnectionRole role, std::optional<PeerId> expected,
                                     Multiaddr observed) const;

  void accept(tcp::acceptor& acceptor);
  void dial_now(const Multiaddr& address);
  void connect(const std::shared_ptr<DialAttempt>& attempt,
               const std::vector<tcp::endpoint>& endpoints);
  void dial_failed(const std::shared_ptr<DialAttempt>& attempt, const std::string& why);
  void adopt(tcp::socket socket, ConnectionDirection direction, Multiaddr address,
             std::optional<PeerId> expected);

  // From TcpConnection.
  // Whether an upgraded connection may stay (not to ourselves, within the per-peer limit); a
  // refused one is shut down here.
  bool admit(TcpConnection& connection);
  void on_established(TcpConnection& connection);
  void on_identified(TcpConnection& connection, const IdentifyInfo& info);
  void on_closed(TcpConnection& connection, const std::string& why);
  std::unique_ptr<SubstreamHandler> make_handler(const SubstreamInfo& info);

  void publish_local_info();
  void update_snapshot();
  bool connected_or_dialing(const PeerId& peer) const;
  void maintain_reserved(const PeerId& peer);
  void close_all();
};

}  // namespace canary::network
