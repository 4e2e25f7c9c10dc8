// sr25519 batch verification (sr25519::verify_batch) against one-by-one verification, on
// signatures, keys and messages that come from outside (a block's extrinsics): the batch's verdict
// must be the AND of verify() over its items, for any bytes. Each item of the input is
//   mode byte: bit 0 set: an honest signature by one of four keys (the next byte picks it) over
//              the message, then, with bit 1, one bit of signature or key flipped (the next two
//              bytes pick it), with bit 2, the key of another of the four;
//              bit 0 clear: 64 signature bytes and 32 key bytes as they come;
//   message: a length byte (0..31) and that many bytes.
// Honest items get the batch past decoding into the multi-scalar multiplication; raw ones mostly
// exercise the point decoder and the marker and canonical-scalar checks.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "primitives/crypto/sr25519.hpp"

namespace {

using namespace canary;
using namespace canary::crypto;
using canary::fuzz::ByteReader;
using canary::fuzz::check;

const sr25519::Keypair& key(size_t i) {
  static const std::array<sr25519::Keypair, 4> keys = [] {
    std::array<sr25519::Keypair, 4> out;
    for (uint8_t k = 0; k < out.size(); ++k) {
      sr25519::MiniSecret seed{};
      seed.fill(static_cast<uint8_t>(k + 1));
      out[k] = sr25519::keypair_from_mini_secret(seed);
    }
    return out;
  }();
  return keys[i % keys.size()];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteReader in(ByteSpan(data, size));
  std::vector<Bytes> messages;
  messages.reserve(64);
  std::vector<sr25519::SignedMessage> batch;
  while (!in.done() && batch.size() < 64) {
    const uint8_t mode = in.byte();
    sr25519::SignedMessage item{};
    if ((mode & 1) != 0) {
      const sr25519::Keypair& pair = key(in.byte());
      const uint8_t flip_at = in.byte();
      const uint8_t other = in.byte();
      const ByteSpan message = in.take(in.byte() % 32);
      const Bytes& kept = messages.emplace_back(message.begin(), message.end());
      item = {sr25519::sign(pair, kept), kept, pair.public_key};
      if ((mode & 2) != 0) {
        const size_t bit = size_t{flip_at} * 3 % (96 * 8);
        uint8_t& target = bit < 512 ? item.signature[bit / 8] : item.public_key[(bit - 512) / 8];
        target ^= static_cast<uint8_t>(1u << (bit % 8));
      }
      if ((mode & 4) != 0) item.public_key = key(other).public_key;
    } else {
      const ByteSpan signature = in.take(64);
      const ByteSpan public_key = in.take(32);
      std::copy(signature.begin(), signature.end(), item.signature.begin());
      std::copy(public_key.begin(), public_key.end(), item.public_key.begin());
      const ByteSpan message = in.take(in.byte() % 32);
      item.message = messages.emplace_back(message.begin(), message.end());
    }
    batch.push_back(item);
  }
  bool every = true;
  for (const sr25519::SignedMessage& item : batch) {
    every = sr25519::verify(item.signature, item.message, item.public_key) && every;
  }
  check(sr25519::verify_batch(batch) == every);
  return 0;
}
