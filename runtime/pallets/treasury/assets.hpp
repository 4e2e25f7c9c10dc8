// The asset kinds Canary's Treasury knows without XCM, and the BalanceConverter its `spend` uses.
//
// Kusama (FR-1.7.1 lib.rs) converts with AssetRateWithNative = UnityOrOuterConversion<
// ContainsLocationParts<FromContains<IsChildSystemParachain<ParaId>, IsParentsOnly<1>>>,
// AssetRate>: KSM held on a system parachain (location (0, X1(Parachain(id < 2000))), asset id
// (1, Here)) counts one to one, any other asset at AssetRate's rate. Canary has no AssetRate, so
// only native KSM converts: Kusama's system-parachain form, and the relay's own (Here, Here), the
// asset the native paymaster pays (paymaster.hpp). Anything else is FailedToConvertBalance, as
// an asset without a rate is on Kusama. The checks read alike in XCM v3, v4 and v5 (no network
// ids are involved), so they look at each version's value as it is.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>

#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/xcm/versioned.hpp"

namespace canary::rt::pallets::treasury {

// polkadot_parachain_primitives::Id::is_system: ids below 2000.
inline constexpr uint32_t kLowestPublicParaId = 2000;

// The asset id as a location (v3's Concrete; an Abstract id has none).
template <uint8_t V>
const xcm::Location<V>* asset_location(const xcm::AssetId<V>& id) {
  return id.abstract_id ? nullptr : &id.location;
}

// KSM on the relay itself: location Here, asset id Here.
inline bool is_relay_native(const xcm::VersionedLocatableAsset& asset) {
  return asset.visit([](const auto& location, const auto& asset_id) {
    const auto* id = asset_location(asset_id);
    return location.is_here() && id != nullptr && id->is_here();
  });
}

// KSM held on a system parachain (Kusama's ContainsLocationParts<FromContains<
// IsChildSystemParachain, IsParentsOnly<1>>>).
inline bool is_system_parachain_native(const xcm::VersionedLocatableAsset& asset) {
  return asset.visit([](const auto& location, const auto& asset_id) {
    using Junction = std::decay_t<decltype(location.interior.items[0])>;
    const auto* id = asset_location(asset_id);
    if (id == nullptr || id->parents != 1 || !id->interior.items.empty()) return false;
    if (location.parents != 0 || location.interior.items.size() != 1) return false;
    const auto* para = std::get_if<typename Junction::Parachain>(&location.interior.items[0].value);
    return para != nullptr && para->id < kLowestPublicParaId;
  });
}

// The account a relay-local beneficiary names: (0, X1(AccountId32 {network: None, id})).
inline std::optional<AccountId32> local_account(const xcm::VersionedLocation& beneficiary) {
  return beneficiary.visit([](const auto& location) -> std::optional<AccountId32> {
    using Junction = std::decay_t<decltype(location.interior.items[0])>;
    if (location.parents != 0 || location.interior.items.size() != 1) return std::nullopt;
    const auto* account =
        std::get_if<typename Junction::AccountId32>(&location.interior.items[0].value);
    if (account == nullptr || account->network) return std::nullopt;
    AccountId32 out;
    out.bytes = account->id;
    return out;
  });
}

// ConversionFromAssetBalance for Treasury::spend: the amount in native balance, or nullopt when
// the asset has no rate.
struct NativeBalanceConverter {
  static std::optional<traits::tokens::Balance> from_asset_balance(
      traits::tokens::Balance amount, const xcm::VersionedLocatableAsset& asset) {
    if (is_relay_native(asset) || is_system_parachain_native(asset)) return amount;
    return std::nullopt;
  }
};

}  // namespace canary::rt::pallets::treasury
