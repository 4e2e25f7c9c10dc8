#include "network/libp2p/ip_scope.hpp"

#include <algorithm>

namespace canary::network {

bool is_global_ip4(const ByteArray<4>& a) {
  if (a[0] == 0 || a[0] == 10 || a[0] == 127) return false;  // this network, private, loopback
  if (a[0] == 100 && (a[1] & 0xc0) == 64) return false;      // shared 100.64/10
  if (a[0] == 169 && a[1] == 254) return false;              // link-local
  if (a[0] == 172 && (a[1] & 0xf0) == 16) return false;      // private 172.16/12
  if (a[0] == 192 && a[1] == 168) return false;              // private
  if (a[0] == 192 && a[1] == 0 && a[2] == 0) {               // IETF protocol assignments
    return a[3] == 9 || a[3] == 10;                          // PCP / TURN anycast are global
  }
  if (a[0] == 192 && a[1] == 0 && a[2] == 2) return false;     // TEST-NET-1
  if (a[0] == 198 && (a[1] & 0xfe) == 18) return false;        // benchmarking 198.18/15
  if (a[0] == 198 && a[1] == 51 && a[2] == 100) return false;  // TEST-NET-2
  if (a[0] == 203 && a[1] == 0 && a[2] == 113) return false;   // TEST-NET-3
  if (a[0] >= 224) return false;  // multicast 224/4, reserved 240/4, broadcast
  return true;
}

bool is_global_ip6(const ByteArray<16>& a) {
  auto prefix_zero = [&](size_t bytes) {
    return std::all_of(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(bytes),
                       [](uint8_t b) { return b == 0; });
  };
  if (prefix_zero(15) && (a[15] == 0 || a[15] == 1)) return false;  // unspecified, loopback
  if (prefix_zero(10) && a[10] == 0xff && a[11] == 0xff) {          // IPv4-mapped
    return is_global_ip4(ByteArray<4>{a[12], a[13], a[14], a[15]});
  }
  if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b && a[4] == 0x00 &&
      a[5] == 0x01) {
    return false;  // 64:ff9b:1::/48, local IPv4/IPv6 translation
  }
  if (a[0] == 0x01 && a[1] == 0x00 &&
      std::all_of(a.begin() + 2, a.begin() + 8, [](uint8_t b) { return b == 0; })) {
    return false;  // 100::/64, discard-only
  }
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] < 0x02) {  // 2001::/23, IETF protocol assignments
    const bool anycast =
        a[2] == 0x00 && a[3] == 0x01 &&
        std::all_of(a.begin() + 4, a.begin() + 15, [](uint8_t b) { return b == 0; }) &&
        (a[15] == 1 || a[15] == 2);                 // 2001:1::1, ::2
    const bool amt = a[2] == 0x00 && a[3] == 0x03;  // 2001:3::/32
    const bool as112 =
        a[2] == 0x00 && a[3] == 0x04 && a[4] == 0x01 && a[5] == 0x12;  // 2001:4:112::/48
    const bool orchid = a[2] == 0x00 && (a[3] & 0xf0) == 0x20;         // 2001:20::/28
    return anycast || amt || as112 || orchid;
  }
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) return false;  // documentation
  if ((a[0] & 0xfe) == 0xfc) return false;                                         // unique local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return false;                         // link-local
  if (a[0] == 0xff) return false;                                                  // multicast
  return true;
}

bool is_global_address(const Multiaddr& address) {
  const auto components = address.components();
  if (components.empty()) return false;
  const MultiaddrComponent& first = components.front();
  switch (first.protocol) {
    case MultiaddrProtocol::kIp4:
      if (first.value.size() != 4) return false;
      return is_global_ip4(
          ByteArray<4>{first.value[0], first.value[1], first.value[2], first.value[3]});
    case MultiaddrProtocol::kIp6: {
      if (first.value.size() != 16) return false;
      ByteArray<16> ip{};
      std::copy(first.value.begin(), first.value.end(), ip.begin());
      return is_global_ip6(ip);
    }
    case MultiaddrProtocol::kDns:
    case MultiaddrProtocol::kDns4:
    case MultiaddrProtocol::kDns6:
      return true;
    default:
      return false;
  }
}

}  // namespace canary::network
