// Authority discovery records (polkadot-sdk substrate/client/authority-discovery/src/worker.rs,
// schema worker/schema/dht-v3.proto; network/proto/authority_discovery.proto): how a validator
// tells the others where it is. The DHT key is SHA2-256 of its 32-byte authority discovery key
// (`audi`, sr25519); the value a `SignedAuthorityRecord`:
//
//   record          AuthorityRecord { addresses (binary multiaddrs ending with /p2p/<PeerId>),
//                                     creation_time { timestamp: SCALE u128 ns since the epoch } }
//   auth_signature  SCALE(sr25519 signature by the authority key over the `record` bytes, with
//                   Substrate's signing context "substrate": what sp-core Pair::sign makes)
//   peer_signature  { signature: the libp2p identity's (ed25519) signature of the same bytes,
//                     public_key: that identity's PublicKey protobuf }
//
// The creation time lives inside the signed bytes (dht-v3 as polkadot-sdk has it since the
// creation-time change; an intermediate schema had a separately signed TimestampInfo at field 4
// of SignedAuthorityRecord, which the current one dropped). One record is serialized and signed
// by the identity once, then by each of the node's keys in the authority set.
//
// Checking a fetched record follows worker.rs handle_dht_value_found_event:
//   1. the value decodes, `auth_signature` is 64 bytes (SCALE of a fixed array: more is ignored)
//      and verifies over `record` for the authority we asked about;
//   2. `record` decodes; every address parses as a multiaddr, else the record is refused — except
//      addresses of protocols this node does not speak (multiaddr.hpp knows the ones Polkadot
//      nodes publish and dial), which are left out and counted, where rust-multiaddr knows them
//      all and would keep them;
//   3. addresses that do not end with /p2p/<PeerId>, or name our own PeerId, are dropped; the rest
//      must all name one PeerId (else refused: kDifferentPeerIds), and there must be one
//      (kNoPeerId);
//   4. with a peer signature, its key must be a libp2p key of that PeerId and the signature must
//      verify over `record`; without one the record passes unless `strict` (polkadot-sdk's
//      `strict_record_validation`, off by default for older nodes); only ed25519 identities are
//      understood (Polkadot nodes have no other), another key type is kBadPeerKey;
//   5. at most kMaxAddressesPerAuthority addresses are kept, the creation time is read as u128
//      from the first 16 timestamp bytes (0 when absent or shorter, as `u128::decode(..)
//      .unwrap_or_default()`).
// A record put to us (handle_put_record_requested) passes step 1, and then 4 against the record's
// publisher (which must be there), with no look at the addresses.
//
// Everything from the network is bounded: the value by the DHT's record size (65 KiB, rust-libp2p
// MemoryStore), which also bounds the number of addresses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network::authority_discovery {

// sp-authority-discovery AuthorityId / AuthoritySignature: sr25519.
using AuthorityId = ByteArray<32>;
using AuthoritySignature = crypto::sr25519::Signature;

// rust-libp2p MemoryStoreConfig::max_value_bytes: a value of 65 KiB or more is not stored.
inline constexpr size_t kMaxRecordValueSize = 65 * 1024 - 1;
// worker.rs MAX_ADDRESSES_PER_AUTHORITY: addresses kept per authority.
inline constexpr size_t kMaxAddressesPerAuthority = 16;
// worker.rs MAX_ADDRESSES_TO_PUBLISH.
inline constexpr size_t kMaxAddressesToPublish = 32;

enum class RecordError : uint8_t {
  kTooLarge,               // over kMaxRecordValueSize
  kMalformed,              // not a SignedAuthorityRecord
  kBadAuthoritySignature,  // not 64 bytes, or does not verify for the authority
  kMalformedRecord,        // `record` is not an AuthorityRecord
  kBadAddress,             // an address that is not a multiaddr
  kNoPeerId,               // no address names a PeerId (other than ours)
  kDifferentPeerIds,       // addresses name different PeerIds
  kBadPeerKey,             // the peer signature's key is not a libp2p ed25519 key
  kPeerIdMismatch,         // the peer signature's key is another peer's
  kBadPeerSignature,       // the peer signature does not verify
  kMissingPeerSignature,   // none, with strict validation
  kMissingPublisher,       // a put record without a publisher
  kCannotSign,             // the keystore did not sign with a key
};

const char* to_string(RecordError e);

// worker.rs hash_authority_id: the 32-byte SHA2-256 digest of the public key.
Bytes authority_dht_key(const AuthorityId& authority);

// The AuthorityRecord protobuf: `addresses` as given (binary), the creation time when given.
Bytes encode_authority_record(const std::vector<Multiaddr>& addresses,
                              std::optional<u128> creation_time_ns);

// Signs with an authority discovery key of the keystore; none when it has no such key.
using AuthoritySigner =
    std::function<std::optional<AuthoritySignature>(const AuthorityId& key, ByteSpan message)>;

// What to put in the DHT for one of our keys.
struct SignedRecord {
  AuthorityId authority;
  Bytes key;    // authority_dht_key(authority)
  Bytes value;  // the SignedAuthorityRecord
};

// worker.rs publish_ext_addresses: one AuthorityRecord (each address without its /p2p, then with
// /p2p/<identity's PeerId>; the creation time) signed by the identity, then one value per key.
// Fails (kCannotSign) when a key cannot sign, as polkadot-sdk refuses the whole publication.
Result<std::vector<SignedRecord>, RecordError> sign_authority_records(
    const std::vector<Multiaddr>& addresses, std::optional<u128> creation_time_ns,
    const crypto::ed25519::Keypair& identity, const std::vector<AuthorityId>& keys,
    const AuthoritySigner& sign);

// The pieces of a SignedAuthorityRecord, without any check but the sizes (for tools and fuzzing).
struct DecodedSignedRecord {
  Bytes record;
  Bytes auth_signature;
  struct PeerSignature {
    Bytes signature;
    Bytes public_key;
  };
  std::optional<PeerSignature> peer_signature;
};
Result<DecodedSignedRecord, RecordError> decode_signed_record(ByteSpan value);

// A fetched record that passed the checks.
struct VerifiedRecord {
  Bytes record;                      // the signed AuthorityRecord bytes
  PeerId peer;                       // the PeerId every kept address ends with
  std::vector<Multiaddr> addresses;  // at most kMaxAddressesPerAuthority
  u128 creation_time = 0;            // ns since the epoch; 0 when the record has none
  bool peer_signed = false;
  size_t unknown_addresses = 0;  // of protocols this node does not speak: left out
};

// handle_dht_value_found_event's checks of a value found under `authority`'s key. `local`: our
// PeerId, whose addresses are dropped.
Result<VerifiedRecord, RecordError> verify_found_record(ByteSpan value,
                                                        const AuthorityId& authority,
                                                        const std::optional<PeerId>& local,
                                                        bool strict);

// handle_put_record_requested's checks of a value put to us under `authority`'s key by
// `publisher`: the authority's signature, then the peer signature against the publisher.
// Returns the record's creation time (0 when it has none).
Result<u128, RecordError> verify_put_record(ByteSpan value, const AuthorityId& authority,
                                            const std::optional<PeerId>& publisher, bool strict);

}  // namespace canary::network::authority_discovery
