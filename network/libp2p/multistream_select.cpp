#include "network/libp2p/multistream_select.hpp"

#include <algorithm>

#include "network/libp2p/varint.hpp"

namespace canary::network {
namespace {

constexpr std::string_view kNotAvailable = "na";
constexpr std::string_view kList = "ls";

// A message length of two varint bytes is at least 2^7 and one still unfinished after two bytes
// is at least 2^14: over the bound, so the length is known to be too long without waiting.
static_assert(kMaxMultistreamMessage < (1u << 14));

enum class FrameStatus : uint8_t { kComplete, kIncomplete, kTooLong, kMalformed };

struct Frame {
  FrameStatus status = FrameStatus::kIncomplete;
  std::string_view text;  // the message without its '\n'
  size_t size = 0;        // bytes the frame took, length prefix included
};

Frame read_frame(ByteSpan input) {
  const VarintResult length = decode_varint(input);
  if (length.status == VarintStatus::kIncomplete) {
    return {input.size() >= 2 ? FrameStatus::kTooLong : FrameStatus::kIncomplete, {}, 0};
  }
  if (length.status == VarintStatus::kInvalid) return {FrameStatus::kMalformed, {}, 0};
  const uint64_t body_size = length.varint.value;
  if (body_size == 0) return {FrameStatus::kMalformed, {}, 0};  // not even the '\n'
  if (body_size > kMaxMultistreamMessage) return {FrameStatus::kTooLong, {}, 0};
  const ByteSpan rest = input.subspan(length.varint.length);
  if (rest.size() < body_size) return {FrameStatus::kIncomplete, {}, 0};
  const ByteSpan body = rest.first(static_cast<size_t>(body_size));
  if (body.back() != '\n') return {FrameStatus::kMalformed, {}, 0};
  return {FrameStatus::kComplete,
          std::string_view(reinterpret_cast<const char*>(body.data()), body.size() - 1),
          length.varint.length + body.size()};
}

MultistreamError frame_error(FrameStatus status) {
  return status == FrameStatus::kTooLong ? MultistreamError::kMessageTooLong
                                         : MultistreamError::kMalformedMessage;
}

void append(Bytes& out, ByteSpan bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void append_message(Bytes& out, std::string_view text) {
  append_varint(out, text.size() + 1);
  append(out, as_bytes(text));
  out.push_back('\n');
}

// Structural UTF-8 check (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
bool is_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    size_t extra = 0;
    uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1;
      code = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      code = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (s.size() - i <= extra) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<uint8_t>(s[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    constexpr uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[extra] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace

bool is_valid_protocol_name(std::string_view name) {
  // The header itself cannot be negotiated: a listener takes it for a repeated header.
  return !name.empty() && name.front() == '/' && name != kMultistreamProtocol &&
         name.size() + 1 <= kMaxMultistreamMessage && name.find('\n') == std::string_view::npos &&
         is_utf8(name);
}

Bytes encode_multistream_message(std::string_view text) {
  Bytes out;
  append_message(out, text);
  return out;
}

const char* to_string(MultistreamError e) {
  switch (e) {
    case MultistreamError::kNone:
      return "no error";
    case MultistreamError::kInvalidProposals:
      return "no valid protocol to propose";
    case MultistreamError::kBadHeader:
      return "peer does not speak /multistream/1.0.0";
    case MultistreamError::kMessageTooLong:
      return "multistream-select message too long";
    case MultistreamError::kMalformedMessage:
      return "malformed or unexpected multistream-select message";
    case MultistreamError::kNoCommonProtocol:
      return "no protocol in common";
  }
  return "unknown multistream-select error";
}

// ---- dialer ----------------------------------------------------------------------------------

MultistreamDialer::MultistreamDialer(std::vector<std::string> protocols, MultistreamVersion version)
    : protocols_(std::move(protocols)), version_(version) {}

const std::string& MultistreamDialer::protocol() const {
  static const std::string kNoProtocol;
  return proposal_ < protocols_.size() ? protocols_[proposal_] : kNoProtocol;
}

void MultistreamDialer::fail(MultistreamError e) {
  status_ = NegotiationStatus::kFailed;
  error_ = e;
  pending_.clear();
}

Bytes MultistreamDialer::propose_next() {
  Bytes out = encode_multistream_message(protocols_[proposal_]);
  // Lazy: settle on the last proposal now; the listener's answer is checked when it comes.
  if (version_ == MultistreamVersion::kV1Lazy && proposal_ + 1 == protocols_.size()) {
    status_ = NegotiationStatus::kOptimistic;
  }
  return out;
}

Bytes MultistreamDialer::start() {
  if (started_) return {};
  started_ = true;
  const bool valid = !protocols_.empty() &&
                     std::all_of(protocols_.begin(), protocols_.end(), is_valid_protocol_name);
  if (!valid) {
    fail(MultistreamError::kInvalidProposals);
    return {};
  }
  Bytes out = encode_multistream_message(kMultistreamProtocol);
  append(out, propose_next());
  return out;
}

Bytes MultistreamDialer::feed(ByteSpan received) {
  Bytes out = start();
  if (status_ == NegotiationStatus::kFailed) return out;
  if (status_ == NegotiationStatus::kNegotiated) {
    append(remainder_, received);
    return out;
  }
  append(pending_, received);

  size_t consumed = 0;
  while (status_ == NegotiationStatus::kNegotiating || status_ == NegotiationStatus::kOptimistic) {
    const Frame frame = read_frame(ByteSpan(pending_).subspan(consumed));
    if (frame.status == FrameStatus::kIncomplete) break;
    if (frame.status != FrameStatus::kComplete) {
      fail(frame_error(frame.status));
      return out;
    }
    consumed += frame.size;

    if (!header_received_) {
      if (frame.text != kMultistreamProtocol) {
        fail(MultistreamError::kBadHeader);
        return out;
      }
      header_received_ = true;
    } else if (frame.text == protocols_[proposal_]) {
      status_ = NegotiationStatus::kNegotiated;
      remainder_.assign(pending_.begin() + static_cast<std::ptrdiff_t>(consumed), pending_.end());
      pending_.clear();
      return out;
    } else if (frame.text == kNotAvailable) {
      if (proposal_ + 1 == protocols_.size()) {
        fail(MultistreamError::kNoCommonProtocol);
        return out;
      }
      ++proposal_;
      append(out, propose_next());
    } else {
      // An echo of another protocol, "ls", a second header: nothing a listener answers with.
      fail(MultistreamError::kMalformedMessage);
      return out;
    }
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(consumed));
  return out;
}

// ---- listener --------------------------------------------------------------------------------

MultistreamListener::MultistreamListener(std::vector<std::string> supported,
                                         ListRequests list_requests)
    : list_requests_(list_requests) {
  for (std::string& name : supported) {
    if (is_valid_protocol_name(name)) supported_.push_back(std::move(name));
  }
}

void MultistreamListener::fail(MultistreamError e) {
  status_ = NegotiationStatus::kFailed;
  error_ = e;
  pending_.clear();
}

Bytes MultistreamListener::list_message() const {
  Bytes body;
  for (const std::string& name : supported_) append_message(body, name);
  body.push_back('\n');
  Bytes out;
  append_varint(out, body.size());
  append(out, body);
  return out;
}

Bytes MultistreamListener::feed(ByteSpan received) {
  Bytes out;
  if (status_ == NegotiationStatus::kFailed) return out;
  if (status_ == NegotiationStatus::kNegotiated) {
    append(remainder_, received);
    return out;
  }
  append(pending_, received);

  // What does not parse right after our "na" is most likely a lazy dialer's protocol data: it
  // has given up, and the negotiation failed without anyone misbehaving.
  const auto violation = [this](MultistreamError e) {
    fail(last_answer_was_na_ ? MultistreamError::kNoCommonProtocol : e);
  };

  size_t consumed = 0;
  while (status_ == NegotiationStatus::kNegotiating) {
    const Frame frame = read_frame(ByteSpan(pending_).subspan(consumed));
    if (frame.status == FrameStatus::kIncomplete) break;
    if (frame.status != FrameStatus::kComplete) {
      violation(frame_error(frame.status));
      return out;
    }
    consumed += frame.size;

    if (!header_received_) {
      if (frame.text != kMultistreamProtocol) {
        fail(MultistreamError::kBadHeader);
        return out;
      }
      header_received_ = true;
      append_message(out, kMultistreamProtocol);
    } else if (frame.text == kList) {
      const bool answer = list_requests_ == ListRequests::kAnswer;
      append(out, answer ? list_message() : encode_multistream_message(kNotAvailable));
      last_answer_was_na_ = !answer;
    } else if (frame.text != kMultistreamProtocol && !frame.text.empty() &&
               frame.text.front() == '/') {
      const auto match = std::find(supported_.begin(), supported_.end(), frame.text);
      if (match != supported_.end()) {
        append_message(out, *match);
        protocol_ = *match;
        status_ = NegotiationStatus::kNegotiated;
        remainder_.assign(pending_.begin() + static_cast<std::ptrdiff_t>(consumed), pending_.end());
        pending_.clear();
        return out;
      }
      append_message(out, kNotAvailable);
      last_answer_was_na_ = true;
    } else {
      violation(MultistreamError::kMalformedMessage);
      return out;
    }
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(consumed));
  return out;
}

}  // namespace canary::network
