// Entry points of the SCALE codec: whole-value encode and decode. Decoding the whole input
// rejects trailing bytes; use a Decoder directly to read a value from the front of a stream.
#pragma once

#include "primitives/scale/codec.hpp"
#include "primitives/scale/option_bool.hpp"

namespace canary::scale {

template <class T>
Bytes encode(const T& value) {
  Encoder out;
  encode_to(out, value);
  return std::move(out).take();
}

template <class T>
size_t encoded_size(const T& value) {
  SizeCounter counter;
  encode_to(counter, value);
  return counter.size();
}

// Decodes one T from the front of `in`; check in.ok() afterwards.
template <class T>
T decode_next(Decoder& in) {
  T value{};
  decode_from(in, value);
  return value;
}

template <class T>
Result<T, DecodeError> decode(ByteSpan data, size_t max_length = Decoder::kDefaultMaxLength) {
  Decoder in(data, max_length);
  T value{};
  decode_from(in, value);
  if (!in.ok()) return unexpected(in.error());
  if (in.remaining() != 0) return unexpected(DecodeError::kTrailingBytes);
  return value;
}

}  // namespace canary::scale
