#include "network/authority_discovery/record.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "network/libp2p/identify.hpp"
#include "network/proto/authority_discovery.pb.h"
#include "network/proto/keys.pb.h"
#include "primitives/hash/hash.hpp"

namespace canary::network::authority_discovery {

namespace {

std::string as_string(ByteSpan bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

ByteSpan as_span(const std::string& s) {
  return as_bytes(std::string_view(s));
}

Bytes to_vector(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

// SCALE u128: 16 bytes, little endian.
Bytes encode_u128(u128 v) {
  Bytes out(16);
  for (size_t i = 0; i < 16; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
  return out;
}

// `u128::decode(&mut &timestamp[..]).unwrap_or_default()`: the first 16 bytes, 0 when shorter.
u128 decode_u128_or_zero(const std::string& bytes) {
  if (bytes.size() < 16) return 0;
  u128 v = 0;
  for (size_t i = 0; i < 16; ++i) v |= static_cast<u128>(static_cast<uint8_t>(bytes[i])) << (8 * i);
  return v;
}

// The authority's signature: `AuthoritySignature::decode` reads 64 bytes (more are ignored).
Result<proto::SignedAuthorityRecord, RecordError> check_authority_signature(
    ByteSpan value, const AuthorityId& authority) {
  if (value.size() > kMaxRecordValueSize) return unexpected(RecordError::kTooLarge);
  proto::SignedAuthorityRecord signed_record;
  if (!signed_record.ParsePartialFromArray(value.data(), static_cast<int>(value.size()))) {
    return unexpected(RecordError::kMalformed);
  }
  AuthoritySignature signature{};
  if (signed_record.auth_signature().size() < signature.size()) {
    return unexpected(RecordError::kBadAuthoritySignature);
  }
  std::copy_n(as_span(signed_record.auth_signature()).begin(), signature.size(), signature.begin());
  if (!crypto::sr25519::verify(signature, as_span(signed_record.record()), authority)) {
    return unexpected(RecordError::kBadAuthoritySignature);
  }
  return signed_record;
}

// worker.rs check_record_signed_with_network_key, with sc-network's NetworkSigner::verify: the
// key decodes, it is `peer`'s, and it signed `record`.
Result<bool, RecordError> check_peer_signature(const proto::SignedAuthorityRecord& signed_record,
                                               const PeerId& peer, bool strict) {
  if (!signed_record.has_peer_signature()) {
    if (strict) return unexpected(RecordError::kMissingPeerSignature);
    return false;
  }
  const proto::PeerSignature& peer_signature = signed_record.peer_signature();
  proto::PublicKey key;
  // Type and Data are proto2 `required` (libp2p-identity try_decode_protobuf).
  if (!key.ParsePartialFromString(peer_signature.public_key()) || !key.IsInitialized() ||
      key.type() != proto::Ed25519 || key.data().size() != 32) {
    return unexpected(RecordError::kBadPeerKey);
  }
  if (PeerId::from_public_key(key) != peer) return unexpected(RecordError::kPeerIdMismatch);
  crypto::ed25519::PublicKey public_key{};
  std::copy_n(as_span(key.data()).begin(), public_key.size(), public_key.begin());
  crypto::ed25519::Signature signature{};
  if (peer_signature.signature().size() != signature.size()) {
    return unexpected(RecordError::kBadPeerSignature);
  }
  std::copy_n(as_span(peer_signature.signature()).begin(), signature.size(), signature.begin());
  if (!crypto::ed25519::verify(signature, as_span(signed_record.record()), public_key)) {
    return unexpected(RecordError::kBadPeerSignature);
  }
  return true;
}

}  // namespace

const char* to_string(RecordError e) {
  switch (e) {
    case RecordError::kTooLarge:
      return "authority record too large";
    case RecordError::kMalformed:
      return "not a SignedAuthorityRecord";
    case RecordError::kBadAuthoritySignature:
      return "bad authority signature";
    case RecordError::kMalformedRecord:
      return "not an AuthorityRecord";
    case RecordError::kBadAddress:
      return "an address that is not a multiaddr";
    case RecordError::kNoPeerId:
      return "no address with a PeerId";
    case RecordError::kDifferentPeerIds:
      return "addresses with different PeerIds";
    case RecordError::kBadPeerKey:
      return "the peer signature's key is not a libp2p ed25519 key";
    case RecordError::kPeerIdMismatch:
      return "the peer signature's key is another peer's";
    case RecordError::kBadPeerSignature:
      return "bad peer signature";
    case RecordError::kMissingPeerSignature:
      return "no peer signature";
    case RecordError::kMissingPublisher:
      return "a put record without a publisher";
    case RecordError::kCannotSign:
      return "the keystore cannot sign with an authority discovery key";
  }
  return "unknown authority record error";
}

Bytes authority_dht_key(const AuthorityId& authority) {
  const Hash256 digest = hash::sha2_256(authority);
  return Bytes(digest.begin(), digest.end());
}

Bytes encode_authority_record(const std::vector<Multiaddr>& addresses,
                              std::optional<u128> creation_time_ns) {
  proto::AuthorityRecord record;
  for (const Multiaddr& address : addresses) record.add_addresses(as_string(address.bytes()));
  if (creation_time_ns) {
    record.mutable_creation_time()->set_timestamp(as_string(encode_u128(*creation_time_ns)));
  }
  return to_vector(record.SerializeAsString());
}

Result<std::vector<SignedRecord>, RecordError> sign_authority_records(
    const std::vector<Multiaddr>& addresses, std::optional<u128> creation_time_ns,
    const crypto::ed25519::Keypair& identity, const std::vector<AuthorityId>& keys,
    const AuthoritySigner& sign) {
  const PeerId local = PeerId::from_ed25519(identity.public_key);
  std::vector<Multiaddr> with_peer;
  for (const Multiaddr& address : addresses) {
    auto full = address.without_p2p().with_p2p(local);
    if (full && std::find(with_peer.begin(), with_peer.end(), *full) == with_peer.end()) {
      with_peer.push_back(std::move(*full));
    }
  }
  const Bytes record = encode_authority_record(with_peer, creation_time_ns);
  proto::PeerSignature peer_signature;
  peer_signature.set_signature(as_string(crypto::ed25519::sign(identity, record)));
  peer_signature.set_public_key(as_string(encode_ed25519_public_key(identity.public_key)));

  std::vector<SignedRecord> out;
  for (const AuthorityId& key : keys) {
    auto signature = sign ? sign(key, record) : std::nullopt;
    if (!signature) return unexpected(RecordError::kCannotSign);
    proto::SignedAuthorityRecord signed_record;
    signed_record.set_record(as_string(record));
    // SCALE of [u8; 64]: the bytes themselves.
    signed_record.set_auth_signature(as_string(*signature));
    *signed_record.mutable_peer_signature() = peer_signature;
    out.push_back(
        SignedRecord{key, authority_dht_key(key), to_vector(signed_record.SerializeAsString())});
  }
  return out;
}

Result<DecodedSignedRecord, RecordError> decode_signed_record(ByteSpan value) {
  if (value.size() > kMaxRecordValueSize) return unexpected(RecordError::kTooLarge);
  proto::SignedAuthorityRecord signed_record;
  if (!signed_record.ParsePartialFromArray(value.data(), static_cast<int>(value.size()))) {
    return unexpected(RecordError::kMalformed);
  }
  DecodedSignedRecord out;
  out.record = to_vector(signed_record.record());
  out.auth_signature = to_vector(signed_record.auth_signature());
  if (signed_record.has_peer_signature()) {
    out.peer_signature =
        DecodedSignedRecord::PeerSignature{to_vector(signed_record.peer_signature().signature()),
                                           to_vector(signed_record.peer_signature().public_key())};
  }
  return out;
}

Result<VerifiedRecord, RecordError> verify_found_record(ByteSpan value,
                                                        const AuthorityId& authority,
                                                        const std::optional<PeerId>& local,
                                                        bool strict) {
  CANARY_TRY_ASSIGN(proto::SignedAuthorityRecord signed_record,
                    check_authority_signature(value, authority));
  proto::AuthorityRecord record;
  if (!record.ParsePartialFromString(signed_record.record())) {
    return unexpected(RecordError::kMalformedRecord);
  }
  const u128 creation_time =
      record.has_creation_time() ? decode_u128_or_zero(record.creation_time().timestamp()) : 0;
  size_t unknown = 0;
  std::optional<PeerId> remote;
  std::vector<Multiaddr> kept;
  for (const std::string& encoded : record.addresses()) {
    auto address = Multiaddr::from_bytes(as_span(encoded));
    if (!address) {
      // Protocols outside our multiaddr table (and the PeerIds it cannot hold) are not malformed
      // input: rust-multiaddr reads them. We cannot use them, so they are left out.
      const MultiaddrError e = address.error();
      if (e == MultiaddrError::kUnknownProtocol || e == MultiaddrError::kTooLong ||
          e == MultiaddrError::kInvalidPeerId) {
        ++unknown;
        continue;
      }
      return unexpected(RecordError::kBadAddress);
    }
    const std::optional<PeerId> peer = address->peer_id();
    if (!peer || (local && *peer == *local)) continue;
    if (remote && *remote != *peer) return unexpected(RecordError::kDifferentPeerIds);
    remote = *peer;
    kept.push_back(std::move(*address));
  }
  if (!remote) return unexpected(RecordError::kNoPeerId);
  CANARY_TRY_ASSIGN(const bool peer_signed, check_peer_signature(signed_record, *remote, strict));
  if (kept.size() > kMaxAddressesPerAuthority) kept.resize(kMaxAddressesPerAuthority);
  return VerifiedRecord{to_vector(signed_record.record()),
                        std::move(*remote),
                        std::move(kept),
                        creation_time,
                        peer_signed,
                        unknown};
}

Result<u128, RecordError> verify_put_record(ByteSpan value, const AuthorityId& authority,
                                            const std::optional<PeerId>& publisher, bool strict) {
  if (!publisher) return unexpected(RecordError::kMissingPublisher);
  CANARY_TRY_ASSIGN(proto::SignedAuthorityRecord signed_record,
                    check_authority_signature(value, authority));
  CANARY_TRY(check_peer_signature(signed_record, *publisher, strict));
  proto::AuthorityRecord record;
  if (!record.ParsePartialFromString(signed_record.record())) {
    return unexpected(RecordError::kMalformedRecord);
  }
  return record.has_creation_time() ? decode_u128_or_zero(record.creation_time().timestamp()) : 0;
}

}  // namespace canary::network::authority_discovery
