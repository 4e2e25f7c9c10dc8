// libp2p identify (libp2p specs, identify): on "/ipfs/id/1.0.0" the listener of a substream sends
// one Identify protobuf, length-prefixed with a varint, and closes the substream; on
// "/ipfs/id/push/1.0.0" the dialer sends it unasked (only the fields that changed). The message
// tells the peer our protocol family ("/substrate/1.0"), implementation, public key, listen
// addresses, the address we see it at, and the protocols we accept.
//
// Decoding is lenient where rust-libp2p is: listen addresses that do not parse are dropped and
// counted, not fatal; a missing public key is fine for a push. The public key, when present, must
// be a PublicKey protobuf (its PeerId is derived here for the caller to compare with the
// connection's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

inline constexpr std::string_view kIdentifyProtocol = "/ipfs/id/1.0.0";
inline constexpr std::string_view kIdentifyPushProtocol = "/ipfs/id/push/1.0.0";

// What we read: js-libp2p's bound (8 KiB; it also sends a signed peer record).
inline constexpr size_t kMaxIdentifyMessageSize = 8192;
// What we send: rust-libp2p refuses messages over 4 KiB, so ours stay under it (listen addresses
// that would not fit are left out).
inline constexpr size_t kMaxSentIdentifyMessageSize = 4096;

struct IdentifyInfo {
  std::optional<std::string> protocol_version;
  std::optional<std::string> agent_version;
  // The PublicKey protobuf as sent (empty when absent) and the PeerId it maps to.
  Bytes public_key;
  std::optional<PeerId> peer_id;
  std::vector<Multiaddr> listen_addresses;
  size_t invalid_listen_addresses = 0;  // listenAddrs entries that were not multiaddrs (dropped)
  std::optional<Multiaddr> observed_address;
  std::vector<std::string> protocols;
};

enum class IdentifyError : uint8_t {
  kTooLarge,          // over kMaxIdentifyMessageSize
  kMalformed,         // not an Identify protobuf
  kInvalidPublicKey,  // publicKey is not a PublicKey protobuf
};

const char* to_string(IdentifyError e);

// The canonical PublicKey protobuf of an ed25519 key (08 01 12 20 ‖ key).
Bytes encode_ed25519_public_key(const crypto::ed25519::PublicKey& key);

// The Identify protobuf (no length prefix). Listen addresses are left out, last first, until the
// message fits in `max_size` bytes.
Bytes encode_identify(const IdentifyInfo& info, size_t max_size = kMaxSentIdentifyMessageSize);

// The protobuf (no length prefix). An invalid observedAddr is dropped like a bad listen address.
Result<IdentifyInfo, IdentifyError> decode_identify(ByteSpan message);

}  // namespace canary::network
