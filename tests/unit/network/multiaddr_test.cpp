#include "network/libp2p/multiaddr.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"

namespace canary::network {
namespace {

constexpr std::string_view kPeer = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}

Multiaddr parse(std::string_view text) {
  auto address = Multiaddr::from_string(text);
  EXPECT_TRUE(address) << text << ": " << to_string(address.error());
  return address ? *address : Multiaddr();
}

MultiaddrError text_error(std::string_view text) {
  auto address = Multiaddr::from_string(text);
  EXPECT_FALSE(address) << text;
  return address ? MultiaddrError::kTooLong : address.error();
}

MultiaddrError bytes_error(const Bytes& bytes) {
  auto address = Multiaddr::from_bytes(bytes);
  EXPECT_FALSE(address) << to_hex(bytes);
  return address ? MultiaddrError::kTooLong : address.error();
}

// Binary forms from the multiaddr spec's examples and go-multiaddr's tests.
TEST(Multiaddr, EncodesKnownBinaryForms) {
  EXPECT_EQ(parse("/ip4/127.0.0.1/tcp/30333").bytes(), hex("047f00000106767d"));
  EXPECT_EQ(parse("/ip4/1.2.3.4/udp/1234/quic-v1").bytes(), hex("0401020304910204d2cd03"));
  EXPECT_EQ(parse("/ip6/::1/tcp/443/wss").bytes(),
            concat(concat(hex("29"), Bytes(15, 0)), hex("010601bbde03")));
  EXPECT_EQ(parse("/dns/example.com/tcp/443/tls/ws").bytes(),
            hex("350b6578616d706c652e636f6d0601bbc003dd03"));
  const Multiaddr with_peer = parse(std::string("/p2p/") + std::string(kPeer));
  EXPECT_EQ(with_peer.bytes().size(), 2u + 1u + 38u);  // code a503, length 26, multihash
  EXPECT_EQ(with_peer.bytes()[0], 0xa5);
  EXPECT_EQ(with_peer.bytes()[1], 0x03);
  EXPECT_EQ(with_peer.bytes()[2], 38);
}

TEST(Multiaddr, RoundTripsTextAndBytes) {
  const std::string peer(kPeer);
  for (const std::string& text : std::vector<std::string>{
           "/ip4/127.0.0.1/tcp/30333",
           "/ip4/0.0.0.0/tcp/0",
           "/ip4/255.255.255.255/udp/65535/quic-v1",
           "/ip6/::/tcp/30333",
           "/ip6/2001:db8::1/tcp/30333/ws",
           "/ip6/fe80::1:0:0:1/tcp/1",
           "/ip6/1:2:3:4:5:6:7:8/tcp/1",
           "/ip6/::ffff:10.0.0.1/tcp/1",
           "/dns/polkadot-bootnode-0.polkadot.io/tcp/30333/p2p/" + peer,
           "/dns4/kusama.example/tcp/443/wss/p2p/" + peer,
           "/dns6/x/tcp/1",
           "/dnsaddr/bootstrap.libp2p.io",
           "/ip4/10.0.0.1/tcp/30333/tls/ws/p2p/" + peer,
           "/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N",
       }) {
    const Multiaddr address = parse(text);
    EXPECT_EQ(address.to_string(), text);
    auto again = Multiaddr::from_bytes(address.bytes());
    ASSERT_TRUE(again) << text;
    EXPECT_EQ(*again, address);
  }
  EXPECT_TRUE(Multiaddr().empty());
  EXPECT_EQ(Multiaddr().to_string(), "");
  EXPECT_EQ(parse(""), Multiaddr());
  EXPECT_EQ(Multiaddr::from_bytes({}).value(), Multiaddr());
}

TEST(Multiaddr, WritesIp6Canonically) {
  // RFC 5952: lowercase, no leading zeros, the longest zero run compressed (the first on a tie),
  // a single zero group not compressed.
  EXPECT_EQ(parse("/ip6/2001:0DB8:0000:0000:0000:0000:0000:0001").to_string(), "/ip6/2001:db8::1");
  EXPECT_EQ(parse("/ip6/1:0:0:2:0:0:0:3").to_string(), "/ip6/1:0:0:2::3");
  EXPECT_EQ(parse("/ip6/1:0:0:2:3:0:0:4").to_string(), "/ip6/1::2:3:0:0:4");
  EXPECT_EQ(parse("/ip6/1:0:2:3:4:5:6:7").to_string(), "/ip6/1:0:2:3:4:5:6:7");
  EXPECT_EQ(parse("/ip6/1::").to_string(), "/ip6/1::");
  EXPECT_EQ(parse("/ip6/::2:3:4:5:6:7:8").to_string(), "/ip6/0:2:3:4:5:6:7:8");
  EXPECT_EQ(parse("/ip6/0:0:0:0:0:ffff:0102:0304").to_string(), "/ip6/::ffff:1.2.3.4");
  EXPECT_EQ(parse("/ip6/::1.2.3.4").to_string(), "/ip6/::102:304");
}

TEST(Multiaddr, AcceptsIpfsAsTheOldNameOfP2p) {
  const std::string peer(kPeer);
  EXPECT_EQ(parse("/ipfs/" + peer), parse("/p2p/" + peer));
  EXPECT_EQ(parse("/ipfs/" + peer).to_string(), "/p2p/" + peer);
}

TEST(Multiaddr, RefusesBadText) {
  EXPECT_EQ(text_error("ip4/1.2.3.4"), MultiaddrError::kMalformedText);
  EXPECT_EQ(text_error("/"), MultiaddrError::kMalformedText);
  EXPECT_EQ(text_error("/ip4/1.2.3.4/"), MultiaddrError::kMalformedText);
  EXPECT_EQ(text_error("/ws/"), MultiaddrError::kMalformedText);
  EXPECT_EQ(text_error("//ws"), MultiaddrError::kMalformedText);
  EXPECT_EQ(text_error("/ws//ws"), MultiaddrError::kMalformedText);
  EXPECT_EQ(text_error("/quic/"), MultiaddrError::kUnknownProtocol);
  EXPECT_EQ(text_error("/ip4/1.2.3.4/sctp/1"), MultiaddrError::kUnknownProtocol);
  EXPECT_EQ(text_error("/IP4/1.2.3.4"), MultiaddrError::kUnknownProtocol);
  EXPECT_EQ(text_error("/ip4"), MultiaddrError::kMissingValue);
  EXPECT_EQ(text_error("/tcp/1/p2p"), MultiaddrError::kMissingValue);
  EXPECT_EQ(text_error("/ip4/"), MultiaddrError::kInvalidIpAddress);
  EXPECT_EQ(text_error("/ip4//tcp/1"), MultiaddrError::kInvalidIpAddress);
  EXPECT_EQ(text_error(std::string(Multiaddr::kMaxTextLength + 1, '/')), MultiaddrError::kTooLong);
}

TEST(Multiaddr, RefusesBadValues) {
  for (const char* ip4 : {"1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.4 ", "1..3.4",
                          "1.2.3.-4", "0x1.2.3.4", "1234.2.3.4"}) {
    EXPECT_EQ(text_error(std::string("/ip4/") + ip4), MultiaddrError::kInvalidIpAddress) << ip4;
  }
  for (const char* ip6 : {":", ":::", "1:::2", "1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:7",
                          "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "12345::", "g::", "1.2.3.4::",
                          "::1.2.3.4:1", "::ffff:1.2.3", "fe80::1%eth0", "1:2:3:4:5:6:1.2.3.4:7"}) {
    EXPECT_EQ(text_error(std::string("/ip6/") + ip6), MultiaddrError::kInvalidIpAddress) << ip6;
  }
  // A full 8 groups may not also use "::" (it must stand for at least one group) ...
  EXPECT_EQ(text_error("/ip6/1:2:3:4::5:6:7:8"), MultiaddrError::kInvalidIpAddress);
  // ... but 6 groups and a dotted quad are a full address.
  EXPECT_TRUE(Multiaddr::from_string("/ip6/1:2:3:4:5:6:1.2.3.4"));

  for (const char* port : {"65536", "-1", "+1", "1a", "", "99999999999999999999"}) {
    EXPECT_EQ(text_error(std::string("/tcp/") + port + (*port ? "" : "/ws")),
              MultiaddrError::kInvalidPort)
        << port;
  }
  EXPECT_EQ(parse("/tcp/00080").to_string(), "/tcp/80");

  EXPECT_EQ(text_error("/dns/a b/tcp/1"), MultiaddrError::kInvalidDnsName);
  EXPECT_EQ(text_error("/dns/\x7f"), MultiaddrError::kInvalidDnsName);
  EXPECT_EQ(text_error("/dns4/" + std::string(256, 'a')), MultiaddrError::kInvalidDnsName);
  EXPECT_TRUE(Multiaddr::from_string("/dns4/" + std::string(255, 'a')));

  EXPECT_EQ(text_error("/p2p/12D3KooW"), MultiaddrError::kInvalidPeerId);
  EXPECT_EQ(text_error("/p2p/0OIl"), MultiaddrError::kInvalidPeerId);
}

TEST(Multiaddr, RefusesBadBytes) {
  EXPECT_EQ(bytes_error(hex("04010203")), MultiaddrError::kTruncated);         // ip4, 3 bytes
  EXPECT_EQ(bytes_error(hex("047f00000106")), MultiaddrError::kTruncated);     // tcp, no port
  EXPECT_EQ(bytes_error(hex("80")), MultiaddrError::kTruncated);               // code unfinished
  EXPECT_EQ(bytes_error(hex("8000")), MultiaddrError::kInvalidVarint);         // non-minimal
  EXPECT_EQ(bytes_error(hex("21")), MultiaddrError::kUnknownProtocol);         // dccp
  EXPECT_EQ(bytes_error(hex("cc03")), MultiaddrError::kUnknownProtocol);       // quic (draft)
  EXPECT_EQ(bytes_error(hex("3505616263")), MultiaddrError::kTruncated);       // dns, 5 of 3
  EXPECT_EQ(bytes_error(hex("35")), MultiaddrError::kTruncated);               // dns, no length
  EXPECT_EQ(bytes_error(hex("3500")), MultiaddrError::kInvalidDnsName);        // empty name
  EXPECT_EQ(bytes_error(hex("3503612f62")), MultiaddrError::kInvalidDnsName);  // "a/b"
  EXPECT_EQ(bytes_error(hex("3503610a62")), MultiaddrError::kInvalidDnsName);  // "a\nb"
  EXPECT_EQ(bytes_error(hex("35ffffffffffffffff7f")), MultiaddrError::kTruncated);
  EXPECT_EQ(bytes_error(hex("a5030412345678")), MultiaddrError::kInvalidPeerId);
  EXPECT_EQ(bytes_error(Bytes(Multiaddr::kMaxBytes + 1, 0xdd)), MultiaddrError::kTooLong);
}

TEST(Multiaddr, BuildsFromComponents) {
  const std::vector<MultiaddrComponent> parts{
      {MultiaddrProtocol::kDns, to_bytes("example.org")},
      {MultiaddrProtocol::kTcp, Bytes{0x76, 0x5d}},
      {MultiaddrProtocol::kWs, {}},
  };
  const auto address = Multiaddr::from_components(parts);
  ASSERT_TRUE(address);
  EXPECT_EQ(address->to_string(), "/dns/example.org/tcp/30301/ws");
  EXPECT_EQ(address->components(), parts);

  EXPECT_EQ(Multiaddr().with({MultiaddrProtocol::kIp4, Bytes(5, 1)}).error(),
            MultiaddrError::kInvalidIpAddress);
  EXPECT_EQ(Multiaddr().with({MultiaddrProtocol::kUdp, Bytes(1, 1)}).error(),
            MultiaddrError::kInvalidPort);
  EXPECT_EQ(Multiaddr().with({MultiaddrProtocol::kWs, Bytes(1, 1)}).error(),
            MultiaddrError::kUnexpectedValue);
  EXPECT_EQ(Multiaddr().with({static_cast<MultiaddrProtocol>(999), {}}).error(),
            MultiaddrError::kUnknownProtocol);

  EXPECT_EQ(Multiaddr::ip4_tcp({192, 168, 1, 2}, 30333).to_string(), "/ip4/192.168.1.2/tcp/30333");
  ByteArray<16> loopback{};
  loopback[15] = 1;
  EXPECT_EQ(Multiaddr::ip6_tcp(loopback, 80).to_string(), "/ip6/::1/tcp/80");
  EXPECT_EQ(protocol_name(MultiaddrProtocol::kQuicV1), "quic-v1");
}

TEST(Multiaddr, StaysWithinItsBound) {
  Multiaddr address;
  size_t count = 0;
  while (true) {
    auto next = address.with({MultiaddrProtocol::kWs, {}});
    if (!next) {
      EXPECT_EQ(next.error(), MultiaddrError::kTooLong);
      break;
    }
    address = *next;
    ++count;
  }
  EXPECT_EQ(count, Multiaddr::kMaxBytes / 2);
  // The longest address still has a text form that parses.
  EXPECT_EQ(parse(address.to_string()), address);
}

TEST(Multiaddr, P2pAccessors) {
  const PeerId peer = PeerId::from_base58(kPeer).value();
  const Multiaddr base = parse("/ip4/127.0.0.1/tcp/30333");
  EXPECT_EQ(base.peer_id(), std::nullopt);
  EXPECT_EQ(base.without_p2p(), base);

  const Multiaddr full = base.with_p2p(peer).value();
  EXPECT_EQ(full.to_string(), "/ip4/127.0.0.1/tcp/30333/p2p/" + std::string(kPeer));
  EXPECT_EQ(full.peer_id(), peer);
  EXPECT_EQ(full.without_p2p(), base);
  EXPECT_EQ(full.with_p2p(peer).value(), full);  // already there: unchanged

  const PeerId other = PeerId::from_ed25519(crypto::ed25519::PublicKey{});
  EXPECT_EQ(full.with_p2p(other).error(), MultiaddrError::kPeerIdMismatch);

  // Only a final /p2p counts.
  const Multiaddr middle = parse("/p2p/" + std::string(kPeer) + "/ws");
  EXPECT_EQ(middle.peer_id(), std::nullopt);
  EXPECT_EQ(middle.without_p2p(), middle);
}

TEST(Multiaddr, TcpEndpoint) {
  const std::string peer(kPeer);
  EXPECT_EQ(parse("/ip4/10.1.2.3/tcp/30333").tcp_endpoint(),
            (TcpEndpoint{MultiaddrProtocol::kIp4, "10.1.2.3", 30333}));
  EXPECT_EQ(parse("/ip6/2001:db8::7/tcp/1/p2p/" + peer).tcp_endpoint(),
            (TcpEndpoint{MultiaddrProtocol::kIp6, "2001:db8::7", 1}));
  EXPECT_EQ(parse("/dns4/boot.example/tcp/30333/p2p/" + peer).tcp_endpoint(),
            (TcpEndpoint{MultiaddrProtocol::kDns4, "boot.example", 30333}));
  EXPECT_EQ(parse("/dns/boot.example/tcp/443/wss").tcp_endpoint(), std::nullopt);
  EXPECT_EQ(parse("/ip4/1.2.3.4/udp/1/quic-v1").tcp_endpoint(), std::nullopt);
  EXPECT_EQ(parse("/dnsaddr/boot.example/tcp/1").tcp_endpoint(), std::nullopt);
  EXPECT_EQ(parse("/tcp/1/ip4/1.2.3.4").tcp_endpoint(), std::nullopt);
  EXPECT_EQ(parse("/ip4/1.2.3.4").tcp_endpoint(), std::nullopt);
  EXPECT_EQ(Multiaddr().tcp_endpoint(), std::nullopt);
}

}  // namespace
}  // namespace canary::network
