// identify's decoder fed arbitrary bytes, both as a whole message and through the length-prefixed
// framing it travels in (cut where the fuzzer says). A decoded message re-encodes to one that
// decodes to the same fields.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.hpp"
#include "network/libp2p/identify.hpp"
#include "network/libp2p/length_prefixed.hpp"

namespace {

using namespace canary;
using namespace canary::network;

using canary::fuzz::check;

void round_trip(ByteSpan message) {
  auto decoded = decode_identify(message);
  if (!decoded) return;
  check(decoded->peer_id.has_value() == !decoded->public_key.empty());
  // No size bound on what we re-encode: the fields must all survive.
  auto again = decode_identify(encode_identify(*decoded, SIZE_MAX));
  check(again.has_value());
  check(again->protocol_version == decoded->protocol_version);
  check(again->agent_version == decoded->agent_version);
  check(again->public_key == decoded->public_key);
  check(again->peer_id == decoded->peer_id);
  check(again->listen_addresses == decoded->listen_addresses);
  check(again->invalid_listen_addresses == 0);
  check(again->observed_address == decoded->observed_address);
  check(again->protocols == decoded->protocols);
  // What we send is bounded.
  check(encode_identify(*decoded).size() <= kMaxSentIdentifyMessageSize ||
        decoded->listen_addresses.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const ByteSpan input(bytes, size);
  round_trip(input);
  if (size < 1) return 0;

  // The same bytes as a length-prefixed stream, fed in chunks of the first byte's size.
  const size_t chunk = std::max<size_t>(1, bytes[0]);
  LengthPrefixedReader reader(kMaxIdentifyMessageSize);
  ByteSpan rest = input.subspan(1);
  while (!rest.empty()) {
    ByteSpan piece = rest.first(std::min(chunk, rest.size()));
    rest = rest.subspan(piece.size());
    while (!piece.empty()) {
      auto taken = reader.feed(piece);
      if (!taken) return 0;
      check(*taken <= piece.size());
      piece = piece.subspan(*taken);
      if (reader.complete()) {
        const Bytes message = reader.take();
        check(message.size() <= kMaxIdentifyMessageSize);
        round_trip(message);
      } else {
        check(piece.empty());
      }
    }
  }
  return 0;
}
