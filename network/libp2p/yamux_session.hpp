// One Yamux session (/yamux/1.0.0): many streams over one secured connection, as a sans-IO state
// machine. The adapter feeds it the bytes that arrived, sends what pending_output() holds, and
// hands the events to the node; the node opens, writes, closes and resets streams on it.
//
// Flow control is explicit in both directions, so memory stays bounded whatever the peer does:
//  - receiving: the session buffers nothing. Data events point into the fed bytes, and the peer may
//    send each stream at most the window we granted; the window is handed back only as the node
//    calls consumed(), so a slow reader holds at most one window per stream. Data past the window
//    is a protocol error.
//  - sending: write() puts out what the peer's window allows, queues a bounded amount more, and
//    returns how much it took; a stream that was refused bytes gets a kWritable event once room
//    opens (a window update from the peer, or the adapter draining the output).
//
// Any protocol violation ends the session: a GoAway(protocol error) is queued for the peer, feed()
// returns the error and every later call is refused.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "network/libp2p/byte_ring.hpp"
#include "network/libp2p/yamux_frame.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

using YamuxStreamId = uint32_t;

// The dialer (who opened the connection) numbers its streams 1, 3, 5...; the listener 2, 4, 6...
enum class YamuxRole : uint8_t { kDialer, kListener };

struct YamuxConfig {
  // The window granted to the peer on each stream. Below the protocol's 256 KiB it is raised to it
  // (the peer assumes that much); above, the difference is granted with the stream's SYN or ACK.
  uint32_t receive_window = kYamuxInitialWindow;
  // Streams the peer opens past this many are reset at once; ours past it are refused.
  size_t max_inbound_streams = 256;
  size_t max_outbound_streams = 256;
  // Bytes write() accepts beyond the peer's window, per stream and over all streams.
  size_t max_queued_bytes_per_stream = 256 * 1024;
  size_t max_queued_bytes = 8 * 1024 * 1024;
  // Undrained output past which writes queue instead of adding to it. The control frames the peer
  // asks for (pongs, ACKs, refusals) may take as much again; past that the peer is sending faster
  // than its answers leave and the session fails with kOutputOverflow.
  size_t max_output_bytes = 1024 * 1024;
  // Data frames are cut at this size: receivers such as rust-yamux read a whole frame before
  // passing any of it on (and refuse bodies over 1 MiB).
  uint32_t max_frame_payload = 16 * 1024;
  size_t max_outstanding_pings = 16;
};

enum class YamuxEventType : uint8_t {
  kStreamOpened,  // the peer opened `stream` (it has been accepted)
  kData,          // `data` arrived on `stream`; call consumed() once it has been processed
  kRemoteClosed,  // the peer closed its half of `stream` (FIN): no more data will come
  kStreamReset,   // `stream` is gone: the peer reset it, or refused it with a GoAway
  kWritable,      // `stream` refused bytes in write() and has room again
  kPong,          // the peer answered one of our pings after `rtt`
  kGoAway,        // the peer accepts no new streams (`go_away_code`); existing ones go on
};

struct YamuxEvent {
  YamuxEventType type = YamuxEventType::kData;
  YamuxStreamId stream = 0;
  // kData: points into the input of the feed() that produced the event, so handle the event
  // before that buffer is reused. A frame may arrive as several events.
  ByteSpan data;
  std::chrono::steady_clock::duration rtt{};  // kPong
  uint32_t go_away_code = 0;                  // kGoAway: a YamuxGoAwayCode, or another value
};

// Why the session ended. All but kOutputOverflow are violations of the protocol by the peer.
enum class YamuxProtocolError : uint8_t {
  kBadVersion,             // a header with a version other than 0
  kBadFrameType,           // a header with a type past GoAway
  kWrongStreamParity,      // the peer opened a stream with one of our ids, or with id 0
  kDuplicateSyn,           // the peer opened a stream that is already open
  kSynWithAck,             // SYN and ACK on one frame
  kUnknownStream,          // a frame for a stream that was never opened
  kReceiveWindowExceeded,  // more data than the window we granted
  kSendWindowOverflow,     // window updates past 2^32 - 1 bytes
  kDataAfterFin,           // data after the peer closed its half of the stream
  kOutputOverflow,         // the peer keeps asking for answers while the output is not drained
};

// Why the session refused a request of ours.
enum class YamuxRequestError : uint8_t {
  kSessionFailed,     // a protocol error ended the session
  kUnknownStream,     // never opened, reset, or closed by both sides
  kClosedForWriting,  // close() was called on the stream
  kTooManyStreams,    // max_outbound_streams are open
  kGoingAway,         // we sent a GoAway
  kGoAwayReceived,    // the peer sent a GoAway
  kStreamIdsExhausted,
  kTooManyPings,  // max_outstanding_pings are unanswered
};

class YamuxSession {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit YamuxSession(YamuxRole role, YamuxConfig config = {});

  // Incoming bytes, in chunks of any size. `now` times the answers to our pings.
  Result<void, YamuxProtocolError> feed(ByteSpan input, TimePoint now);

  // The events since the last call, in order, moved into `out` (its previous contents dropped; a
  // caller that keeps one vector allocates nothing in the steady state). feed() and
  // drain_output() produce them.
  void take_events(std::vector<YamuxEvent>& out);

  // Bytes for the peer, in order. drain_output(n) drops the first n once sent; that may let queued
  // stream data out (and produce kWritable events).
  ByteSpan pending_output() const { return ByteSpan(out_).subspan(out_head_); }
  void drain_output(size_t n);

  // A new stream of ours. Nothing is sent yet: the SYN goes out with the stream's first frame, as
  // libp2p peers expect (every stream starts with our multistream-select proposal anyway).
  Result<YamuxStreamId, YamuxRequestError> open_stream();

  // Takes up to data.size() bytes for the stream and returns how many it took: what the peer's
  // window allows goes out now, a bounded amount more is queued. Fewer than data.size() means the
  // stream is full; a kWritable event follows when it has room again.
  Result<size_t, YamuxRequestError> write(YamuxStreamId stream, ByteSpan data);
  // How many bytes write() would take now (0 for a stream that cannot be written).
  size_t send_capacity(YamuxStreamId stream) const;

  // The node has processed `n` more bytes of the stream's data: they return to the peer's window.
  void consumed(YamuxStreamId stream, size_t n);

  // Half-closes our side (FIN after any queued data); the peer may go on sending. Closing twice is
  // harmless. The stream is forgotten once both sides have closed.
  Result<void, YamuxRequestError> close(YamuxStreamId stream);
  // Aborts the stream both ways (RST) and forgets it; queued data is dropped.
  Result<void, YamuxRequestError> reset(YamuxStreamId stream);

  // Asks the peer for a pong; a kPong event reports the round trip.
  Result<void, YamuxRequestError> ping(TimePoint now);
  // Tells the peer we take no new streams (theirs are reset from now on, and we open none).
  // Existing streams go on; the adapter closes the connection when it sees fit.
  void go_away(YamuxGoAwayCode code = YamuxGoAwayCode::kNormal);

  bool has_stream(YamuxStreamId stream) const { return streams_.contains(stream); }
  size_t stream_count() const { return streams_.size(); }
  std::optional<YamuxProtocolError> failure() const { return failure_; }
  bool go_away_received() const { return remote_go_away_; }

 private:
  struct Stream {
    bool outbound = false;
    bool opened = false;        // our SYN (outbound) or ACK (inbound) is in the output
    bool local_closed = false;  // close() was called: FIN follows the queued data
    bool fin_sent = false;
    bool remote_closed = false;  // the peer's FIN arrived
    bool want_writable = false;  // write() refused bytes: report kWritable when room opens
    uint64_t send_window = kYamuxInitialWindow;     // what we may still send
    uint32_t receive_window = kYamuxInitialWindow;  // what the peer may still send
    uint32_t unconsumed = 0;                        // delivered, not yet consumed
    uint32_t ungranted = 0;  // consumed, not yet returned to the peer's window
    ByteRing queue;          // accepted by write(), waiting for window or output room
    size_t queued() const { return queue.size(); }
  };
  using StreamMap = std::map<YamuxStreamId, Stream>;

  Result<void, YamuxProtocolError> on_frame(const YamuxHeader& header, TimePoint now);
  Result<void, YamuxProtocolError> on_stream_frame(const YamuxHeader& header);
  Result<void, YamuxProtocolError> on_syn(const YamuxHeader& header);
  void on_ping(const YamuxHeader& header, TimePoint now);
  void on_go_away(const YamuxHeader& header);
  void on_reset(YamuxStreamId id);
  void on_remote_close(StreamMap::iterator it);
  void deliver(ByteSpan data);
  void start_body(YamuxStreamId id, uint32_t length, bool deliver, bool fin);
  Unexpected<YamuxProtocolError> fail(YamuxProtocolError error);

  bool is_ours(YamuxStreamId id) const;
  bool was_opened_before(YamuxStreamId id) const;
  size_t output_room() const;
  size_t queue_room(const Stream& s) const;
  uint32_t extra_window() const { return receive_window_ - kYamuxInitialWindow; }

  void send_frame(YamuxFrameType type, uint16_t flags, YamuxStreamId id, uint32_t length);
  uint16_t take_opening_flags(YamuxStreamId id, Stream& s);
  void send_data(YamuxStreamId id, Stream& s, ByteSpan data, bool fin);
  void flush(StreamMap::iterator it);
  void flush_all();
  void notify_if_writable(YamuxStreamId id, Stream& s);
  void set_want_writable(Stream& s, bool want);
  bool remove_if_closed(StreamMap::iterator it);
  void erase_stream(StreamMap::iterator it);
  void emit(YamuxEventType type, YamuxStreamId id);

  YamuxRole role_;
  YamuxConfig config_;
  uint32_t receive_window_;   // config_.receive_window, at least the initial window
  uint32_t grant_threshold_;  // window updates wait until this much has been consumed

  StreamMap streams_;
  uint64_t next_outbound_id_;  // 64-bit: the last id must not wrap to a reused one
  YamuxStreamId highest_inbound_id_ = 0;
  size_t inbound_count_ = 0;
  size_t outbound_count_ = 0;
  size_t queued_total_ = 0;
  size_t waiting_writers_ = 0;      // streams with want_writable set
  YamuxStreamId flush_cursor_ = 0;  // output room is shared round-robin from here

  // Input parsing: a header may arrive in pieces; a data payload is passed through as it comes.
  uint8_t header_buf_[kYamuxHeaderSize] = {};
  size_t header_have_ = 0;
  YamuxStreamId body_stream_ = 0;
  uint32_t body_remaining_ = 0;
  bool body_deliver_ = false;  // false: the payload is skipped (a stream already gone)
  bool body_fin_ = false;      // the frame also closes the peer's half

  Bytes out_;
  size_t out_head_ = 0;
  std::vector<YamuxEvent> events_;

  std::vector<std::pair<uint32_t, TimePoint>> pings_;  // unanswered: opaque value, when sent
  uint32_t next_ping_value_ = 1;

  bool local_go_away_ = false;
  bool remote_go_away_ = false;
  std::optional<YamuxProtocolError> failure_;
};

}  // namespace canary::network
