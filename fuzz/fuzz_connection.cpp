// The libp2p connection (upgrade, substream negotiation, identify, ping) fed arbitrary bytes.
// The first input byte picks what the fuzzer plays:
//  - 0: raw bytes to a listener, the pre-authentication surface (multistream-select, Noise);
//  - 1: raw bytes to a dialer, after its proposal;
//  - else: a peer that completed the handshake properly (multistream-select, Noise with fixed keys,
//    "/yamux/1.0.0"), then sends the fuzzer's bytes as Yamux plaintext, encrypted by the harness,
//    while the node ticks its timers, drains or not its output, and opens, writes, closes and
//    resets substreams of its own.
// The connection must never crash, must keep its output bounded, and once failed stays failed.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "network/libp2p/connection.hpp"

namespace {

using namespace canary;
using namespace canary::network;
using TimePoint = Connection::TimePoint;

constexpr size_t kMaxOutputBytes = 8 * 1024;
// What a round may add beyond the cap: one pump's Noise framing and the handshake messages.
constexpr size_t kOutputSlack = 4096;

using canary::fuzz::check;

crypto::ed25519::Keypair identity(uint8_t tag) {
  crypto::ed25519::Seed seed;
  seed.fill(tag);
  return crypto::ed25519::keypair_from_seed(seed);
}

const crypto::ed25519::Keypair& node_identity() {
  static const crypto::ed25519::Keypair keys = identity(1);
  return keys;
}
const crypto::ed25519::Keypair& peer_identity() {
  static const crypto::ed25519::Keypair keys = identity(2);
  return keys;
}

std::shared_ptr<const LocalNodeInfo> local_info() {
  static const auto info = [] {
    auto i = std::make_shared<LocalNodeInfo>();
    i->agent_version = "fuzz";
    i->protocols = {"/echo/1"};
    return std::shared_ptr<const LocalNodeInfo>(i);
  }();
  return info;
}

ConnectionConfig config(ConnectionRole role) {
  ConnectionConfig c;
  c.role = role;
  c.identity = node_identity();
  c.noise_static_secret.fill(0x11);
  c.remote_address = Multiaddr::from_string("/ip4/10.0.0.1/tcp/1").value();
  c.max_output_bytes = kMaxOutputBytes;
  c.yamux.max_inbound_streams = 8;
  c.yamux.max_outbound_streams = 4;
  c.yamux.max_queued_bytes_per_stream = 1024;
  c.yamux.max_queued_bytes = 4096;
  c.yamux.max_output_bytes = 4096;
  return c;
}

RandomSource fixed_random() {
  auto state = std::make_shared<uint32_t>(1);
  return [state](std::span<uint8_t> out) {
    for (uint8_t& b : out) {
      *state = *state * 1103515245u + 12345u;
      b = static_cast<uint8_t>(*state >> 16);
    }
  };
}

void check_output(const Connection& connection) {
  check(connection.pending_output().size() <= kMaxOutputBytes + kOutputSlack);
}

void append(Bytes& out, ByteSpan bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

// The peer's side of an honest upgrade, against a listener Connection; returns its transport.
std::optional<NoiseTransport> handshake(Connection& node, TimePoint now) {
  NoiseHandshakeKeys keys;
  keys.identity = peer_identity();
  keys.static_secret.fill(0x21);
  keys.ephemeral_secret.fill(0x22);
  MultistreamDialer security({"/noise"});
  NoiseHandshake noise(NoiseRole::kInitiator, keys);
  std::optional<NoiseTransport> transport;
  MultistreamDialer muxer({"/yamux/1.0.0"});
  Bytes to_node = security.start();
  bool noise_started = false;
  for (int round = 0; round < 16 && !node.is_established(); ++round) {
    if (!node.feed(to_node, now)) return std::nullopt;
    to_node.clear();
    const ByteSpan pending = node.pending_output();
    Bytes data(pending.begin(), pending.end());
    node.drain_output(data.size());
    if (security.status() != NegotiationStatus::kNegotiated) {
      security.feed(data);
      if (security.status() != NegotiationStatus::kNegotiated) continue;
      data = security.take_remainder();
    }
    if (!noise_started) {
      noise_started = true;
      append(to_node, noise.start());
    }
    if (!transport) {
      auto reply = noise.feed(data);
      if (!reply) return std::nullopt;
      append(to_node, *reply);
      if (!noise.is_complete()) continue;
      NoiseHandshakeResult result = noise.take_result();
      transport.emplace(result.ciphers);
      if (!transport->encrypt(muxer.start(), to_node)) return std::nullopt;
      data = std::move(result.unread);
    }
    Bytes plain;
    if (!transport->decrypt(data, plain)) return std::nullopt;
    muxer.feed(plain);
  }
  if (!to_node.empty() && !node.feed(to_node, now)) return std::nullopt;
  if (!node.is_established()) return std::nullopt;
  return transport;
}

void fuzz_raw(ConnectionRole role, ByteSpan input) {
  Connection node(config(role), local_info(), fixed_random());
  TimePoint now{};
  node.start(now);
  // Records: a length byte, then that many bytes.
  while (!input.empty()) {
    const ByteSpan piece = input.subspan(1, std::min<size_t>(input[0], input.size() - 1));
    input = input.subspan(1 + piece.size());
    now += std::chrono::milliseconds(100);
    auto fed = node.feed(piece, now);
    check_output(node);
    node.drain_output(node.pending_output().size());
    if (!fed) {
      check(node.failure().has_value() && node.phase() == ConnectionPhase::kClosed);
      check(!node.feed(piece, now));
      return;
    }
    std::vector<ConnectionEvent> events;
    node.take_events(events);
  }
  (void)node.tick(now + std::chrono::seconds(30));
}

void fuzz_established(ByteSpan input) {
  Connection node(config(ConnectionRole::kListener), local_info(), fixed_random());
  TimePoint now{};
  node.start(now);
  auto transport = handshake(node, now);
  check(transport.has_value());  // the honest handshake always works

  std::vector<ConnectionEvent> events;
  std::vector<SubstreamId> app;
  // Records: an op byte, a length byte, then that many bytes.
  while (input.size() >= 2) {
    const uint8_t op = input[0];
    const ByteSpan piece = input.subspan(2, std::min<size_t>(input[1], input.size() - 2));
    input = input.subspan(2 + piece.size());
    now += std::chrono::milliseconds((op & 0x80) != 0 ? 1000 * (piece.size() % 32) : 10);

    Bytes ciphertext;
    if (!transport->encrypt(piece, ciphertext)) return;
    auto fed = node.feed(ciphertext, now);
    if (fed && (op & 0x01) != 0) fed = node.tick(now);
    check_output(node);
    if (!fed) {
      check(node.failure().has_value() && node.phase() == ConnectionPhase::kClosed);
      check(node.substream_count() == 0);
      return;
    }
    node.take_events(events);
    for (const ConnectionEvent& e : events) {
      switch (e.type) {
        case ConnectionEventType::kInboundSubstream:
        case ConnectionEventType::kOutboundNegotiated:
          app.push_back(e.substream);
          break;
        case ConnectionEventType::kData:
          (void)node.write(e.substream, e.data);  // an echo
          break;
        case ConnectionEventType::kRemoteClosed:
          (void)node.close_substream(e.substream);
          break;
        case ConnectionEventType::kSubstreamFinished:
        case ConnectionEventType::kSubstreamReset:
        case ConnectionEventType::kOutboundRefused:
          app.erase(std::remove(app.begin(), app.end(), e.substream), app.end());
          break;
        default:
          break;
      }
    }
    if ((op & 0x02) != 0) {
      if (auto id = node.open_substream({(op & 0x40) != 0 ? "/echo/1" : "/other/1"}, now)) {
        app.push_back(*id);
      }
    }
    if ((op & 0x04) != 0 && !app.empty()) (void)node.write(app.back(), piece);
    if ((op & 0x08) != 0 && !app.empty()) (void)node.close_substream(app.front());
    if ((op & 0x10) != 0 && !app.empty()) {
      (void)node.reset_substream(app.front());
      app.erase(app.begin());
    }
    check_output(node);
    if ((op & 0x20) == 0) {
      // The peer reads what we sent: it must decrypt.
      const ByteSpan pending = node.pending_output();
      Bytes plain;
      check(transport->decrypt(pending, plain).has_value());
      node.drain_output(pending.size());
    }
    check(node.substream_count() <= 8 + 4 + 2);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size < 1) return 0;
  const ByteSpan input(bytes + 1, size - 1);
  switch (bytes[0]) {
    case 0:
      fuzz_raw(ConnectionRole::kListener, input);
      break;
    case 1:
      fuzz_raw(ConnectionRole::kDialer, input);
      break;
    default:
      fuzz_established(input);
      break;
  }
  return 0;
}
