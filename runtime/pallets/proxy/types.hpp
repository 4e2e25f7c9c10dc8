// pallet_proxy's types: a proxy relationship (ProxyDefinition), an announced call
// (Announcement), which deposit a poke changed (DepositKind), and the account of a pure proxy
// (pure_account), with FRAME's encodings and metadata paths (substrate/frame/proxy lib.rs,
// pallet-proxy 42 as Kusama FR-1.7.1 builds it).
#pragma once

#include <cstdint>
#include <string_view>
#include <tuple>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/io/hashing.hpp"

namespace canary::rt::pallets::proxy {

// pallet_proxy::ProxyDefinition<AccountId, ProxyType, BlockNumber>: `delegate` may act for the
// account whose list holds it, within `proxy_type`, after announcing `delay` blocks ahead (0: no
// announcement). Ordered as FRAME derives Ord (delegate, then type, then delay): the lists are
// kept sorted and searched by binary search.
template <class ProxyType>
struct ProxyDefinition {
  AccountId32 delegate;
  ProxyType proxy_type{};
  BlockNumber delay = 0;
  auto operator<=>(const ProxyDefinition&) const = default;
  bool operator==(const ProxyDefinition&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("delegate", &ProxyDefinition::delegate, "AccountId"),
                      field("proxy_type", &ProxyDefinition::proxy_type, "ProxyType"),
                      field("delay", &ProxyDefinition::delay, "BlockNumber")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_proxy", "ProxyDefinition"});
    b.param<AccountId32>("AccountId");
    b.param<ProxyType>("ProxyType");
    b.param<BlockNumber>("BlockNumber");
    add_fields(b, fields());
  }
};

// pallet_proxy::Announcement<AccountId, Hash, BlockNumber>: a delegate's announced call for
// `real`, by hash (BlakeTwo256 of the encoded call), made at `height`.
struct Announcement {
  AccountId32 real;
  H256 call_hash;
  BlockNumber height = 0;
  bool operator==(const Announcement&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("real", &Announcement::real, "AccountId"),
                      field("call_hash", &Announcement::call_hash, "Hash"),
                      field("height", &Announcement::height, "BlockNumber")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_proxy", "Announcement"});
    b.param<AccountId32>("AccountId").param<H256>("Hash").param<BlockNumber>("BlockNumber");
    add_fields(b, fields());
  }
};

// pallet_proxy::DepositKind: which of an account's deposits poke_deposit changed.
enum class DepositKind : uint8_t { kProxies = 0, kAnnouncements = 1 };
inline bool scale_is_valid(DepositKind k) {
  return static_cast<uint8_t>(k) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const DepositKind*) {
  b.path({"pallet_proxy", "DepositKind"});
  b.variant(0, "Proxies").variant(1, "Announcements");
}

// FRAME's `pure_account`: blake2_256 of the SCALE encoding of (b"modlpy/proxy____", spawner,
// height, ext_index, proxy_type, index): the 16-byte prefix is a fixed-size array (no length),
// the spawner its 32 bytes, height and ext_index u32 LE, the proxy type its encoding (one byte on
// Kusama), index u16 LE. The hash is 32 bytes, so TrailingZeroInput decodes the AccountId32 from
// them alone: no zero padding is ever read.
template <class ProxyType>
AccountId32 pure_account(const AccountId32& spawner, const ProxyType& proxy_type, uint16_t index,
                         BlockNumber height, uint32_t ext_index) {
  static constexpr std::string_view kPrefix = "modlpy/proxy____";
  Bytes entropy(kPrefix.begin(), kPrefix.end());
  const auto append = [&](const Bytes& encoded) {
    entropy.insert(entropy.end(), encoded.begin(), encoded.end());
  };
  append(scale::encode(spawner));
  append(scale::encode(height));
  append(scale::encode(ext_index));
  append(scale::encode(proxy_type));
  append(scale::encode(index));
  return AccountId32{io::hashing::blake2_256(entropy)};
}

}  // namespace canary::rt::pallets::proxy
