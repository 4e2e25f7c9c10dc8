// Authority discovery (network/authority_discovery): the dht-v3 record signed and checked
// (layout by the schema's field numbers, signatures checked with the primitives directly, every
// refusal of worker.rs), the address cache, polkadot-sdk's exponential interval, and the worker's
// timeline: publication at start, on its interval and when the keys change, lookups of the
// other authorities within 8 at once, what a found record teaches, newer records winning.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "network/authority_discovery/addr_cache.hpp"
#include "network/authority_discovery/interval.hpp"
#include "network/authority_discovery/record.hpp"
#include "network/authority_discovery/worker.hpp"
#include "network/libp2p/identify.hpp"
#include "network/proto/authority_discovery.pb.h"
#include "primitives/hash/hash.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/util/hex.hpp"

namespace canary::network::authority_discovery {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

Multiaddr addr(const std::string& text) {
  return Multiaddr::from_string(text).value();
}

crypto::sr25519::Keypair ad_key(uint8_t i) {
  crypto::sr25519::MiniSecret seed{};
  seed.fill(i);
  return crypto::sr25519::keypair_from_mini_secret(seed);
}

crypto::ed25519::Keypair identity(uint8_t i) {
  crypto::ed25519::Seed seed{};
  seed.fill(static_cast<uint8_t>(0x80 + i));
  return crypto::ed25519::keypair_from_seed(seed);
}

PeerId peer_of(const crypto::ed25519::Keypair& id) {
  return PeerId::from_ed25519(id.public_key);
}

// A signer over the given key pairs (the keystore's role).
AuthoritySigner signer(const std::vector<crypto::sr25519::Keypair>& pairs) {
  return [pairs](const AuthorityId& key, ByteSpan message) -> std::optional<AuthoritySignature> {
    for (const auto& pair : pairs) {
      if (pair.public_key == key) return crypto::sr25519::sign(pair, message);
    }
    return std::nullopt;
  };
}

std::string as_string(ByteSpan bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// A SignedAuthorityRecord from its parts, whatever they say.
Bytes signed_value(ByteSpan record, const crypto::sr25519::Keypair& authority,
                   const std::optional<crypto::ed25519::Keypair>& peer_key) {
  proto::SignedAuthorityRecord value;
  value.set_record(as_string(record));
  value.set_auth_signature(as_string(crypto::sr25519::sign(authority, record)));
  if (peer_key) {
    value.mutable_peer_signature()->set_signature(
        as_string(crypto::ed25519::sign(*peer_key, record)));
    value.mutable_peer_signature()->set_public_key(
        as_string(encode_ed25519_public_key(peer_key->public_key)));
  }
  const std::string encoded = value.SerializeAsString();
  return Bytes(encoded.begin(), encoded.end());
}

Bytes record_of(const std::vector<Multiaddr>& addresses, std::optional<u128> time) {
  return encode_authority_record(addresses, time);
}

// ---- the record --------------------------------------------------------------------------------

// The DHT key is SHA2-256 of the 32-byte key: Alice's sr25519 key (d435…a27d, the dev account
// every Substrate tool prints) hashes to this digest (Python's hashlib).
TEST(AuthorityRecord, DhtKeyIsSha256OfThePublicKey) {
  const auto alice = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice").value();
  AuthorityId id{};
  const Bytes pub = alice.public_key();
  std::copy(pub.begin(), pub.end(), id.begin());
  EXPECT_EQ(to_hex(id, false), "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  EXPECT_EQ(to_hex(authority_dht_key(id), false),
            "46208798c80be6531c6a6454312db7d1505962376b3cca16cd18f910d6fea85e");
  EXPECT_EQ(to_hex(authority_dht_key(AuthorityId{}), false),
            "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
}

// dht-v3's AuthorityRecord, written out from the schema: field 1 (addresses, bytes: tag 0x0a) per
// address, then field 2 (creation_time, a message: tag 0x12) holding field 1 (timestamp, 0x0a)
// with the SCALE u128 (16 bytes, little endian).
TEST(AuthorityRecord, LayoutFollowsTheSchema) {
  const Multiaddr a = addr("/ip4/10.1.2.3/tcp/30333");
  const Multiaddr b = addr("/dns/validator.example/tcp/30333/ws");
  const u128 time = (static_cast<u128>(0x0102030405060708ULL) << 64) | 0x1112131415161718ULL;
  Bytes expected;
  for (const Multiaddr& m : {a, b}) {
    expected.push_back(0x0a);
    expected.push_back(static_cast<uint8_t>(m.bytes().size()));
    expected.insert(expected.end(), m.bytes().begin(), m.bytes().end());
  }
  const Bytes le = {0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11,
                    0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01};
  expected.insert(expected.end(), {0x12, 0x12, 0x0a, 0x10});
  expected.insert(expected.end(), le.begin(), le.end());
  EXPECT_EQ(record_of({a, b}, time), expected);
  // Without a creation time the field is absent (an older node's record).
  expected.resize(expected.size() - 20);
  EXPECT_EQ(record_of({a, b}, std::nullopt), expected);
}

TEST(AuthorityRecord, SignedRecordsVerifyWithThePrimitives) {
  const auto key1 = ad_key(1);
  const auto key2 = ad_key(2);
  const auto id = identity(1);
  const PeerId peer = peer_of(id);
  const std::vector<Multiaddr> addresses = {addr("/ip4/1.2.3.4/tcp/30333"),
                                            addr("/ip4/1.2.3.4/tcp/30334").with_p2p(peer).value()};
  const u128 time = 1'700'000'000'000'000'000ULL;
  auto records = sign_authority_records(addresses, time, id, {key1.public_key, key2.public_key},
                                        signer({key1, key2}));
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const auto& key = i == 0 ? key1 : key2;
    const SignedRecord& r = (*records)[i];
    EXPECT_EQ(r.authority, key.public_key);
    EXPECT_EQ(r.key, authority_dht_key(key.public_key));
    auto parts = decode_signed_record(r.value).value();
    // One AuthorityRecord for all keys, every address ending with our /p2p.
    EXPECT_EQ(parts.record, record_of({addresses[0].with_p2p(peer).value(), addresses[1]}, time));
    // auth_signature: sr25519 by the key over the record bytes, context "substrate".
    ASSERT_EQ(parts.auth_signature.size(), 64u);
    AuthoritySignature sig{};
    std::copy(parts.auth_signature.begin(), parts.auth_signature.end(), sig.begin());
    EXPECT_TRUE(crypto::sr25519::verify(sig, parts.record, key.public_key, as_bytes("substrate")));
    EXPECT_FALSE(crypto::sr25519::verify(sig, parts.record, key.public_key, as_bytes("other")));
    // peer_signature: the identity's key envelope and its ed25519 signature of the same bytes.
    ASSERT_TRUE(parts.peer_signature);
    EXPECT_EQ(parts.peer_signature->public_key, encode_ed25519_public_key(id.public_key));
    crypto::ed25519::Signature psig{};
    ASSERT_EQ(parts.peer_signature->signature.size(), 64u);
    std::copy(parts.peer_signature->signature.begin(), parts.peer_signature->signature.end(),
              psig.begin());
    EXPECT_TRUE(crypto::ed25519::verify(psig, parts.record, id.public_key));

    auto verified = verify_found_record(r.value, key.public_key, std::nullopt, true);
    ASSERT_TRUE(verified) << to_string(verified.error());
    EXPECT_EQ(verified->peer, peer);
    EXPECT_EQ(verified->creation_time, time);
    EXPECT_TRUE(verified->peer_signed);
    ASSERT_EQ(verified->addresses.size(), 2u);
    for (const Multiaddr& m : verified->addresses) EXPECT_EQ(m.peer_id(), peer);
    EXPECT_EQ(verify_put_record(r.value, key.public_key, peer, true).value(), time);
  }
  // A key the keystore cannot sign with fails the publication.
  EXPECT_EQ(
      sign_authority_records(addresses, time, id, {ad_key(3).public_key}, signer({key1})).error(),
      RecordError::kCannotSign);
}

TEST(AuthorityRecord, TamperedRecordsAreRefused) {
  const auto key = ad_key(1);
  const auto id = identity(1);
  const std::vector<Multiaddr> addresses = {addr("/ip4/1.2.3.4/tcp/30333")};
  const Bytes value =
      sign_authority_records(addresses, 5, id, {key.public_key}, signer({key})).value()[0].value;
  ASSERT_TRUE(verify_found_record(value, key.public_key, std::nullopt, false));

  // Another authority's key.
  EXPECT_EQ(verify_found_record(value, ad_key(2).public_key, std::nullopt, false).error(),
            RecordError::kBadAuthoritySignature);
  auto parts = decode_signed_record(value).value();
  auto rebuild = [&](const DecodedSignedRecord& p) {
    proto::SignedAuthorityRecord m;
    m.set_record(as_string(p.record));
    m.set_auth_signature(as_string(p.auth_signature));
    if (p.peer_signature) {
      m.mutable_peer_signature()->set_signature(as_string(p.peer_signature->signature));
      m.mutable_peer_signature()->set_public_key(as_string(p.peer_signature->public_key));
    }
    const std::string s = m.SerializeAsString();
    return Bytes(s.begin(), s.end());
  };
  {  // A flipped bit in the authority's signature.
    auto p = parts;
    p.auth_signature[10] ^= 1;
    EXPECT_EQ(verify_found_record(rebuild(p), key.public_key, std::nullopt, false).error(),
              RecordError::kBadAuthoritySignature);
    p.auth_signature.resize(63);  // too short for a signature
    EXPECT_EQ(verify_found_record(rebuild(p), key.public_key, std::nullopt, false).error(),
              RecordError::kBadAuthoritySignature);
  }
  {  // SCALE decoding reads the 64 bytes it needs: a trailing byte is ignored, as upstream.
    auto p = parts;
    p.auth_signature.push_back(0);
    EXPECT_TRUE(verify_found_record(rebuild(p), key.public_key, std::nullopt, false));
  }
  {  // The record changed after signing.
    auto p = parts;
    p.record.back() ^= 1;
    EXPECT_EQ(verify_found_record(rebuild(p), key.public_key, std::nullopt, false).error(),
              RecordError::kBadAuthoritySignature);
  }
  {  // The peer signature flipped.
    auto p = parts;
    p.peer_signature->signature[0] ^= 1;
    EXPECT_EQ(verify_found_record(rebuild(p), key.public_key, std::nullopt, false).error(),
              RecordError::kBadPeerSignature);
    p.peer_signature->public_key = to_bytes("not a key");
    EXPECT_EQ(verify_found_record(rebuild(p), key.public_key, std::nullopt, false).error(),
              RecordError::kBadPeerKey);
  }
  {  // Without the peer signature: accepted unless strict (older nodes).
    auto p = parts;
    p.peer_signature.reset();
    auto verified = verify_found_record(rebuild(p), key.public_key, std::nullopt, false);
    ASSERT_TRUE(verified);
    EXPECT_FALSE(verified->peer_signed);
    EXPECT_EQ(verify_found_record(rebuild(p), key.public_key, std::nullopt, true).error(),
              RecordError::kMissingPeerSignature);
  }
  // Addresses naming our own PeerId are dropped: a record of only those names nobody.
  EXPECT_EQ(verify_found_record(value, key.public_key, peer_of(id), false).error(),
            RecordError::kNoPeerId);
  // Garbage and oversized values.
  EXPECT_EQ(
      verify_found_record(to_bytes("\xff\xff\xff"), key.public_key, std::nullopt, false).error(),
      RecordError::kMalformed);
  Bytes huge = value;
  huge.resize(kMaxRecordValueSize + 1, 0);
  EXPECT_EQ(verify_found_record(huge, key.public_key, std::nullopt, false).error(),
            RecordError::kTooLarge);
}

TEST(AuthorityRecord, PeerIdsMustAgreeWithEachOtherAndTheSigner) {
  const auto key = ad_key(1);
  const auto id1 = identity(1);
  const auto id2 = identity(2);
  const Multiaddr a1 = addr("/ip4/1.2.3.4/tcp/1").with_p2p(peer_of(id1)).value();
  const Multiaddr a2 = addr("/ip4/1.2.3.4/tcp/2").with_p2p(peer_of(id2)).value();
  const Multiaddr plain = addr("/ip4/1.2.3.4/tcp/3");
  // Two PeerIds.
  EXPECT_EQ(verify_found_record(signed_value(record_of({a1, a2}, 1), key, id1), key.public_key,
                                std::nullopt, false)
                .error(),
            RecordError::kDifferentPeerIds);
  // Unless one is ours: it is dropped first.
  EXPECT_TRUE(verify_found_record(signed_value(record_of({a1, a2}, 1), key, id1), key.public_key,
                                  peer_of(id2), false));
  // None at all.
  EXPECT_EQ(verify_found_record(signed_value(record_of({plain}, 1), key, id1), key.public_key,
                                std::nullopt, false)
                .error(),
            RecordError::kNoPeerId);
  // Addresses without a PeerId are left out.
  auto mixed = verify_found_record(signed_value(record_of({plain, a1}, 1), key, id1),
                                   key.public_key, std::nullopt, false);
  ASSERT_TRUE(mixed);
  EXPECT_EQ(mixed->addresses, std::vector{a1});
  // Signed by another identity than the one the addresses name.
  EXPECT_EQ(verify_found_record(signed_value(record_of({a1}, 1), key, id2), key.public_key,
                                std::nullopt, false)
                .error(),
            RecordError::kPeerIdMismatch);
  // A put record is checked against its publisher, not its addresses.
  const Bytes by_id2 = signed_value(record_of({a1}, 7), key, id2);
  EXPECT_EQ(verify_put_record(by_id2, key.public_key, peer_of(id2), false).value(), 7u);
  EXPECT_EQ(verify_put_record(by_id2, key.public_key, peer_of(id1), false).error(),
            RecordError::kPeerIdMismatch);
  EXPECT_EQ(verify_put_record(by_id2, key.public_key, std::nullopt, false).error(),
            RecordError::kMissingPublisher);
}

TEST(AuthorityRecord, AddressesAreParsedAndBounded) {
  const auto key = ad_key(1);
  const auto id = identity(1);
  const PeerId peer = peer_of(id);
  std::vector<Multiaddr> many;
  many.reserve(40);
  for (int i = 0; i < 40; ++i) {
    many.push_back(addr("/ip4/1.2.3.4/tcp/" + std::to_string(1000 + i)).with_p2p(peer).value());
  }
  auto verified = verify_found_record(signed_value(record_of(many, 1), key, id), key.public_key,
                                      std::nullopt, false);
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->addresses.size(), kMaxAddressesPerAuthority);
  EXPECT_EQ(verified->addresses.front(), many.front());

  // Raw address bytes: a truncated one refuses the record (rust-multiaddr refuses it too); one of
  // a protocol outside our table (code 0x0118 = 280, /webrtc-direct) is left out and counted.
  proto::AuthorityRecord record;
  record.add_addresses(as_string(many[0].bytes()));
  record.add_addresses(std::string("\x98\x02", 2));  // varint 280, no value
  std::string encoded = record.SerializeAsString();
  auto with_unknown = verify_found_record(signed_value(as_bytes(encoded), key, id), key.public_key,
                                          std::nullopt, false);
  ASSERT_TRUE(with_unknown) << to_string(with_unknown.error());
  EXPECT_EQ(with_unknown->unknown_addresses, 1u);
  EXPECT_EQ(with_unknown->addresses, std::vector{many[0]});
  record.add_addresses(std::string("\x04\x01\x02", 3));  // /ip4 cut short
  encoded = record.SerializeAsString();
  EXPECT_EQ(verify_found_record(signed_value(as_bytes(encoded), key, id), key.public_key,
                                std::nullopt, false)
                .error(),
            RecordError::kBadAddress);
  // The signed bytes are not an AuthorityRecord.
  EXPECT_EQ(verify_found_record(signed_value(to_bytes("\x0a\xff"), key, id), key.public_key,
                                std::nullopt, false)
                .error(),
            RecordError::kMalformedRecord);
  // A timestamp shorter than a u128 reads as 0 (u128::decode(..).unwrap_or_default()).
  proto::AuthorityRecord short_time;
  short_time.add_addresses(as_string(many[0].bytes()));
  short_time.mutable_creation_time()->set_timestamp(std::string("\x37\0\0\0", 4));
  encoded = short_time.SerializeAsString();
  EXPECT_EQ(verify_found_record(signed_value(as_bytes(encoded), key, id), key.public_key,
                                std::nullopt, false)
                ->creation_time,
            0u);
}

// ---- the address cache
// ---------------------------------------------------------------------------

TEST(AuthorityAddrCache, KeepsBothDirectionsConsistent) {
  const AuthorityId a1 = ad_key(1).public_key;
  const AuthorityId a2 = ad_key(2).public_key;
  const PeerId p1 = peer_of(identity(1));
  const PeerId p2 = peer_of(identity(2));
  const PeerId p3 = peer_of(identity(3));
  const Multiaddr m1 = addr("/ip4/1.1.1.1/tcp/1").with_p2p(p1).value();
  const Multiaddr m2 = addr("/ip4/2.2.2.2/tcp/2").with_p2p(p2).value();
  const Multiaddr m3 = addr("/ip6/2001:db8::2/tcp/3").with_p2p(p3).value();
  const Multiaddr m3b = addr("/ip6/2002:db8::2/tcp/4").with_p2p(p3).value();
  AddrCache cache;
  cache.insert(a1, {m1});
  cache.insert(a1, {m2, m3, m3b});
  EXPECT_EQ(cache.authorities_of(p1), nullptr);  // replaced
  EXPECT_EQ(*cache.authorities_of(p2), std::set{a1});
  EXPECT_EQ(*cache.authorities_of(p3), std::set{a1});
  cache.insert(a2, {m2});
  EXPECT_EQ(*cache.authorities_of(p2), (std::set{a1, a2}));
  EXPECT_EQ(cache.addresses_of(a1)->size(), 3u);
  // Nothing with a PeerId: nothing changes.
  cache.insert(a2, {addr("/ip4/9.9.9.9/tcp/9")});
  EXPECT_EQ(*cache.addresses_of(a2), std::set{m2});
  cache.retain({a2});
  EXPECT_EQ(cache.addresses_of(a1), nullptr);
  EXPECT_EQ(*cache.authorities_of(p2), std::set{a2});
  EXPECT_EQ(cache.authorities_of(p3), nullptr);
  EXPECT_EQ(cache.authorities(), 1u);
  EXPECT_EQ(cache.peers(), 1u);
}

// ---- the interval
// --------------------------------------------------------------------------------

TEST(AuthorityInterval, DoublesFromStartToMax) {
  const auto t0 = Clock::now();
  ExpIncInterval interval(2s, 60s, t0);
  std::vector<std::chrono::milliseconds> ticks;
  auto now = t0;
  for (int i = 0; i < 8; ++i) {
    now = interval.due_at();
    ticks.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(now - t0));
    interval.fire(now);
  }
  // 2, +4, +8, +16, +32, then +60 each (interval.rs: next = min(max, next * 2)).
  const std::vector<std::chrono::milliseconds> expected = {2s, 6s, 14s, 30s, 62s, 122s, 182s, 242s};
  EXPECT_EQ(ticks, expected);
  interval.set_to_start(now);
  EXPECT_EQ(interval.due_at(), now + 2s);
  interval.set_to_max(now);
  EXPECT_EQ(interval.due_at(), now + 60s);
  // A constant interval (the keystore refresh): 60 s, then 120 s later (next started at 2x),
  // then every 60 s.
  ExpIncInterval constant(60s, 60s, t0);
  EXPECT_EQ(constant.due_at(), t0 + 60s);
  constant.fire(t0 + 60s);
  EXPECT_EQ(constant.due_at(), t0 + 180s);
  constant.fire(t0 + 180s);
  EXPECT_EQ(constant.due_at(), t0 + 240s);
}

// ---- the worker --------------------------------------------------------------------------------

template <class T>
std::vector<T> all_of(const std::vector<WorkerAction>& actions) {
  std::vector<T> out;
  for (const WorkerAction& a : actions) {
    if (const T* t = std::get_if<T>(&a)) out.push_back(*t);
  }
  return out;
}

// A record another validator published: its addresses, signed by its key and identity.
KademliaRecord found_record(const crypto::sr25519::Keypair& key, const crypto::ed25519::Keypair& id,
                            u128 time, uint16_t port = 30333) {
  auto records = sign_authority_records({addr("/ip4/5.6.7.8/tcp/" + std::to_string(port))}, time,
                                        id, {key.public_key}, signer({key}))
                     .value();
  return KademliaRecord{records[0].key, records[0].value, peer_of(id), 0, ""};
}

struct WorkerFixture {
  crypto::ed25519::Keypair our_identity = identity(0);
  crypto::sr25519::Keypair our_key = ad_key(100);
  crypto::sr25519::Keypair our_old_key = ad_key(101);  // not in the set
  std::vector<crypto::sr25519::Keypair> others;
  Clock::time_point t0 = Clock::now();
  Worker worker;

  explicit WorkerFixture(size_t n_others, WorkerConfig config = {})
      : others(make_others(n_others)),
        worker(our_identity, signer({our_key, our_old_key}), std::move(config), t0) {
    std::vector<AuthorityId> set = {our_key.public_key};
    for (const auto& k : others) set.push_back(k.public_key);
    worker.set_authorities(set);
    worker.set_local_keys({our_key.public_key, our_old_key.public_key});
    worker.set_addresses({addr("/ip4/0.0.0.0/tcp/30333"), addr("/ip4/127.0.0.1/tcp/30333")},
                         {addr("/ip4/127.0.0.1/tcp/30333")});
  }
  static std::vector<crypto::sr25519::Keypair> make_others(size_t n) {
    std::vector<crypto::sr25519::Keypair> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) out.push_back(ad_key(static_cast<uint8_t>(i + 1)));
    return out;
  }
};

TEST(AuthorityDiscoveryWorker, PublishesAndLooksUpAfterTwoSeconds) {
  WorkerFixture f(3);
  EXPECT_TRUE(f.worker.tick(f.t0, 1).empty());
  ASSERT_EQ(f.worker.next_wake(), f.t0 + 2s);
  const auto actions = f.worker.tick(f.t0 + 2s, 1'000);
  const auto puts = all_of<PutValue>(actions);
  // Only the key in the authority set is published.
  ASSERT_EQ(puts.size(), 1u);
  EXPECT_EQ(puts[0].authority, f.our_key.public_key);
  EXPECT_EQ(puts[0].key, authority_dht_key(f.our_key.public_key));
  auto verified = verify_found_record(puts[0].value, f.our_key.public_key, std::nullopt, true);
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->peer, peer_of(f.our_identity));
  EXPECT_EQ(verified->creation_time, 1'000u);
  // The external (non-global) address, published by default; the non-global listen ones are not
  // (only global listen addresses are taken from that list).
  EXPECT_EQ(
      verified->addresses,
      std::vector{addr("/ip4/127.0.0.1/tcp/30333").with_p2p(peer_of(f.our_identity)).value()});
  // Every other authority is looked up, ours are not.
  const auto gets = all_of<GetValue>(actions);
  ASSERT_EQ(gets.size(), 3u);
  std::set<AuthorityId> asked;
  for (const GetValue& g : gets) {
    EXPECT_EQ(g.key, authority_dht_key(g.authority));
    asked.insert(g.authority);
  }
  EXPECT_EQ(asked.size(), 3u);
  EXPECT_FALSE(asked.contains(f.our_key.public_key));
  EXPECT_EQ(f.worker.stats().times_published, 1u);
  EXPECT_EQ(f.worker.stats().addresses_requested, 3u);

  // Next publication 4 s later (ExpIncInterval), unless a put of ours succeeded: then in an hour.
  EXPECT_EQ(all_of<PutValue>(f.worker.tick(f.t0 + 6s, 2'000)).size(), 1u);
  f.worker.on_value_put(authority_dht_key(f.our_key.public_key), f.t0 + 6s);
  EXPECT_EQ(f.worker.stats().value_put, 1u);
  EXPECT_TRUE(all_of<PutValue>(f.worker.tick(f.t0 + 6s + 59min, 3'000)).empty());
  EXPECT_EQ(all_of<PutValue>(f.worker.tick(f.t0 + 6s + 60min, 4'000)).size(), 1u);
  // Someone else's key put: not ours, not counted.
  f.worker.on_value_put(authority_dht_key(f.others[0].public_key), f.t0);
  EXPECT_EQ(f.worker.stats().value_put, 1u);
}

TEST(AuthorityDiscoveryWorker, NoAddressesNoPublication) {
  WorkerFixture f(1);
  f.worker.set_addresses({addr("/ip4/127.0.0.1/tcp/1")}, {});
  EXPECT_TRUE(all_of<PutValue>(f.worker.tick(f.t0 + 2s, 1)).empty());
  // Restarted: the next attempt 2 s later.
  f.worker.set_addresses({}, {addr("/dns/v.example/tcp/1")});
  EXPECT_EQ(all_of<PutValue>(f.worker.tick(f.t0 + 4s, 1)).size(), 1u);
  // Non-global external addresses are left out when the node says so.
  WorkerConfig strict;
  strict.publish_non_global_ips = false;
  WorkerFixture g(1, strict);
  EXPECT_TRUE(all_of<PutValue>(g.worker.tick(g.t0 + 2s, 1)).empty());
  // Global listen addresses are published (at most 4), public ones first.
  WorkerConfig pub;
  pub.public_addresses = {addr("/dns/me.example/tcp/443/wss")};
  WorkerFixture h(1, pub);
  std::vector<Multiaddr> listen;
  for (int i = 1; i <= 6; ++i) listen.push_back(addr("/ip4/8.8.8." + std::to_string(i) + "/tcp/1"));
  h.worker.set_addresses(listen, {});
  const auto puts = all_of<PutValue>(h.worker.tick(h.t0 + 2s, 1));
  ASSERT_EQ(puts.size(), 1u);
  auto verified = verify_found_record(puts[0].value, h.our_key.public_key, std::nullopt, true);
  ASSERT_TRUE(verified);
  ASSERT_EQ(verified->addresses.size(), 5u);
  EXPECT_EQ(verified->addresses[0].without_p2p(), addr("/dns/me.example/tcp/443/wss"));
  EXPECT_EQ(verified->addresses[4].without_p2p(), listen[3]);
}

// Role::Discover (a collator's): the others are looked up, nothing is published, even with keys of
// the set in the keystore.
TEST(AuthorityDiscoveryWorker, DiscoverOnlyLooksUpAndNeverPublishes) {
  WorkerConfig discover;
  discover.role = Role::kDiscover;
  WorkerFixture f(3, discover);
  const auto actions = f.worker.tick(f.t0 + 2s, 1'000);
  EXPECT_TRUE(all_of<PutValue>(actions).empty());
  EXPECT_EQ(all_of<GetValue>(actions).size(), 3u);
  EXPECT_TRUE(all_of<PutValue>(f.worker.tick(f.t0 + 6s + 60min, 2'000)).empty());
  EXPECT_EQ(f.worker.stats().times_published, 0u);
}

TEST(AuthorityDiscoveryWorker, AtMostEightLookupsAtOnce) {
  WorkerFixture f(20);
  const auto gets = all_of<GetValue>(f.worker.tick(f.t0 + 2s, 1));
  ASSERT_EQ(gets.size(), 8u);
  EXPECT_EQ(f.worker.pending_lookups(), 12u);
  EXPECT_EQ(f.worker.stats().requests_pending, 12u);
  // Each answer lets the next one start.
  auto next = f.worker.on_value_not_found(gets[0].key);
  ASSERT_EQ(all_of<GetValue>(next).size(), 1u);
  EXPECT_EQ(f.worker.in_flight_lookups(), 8u);
  // The next refill (4 s later) starts over with every authority.
  const auto again = all_of<GetValue>(f.worker.tick(f.t0 + 6s, 2));
  EXPECT_EQ(again.size(), 8u);
  EXPECT_EQ(f.worker.pending_lookups(), 12u);
}

TEST(AuthorityDiscoveryWorker, FoundRecordsFillTheCache) {
  WorkerFixture f(2);
  const auto gets = all_of<GetValue>(f.worker.tick(f.t0 + 2s, 1));
  ASSERT_EQ(gets.size(), 2u);
  const auto& a = f.others[0];
  const auto a_id = identity(10);
  const PeerId p1 = peer_of(identity(50));
  const KademliaRecord r10 = found_record(a, a_id, 10);
  (void)f.worker.on_value_found(r10, p1, f.t0 + 3s);
  const auto addresses = f.worker.addresses_of(a.public_key);
  ASSERT_EQ(addresses.size(), 1u);
  EXPECT_EQ(addresses[0], addr("/ip4/5.6.7.8/tcp/30333").with_p2p(peer_of(a_id)).value());
  EXPECT_EQ(f.worker.peers_of(a.public_key), std::vector{peer_of(a_id)});
  EXPECT_EQ(f.worker.authorities_of(peer_of(a_id)), std::vector{a.public_key});
  EXPECT_EQ(f.worker.stats().known_authorities, 1u);

  // The same record from another peer: nothing to update anywhere.
  const PeerId p2 = peer_of(identity(51));
  EXPECT_TRUE(f.worker.on_value_found(r10, p2, f.t0 + 3s).empty());
  // An older one (another port): its sender gets the record we know.
  const PeerId p3 = peer_of(identity(52));
  auto older =
      all_of<PutRecordTo>(f.worker.on_value_found(found_record(a, a_id, 5, 1), p3, f.t0 + 3s));
  ASSERT_EQ(older.size(), 1u);
  EXPECT_EQ(older[0].peers, std::vector{p3});
  EXPECT_EQ(older[0].record.value, r10.value);
  EXPECT_EQ(f.worker.addresses_of(a.public_key), addresses);  // unchanged
  // A newer one: those that had the old one get it, and the cache follows it.
  auto newer =
      all_of<PutRecordTo>(f.worker.on_value_found(found_record(a, a_id, 20, 2), p3, f.t0 + 3s));
  ASSERT_EQ(newer.size(), 1u);
  EXPECT_EQ(std::set(newer[0].peers.begin(), newer[0].peers.end()), (std::set{p1, p2}));
  EXPECT_EQ(f.worker.addresses_of(a.public_key),
            std::vector{addr("/ip4/5.6.7.8/tcp/2").with_p2p(peer_of(a_id)).value()});
  // The record from our own store (no peer) that is older: our store gets the newer one.
  auto local = all_of<PutRecordTo>(
      f.worker.on_value_found(found_record(a, a_id, 15, 3), std::nullopt, f.t0 + 3s));
  ASSERT_EQ(local.size(), 1u);
  EXPECT_TRUE(local[0].peers.empty());
  EXPECT_TRUE(local[0].update_local);

  // A record for a key nobody asked about, or one signed by the wrong key, teaches nothing.
  const auto failures = f.worker.stats().value_found_failures;
  (void)f.worker.on_value_found(found_record(ad_key(77), a_id, 1), p1, f.t0 + 3s);
  const auto& b = f.others[1];
  KademliaRecord forged = found_record(ad_key(78), identity(11), 1);
  forged.key = authority_dht_key(b.public_key);
  (void)f.worker.on_value_found(forged, p1, f.t0 + 3s);
  EXPECT_EQ(f.worker.stats().value_found_failures, failures + 2);
  EXPECT_TRUE(f.worker.addresses_of(b.public_key).empty());

  // Authorities that leave the set are forgotten at the next refill.
  f.worker.set_authorities({f.our_key.public_key, b.public_key});
  (void)f.worker.tick(f.t0 + 6s, 2);
  EXPECT_TRUE(f.worker.addresses_of(a.public_key).empty());
  EXPECT_TRUE(f.worker.authorities_of(peer_of(a_id)).empty());
}

TEST(AuthorityDiscoveryWorker, RepublishesWhenItsKeysInTheSetChange) {
  WorkerFixture f(1);
  EXPECT_EQ(all_of<PutValue>(f.worker.tick(f.t0 + 2s, 1)).size(), 1u);
  f.worker.on_value_put(authority_dht_key(f.our_key.public_key), f.t0 + 2s);
  // The keystore refresh (60 s) with unchanged keys publishes nothing.
  EXPECT_TRUE(all_of<PutValue>(f.worker.tick(f.t0 + 60s, 2)).empty());
  // A session rotates our key in: the set now holds our old key too.
  f.worker.set_authorities(
      {f.our_key.public_key, f.our_old_key.public_key, f.others[0].public_key});
  const auto now = f.t0 + 180s;  // the refresh's second tick (interval.rs: 60 s, then +120 s)
  const auto puts = all_of<PutValue>(f.worker.tick(now, 3));
  ASSERT_EQ(puts.size(), 2u);
  EXPECT_EQ(f.worker.latest_published_keys(),
            (std::set{f.our_key.public_key, f.our_old_key.public_key}));
  // And both intervals restarted: a publication and a refill 2 s later.
  const auto soon = f.worker.tick(now + 2s, 4);
  EXPECT_EQ(all_of<PutValue>(soon).size(), 2u);
  EXPECT_EQ(all_of<GetValue>(soon).size(), 1u);
}

TEST(AuthorityDiscoveryWorker, JudgesRecordsPutToUs) {
  WorkerFixture f(2);
  const auto& a = f.others[0];
  const auto a_id = identity(10);
  KademliaRecord record = found_record(a, a_id, 10);
  EXPECT_TRUE(f.worker.accept_put(record, f.t0));
  // Without a publisher, from a publisher that did not sign, or under an unknown key: refused.
  KademliaRecord anonymous = record;
  anonymous.publisher.reset();
  EXPECT_FALSE(f.worker.accept_put(anonymous, f.t0));
  KademliaRecord other_publisher = record;
  other_publisher.publisher = peer_of(identity(12));
  EXPECT_FALSE(f.worker.accept_put(other_publisher, f.t0));
  EXPECT_FALSE(f.worker.accept_put(found_record(ad_key(90), a_id, 10), f.t0));
  // Older than the record we know: refused; newer: kept.
  (void)f.worker.tick(f.t0 + 2s, 1);
  (void)f.worker.on_value_found(found_record(a, a_id, 10), peer_of(identity(50)), f.t0 + 3s);
  EXPECT_FALSE(f.worker.accept_put(found_record(a, a_id, 9), f.t0 + 3s));
  EXPECT_TRUE(f.worker.accept_put(found_record(a, a_id, 11), f.t0 + 3s));
  EXPECT_EQ(f.worker.stats().put_record_requests, 6u);
}

}  // namespace
}  // namespace canary::network::authority_discovery
