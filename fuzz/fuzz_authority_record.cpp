// Authority discovery records (network/authority_discovery): what the DHT hands us.
//   mode 0: the bytes as a DHT value, through the decoder and both checks (found, put);
//   mode 1: the bytes as the AuthorityRecord, signed here by the authority (and, per the next
//           byte, by one of two identities or none), so that the fuzzer gets past the signature
//           into the record's addresses and PeerIds: a verified record always names one PeerId,
//           keeps at most 16 addresses, each ending with that PeerId, never ours;
//   mode 2: a worker driven by a script of ticks, found values (raw or signed as in mode 1, for
//           keys it asked for or not), not-found answers, puts and records put to it; its bounds
//           must hold throughout.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "network/authority_discovery/record.hpp"
#include "network/authority_discovery/worker.hpp"
#include "network/libp2p/identify.hpp"
#include "network/proto/authority_discovery.pb.h"

namespace {

using namespace canary;
using namespace canary::network;
using namespace canary::network::authority_discovery;
using canary::fuzz::ByteReader;
using canary::fuzz::check;

const crypto::sr25519::Keypair& authority_key(size_t i) {
  static const std::vector<crypto::sr25519::Keypair> keys = [] {
    std::vector<crypto::sr25519::Keypair> out;
    for (uint8_t i = 0; i < 4; ++i) {
      crypto::sr25519::MiniSecret seed{};
      seed.fill(static_cast<uint8_t>(i + 1));
      out.push_back(crypto::sr25519::keypair_from_mini_secret(seed));
    }
    return out;
  }();
  return keys[i % keys.size()];
}

const crypto::ed25519::Keypair& identity(size_t i) {
  static const std::vector<crypto::ed25519::Keypair> ids = [] {
    std::vector<crypto::ed25519::Keypair> out;
    for (uint8_t i = 0; i < 3; ++i) {
      crypto::ed25519::Seed seed{};
      seed.fill(static_cast<uint8_t>(0x40 + i));
      out.push_back(crypto::ed25519::keypair_from_seed(seed));
    }
    return out;
  }();
  return ids[i % ids.size()];
}

std::string as_string(ByteSpan bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// `record` signed by authority `key` and, when `signer` < 2, by that identity.
Bytes sign(ByteSpan record, size_t key, uint8_t signer) {
  proto::SignedAuthorityRecord value;
  value.set_record(as_string(record));
  value.set_auth_signature(as_string(crypto::sr25519::sign(authority_key(key), record)));
  if (signer < 2) {
    const auto& id = identity(signer);
    value.mutable_peer_signature()->set_signature(as_string(crypto::ed25519::sign(id, record)));
    value.mutable_peer_signature()->set_public_key(
        as_string(encode_ed25519_public_key(id.public_key)));
  }
  const std::string encoded = value.SerializeAsString();
  return Bytes(encoded.begin(), encoded.end());
}

void check_verified(const VerifiedRecord& verified, const std::optional<PeerId>& local) {
  check(verified.addresses.size() <= kMaxAddressesPerAuthority);
  check(!local || verified.peer != *local);
  for (const Multiaddr& address : verified.addresses) check(address.peer_id() == verified.peer);
}

void raw_value(ByteSpan bytes) {
  (void)decode_signed_record(bytes);
  const PeerId local = PeerId::from_ed25519(identity(2).public_key);
  for (bool strict : {false, true}) {
    auto verified = verify_found_record(bytes, authority_key(0).public_key, local, strict);
    if (verified) check_verified(*verified, local);
    (void)verify_put_record(bytes, authority_key(0).public_key, local, strict);
  }
}

void signed_record(ByteSpan bytes) {
  if (bytes.empty()) return;
  const uint8_t signer = bytes[0] % 3;
  const ByteSpan record = bytes.subspan(1);
  const Bytes value = sign(record, 0, signer);
  const PeerId local = PeerId::from_ed25519(identity(2).public_key);
  auto verified = verify_found_record(value, authority_key(0).public_key, local, signer == 2);
  if (verified) {
    check_verified(*verified, local);
    check(verified->peer_signed == (signer < 2));
    if (signer < 2) check(verified->peer == PeerId::from_ed25519(identity(signer).public_key));
    check(verified->record == Bytes(record.begin(), record.end()));
  } else {
    // The signature over these exact bytes is good: only the record can be at fault.
    check(verified.error() != RecordError::kBadAuthoritySignature &&
          verified.error() != RecordError::kMalformed);
  }
}

void drive_worker(ByteSpan bytes) {
  using Clock = std::chrono::steady_clock;
  auto now = Clock::time_point{} + std::chrono::hours(1);
  WorkerConfig config;
  config.max_in_flight_lookups = 3;
  std::vector<crypto::sr25519::Keypair> ours = {authority_key(3)};
  AuthoritySigner signer = [ours](const AuthorityId& key,
                                  ByteSpan message) -> std::optional<AuthoritySignature> {
    for (const auto& pair : ours) {
      if (pair.public_key == key) return crypto::sr25519::sign(pair, message);
    }
    return std::nullopt;
  };
  Worker worker(identity(2), signer, config, now);
  std::vector<AuthorityId> set;
  for (size_t i = 0; i < 4; ++i) set.push_back(authority_key(i).public_key);
  worker.set_authorities(set);
  worker.set_local_keys({authority_key(3).public_key});
  worker.set_addresses({Multiaddr::ip4_tcp({1, 2, 3, 4}, 30333)},
                       {Multiaddr::ip4_tcp({10, 0, 0, 1}, 30333)});
  auto absorb = [&](const std::vector<WorkerAction>& actions) {
    for (const WorkerAction& action : actions) {
      if (const auto* get = std::get_if<GetValue>(&action)) {
        check(get->key == authority_dht_key(get->authority));
        check(get->authority != authority_key(3).public_key);
      } else if (const auto* put = std::get_if<PutValue>(&action)) {
        check(verify_found_record(put->value, put->authority, std::nullopt, true).has_value());
      } else if (const auto* to = std::get_if<PutRecordTo>(&action)) {
        check(to->peers.size() <= config.max_peers_per_record);
      }
    }
    check(worker.in_flight_lookups() <= config.max_in_flight_lookups);
    check(worker.known_records() <= set.size());
    for (const AuthorityId& authority : set) {
      check(worker.addresses_of(authority).size() <= kMaxAddressesPerAuthority);
    }
  };
  ByteReader script(bytes);
  for (size_t steps = 0; steps < 64 && !script.done(); ++steps) {
    const uint8_t op = script.byte();
    const uint8_t x = script.byte();
    const AuthorityId& authority = authority_key(x).public_key;
    switch (op % 6) {
      case 0:
        now += std::chrono::milliseconds(x) * 500;
        absorb(worker.tick(now, static_cast<u128>(steps)));
        break;
      case 1: {  // a value found under an authority's key, as sent
        KademliaRecord record{authority_dht_key(authority), Bytes{}, std::nullopt, x, ""};
        const ByteSpan value = script.take(script.byte() * 4u);
        record.value.assign(value.begin(), value.end());
        std::optional<PeerId> from;
        if (x & 0x80) from = PeerId::from_ed25519(identity(x).public_key);
        absorb(worker.on_value_found(record, from, now));
        break;
      }
      case 2: {  // a value found, signed by the authority over fuzzed record bytes
        const ByteSpan inner = script.take(script.byte() * 4u);
        KademliaRecord record{authority_dht_key(authority), sign(inner, x, x % 3),
                              PeerId::from_ed25519(identity(x).public_key), 0, ""};
        std::optional<PeerId> from;
        if (x & 0x40) from = PeerId::from_ed25519(identity(x + 1).public_key);
        absorb(worker.on_value_found(record, from, now));
        if (x & 0x20) (void)worker.accept_put(record, now);
        break;
      }
      case 3:
        absorb(worker.on_value_not_found(authority_dht_key(authority)));
        break;
      case 4:
        worker.on_value_put(authority_dht_key(authority), now);
        worker.on_value_put_failed(authority_dht_key(authority));
        break;
      case 5: {
        KademliaRecord record{authority_dht_key(authority), Bytes{}, std::nullopt, 0, ""};
        const ByteSpan value = script.take(script.byte() * 4u);
        record.value.assign(value.begin(), value.end());
        if (x & 1) record.publisher = PeerId::from_ed25519(identity(x).public_key);
        (void)worker.accept_put(record, now);
        break;
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  const ByteSpan input(bytes + 1, size - 1);
  switch (bytes[0] % 3) {
    case 0:
      raw_value(input);
      break;
    case 1:
      signed_record(input);
      break;
    default:
      drive_worker(input);
      break;
  }
  return 0;
}
