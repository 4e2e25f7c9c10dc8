// Two Yamux sessions, a dialer and a listener, wired together in memory.
#include "network/libp2p/yamux_session.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <vector>

namespace canary::network {
namespace {

using namespace std::chrono_literals;
using TimePoint = YamuxSession::TimePoint;

constexpr TimePoint kT0{};
constexpr size_t kWhole = std::numeric_limits<size_t>::max();

Bytes frame(YamuxFrameType type, uint16_t flags, uint32_t id, uint32_t length) {
  Bytes out;
  append_yamux_header(out, {type, flags, id, length});
  return out;
}

Bytes pattern(size_t size, uint32_t seed) {
  Bytes out(size);
  uint32_t x = seed * 2654435761u + 1;
  for (auto& b : out) {
    x = x * 1103515245u + 12345u;
    b = static_cast<uint8_t>(x >> 16);
  }
  return out;
}

// One side of the connection and everything it has been told.
struct Peer {
  explicit Peer(YamuxRole role, YamuxConfig config = {}) : session(role, config) {}

  YamuxSession session;
  bool auto_consume = true;  // consume data as soon as it arrives (a fast reader)
  std::map<YamuxStreamId, Bytes> data;
  std::vector<YamuxStreamId> opened, remote_closed, reset, writable;
  std::vector<std::chrono::steady_clock::duration> pongs;
  std::vector<uint32_t> go_aways;
  size_t data_events = 0;

  // Takes the session's events, copying data out before the fed buffer goes away.
  void collect() {
    std::vector<YamuxEvent> events;
    session.take_events(events);
    for (const YamuxEvent& e : events) {
      switch (e.type) {
        case YamuxEventType::kStreamOpened:
          opened.push_back(e.stream);
          break;
        case YamuxEventType::kData:
          EXPECT_FALSE(e.data.empty());
          ++data_events;
          data[e.stream].insert(data[e.stream].end(), e.data.begin(), e.data.end());
          if (auto_consume) session.consumed(e.stream, e.data.size());
          break;
        case YamuxEventType::kRemoteClosed:
          remote_closed.push_back(e.stream);
          break;
        case YamuxEventType::kStreamReset:
          reset.push_back(e.stream);
          break;
        case YamuxEventType::kWritable:
          writable.push_back(e.stream);
          break;
        case YamuxEventType::kPong:
          pongs.push_back(e.rtt);
          break;
        case YamuxEventType::kGoAway:
          go_aways.push_back(e.go_away_code);
          break;
      }
    }
  }

  Bytes take_output() {
    Bytes out(session.pending_output().begin(), session.pending_output().end());
    session.drain_output(out.size());
    collect();  // draining may let queued data out and report writable streams
    return out;
  }
};

// Feeds everything `from` has to send into `to`, `chunk` bytes at a time.
void transfer(Peer& from, Peer& to, size_t chunk = kWhole, TimePoint now = kT0) {
  const Bytes bytes = from.take_output();
  for (size_t pos = 0; pos < bytes.size(); pos += chunk) {
    const size_t n = std::min(chunk, bytes.size() - pos);
    auto fed = to.session.feed(ByteSpan(bytes).subspan(pos, n), now);
    ASSERT_TRUE(fed) << static_cast<int>(fed.error());
    to.collect();
  }
}

void settle(Peer& a, Peer& b, size_t chunk = kWhole) {
  for (int round = 0; round < 100000; ++round) {
    if (a.session.pending_output().empty() && b.session.pending_output().empty()) return;
    transfer(a, b, chunk);
    transfer(b, a, chunk);
  }
  FAIL() << "the sessions never went quiet";
}

YamuxStreamId open(Peer& peer) {
  auto id = peer.session.open_stream();
  EXPECT_TRUE(id);
  return id.value_or(0);
}

size_t write(Peer& peer, YamuxStreamId id, ByteSpan data) {
  auto written = peer.session.write(id, data);
  EXPECT_TRUE(written);
  return written.value_or(0);
}

TEST(YamuxSession, SendsTheSynWithTheFirstDataFrame) {
  Peer dialer(YamuxRole::kDialer);
  const YamuxStreamId id = open(dialer);
  EXPECT_EQ(id, 1u);
  EXPECT_TRUE(dialer.session.pending_output().empty());  // opening alone sends nothing

  EXPECT_EQ(write(dialer, id, as_bytes("hello")), 5u);
  Bytes expected = frame(YamuxFrameType::kData, kYamuxSyn, 1, 5);
  expected.insert(expected.end(), {'h', 'e', 'l', 'l', 'o'});
  EXPECT_EQ(dialer.take_output(), expected);

  // Later frames carry no SYN.
  EXPECT_EQ(write(dialer, id, as_bytes("!")), 1u);
  Bytes second = frame(YamuxFrameType::kData, 0, 1, 1);
  second.push_back('!');
  EXPECT_EQ(dialer.take_output(), second);
  EXPECT_EQ(open(dialer), 3u);
}

TEST(YamuxSession, ListenerAcknowledgesInboundStreamsAtOnce) {
  Peer dialer(YamuxRole::kDialer);
  Peer listener(YamuxRole::kListener);
  const YamuxStreamId id = open(dialer);
  write(dialer, id, as_bytes("hello"));
  transfer(dialer, listener);
  EXPECT_EQ(listener.opened, (std::vector<YamuxStreamId>{1}));
  EXPECT_EQ(listener.data[1], to_bytes("hello"));
  EXPECT_EQ(listener.take_output(), frame(YamuxFrameType::kWindowUpdate, kYamuxAck, 1, 0));
  EXPECT_EQ(open(listener), 2u);
}

// Every stream sends and receives its own payload, closes when done, and both sides end with no
// stream left; payloads above the window exercise the writable events.
void exchange_on_many_streams(size_t chunk, size_t max_payload) {
  Peer dialer(YamuxRole::kDialer);
  Peer listener(YamuxRole::kListener);
  struct Outgoing {
    Peer* peer;
    YamuxStreamId id;
    Bytes payload;
    size_t sent = 0;
  };
  std::vector<Outgoing> outgoing;
  for (uint32_t i = 0; i < 16; ++i) {
    const size_t size = (max_payload * (i + 1)) / 16;
    outgoing.push_back({&dialer, open(dialer), pattern(size, i)});
    outgoing.push_back({&listener, open(listener), pattern(size + 1, 100 + i)});
  }
  for (int round = 0; round < 10000; ++round) {
    bool all_sent = true;
    for (Outgoing& o : outgoing) {
      if (o.sent < o.payload.size()) {
        o.sent += write(*o.peer, o.id, ByteSpan(o.payload).subspan(o.sent));
        if (o.sent == o.payload.size()) ASSERT_TRUE(o.peer->session.close(o.id));
      }
      all_sent = all_sent && o.sent == o.payload.size();
    }
    settle(dialer, listener, chunk);
    if (all_sent) break;
  }
  for (const Outgoing& o : outgoing) {
    Peer& receiver = o.peer == &dialer ? listener : dialer;
    EXPECT_EQ(receiver.data[o.id], o.payload) << "stream " << o.id;
  }
  EXPECT_EQ(dialer.remote_closed.size(), 16u);
  EXPECT_EQ(listener.remote_closed.size(), 16u);
  // Each side closed the streams it opened; the ones the peer opened wait for our FIN.
  EXPECT_EQ(dialer.session.stream_count(), 32u);
  for (YamuxStreamId id : dialer.opened) ASSERT_TRUE(dialer.session.close(id));
  for (YamuxStreamId id : listener.opened) ASSERT_TRUE(listener.session.close(id));
  settle(dialer, listener, chunk);
  EXPECT_EQ(dialer.session.stream_count(), 0u);
  EXPECT_EQ(listener.session.stream_count(), 0u);
  EXPECT_TRUE(dialer.reset.empty());
  EXPECT_TRUE(listener.reset.empty());
}

TEST(YamuxSession, ExchangesDataOnManyStreamsByteByByte) {
  exchange_on_many_streams(1, 2000);
}

TEST(YamuxSession, ExchangesDataOnManyStreamsInOddChunks) {
  for (size_t chunk : {5u, 11u, 12u, 13u, 4093u}) exchange_on_many_streams(chunk, 20000);
}

TEST(YamuxSession, ExchangesMoreThanAWindowPerStream) {
  for (size_t chunk : {65536u, 1000000u}) exchange_on_many_streams(chunk, 700 * 1024);
}

TEST(YamuxSession, DeliversAFrameCutAcrossFeedsAsSeveralEvents) {
  Peer dialer(YamuxRole::kDialer);
  Peer listener(YamuxRole::kListener);
  const Bytes payload = pattern(1000, 7);
  write(dialer, open(dialer), payload);
  transfer(dialer, listener, 100);
  EXPECT_EQ(listener.data[1], payload);
  EXPECT_GT(listener.data_events, 1u);
}

TEST(YamuxSession, WriterBlockedByTheWindowResumesAfterConsumed) {
  YamuxConfig config;
  config.max_queued_bytes_per_stream = 64 * 1024;
  Peer dialer(YamuxRole::kDialer, config);
  Peer listener(YamuxRole::kListener);
  listener.auto_consume = false;

  const YamuxStreamId id = open(dialer);
  const Bytes payload = pattern(kYamuxInitialWindow + 100 * 1024, 1);
  // The window goes out, 64 KiB more are queued, the rest is refused.
  size_t sent = write(dialer, id, payload);
  EXPECT_EQ(sent, kYamuxInitialWindow + 64 * 1024);
  EXPECT_EQ(dialer.session.send_capacity(id), 0u);
  EXPECT_EQ(write(dialer, id, ByteSpan(payload).subspan(sent)), 0u);
  settle(dialer, listener);
  EXPECT_EQ(listener.data[id].size(), kYamuxInitialWindow);
  EXPECT_TRUE(dialer.writable.empty());

  // Window updates wait for half a window of consumption.
  listener.session.consumed(id, kYamuxInitialWindow / 2 - 1);
  EXPECT_TRUE(listener.session.pending_output().empty());
  listener.session.consumed(id, 1);
  EXPECT_EQ(listener.session.pending_output().size(), kYamuxHeaderSize);
  settle(dialer, listener);
  // The queue went out and the stream has room again.
  EXPECT_EQ(listener.data[id].size(), kYamuxInitialWindow + 64 * 1024);
  EXPECT_EQ(dialer.writable, (std::vector<YamuxStreamId>{id}));
  EXPECT_EQ(dialer.session.send_capacity(id), 64 * 1024 + config.max_queued_bytes_per_stream);

  sent += write(dialer, id, ByteSpan(payload).subspan(sent));
  EXPECT_EQ(sent, payload.size());
  listener.session.consumed(id, kYamuxInitialWindow + 64 * 1024);
  settle(dialer, listener);
  EXPECT_EQ(listener.data[id], payload);
}

TEST(YamuxSession, SlowReaderIsNeverSentMoreThanItsWindow) {
  Peer dialer(YamuxRole::kDialer);
  Peer listener(YamuxRole::kListener);
  listener.auto_consume = false;
  const YamuxStreamId id = open(dialer);
  const Bytes payload = pattern(4 * 1024 * 1024, 2);
  size_t sent = 0;
  for (int i = 0; i < 10; ++i) {
    sent += write(dialer, id, ByteSpan(payload).subspan(sent));
    settle(dialer, listener);
  }
  EXPECT_EQ(listener.data[id].size(), kYamuxInitialWindow);
  EXPECT_EQ(sent, kYamuxInitialWindow + YamuxConfig{}.max_queued_bytes_per_stream);
}

TEST(YamuxSession, ConsumingMoreThanDeliveredGrantsNoExtraWindow) {
  Peer dialer(YamuxRole::kDialer);
  Peer listener(YamuxRole::kListener);
  listener.auto_consume = false;
  const YamuxStreamId id = open(dialer);
  write(dialer, id, pattern(10, 3));
  settle(dialer, listener);
  listener.session.consumed(id, 1 << 30);  // clamped to the 10 bytes delivered
  EXPECT_TRUE(listener.session.pending_output().empty());
  listener.session.consumed(99, 1 << 30);  // unknown streams are ignored
  EXPECT_TRUE(listener.session.pending_output().empty());
}

TEST(YamuxSession, HalfClosesEachWayIndependently) {
  Peer dialer(YamuxRole::kDialer);
  Peer listener(YamuxRole::kListener);
  const YamuxStreamId id = open(dialer);
  write(dialer, id, as_bytes("request"));
  ASSERT_TRUE(dialer.session.close(id));
  ASSERT_TRUE(dialer.session.close(id));  // twice is harmless
  auto refused = dialer.session.write(id, as_bytes("more"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), YamuxRequestError::kClosedForWriting);
  settle(dialer, listener);
  EXPECT_EQ(listener.data[id], to_bytes("request"));
  EXPECT_EQ(listener.remote_closed, (std::vector<YamuxStreamId>{id}));

  // The listener still writes after the dialer's FIN.
  write(listener, id, as_bytes("response"));
  settle(dialer, listener);
  EXPECT_EQ(dialer.data[id], to_bytes("response"));
  EXPECT_TRUE(dialer.remote_closed.empty());
  EXPECT_EQ(dialer.session.stream_count(), 1u);

  ASSERT_TRUE(listener.session.close(id));
  settle(dialer, listener);
  EXPECT_EQ(dialer.remote_closed, (std::vector<YamuxStreamId>{id}));
  EXPECT_EQ(dialer.session.stream_count(), 0u);
  EXPECT_EQ(listener.session.stream_count(), 0u);
  EXPECT_FALSE(dialer.session.has_stream(id));
}

TEST(YamuxSession, ClosingAnUnusedStreamSendsSynAndFinTogether) {
  Peer dialer(YamuxRole::kDialer);
  Peer listener(YamuxRole::kListener);
  const YamuxStreamId id = open(dialer);
  ASSERT_TRUE(dialer.session.close(id));
  EXPECT_EQ(Bytes(dialer.session.pending_output().begin(), dialer.session.pending_output().end()),
            frame(YamuxFrameType::kWindowUpdate, kYamuxSyn | kYamuxFin, id, 0));
  settle(dialer, listener);
  EXPECT_EQ(listener.opened, (std::vector<YamuxStreamId>{id}));
  EXPECT_EQ(listener.remote_closed, (std::vector<YamuxStreamId>{id}));
}

TEST(YamuxSession, FinFollowsTheQueuedData) {
  Peer dialer(YamuxRole::kDialer);
  Peer listener(YamuxRole::kListener);
  listener.auto_consume = false;
  const YamuxStreamId id = open(dialer);
  const Bytes payload = pattern(kYamuxInitialWindow + 1000, 4);
  EXPECT_EQ(write(dialer, id, payload), payload.size());
  ASSERT_TRUE(dialer.session.close(id));
  settle(dialer, listener);
  EXPECT_TRUE(listener.remote_closed.empty());  // 1000 bytes are still waiting for window
  listener.session.consumed(id, kYamuxInitialWindow);
  settle(dialer, listener);
  EXPECT_EQ(listener.data[id], payload);
  EXPECT_EQ(listener.remote_closed, (std::vector<YamuxStreamId>{id}));
}

TEST(YamuxSession, ResetAbortsTheStreamOnBothSides) {
  Peer dialer(YamuxRole::kDialer);
  Peer listener(YamuxRole::kListener);
  const YamuxStreamId id = open(dialer);
  write(dialer, id, as_bytes("hello"));
  settle(dialer, listener);

  ASSERT_TRUE(listener.session.reset(id));
  EXPECT_FALSE(listener.session.has_stream(id));
  // Data the dialer sends before it hears of the reset is dropped quietly.
  write(dialer, id, as_bytes("late"));
  transfer(dialer, listener);
  EXPECT_EQ(listener.data[id], to_bytes("hello"));
  transfer(listener, dialer);
  EXPECT_EQ(dialer.reset, (std::vector<YamuxStreamId>{id}));
  EXPECT_EQ(dialer.session.stream_count(), 0u);
  auto refused = dialer.session.write(id, as_bytes("x"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), YamuxRequestError::kUnknownStream);
  EXPECT_FALSE(dialer.session.reset(id));
  settle(dialer, listener);
  EXPECT_TRUE(listener.reset.empty());
}

TEST(YamuxSession, ResettingAStreamThePeerNeverSawSendsNothing) {
  Peer dialer(YamuxRole::kDialer);
  const YamuxStreamId id = open(dialer);
  ASSERT_TRUE(dialer.session.reset(id));
  EXPECT_TRUE(dialer.session.pending_output().empty());
  EXPECT_EQ(dialer.session.stream_count(), 0u);
}

TEST(YamuxSession, PingReportsTheRoundTrip) {
  Peer dialer(YamuxRole::kDialer);
  Peer listener(YamuxRole::kListener);
  ASSERT_TRUE(dialer.session.ping(kT0 + 10ms));
  EXPECT_EQ(Bytes(dialer.session.pending_output().begin(), dialer.session.pending_output().end()),
            frame(YamuxFrameType::kPing, kYamuxSyn, 0, 1));
  transfer(dialer, listener);
  EXPECT_EQ(
      Bytes(listener.session.pending_output().begin(), listener.session.pending_output().end()),
      frame(YamuxFrameType::kPing, kYamuxAck, 0, 1));
  transfer(listener, dialer, kWhole, kT0 + 17ms);
  EXPECT_EQ(dialer.pongs, (std::vector<std::chrono::steady_clock::duration>{7ms}));
  // The same answer again matches nothing and is dropped.
  ASSERT_TRUE(dialer.session.feed(frame(YamuxFrameType::kPing, kYamuxAck, 0, 1), kT0 + 20ms));
  dialer.collect();
  EXPECT_EQ(dialer.pongs.size(), 1u);
}

TEST(YamuxSession, LimitsUnansweredPings) {
  YamuxConfig config;
  config.max_outstanding_pings = 2;
  Peer dialer(YamuxRole::kDialer, config);
  ASSERT_TRUE(dialer.session.ping(kT0));
  ASSERT_TRUE(dialer.session.ping(kT0));
  auto refused = dialer.session.ping(kT0);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), YamuxRequestError::kTooManyPings);
}

TEST(YamuxSession, GoAwayStopsNewStreamsButNotExistingOnes) {
  Peer dialer(YamuxRole::kDialer);
  Peer listener(YamuxRole::kListener);
  const YamuxStreamId existing = open(dialer);
  write(dialer, existing, as_bytes("a"));
  settle(dialer, listener);

  const YamuxStreamId unsent = open(listener);     // the dialer never heard of it
  const YamuxStreamId in_flight = open(listener);  // its SYN crosses the GoAway
  write(listener, in_flight, as_bytes("b"));
  dialer.session.go_away();
  EXPECT_EQ(Bytes(dialer.session.pending_output().begin(), dialer.session.pending_output().end()),
            frame(YamuxFrameType::kGoAway, 0, 0, 0));
  auto refused = dialer.session.open_stream();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), YamuxRequestError::kGoingAway);

  transfer(dialer, listener);
  EXPECT_EQ(listener.go_aways, (std::vector<uint32_t>{0}));
  EXPECT_TRUE(listener.session.go_away_received());
  EXPECT_EQ(listener.reset, (std::vector<YamuxStreamId>{unsent}));
  refused = listener.session.open_stream();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), YamuxRequestError::kGoAwayReceived);

  // The dialer refuses the stream that crossed its GoAway.
  transfer(listener, dialer);
  EXPECT_TRUE(dialer.opened.empty());
  transfer(dialer, listener);
  EXPECT_EQ(listener.reset, (std::vector<YamuxStreamId>{unsent, in_flight}));

  // The stream opened before goes on both ways.
  write(dialer, existing, as_bytes("c"));
  write(listener, existing, as_bytes("d"));
  settle(dialer, listener);
  EXPECT_EQ(listener.data[existing], to_bytes("ac"));
  EXPECT_EQ(dialer.data[existing], to_bytes("d"));
}

TEST(YamuxSession, ResetsInboundStreamsOverTheLimit) {
  YamuxConfig config;
  config.max_inbound_streams = 2;
  Peer dialer(YamuxRole::kDialer);
  Peer listener(YamuxRole::kListener, config);
  std::vector<YamuxStreamId> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(open(dialer));
    write(dialer, ids.back(), as_bytes("hi"));
  }
  settle(dialer, listener);
  EXPECT_EQ(listener.opened, (std::vector<YamuxStreamId>{ids[0], ids[1]}));
  EXPECT_EQ(listener.data.count(ids[2]), 0u);
  EXPECT_EQ(dialer.reset, (std::vector<YamuxStreamId>{ids[2]}));

  // Room again once a stream ends.
  ASSERT_TRUE(dialer.session.reset(ids[0]));
  const YamuxStreamId next = open(dialer);
  write(dialer, next, as_bytes("again"));
  settle(dialer, listener);
  EXPECT_EQ(listener.data[next], to_bytes("again"));
  EXPECT_EQ(listener.session.stream_count(), 2u);
}

TEST(YamuxSession, RefusesOutboundStreamsOverTheLimit) {
  YamuxConfig config;
  config.max_outbound_streams = 1;
  Peer dialer(YamuxRole::kDialer, config);
  const YamuxStreamId id = open(dialer);
  auto refused = dialer.session.open_stream();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), YamuxRequestError::kTooManyStreams);
  ASSERT_TRUE(dialer.session.reset(id));
  EXPECT_TRUE(dialer.session.open_stream());
}

TEST(YamuxSession, WritesQueueWhileTheOutputIsFull) {
  YamuxConfig config;
  config.max_output_bytes = 1000;
  config.max_queued_bytes_per_stream = 1000;
  Peer dialer(YamuxRole::kDialer, config);
  Peer listener(YamuxRole::kListener);
  const YamuxStreamId id = open(dialer);
  const Bytes payload = pattern(5000, 5);
  size_t sent = write(dialer, id, payload);
  EXPECT_EQ(sent, 2000u);  // 1000 to the output, 1000 queued
  EXPECT_EQ(dialer.session.pending_output().size(), kYamuxHeaderSize + 1000);

  // Draining lets the queue out, which makes room for the writer.
  transfer(dialer, listener);
  EXPECT_EQ(dialer.writable, (std::vector<YamuxStreamId>{id}));
  while (sent < payload.size()) {
    sent += write(dialer, id, ByteSpan(payload).subspan(sent));
    settle(dialer, listener);
  }
  settle(dialer, listener);
  EXPECT_EQ(listener.data[id], payload);
}

TEST(YamuxSession, AWriterRefusedByTheSessionQueueLimitHearsWhenThereIsRoom) {
  YamuxConfig config;
  config.max_output_bytes = 100;
  config.max_queued_bytes = 100;
  Peer dialer(YamuxRole::kDialer, config);
  const YamuxStreamId first = open(dialer);
  const YamuxStreamId second = open(dialer);
  EXPECT_EQ(write(dialer, first, pattern(300, 6)), 200u);
  EXPECT_EQ(write(dialer, second, pattern(50, 7)), 0u);  // its own queue is empty
  dialer.take_output();
  EXPECT_EQ(dialer.writable, (std::vector<YamuxStreamId>{first, second}));
}

TEST(YamuxSession, AnnouncesALargerReceiveWindowWithTheSynAndAck) {
  YamuxConfig big;
  big.receive_window = 1024 * 1024;
  big.max_queued_bytes_per_stream = big.receive_window;
  const uint32_t extra = big.receive_window - kYamuxInitialWindow;
  Peer dialer(YamuxRole::kDialer, big);
  Peer listener(YamuxRole::kListener, big);
  listener.auto_consume = false;
  dialer.auto_consume = false;

  const YamuxStreamId id = open(dialer);
  const Bytes payload = pattern(big.receive_window, 8);
  EXPECT_EQ(write(dialer, id, payload), payload.size());
  // The SYN rides a window update granting the extra window, ahead of the data.
  const Bytes out = dialer.take_output();
  EXPECT_EQ(Bytes(out.begin(), out.begin() + kYamuxHeaderSize),
            frame(YamuxFrameType::kWindowUpdate, kYamuxSyn, id, extra));
  ASSERT_TRUE(listener.session.feed(out, kT0));
  listener.collect();
  EXPECT_EQ(listener.data[id].size(), kYamuxInitialWindow);  // the default window, until our ACK
  EXPECT_EQ(
      Bytes(listener.session.pending_output().begin(), listener.session.pending_output().end()),
      frame(YamuxFrameType::kWindowUpdate, kYamuxAck, id, extra));
  settle(dialer, listener);
  EXPECT_EQ(listener.data[id], payload);  // a whole 1 MiB window, nothing consumed

  // Both directions get the larger window.
  const Bytes reply = pattern(big.receive_window, 9);
  EXPECT_EQ(write(listener, id, reply), reply.size());
  settle(dialer, listener);
  EXPECT_EQ(dialer.data[id], reply);
}

TEST(YamuxSession, CutsDataIntoFramesOfTheConfiguredSize) {
  YamuxConfig config;
  config.max_frame_payload = 100;
  Peer dialer(YamuxRole::kDialer, config);
  write(dialer, open(dialer), pattern(250, 10));
  const Bytes out = dialer.take_output();
  ASSERT_EQ(out.size(), 3 * kYamuxHeaderSize + 250);
  auto first = decode_yamux_header(std::span(out).first<kYamuxHeaderSize>());
  auto last = decode_yamux_header(
      std::span(out).subspan(2 * (kYamuxHeaderSize + 100)).first<kYamuxHeaderSize>());
  ASSERT_TRUE(first && last);
  EXPECT_EQ(*first, (YamuxHeader{YamuxFrameType::kData, kYamuxSyn, 1, 100}));
  EXPECT_EQ(*last, (YamuxHeader{YamuxFrameType::kData, 0, 1, 50}));
}

}  // namespace
}  // namespace canary::network
