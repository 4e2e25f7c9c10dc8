// multistream-select negotiators fed arbitrary bytes. Input: byte 0 picks the scenario and byte 1
// the chunk size the rest is fed in.
//   0: a listener fed the rest as what a dialer sent;
//   1: a V1 dialer, 2: a V1Lazy dialer, fed the rest as what a listener sent;
//   3: a dialer and a listener whose protocol lists come from the rest ('|'-separated, the
//      first '#' splitting the two lists), negotiating in memory: they must agree on the first
//      dialer protocol the listener speaks, or both find none.
// Never a crash; a negotiated side's remainder is exactly the tail of its input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "network/libp2p/multistream_select.hpp"

namespace {

using canary::Bytes;
using canary::ByteSpan;
using namespace canary::network;

using canary::fuzz::check;

template <class Negotiator>
Bytes feed_in_chunks(Negotiator& side, ByteSpan input, size_t chunk) {
  Bytes sent;
  for (size_t i = 0; i < input.size(); i += chunk) {
    const Bytes out = side.feed(input.subspan(i, std::min(chunk, input.size() - i)));
    sent.insert(sent.end(), out.begin(), out.end());
  }
  return sent;
}

void check_remainder(ByteSpan input, const Bytes& remainder) {
  check(remainder.size() <= input.size());
  check(std::equal(remainder.begin(), remainder.end(), input.end() - remainder.size()));
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (out.size() < 8) {
    const size_t end = text.find('|', start);
    out.emplace_back(text.substr(start, end == text.npos ? text.npos : end - start));
    if (end == text.npos) break;
    start = end + 1;
  }
  return out;
}

void negotiate_in_memory(std::string_view text, size_t chunk) {
  const size_t hash = text.find('#');
  if (hash == text.npos) return;
  const auto offered = split(text.substr(0, hash));
  const auto supported = split(text.substr(hash + 1));
  MultistreamDialer dialer(offered);
  MultistreamListener listener(supported);

  Bytes to_listener = dialer.start();
  Bytes to_dialer;
  for (int round = 0; round < 10000 && (!to_listener.empty() || !to_dialer.empty()); ++round) {
    const Bytes a = feed_in_chunks(listener, to_listener, chunk);
    to_listener.clear();
    to_dialer.insert(to_dialer.end(), a.begin(), a.end());
    const Bytes b = feed_in_chunks(dialer, to_dialer, chunk);
    to_dialer.clear();
    to_listener.insert(to_listener.end(), b.begin(), b.end());
  }

  const bool valid = !offered.empty() &&
                     std::all_of(offered.begin(), offered.end(),
                                 [](const std::string& p) { return is_valid_protocol_name(p); });
  if (!valid) {
    check(dialer.error() == MultistreamError::kInvalidProposals);
    return;
  }
  const auto common = std::find_if(offered.begin(), offered.end(), [&](const std::string& p) {
    return std::find(supported.begin(), supported.end(), p) != supported.end();
  });
  if (common == offered.end()) {
    check(dialer.error() == MultistreamError::kNoCommonProtocol);
    return;
  }
  check(dialer.status() == NegotiationStatus::kNegotiated);
  check(listener.status() == NegotiationStatus::kNegotiated);
  check(dialer.protocol() == *common && listener.protocol() == *common);
  check(dialer.take_remainder().empty() && listener.take_remainder().empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t chunk = data[1] == 0 ? size : data[1];
  const ByteSpan rest(data + 2, size - 2);
  switch (data[0] % 4) {
    case 0: {
      MultistreamListener listener({"/yamux/1.0.0", "/noise", "/ipfs/ping/1.0.0"},
                                   data[0] & 4 ? MultistreamListener::ListRequests::kAnswer
                                               : MultistreamListener::ListRequests::kRefuse);
      (void)feed_in_chunks(listener, rest, chunk);
      if (listener.status() == NegotiationStatus::kNegotiated) {
        check(listener.protocol() == "/yamux/1.0.0" || listener.protocol() == "/noise" ||
              listener.protocol() == "/ipfs/ping/1.0.0");
        check_remainder(rest, listener.take_remainder());
      }
      break;
    }
    case 1:
    case 2: {
      MultistreamDialer dialer({"/noise", "/plaintext/2.0.0"}, data[0] % 4 == 1
                                                                   ? MultistreamVersion::kV1
                                                                   : MultistreamVersion::kV1Lazy);
      (void)dialer.start();
      (void)feed_in_chunks(dialer, rest, chunk);
      if (dialer.status() == NegotiationStatus::kNegotiated) {
        check(dialer.protocol() == "/noise" || dialer.protocol() == "/plaintext/2.0.0");
        check_remainder(rest, dialer.take_remainder());
      }
      break;
    }
    default:
      negotiate_in_memory(std::string_view(reinterpret_cast<const char*>(rest.data()), rest.size()),
                          chunk);
      break;
  }
  return 0;
}
