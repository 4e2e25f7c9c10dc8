// A listener session fed hand-made frames: every protocol violation ends the session with a
// GoAway(protocol error) and an error; the benign oddities of real peers do not.
#include <gtest/gtest.h>

#include <vector>

#include "network/libp2p/yamux_session.hpp"

namespace canary::network {
namespace {

constexpr YamuxSession::TimePoint kT0{};

Bytes frame(YamuxFrameType type, uint16_t flags, uint32_t id, uint32_t length,
            ByteSpan payload = {}) {
  Bytes out;
  append_yamux_header(out, {type, flags, id, length});
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Bytes data(uint16_t flags, uint32_t id, size_t size) {
  return frame(YamuxFrameType::kData, flags, id, static_cast<uint32_t>(size), Bytes(size, 0x5a));
}

Bytes window(uint16_t flags, uint32_t id, uint32_t delta) {
  return frame(YamuxFrameType::kWindowUpdate, flags, id, delta);
}

Bytes join(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes output(const YamuxSession& session) {
  return Bytes(session.pending_output().begin(), session.pending_output().end());
}

// Feeds `input` and expects the session to fail with `error`, telling the peer why.
void expect_failure(YamuxSession& session, const Bytes& input, YamuxProtocolError error) {
  auto fed = session.feed(input, kT0);
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error(), error);
  EXPECT_EQ(session.failure(), error);
  const Bytes out = output(session);
  ASSERT_GE(out.size(), kYamuxHeaderSize);
  EXPECT_EQ(Bytes(out.end() - kYamuxHeaderSize, out.end()),
            frame(YamuxFrameType::kGoAway, 0, 0, 1));
  // The session stays failed and refuses everything.
  auto again = session.feed(window(0, 1, 0), kT0);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), error);
  auto refused = session.open_stream();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), YamuxRequestError::kSessionFailed);
  EXPECT_EQ(session.stream_count(), 0u);
}

void expect_failure(const Bytes& input, YamuxProtocolError error, YamuxConfig config = {}) {
  YamuxSession listener(YamuxRole::kListener, config);
  expect_failure(listener, input, error);
}

TEST(YamuxProtocolError, BadVersion) {
  Bytes bad = window(kYamuxSyn, 1, 0);
  bad[0] = 1;
  expect_failure(bad, YamuxProtocolError::kBadVersion);
}

TEST(YamuxProtocolError, BadFrameType) {
  Bytes bad = window(kYamuxSyn, 1, 0);
  bad[1] = 4;
  expect_failure(bad, YamuxProtocolError::kBadFrameType);
}

TEST(YamuxProtocolError, BadHeaderCutAcrossFeeds) {
  YamuxSession listener(YamuxRole::kListener);
  Bytes bad = join({data(kYamuxSyn, 1, 3), window(0, 1, 0)});
  bad[15 + 1] = 9;
  ASSERT_TRUE(listener.feed(ByteSpan(bad).first(17), kT0));
  expect_failure(listener, Bytes(bad.begin() + 17, bad.end()), YamuxProtocolError::kBadFrameType);
}

TEST(YamuxProtocolError, StreamThatWasNeverOpened) {
  expect_failure(data(0, 1, 4), YamuxProtocolError::kUnknownStream);
  expect_failure(window(0, 1, 10), YamuxProtocolError::kUnknownStream);
  expect_failure(window(0, 0, 10), YamuxProtocolError::kUnknownStream);
  // Past the highest stream the peer opened.
  expect_failure(join({window(kYamuxSyn, 1, 0), data(0, 3, 1)}),
                 YamuxProtocolError::kUnknownStream);
  // One of our ids we never handed out.
  expect_failure(window(0, 2, 0), YamuxProtocolError::kUnknownStream);
}

TEST(YamuxProtocolError, OurStreamBeforeItsSynWasSent) {
  YamuxSession listener(YamuxRole::kListener);
  auto id = listener.open_stream();
  ASSERT_TRUE(id);
  expect_failure(listener, window(kYamuxAck, *id, 0), YamuxProtocolError::kUnknownStream);
}

TEST(YamuxProtocolError, DataBeyondTheWindow) {
  // On the opening frame: the peer cannot assume more than the initial window.
  expect_failure(frame(YamuxFrameType::kData, kYamuxSyn, 1, kYamuxInitialWindow + 1),
                 YamuxProtocolError::kReceiveWindowExceeded);
  // Over several frames, nothing consumed.
  YamuxSession listener(YamuxRole::kListener);
  ASSERT_TRUE(listener.feed(data(kYamuxSyn, 1, kYamuxInitialWindow - 1), kT0));
  ASSERT_TRUE(listener.feed(data(0, 1, 1), kT0));
  expect_failure(listener, data(0, 1, 1), YamuxProtocolError::kReceiveWindowExceeded);
}

TEST(YamuxProtocolError, DuplicateSyn) {
  expect_failure(join({window(kYamuxSyn, 1, 0), data(kYamuxSyn, 1, 1)}),
                 YamuxProtocolError::kDuplicateSyn);
}

TEST(YamuxProtocolError, WrongStreamIdParity) {
  expect_failure(window(kYamuxSyn, 2, 0), YamuxProtocolError::kWrongStreamParity);
  expect_failure(data(kYamuxSyn, 0, 1), YamuxProtocolError::kWrongStreamParity);
  YamuxSession dialer(YamuxRole::kDialer);
  expect_failure(dialer, window(kYamuxSyn, 1, 0), YamuxProtocolError::kWrongStreamParity);
}

TEST(YamuxProtocolError, SynWithAck) {
  expect_failure(window(kYamuxSyn | kYamuxAck, 1, 0), YamuxProtocolError::kSynWithAck);
}

TEST(YamuxProtocolError, DataAfterFin) {
  expect_failure(join({data(kYamuxSyn | kYamuxFin, 1, 2), data(0, 1, 1)}),
                 YamuxProtocolError::kDataAfterFin);
}

TEST(YamuxProtocolError, SendWindowPastThirtyTwoBits) {
  expect_failure(window(kYamuxSyn, 1, 0xffffffff), YamuxProtocolError::kSendWindowOverflow);
  expect_failure(
      join({window(kYamuxSyn, 1, 0), window(0, 1, 0x80000000), window(0, 1, 0x80000000)}),
      YamuxProtocolError::kSendWindowOverflow);
}

TEST(YamuxProtocolError, PeerAskingForAnswersFasterThanTheyLeave) {
  YamuxConfig config;
  config.max_output_bytes = 120;
  Bytes pings;
  for (int i = 0; i < 30; ++i) {
    const Bytes ping = frame(YamuxFrameType::kPing, kYamuxSyn, 0, 1);
    pings.insert(pings.end(), ping.begin(), ping.end());
  }
  expect_failure(pings, YamuxProtocolError::kOutputOverflow, config);

  // The same pings with the output drained in between are fine.
  YamuxSession listener(YamuxRole::kListener, config);
  for (size_t pos = 0; pos < pings.size(); pos += kYamuxHeaderSize) {
    ASSERT_TRUE(listener.feed(ByteSpan(pings).subspan(pos, kYamuxHeaderSize), kT0));
    listener.drain_output(listener.pending_output().size());
  }
}

// ---- what is not an error ----------------------------------------------------------------

TEST(YamuxProtocolError, FramesForStreamsThatEndedAreDropped) {
  YamuxSession listener(YamuxRole::kListener);
  ASSERT_TRUE(listener.feed(join({data(kYamuxSyn, 1, 3), data(kYamuxSyn, 3, 3)}), kT0));
  ASSERT_TRUE(listener.reset(1));
  // Data cut across feeds, a window update and a FIN for the reset stream: all dropped.
  const Bytes late = join({data(0, 1, 100), window(0, 1, 5), window(kYamuxFin, 1, 0)});
  ASSERT_TRUE(listener.feed(ByteSpan(late).first(50), kT0));
  ASSERT_TRUE(listener.feed(ByteSpan(late).subspan(50), kT0));
  // RSTs for streams we do not know.
  ASSERT_TRUE(listener.feed(join({window(kYamuxRst, 1, 0), data(kYamuxRst, 77, 2)}), kT0));
  std::vector<YamuxEvent> events;
  listener.take_events(events);
  ASSERT_EQ(events.size(), 4u);  // two opened, two data
  for (const YamuxEvent& e : events) {
    EXPECT_TRUE(e.type == YamuxEventType::kStreamOpened || e.type == YamuxEventType::kData);
  }
  // Stream 3 still works.
  ASSERT_TRUE(listener.feed(data(0, 3, 1), kT0));
  listener.take_events(events);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].stream, 3u);
}

TEST(YamuxProtocolError, StreamResetByUsMidFrameDeliversNoMore) {
  YamuxSession listener(YamuxRole::kListener);
  const Bytes opening = data(kYamuxSyn, 1, 100);
  ASSERT_TRUE(listener.feed(ByteSpan(opening).first(30), kT0));
  ASSERT_TRUE(listener.reset(1));
  std::vector<YamuxEvent> events;
  listener.take_events(events);
  ASSERT_TRUE(listener.feed(ByteSpan(opening).subspan(30), kT0));
  listener.take_events(events);
  EXPECT_TRUE(events.empty());
}

TEST(YamuxProtocolError, RefusedStreamsPayloadIsSkipped) {
  YamuxConfig config;
  config.max_inbound_streams = 0;
  YamuxSession listener(YamuxRole::kListener, config);
  // Even a payload larger than any window: it is skipped, not buffered.
  ASSERT_TRUE(listener.feed(frame(YamuxFrameType::kData, kYamuxSyn, 1, 0xffffffff), kT0));
  ASSERT_TRUE(listener.feed(Bytes(100000, 0), kT0));
  EXPECT_EQ(output(listener), window(kYamuxRst, 1, 0));
  std::vector<YamuxEvent> events;
  listener.take_events(events);
  EXPECT_TRUE(events.empty());
}

TEST(YamuxProtocolError, RstWithPayloadSkipsIt) {
  YamuxSession listener(YamuxRole::kListener);
  ASSERT_TRUE(listener.feed(
      join({window(kYamuxSyn, 1, 0), data(kYamuxRst, 1, 5), window(kYamuxSyn, 3, 0)}), kT0));
  std::vector<YamuxEvent> events;
  listener.take_events(events);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].type, YamuxEventType::kStreamReset);
  EXPECT_EQ(events[2].type, YamuxEventType::kStreamOpened);
  EXPECT_EQ(events[2].stream, 3u);
}

TEST(YamuxProtocolError, AnswersPingsAndReportsGoAwayCodes) {
  YamuxSession listener(YamuxRole::kListener);
  ASSERT_TRUE(listener.feed(
      join({frame(YamuxFrameType::kPing, kYamuxSyn, 0, 0xabcdef01),
            frame(YamuxFrameType::kGoAway, 0, 0, 2), frame(YamuxFrameType::kGoAway, 0, 0, 0)}),
      kT0));
  EXPECT_EQ(output(listener), frame(YamuxFrameType::kPing, kYamuxAck, 0, 0xabcdef01));
  std::vector<YamuxEvent> events;
  listener.take_events(events);
  ASSERT_EQ(events.size(), 1u);  // the second GoAway adds nothing
  EXPECT_EQ(events[0].type, YamuxEventType::kGoAway);
  EXPECT_EQ(events[0].go_away_code, 2u);
}

}  // namespace
}  // namespace canary::network
