// Whether an address is reachable from the public Internet: what sc-network asks before putting a
// peer's self-reported address into the DHT (discovery.rs `can_add_to_dht`: global IPs and DNS
// names; `--discover-local` lifts it) and before dialing an address the DHT gave us
// (`allow_private_ip`).
//
// "Global" follows the IANA special-purpose address registries (RFC 6890 and updates), as the
// ip_network crate sc-network uses: IPv4 private (10/8, 172.16/12, 192.168/16), loopback,
// link-local, shared (100.64/10), "this network" (0/8), IETF protocol assignments (192.0.0/24,
// except 192.0.0.9 and .10), documentation, benchmarking (198.18/15), multicast, reserved (240/4)
// and broadcast are not; IPv6 unspecified, loopback, IPv4-mapped (judged by the IPv4 address),
// the IPv4/IPv6 translation prefix 64:ff9b:1::/48, discard (100::/64), the IETF block 2001::/23
// (except its global sub-blocks), documentation (2001:db8::/32), unique local (fc00::/7),
// link-local (fe80::/10) and multicast are not.
#pragma once

#include "network/libp2p/multiaddr.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::network {

bool is_global_ip4(const ByteArray<4>& address);
bool is_global_ip6(const ByteArray<16>& address);

// By the address's first component: /ip4 and /ip6 by their scope, /dns, /dns4 and /dns6 always
// (a name says nothing of where it points), anything else never.
bool is_global_address(const Multiaddr& address);

}  // namespace canary::network
