// Messages framed as varint(length) ‖ bytes: identify, the request-response protocols and the
// notifications of the Substrate protocols all send their payloads this way (unsigned-varint's
// `UviBytes` in rust-libp2p, `it-length-prefixed` in js-libp2p).
//
// LengthPrefixedReader collects one message at a time from bytes that arrive in chunks of any
// size, refusing a length over its bound before buffering anything of the message, so that a peer
// cannot make us hold more than `max_size` bytes per reader.
#pragma once

#include <cstddef>
#include <cstdint>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

enum class LengthPrefixedError : uint8_t {
  kInvalidLength,  // the length prefix is not a valid varint (over 9 bytes, not minimal)
  kTooLarge,       // the announced length is over the reader's bound
};

const char* to_string(LengthPrefixedError e);

// varint(payload.size()) ‖ payload, appended to `out`.
void append_length_prefixed(Bytes& out, ByteSpan payload);
// varint(payload.size()) ‖ payload.
Bytes length_prefixed(ByteSpan payload);

class LengthPrefixedReader {
 public:
  explicit LengthPrefixedReader(size_t max_size) : max_size_(max_size) {}

  // Takes bytes of the current message from the front of `input` and returns how many it took:
  // all of them until the message is complete, then none (take() the message to read the next).
  // An error is final: every later call returns it.
  Result<size_t, LengthPrefixedError> feed(ByteSpan input);

  bool complete() const { return have_length_ && body_.size() == length_; }
  // The complete message; the reader then waits for the next one.
  Bytes take();
  // Whether part of a message (a length byte or more) has been read: a stream that ends now ends
  // inside a message.
  bool in_message() const { return prefix_size_ > 0 || have_length_; }

 private:
  size_t max_size_;
  uint8_t prefix_[9] = {};
  size_t prefix_size_ = 0;
  bool have_length_ = false;
  size_t length_ = 0;
  Bytes body_;
  bool failed_ = false;
  LengthPrefixedError error_ = LengthPrefixedError::kInvalidLength;
};

}  // namespace canary::network
