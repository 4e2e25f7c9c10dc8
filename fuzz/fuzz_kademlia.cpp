// The Kademlia DHT: its message decoder fed arbitrary bytes (a decoded message re-encodes to one
// that decodes the same), and the discovery machine driven by a script of connections, identify
// results, dial failures, lookups, record queries (get, put, put to peers), time, inbound requests
// (records put to it judged by a validator) and arbitrary bytes as responses to its requests; its
// bounds must hold throughout.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "network/libp2p/kademlia.hpp"
#include "network/libp2p/kademlia_message.hpp"
#include "primitives/hash/hash.hpp"

namespace {

using namespace canary;
using namespace canary::network;

using canary::fuzz::check;

void round_trip(ByteSpan bytes) {
  auto decoded = decode_kademlia_message(bytes);
  if (!decoded) return;
  check(decoded->closer_peers.size() <= kMaxKademliaPeersPerList);
  check(decoded->provider_peers.size() <= kMaxKademliaPeersPerList);
  for (const auto* list : {&decoded->closer_peers, &decoded->provider_peers}) {
    for (const KademliaPeer& peer : *list) {
      check(peer.addresses.size() <= kMaxKademliaAddressesPerPeer);
      for (const Multiaddr& address : peer.addresses) check(!address.peer_id().has_value());
    }
  }
  const Bytes encoded = encode_kademlia_message(*decoded);
  auto again = decode_kademlia_message(encoded);
  if (encoded.size() > kMaxKademliaMessageSize) {  // /p2p appended to many addresses
    check(!again && again.error() == KademliaMessageError::kTooLarge);
    return;
  }
  check(again.has_value());
  check(again->dropped_peers == 0 && again->dropped_addresses == 0);
  decoded->dropped_peers = 0;
  decoded->dropped_addresses = 0;
  check(*again == *decoded);
}

PeerId peer(uint8_t i) {
  Bytes bytes = {0x00, 0x24, 0x08, 0x01, 0x12, 0x20};
  const Hash256 h = hash::sha2_256(Bytes{i});
  bytes.insert(bytes.end(), h.begin(), h.end());
  return PeerId::from_bytes(bytes).value();
}

Multiaddr address(uint8_t i) {
  const uint8_t scope = i % 3;  // global, private, not TCP
  if (scope == 0) return Multiaddr::ip4_tcp({1, 2, 3, i}, 30333);
  if (scope == 1) return Multiaddr::ip4_tcp({10, 0, 0, i}, 30333);
  return Multiaddr::from_string("/dns4/n" + std::to_string(i) + ".example/tcp/443/wss").value();
}

class Script {
 public:
  explicit Script(ByteSpan bytes) : bytes_(bytes) {}
  bool done() const { return bytes_.empty(); }
  uint8_t byte() {
    if (bytes_.empty()) return 0;
    const uint8_t b = bytes_.front();
    bytes_ = bytes_.subspan(1);
    return b;
  }
  ByteSpan take(size_t n) {
    n = std::min(n, bytes_.size());
    ByteSpan out = bytes_.first(n);
    bytes_ = bytes_.subspan(n);
    return out;
  }

 private:
  ByteSpan bytes_;
};

void drive_machine(ByteSpan bytes) {
  constexpr uint8_t kPeers = 24;
  KademliaConfig config;
  config.protocol_name = "/fuzz/kad";
  config.max_queries = 4;
  config.max_outbound = 4;
  config.max_discovered = 64;
  config.max_backoffs = 32;
  config.max_query_peers = 40;
  config.allow_non_globals_in_dht = (bytes.empty() ? 0 : bytes[0]) & 1;
  config.allow_private_ip = (bytes.empty() ? 0 : bytes[0]) & 2;
  config.seed = 1;
  config.record_store.max_records = 8;
  config.record_store.max_value_bytes = 512;
  if ((bytes.empty() ? 0 : bytes[0]) & 4) {
    config.record_validator = [](const KademliaRecord& record, const PeerId&) {
      return record.value.size() % 2 == 0;
    };
  }
  auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  Kademlia kad(peer(0), config, now);
  std::deque<uint64_t> requests;  // sent and not yet answered

  auto absorb = [&](std::vector<KademliaAction> actions) {
    for (const KademliaAction& action : actions) {
      if (const auto* send = std::get_if<KademliaSendRequest>(&action)) {
        check(send->request.size() <= kMaxKademliaMessageSize);
        requests.push_back(send->request_id);
      } else if (const auto* dial = std::get_if<KademliaDial>(&action)) {
        check(dial->address.peer_id() == dial->peer);
        check(dial->address.tcp_endpoint().has_value());
      }
    }
    check(kad.queries() <= config.max_queries);
    check(kad.requests() <= config.max_queries * config.k);
    check(kad.discovered_cached() <= config.max_discovered);
    check(kad.backoffs() <= config.max_backoffs);
    check(kad.dials() <= config.max_outbound);
    check(kad.record_store().size() <= config.record_store.max_records);
    if (requests.size() > 4096) requests.pop_front();
  };

  Script script(bytes.empty() ? bytes : bytes.subspan(1));
  for (size_t steps = 0; steps < 512 && !script.done(); ++steps) {
    const uint8_t op = script.byte();
    const uint8_t x = script.byte();
    const PeerId p = peer(static_cast<uint8_t>(1 + x % kPeers));
    switch (op % 12) {
      case 0:
        absorb(kad.on_connected(p, x & 0x80, now));
        break;
      case 1:
        absorb(kad.on_disconnected(p, x & 0x80, now));
        break;
      case 2:
        absorb(kad.on_identified(p, {address(x), address(static_cast<uint8_t>(x + 1))},
                                 {(x & 0x40) ? "/other/kad" : config.protocol_name}, now));
        break;
      case 3:
        absorb(kad.on_dial_failed(p, address(x).with_p2p(p).value(), now));
        break;
      case 4: {
        if (requests.empty()) break;
        const uint64_t id = requests[x % requests.size()];
        absorb(kad.on_response(id, script.take(script.byte() * 8u), now));
        break;
      }
      case 5: {
        if (requests.empty()) break;
        const uint64_t id = requests[x % requests.size()];
        absorb(kad.on_request_failed(id, now));
        break;
      }
      case 6: {
        std::vector<KademliaAction> actions;
        (void)kad.find_closest(p.bytes(), now, actions);
        absorb(std::move(actions));
        break;
      }
      case 7:
        now += std::chrono::milliseconds(x) * 250;
        absorb(kad.tick(now));
        break;
      case 8: {
        const auto answer = kad.on_inbound_request(p, script.take(script.byte() * 8u), now);
        check(answer.response.size() <= kMaxKademliaMessageSize);
        if (answer.kind == KademliaInboundAnswer::Kind::kRespond) {
          check(decode_kademlia_message(answer.response).has_value());
        }
        break;
      }
      case 9:
        absorb(kad.add_permanent_address(p, address(x), now));
        break;
      case 10: {
        std::vector<KademliaAction> actions;
        const Bytes key = {static_cast<uint8_t>(x & 7)};
        if (x & 0x80) {
          (void)kad.get_record(key, now, actions);
        } else {
          (void)kad.put_record(key, script.take(script.byte()), now, actions);
        }
        absorb(std::move(actions));
        break;
      }
      case 11: {
        std::vector<KademliaAction> actions;
        const KademliaRecord record{{static_cast<uint8_t>(x & 7)}, {x}, p, x, ""};
        (void)kad.put_record_to(record, {p, peer(static_cast<uint8_t>(1 + x / 2 % kPeers))}, x & 1,
                                now, actions);
        absorb(std::move(actions));
        break;
      }
    }
  }
  // Whatever happened, the deadlines end every query (a random walk may start anew; a record
  // lookup that ends well on the way may leave a caching put, which the second deadline ends).
  for (int i = 0; i < 2; ++i) {
    now += config.record_query_timeout + std::chrono::seconds(1);
    absorb(kad.tick(now));
  }
  check(kad.queries() <= 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const ByteSpan input(bytes, size);
  if (size == 0) return 0;
  if ((bytes[0] & 1) == 0) {
    round_trip(input.subspan(1));
  } else {
    drive_machine(input.subspan(1));
  }
  return 0;
}
