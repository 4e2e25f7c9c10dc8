#include "network/libp2p/yamux_session.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace canary::network {

namespace {

constexpr uint64_t kMaxStreamId = std::numeric_limits<uint32_t>::max();
// Peers keep their view of our window in 32 bits (rust-yamux refuses to grow it further).
constexpr uint64_t kMaxSendWindow = std::numeric_limits<uint32_t>::max();
// A drained output buffer keeps its memory; a partly drained one is compacted only once the sent
// prefix is both large and most of the buffer, so the copy stays amortized.
constexpr size_t kCompactOutputAfter = 64 * 1024;

}  // namespace

YamuxSession::YamuxSession(YamuxRole role, YamuxConfig config)
    : role_(role),
      config_(config),
      receive_window_(std::max(config.receive_window, kYamuxInitialWindow)),
      grant_threshold_(receive_window_ / 2),
      next_outbound_id_(role == YamuxRole::kDialer ? 1 : 2) {
  config_.max_frame_payload = std::max<uint32_t>(config_.max_frame_payload, 1);
}

// ---- incoming ------------------------------------------------------------------------------

Result<void, YamuxProtocolError> YamuxSession::feed(ByteSpan input, TimePoint now) {
  if (failure_) return unexpected(*failure_);
  size_t pos = 0;
  while (pos < input.size()) {
    if (body_remaining_ > 0) {
      const size_t n = std::min<size_t>(body_remaining_, input.size() - pos);
      if (body_deliver_) deliver(input.subspan(pos, n));
      pos += n;
      body_remaining_ -= static_cast<uint32_t>(n);
      if (body_remaining_ == 0 && body_fin_) {
        body_fin_ = false;
        if (auto it = streams_.find(body_stream_); it != streams_.end()) on_remote_close(it);
      }
      continue;
    }

    // A whole header in the input is decoded in place; one cut by the chunk is gathered first.
    std::span<const uint8_t, kYamuxHeaderSize> header_bytes(header_buf_, kYamuxHeaderSize);
    if (header_have_ == 0 && input.size() - pos >= kYamuxHeaderSize) {
      header_bytes = input.subspan(pos).first<kYamuxHeaderSize>();
      pos += kYamuxHeaderSize;
    } else {
      const size_t n = std::min(kYamuxHeaderSize - header_have_, input.size() - pos);
      std::memcpy(header_buf_ + header_have_, input.data() + pos, n);
      header_have_ += n;
      pos += n;
      if (header_have_ < kYamuxHeaderSize) break;
      header_have_ = 0;
    }

    auto header = decode_yamux_header(header_bytes);
    if (!header) {
      return fail(header.error() == YamuxHeaderError::kBadVersion
                      ? YamuxProtocolError::kBadVersion
                      : YamuxProtocolError::kBadFrameType);
    }
    if (auto handled = on_frame(*header, now); !handled) return fail(handled.error());
    // The answers the peer asks for may take max_output_bytes beyond the limit on writes.
    const size_t pending = out_.size() - out_head_;
    if (pending > config_.max_output_bytes &&
        pending - config_.max_output_bytes > config_.max_output_bytes) {
      return fail(YamuxProtocolError::kOutputOverflow);
    }
  }
  return {};
}

Result<void, YamuxProtocolError> YamuxSession::on_frame(const YamuxHeader& header, TimePoint now) {
  switch (header.type) {
    case YamuxFrameType::kPing:
      on_ping(header, now);
      return {};
    case YamuxFrameType::kGoAway:
      on_go_away(header);
      return {};
    case YamuxFrameType::kData:
    case YamuxFrameType::kWindowUpdate:
      break;
  }
  return on_stream_frame(header);
}

Result<void, YamuxProtocolError> YamuxSession::on_stream_frame(const YamuxHeader& header) {
  const bool is_data = header.type == YamuxFrameType::kData;
  const YamuxStreamId id = header.stream_id;

  if (header.has(kYamuxRst)) {
    // Whatever else the frame says, the stream is over; a payload has nowhere to go.
    on_reset(id);
    if (is_data) start_body(id, header.length, false, false);
    return {};
  }
  if (header.has(kYamuxSyn)) return on_syn(header);

  auto it = streams_.find(id);
  if (it == streams_.end()) {
    // Frames the peer sent before it learnt that the stream ended (our RST, or both FINs) are
    // dropped; a stream that never existed is a protocol error.
    if (!was_opened_before(id)) return unexpected(YamuxProtocolError::kUnknownStream);
    if (is_data) start_body(id, header.length, false, false);
    return {};
  }
  Stream& s = it->second;
  // The peer cannot know of an outbound stream before its SYN was sent.
  if (s.outbound && !s.opened) return unexpected(YamuxProtocolError::kUnknownStream);

  if (is_data) {
    if (header.length > 0) {
      if (s.remote_closed) return unexpected(YamuxProtocolError::kDataAfterFin);
      if (header.length > s.receive_window) {
        return unexpected(YamuxProtocolError::kReceiveWindowExceeded);
      }
      s.receive_window -= header.length;
      s.unconsumed += header.length;
      // The FIN takes effect once the payload has been delivered.
      start_body(id, header.length, true, header.has(kYamuxFin));
      return {};
    }
  } else if (header.length > 0) {
    s.send_window += header.length;
    if (s.send_window > kMaxSendWindow) {
      return unexpected(YamuxProtocolError::kSendWindowOverflow);
    }
    flush(it);
    // The flush may have sent our FIN to a peer that had closed already: the stream is gone.
    it = streams_.find(id);
    if (it == streams_.end()) return {};
  }
  if (header.has(kYamuxFin)) on_remote_close(it);
  return {};
}

Result<void, YamuxProtocolError> YamuxSession::on_syn(const YamuxHeader& header) {
  const YamuxStreamId id = header.stream_id;
  const bool is_data = header.type == YamuxFrameType::kData;
  if (header.has(kYamuxAck)) return unexpected(YamuxProtocolError::kSynWithAck);
  if (id == 0 || is_ours(id)) return unexpected(YamuxProtocolError::kWrongStreamParity);
  if (streams_.contains(id)) return unexpected(YamuxProtocolError::kDuplicateSyn);
  highest_inbound_id_ = std::max(highest_inbound_id_, id);

  if (local_go_away_ || inbound_count_ >= config_.max_inbound_streams) {
    send_frame(YamuxFrameType::kWindowUpdate, kYamuxRst, id, 0);
    if (is_data) start_body(id, header.length, false, false);
    return {};
  }
  // The peer cannot have heard of a larger window yet: our ACK carries it.
  if (is_data && header.length > kYamuxInitialWindow) {
    return unexpected(YamuxProtocolError::kReceiveWindowExceeded);
  }

  auto it = streams_.emplace(id, Stream{}).first;
  Stream& s = it->second;
  ++inbound_count_;
  if (!is_data) {
    s.send_window += header.length;
    if (s.send_window > kMaxSendWindow) {
      return unexpected(YamuxProtocolError::kSendWindowOverflow);
    }
  }
  emit(YamuxEventType::kStreamOpened, id);
  // Accept at once rather than with our first data: some peers (rust-yamux) cap the streams
  // they keep unacknowledged, and smoldot requires our first frame to carry the ACK.
  if (const uint16_t ack = take_opening_flags(id, s); ack != 0) {
    send_frame(YamuxFrameType::kWindowUpdate, ack, id, 0);
  }

  if (is_data && header.length > 0) {
    s.receive_window -= header.length;
    s.unconsumed += header.length;
    start_body(id, header.length, true, header.has(kYamuxFin));
  } else if (header.has(kYamuxFin)) {
    on_remote_close(it);
  }
  return {};
}

void YamuxSession::on_ping(const YamuxHeader& header, TimePoint now) {
  if (!header.has(kYamuxAck)) {
    send_frame(YamuxFrameType::kPing, kYamuxAck, 0, header.length);
    return;
  }
  // An answer to no ping of ours (a late one, or a peer's mistake) is harmless: it is dropped.
  auto it = std::find_if(pings_.begin(), pings_.end(),
                         [&](const auto& ping) { return ping.first == header.length; });
  if (it == pings_.end()) return;
  YamuxEvent event;
  event.type = YamuxEventType::kPong;
  event.rtt = now - it->second;
  events_.push_back(event);
  pings_.erase(it);
}

void YamuxSession::on_go_away(const YamuxHeader& header) {
  if (remote_go_away_) return;
  remote_go_away_ = true;
  YamuxEvent event;
  event.type = YamuxEventType::kGoAway;
  event.go_away_code = header.length;
  events_.push_back(event);
  // Our streams the peer has not heard of yet would be refused: they end here.
  for (auto it = streams_.begin(); it != streams_.end();) {
    auto current = it++;
    if (current->second.outbound && !current->second.opened) {
      emit(YamuxEventType::kStreamReset, current->first);
      erase_stream(current);
    }
  }
}

void YamuxSession::on_reset(YamuxStreamId id) {
  auto it = streams_.find(id);
  if (it == streams_.end() || (it->second.outbound && !it->second.opened)) return;
  emit(YamuxEventType::kStreamReset, id);
  erase_stream(it);
}

void YamuxSession::on_remote_close(StreamMap::iterator it) {
  Stream& s = it->second;
  if (s.remote_closed) return;
  s.remote_closed = true;
  s.ungranted = 0;  // the peer sends nothing more: its window no longer matters
  emit(YamuxEventType::kRemoteClosed, it->first);
  remove_if_closed(it);
}

void YamuxSession::deliver(ByteSpan data) {
  // The node may have reset the stream since the frame began.
  if (!streams_.contains(body_stream_)) return;
  YamuxEvent event;
  event.type = YamuxEventType::kData;
  event.stream = body_stream_;
  event.data = data;
  events_.push_back(event);
}

void YamuxSession::start_body(YamuxStreamId id, uint32_t length, bool deliver, bool fin) {
  body_stream_ = id;
  body_remaining_ = length;
  body_deliver_ = deliver;
  body_fin_ = fin;
  if (length == 0 && fin) {
    body_fin_ = false;
    if (auto it = streams_.find(id); it != streams_.end()) on_remote_close(it);
  }
}

Unexpected<YamuxProtocolError> YamuxSession::fail(YamuxProtocolError error) {
  failure_ = error;
  if (!local_go_away_) {
    local_go_away_ = true;
    send_frame(YamuxFrameType::kGoAway, 0, 0,
               static_cast<uint32_t>(YamuxGoAwayCode::kProtocolError));
  }
  // Nothing more will be sent or delivered: free the streams and their queues now.
  streams_.clear();
  queued_total_ = 0;
  waiting_writers_ = 0;
  body_remaining_ = 0;
  pings_.clear();
  return unexpected(error);
}

bool YamuxSession::is_ours(YamuxStreamId id) const {
  const bool odd = (id & 1) != 0;
  return odd == (role_ == YamuxRole::kDialer);
}

bool YamuxSession::was_opened_before(YamuxStreamId id) const {
  if (id == 0) return false;
  // Both sides number their streams upwards, so an id below the next (ours) or up to the highest
  // seen (theirs) belongs to a stream that existed.
  return is_ours(id) ? id < next_outbound_id_ : id <= highest_inbound_id_;
}

// ---- outgoing ------------------------------------------------------------------------------

void YamuxSession::take_events(std::vector<YamuxEvent>& out) {
  out.clear();
  out.swap(events_);
}

void YamuxSession::drain_output(size_t n) {
  out_head_ += std::min(n, out_.size() - out_head_);
  if (out_head_ == out_.size()) {
    out_.clear();
    out_head_ = 0;
  } else if (out_head_ >= kCompactOutputAfter && out_head_ * 2 >= out_.size()) {
    out_.erase(out_.begin(), out_.begin() + static_cast<ptrdiff_t>(out_head_));
    out_head_ = 0;
  }
  if (!failure_) flush_all();
}

Result<YamuxStreamId, YamuxRequestError> YamuxSession::open_stream() {
  if (failure_) return unexpected(YamuxRequestError::kSessionFailed);
  if (local_go_away_) return unexpected(YamuxRequestError::kGoingAway);
  if (remote_go_away_) return unexpected(YamuxRequestError::kGoAwayReceived);
  if (outbound_count_ >= config_.max_outbound_streams) {
    return unexpected(YamuxRequestError::kTooManyStreams);
  }
  if (next_outbound_id_ > kMaxStreamId) return unexpected(YamuxRequestError::kStreamIdsExhausted);
  const auto id = static_cast<YamuxStreamId>(next_outbound_id_);
  next_outbound_id_ += 2;
  Stream s;
  s.outbound = true;
  streams_.emplace(id, std::move(s));
  ++outbound_count_;
  return id;
}

Result<size_t, YamuxRequestError> YamuxSession::write(YamuxStreamId stream, ByteSpan data) {
  if (failure_) return unexpected(YamuxRequestError::kSessionFailed);
  auto it = streams_.find(stream);
  if (it == streams_.end()) return unexpected(YamuxRequestError::kUnknownStream);
  Stream& s = it->second;
  if (s.local_closed) return unexpected(YamuxRequestError::kClosedForWriting);

  size_t accepted = 0;
  // Straight to the output when nothing waits ahead: one copy, no queue.
  if (s.queued() == 0) {
    accepted = std::min<uint64_t>({data.size(), s.send_window, output_room()});
    if (accepted > 0) send_data(stream, s, data.first(accepted), false);
  }
  const size_t queued = std::min(data.size() - accepted, queue_room(s));
  if (queued > 0) {
    s.queue.push(data.subspan(accepted, queued));
    queued_total_ += queued;
    accepted += queued;
  }
  if (accepted < data.size()) set_want_writable(s, true);
  return accepted;
}

size_t YamuxSession::send_capacity(YamuxStreamId stream) const {
  if (failure_) return 0;
  auto it = streams_.find(stream);
  if (it == streams_.end() || it->second.local_closed) return 0;
  const Stream& s = it->second;
  const size_t direct = s.queued() == 0 ? std::min<uint64_t>(s.send_window, output_room()) : 0;
  return direct + queue_room(s);
}

void YamuxSession::consumed(YamuxStreamId stream, size_t n) {
  if (failure_) return;
  auto it = streams_.find(stream);
  if (it == streams_.end()) return;
  Stream& s = it->second;
  // Never more than was delivered: the peer's window must stay within what we grant.
  const auto taken = static_cast<uint32_t>(std::min<size_t>(n, s.unconsumed));
  s.unconsumed -= taken;
  if (s.remote_closed) return;
  s.ungranted += taken;
  // One window update per half window, not one per read.
  if (s.ungranted < grant_threshold_) return;
  send_frame(YamuxFrameType::kWindowUpdate, take_opening_flags(stream, s), stream, s.ungranted);
  s.receive_window += s.ungranted;
  s.ungranted = 0;
}

Result<void, YamuxRequestError> YamuxSession::close(YamuxStreamId stream) {
  if (failure_) return unexpected(YamuxRequestError::kSessionFailed);
  auto it = streams_.find(stream);
  if (it == streams_.end()) return unexpected(YamuxRequestError::kUnknownStream);
  Stream& s = it->second;
  if (s.local_closed) return {};
  s.local_closed = true;
  set_want_writable(s, false);
  if (s.queued() > 0) return {};  // the FIN goes with the last queued bytes
  send_frame(YamuxFrameType::kWindowUpdate, kYamuxFin | take_opening_flags(stream, s), stream, 0);
  s.fin_sent = true;
  remove_if_closed(it);
  return {};
}

Result<void, YamuxRequestError> YamuxSession::reset(YamuxStreamId stream) {
  if (failure_) return unexpected(YamuxRequestError::kSessionFailed);
  auto it = streams_.find(stream);
  if (it == streams_.end()) return unexpected(YamuxRequestError::kUnknownStream);
  // A stream the peer never heard of just disappears.
  if (it->second.opened) send_frame(YamuxFrameType::kWindowUpdate, kYamuxRst, stream, 0);
  erase_stream(it);
  return {};
}

Result<void, YamuxRequestError> YamuxSession::ping(TimePoint now) {
  if (failure_) return unexpected(YamuxRequestError::kSessionFailed);
  if (pings_.size() >= config_.max_outstanding_pings) {
    return unexpected(YamuxRequestError::kTooManyPings);
  }
  const uint32_t value = next_ping_value_++;
  pings_.emplace_back(value, now);
  send_frame(YamuxFrameType::kPing, kYamuxSyn, 0, value);
  return {};
}

void YamuxSession::go_away(YamuxGoAwayCode code) {
  if (failure_ || local_go_away_) return;
  local_go_away_ = true;
  send_frame(YamuxFrameType::kGoAway, 0, 0, static_cast<uint32_t>(code));
}

size_t YamuxSession::output_room() const {
  const size_t pending = out_.size() - out_head_;
  return pending < config_.max_output_bytes ? config_.max_output_bytes - pending : 0;
}

size_t YamuxSession::queue_room(const Stream& s) const {
  const size_t stream_room = config_.max_queued_bytes_per_stream -
                             std::min(s.queued(), config_.max_queued_bytes_per_stream);
  const size_t total_room =
      config_.max_queued_bytes - std::min(queued_total_, config_.max_queued_bytes);
  return std::min(stream_room, total_room);
}

void YamuxSession::send_frame(YamuxFrameType type, uint16_t flags, YamuxStreamId id,
                              uint32_t length) {
  append_yamux_header(out_, YamuxHeader{type, flags, id, length});
}

// The SYN or ACK for the stream's first frame, or 0 when the stream is open already or the
// opening went out on a frame of its own.
uint16_t YamuxSession::take_opening_flags(YamuxStreamId id, Stream& s) {
  if (s.opened) return 0;
  s.opened = true;
  const uint16_t flag = s.outbound ? kYamuxSyn : kYamuxAck;
  if (extra_window() == 0) return flag;
  // A window beyond the protocol's initial one is granted by the opening frame itself, which must
  // then be a window update.
  send_frame(YamuxFrameType::kWindowUpdate, flag, id, extra_window());
  s.receive_window += extra_window();
  return 0;
}

void YamuxSession::send_data(YamuxStreamId id, Stream& s, ByteSpan data, bool fin) {
  uint16_t flags = take_opening_flags(id, s);
  s.send_window -= data.size();
  do {
    const size_t n = std::min<size_t>(data.size(), config_.max_frame_payload);
    const bool last = n == data.size();
    send_frame(YamuxFrameType::kData, flags | (last && fin ? kYamuxFin : 0), id,
               static_cast<uint32_t>(n));
    out_.insert(out_.end(), data.begin(), data.begin() + static_cast<ptrdiff_t>(n));
    data = data.subspan(n);
    flags = 0;
  } while (!data.empty());
}

void YamuxSession::flush(StreamMap::iterator it) {
  const YamuxStreamId id = it->first;
  Stream& s = it->second;
  if (s.queued() > 0) {
    const size_t n = std::min<uint64_t>({s.queued(), s.send_window, output_room()});
    if (n > 0) {
      const bool fin = s.local_closed && n == s.queued();
      // The ring hands out at most two pieces (before and after its wrap).
      for (size_t left = n; left > 0;) {
        const ByteSpan piece = s.queue.front().first(std::min(left, s.queue.front().size()));
        left -= piece.size();
        send_data(id, s, piece, fin && left == 0);
        s.queue.pop(piece.size());
      }
      queued_total_ -= n;
      // Release the memory: an idle stream should cost next to nothing.
      if (s.queued() == 0) s.queue.release();
      if (fin) {
        s.fin_sent = true;
        if (remove_if_closed(it)) return;
      }
    }
  }
  notify_if_writable(id, s);
}

void YamuxSession::flush_all() {
  // Round-robin from the stream after the last one served, so that no stream starves the rest.
  // Writers refused with an empty queue of their own (the session-wide queue limit) are visited
  // too: room elsewhere may be theirs now.
  auto next = streams_.upper_bound(flush_cursor_);
  for (size_t visited = 0, total = streams_.size(); visited < total; ++visited) {
    const bool can_send = queued_total_ > 0 && output_room() > 0;
    if (!can_send && waiting_writers_ == 0) break;
    if (next == streams_.end()) next = streams_.begin();
    auto it = next++;
    if (can_send && it->second.queued() > 0) {
      flush_cursor_ = it->first;
      flush(it);
    } else {
      notify_if_writable(it->first, it->second);
    }
  }
}

void YamuxSession::notify_if_writable(YamuxStreamId id, Stream& s) {
  if (!s.want_writable) return;
  const size_t direct = s.queued() == 0 ? std::min<uint64_t>(s.send_window, output_room()) : 0;
  if (direct + queue_room(s) == 0) return;
  set_want_writable(s, false);
  emit(YamuxEventType::kWritable, id);
}

bool YamuxSession::remove_if_closed(StreamMap::iterator it) {
  if (!it->second.fin_sent || !it->second.remote_closed) return false;
  erase_stream(it);
  return true;
}

void YamuxSession::set_want_writable(Stream& s, bool want) {
  if (s.want_writable == want) return;
  s.want_writable = want;
  if (want) {
    ++waiting_writers_;
  } else {
    --waiting_writers_;
  }
}

void YamuxSession::erase_stream(StreamMap::iterator it) {
  set_want_writable(it->second, false);
  queued_total_ -= it->second.queued();
  --(it->second.outbound ? outbound_count_ : inbound_count_);
  streams_.erase(it);
}

void YamuxSession::emit(YamuxEventType type, YamuxStreamId id) {
  YamuxEvent event;
  event.type = type;
  event.stream = id;
  events_.push_back(event);
}

}  // namespace canary::network
