// A Yamux listener fed arbitrary bytes as a peer would send them, by a node that consumes and
// echoes what it receives. The input is records of [op, length, bytes]: the fuzzer picks where
// headers and payloads are cut, and what the node does between feeds (drain the output or let it
// pile up, ping, open, write or reset a stream, go away). The session must never crash, must keep
// its output bounded, and must only ever send well-formed frames.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "network/libp2p/yamux_session.hpp"

namespace {

using namespace canary;
using namespace canary::network;

constexpr size_t kMaxOutputBytes = 4096;
constexpr uint32_t kMaxFramePayload = 512;

using canary::fuzz::check;

// Follows the session's output across drains and traps on anything but whole, valid frames.
class OutputChecker {
 public:
  void take(ByteSpan bytes) {
    while (!bytes.empty()) {
      if (payload_left_ > 0) {
        const size_t n = std::min<size_t>(payload_left_, bytes.size());
        payload_left_ -= static_cast<uint32_t>(n);
        bytes = bytes.subspan(n);
        continue;
      }
      const size_t n = std::min(kYamuxHeaderSize - have_, bytes.size());
      std::copy_n(bytes.begin(), n, header_ + have_);
      have_ += n;
      bytes = bytes.subspan(n);
      if (have_ < kYamuxHeaderSize) break;
      have_ = 0;
      auto header = decode_yamux_header(std::span<const uint8_t, kYamuxHeaderSize>(header_));
      check(header.has_value());
      check(!(header->has(kYamuxSyn) && header->has(kYamuxAck)) ||
            header->type == YamuxFrameType::kPing);
      if (header->type == YamuxFrameType::kData) {
        check(header->length > 0 && header->length <= kMaxFramePayload);
        check(header->stream_id != 0);
        payload_left_ = header->length;
      }
      // A listener opens even stream ids only.
      if (header->has(kYamuxSyn) && header->type != YamuxFrameType::kPing) {
        check(header->stream_id % 2 == 0);
      }
    }
  }

 private:
  uint8_t header_[kYamuxHeaderSize] = {};
  size_t have_ = 0;
  uint32_t payload_left_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size < 1) return 0;
  YamuxConfig config;
  config.max_inbound_streams = 8;
  config.max_outbound_streams = 4;
  config.max_queued_bytes_per_stream = 1024;
  config.max_queued_bytes = 4096;
  config.max_output_bytes = kMaxOutputBytes;
  config.max_frame_payload = kMaxFramePayload;
  config.max_outstanding_pings = 4;
  // Sometimes a window above the default, announced with the ACKs.
  if ((bytes[0] & 0x01) != 0) config.receive_window = kYamuxInitialWindow + 4096;
  YamuxSession session(YamuxRole::kListener, config);
  OutputChecker output;

  // The rest is records: an op byte, a length byte, then that many bytes for the session.
  ByteSpan input(bytes + 1, size - 1);
  auto now = YamuxSession::TimePoint{};
  std::vector<YamuxEvent> events;
  std::vector<YamuxStreamId> ours;
  while (input.size() >= 2) {
    const uint8_t op = input[0];
    const ByteSpan piece = input.subspan(2, std::min<size_t>(input[1], input.size() - 2));
    input = input.subspan(2 + piece.size());
    now += std::chrono::milliseconds(1);

    auto fed = session.feed(piece, now);
    session.take_events(events);
    for (const YamuxEvent& e : events) {
      switch (e.type) {
        case YamuxEventType::kData:
          check(!e.data.empty() && e.data.data() >= piece.data() &&
                e.data.data() + e.data.size() <= piece.data() + piece.size());
          session.consumed(e.stream, e.data.size());
          (void)session.write(e.stream, e.data);
          break;
        case YamuxEventType::kRemoteClosed:
          (void)session.close(e.stream);
          break;
        default:
          break;
      }
    }
    if (!fed) {
      check(session.failure().has_value() && session.stream_count() == 0);
      output.take(session.pending_output());
      break;
    }

    if ((op & 0x02) != 0) (void)session.ping(now);
    if ((op & 0x04) != 0) {
      if (auto id = session.open_stream()) {
        ours.push_back(*id);
        (void)session.write(*id, piece);
      }
    }
    if ((op & 0x08) != 0 && !ours.empty()) {
      (void)session.reset(ours.front());
      ours.erase(ours.begin());
    }
    if ((op & 0x20) != 0 && !ours.empty()) {
      // write() takes exactly what send_capacity() promised.
      const size_t capacity = session.send_capacity(ours.back());
      const ByteSpan some = piece.first(std::min(capacity, piece.size()));
      auto written = session.write(ours.back(), some);
      check(!written || *written == some.size());
    }
    if ((op & 0x40) != 0) session.go_away();
    check(session.stream_count() <= config.max_inbound_streams + config.max_outbound_streams);
    // Undrained output stays within the limit, plus what this round's frames may add.
    check(session.pending_output().size() <= 2 * kMaxOutputBytes + 64 * kYamuxHeaderSize);
    if ((op & 0x01) != 0) {
      // Sometimes only part of it, cutting a frame.
      const ByteSpan pending = session.pending_output();
      const size_t n = (op & 0x10) != 0 ? pending.size() / 2 : pending.size();
      output.take(pending.first(n));
      session.drain_output(n);
    }
  }
  return 0;
}
