// Multiaddresses (multiformats multiaddr): self-describing network addresses, a sequence of
// (protocol, value) components. Binary form: per component the protocol code as an unsigned
// varint, then the value (fixed size, or varint length ‖ bytes, or nothing). Text form:
// "/name/value/name…", e.g. "/ip4/127.0.0.1/tcp/30333/p2p/12D3KooW…".
//
// Only the protocols Polkadot nodes publish and dial are spoken (see MultiaddrProtocol); any
// other code or name is an error, as is a value that does not parse for its protocol. A Multiaddr
// always holds a valid binary form, which is also its identity (== compares bytes). Every
// accepted binary form has a text form that parses back to it, and the reverse.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "network/libp2p/peer_id.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

// Codes from the multiformats multiaddr protocol table.
enum class MultiaddrProtocol : uint16_t {
  kIp4 = 4,       // 4 bytes
  kTcp = 6,       // port, 2 bytes big-endian
  kIp6 = 41,      // 16 bytes
  kDns = 53,      // name, resolved to IPv4 or IPv6 (length-prefixed)
  kDns4 = 54,     // name, resolved to IPv4 only
  kDns6 = 55,     // name, resolved to IPv6 only
  kDnsaddr = 56,  // name whose TXT records hold multiaddresses
  kUdp = 273,     // port, 2 bytes big-endian
  kP2p = 421,     // PeerId multihash (length-prefixed); text "/p2p/<base58>", "/ipfs/" accepted
  kTls = 448,     // no value
  kQuicV1 = 461,  // no value
  kWs = 477,      // no value
  kWss = 478,     // no value
};

// The text name ("ip4", "quic-v1", …).
std::string_view protocol_name(MultiaddrProtocol protocol);

enum class MultiaddrError : uint8_t {
  kTooLong,           // binary form over Multiaddr::kMaxBytes, or text over kMaxTextLength
  kMalformedText,     // not "/name[/value]…": no leading '/', an empty part, a trailing '/'
  kUnknownProtocol,   // a code or name not in MultiaddrProtocol
  kInvalidVarint,     // binary: a protocol code or a length that is not a valid varint
  kTruncated,         // binary: the input ends inside a component
  kMissingValue,      // text: the protocol takes a value and the text ends after its name
  kInvalidIpAddress,  // not a dotted-quad IPv4 / RFC 4291 IPv6 address, or a wrong size
  kInvalidPort,       // not a decimal 0..65535, or not 2 bytes
  kInvalidDnsName,    // empty, over 255 bytes, or a byte outside printable ASCII or a '/'
  kInvalidPeerId,     // not a PeerId multihash (see peer_id.hpp)
  kUnexpectedValue,   // a value given to a protocol that takes none
  kPeerIdMismatch,    // with_p2p: the address already ends with another peer's /p2p
};

const char* to_string(MultiaddrError e);

struct MultiaddrComponent {
  MultiaddrProtocol protocol = MultiaddrProtocol::kIp4;
  // The binary value: the address bytes, the big-endian port, the DNS name, the PeerId
  // multihash; empty for the protocols without a value. (No length prefix.)
  Bytes value;

  friend bool operator==(const MultiaddrComponent&, const MultiaddrComponent&) = default;
};

// Where a plain TCP connection goes: what the TCP transport needs to dial.
struct TcpEndpoint {
  MultiaddrProtocol host_protocol = MultiaddrProtocol::kIp4;  // kIp4, kIp6, kDns, kDns4, kDns6
  std::string host;  // the address in text form (as the multiaddr writes it), or the DNS name
  uint16_t port = 0;

  friend bool operator==(const TcpEndpoint&, const TcpEndpoint&) = default;
};

class Multiaddr {
 public:
  // A bound on what we accept from peers (identify, Kademlia) and configuration. Real addresses
  // are under 100 bytes. The text bound is 4x the binary one: no component's text is more than
  // four times its binary form ("/ip4/255.255.255.255" is 20 characters for 5 bytes), so every
  // accepted binary form has an accepted text form.
  static constexpr size_t kMaxBytes = 1024;
  static constexpr size_t kMaxTextLength = 4 * kMaxBytes;

  // The empty multiaddr; its text form is "".
  Multiaddr() = default;

  static Result<Multiaddr, MultiaddrError> from_bytes(ByteSpan bytes);
  static Result<Multiaddr, MultiaddrError> from_string(std::string_view text);
  static Result<Multiaddr, MultiaddrError> from_components(
      const std::vector<MultiaddrComponent>& components);

  // The address of a TCP peer as a socket reports it (the observed address identify sends).
  static Multiaddr ip4_tcp(const ByteArray<4>& address, uint16_t port);
  static Multiaddr ip6_tcp(const ByteArray<16>& address, uint16_t port);

  const Bytes& bytes() const { return bytes_; }
  std::string to_string() const;
  bool empty() const { return bytes_.empty(); }
  std::vector<MultiaddrComponent> components() const;

  // This address with `component` appended (validated like a parsed one).
  Result<Multiaddr, MultiaddrError> with(const MultiaddrComponent& component) const;

  // The PeerId of the final /p2p component, if the address ends with one.
  std::optional<PeerId> peer_id() const;
  // Appends /p2p/<peer> unless the address already ends with it; kPeerIdMismatch if it ends
  // with another peer's (rust-multiaddr `with_p2p`).
  Result<Multiaddr, MultiaddrError> with_p2p(const PeerId& peer) const;
  // The address without its final /p2p component (unchanged if it has none).
  Multiaddr without_p2p() const;

  // The endpoint of a plain TCP address: <ip4|ip6|dns|dns4|dns6>/tcp/<port>, optionally followed
  // by /p2p/<peer>. nullopt for anything else (WebSocket, QUIC, dnsaddr which needs a TXT lookup).
  std::optional<TcpEndpoint> tcp_endpoint() const;

  friend bool operator==(const Multiaddr&, const Multiaddr&) = default;
  friend std::strong_ordering operator<=>(const Multiaddr&, const Multiaddr&) = default;

 private:
  explicit Multiaddr(Bytes bytes) : bytes_(std::move(bytes)) {}

  Bytes bytes_;  // always a valid binary multiaddr of at most kMaxBytes
};

}  // namespace canary::network
