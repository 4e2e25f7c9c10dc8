// Kusama's ProxyType (kusama_runtime_constants::proxy::ProxyType, FR-1.7.1; the indices of the
// spec 1_009_002 metadata) and its InstanceFilter (relay/kusama/src/lib.rs, TransparentProxyType),
// framework-free: a filter over a call's (pallet index, call index), Kusama's indices. Kusama's
// lists name pallets Canary lacks (Bounties, Society, Nis, Registrar, ...): they are kept by their
// Kusama index, so the filter is Kusama's whichever pallets the runtime composes.
#pragma once

#include <cstdint>
#include <initializer_list>

#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::canary_runtime {

// Index 4 is skipped (formerly IdentityJudgement). Any (0) is FRAME's Default: the most
// permissive type.
enum class ProxyType : uint8_t {
  kAny = 0,
  kNonTransfer = 1,
  kGovernance = 2,
  kStaking = 3,
  kCancelProxy = 5,
  kAuction = 6,
  kSociety = 7,
  kNominationPools = 8,
  kSpokesperson = 9,
  kParaRegistration = 10,
};
inline bool scale_is_valid(ProxyType t) {
  const auto n = static_cast<uint8_t>(t);
  return n <= 10 && n != 4;
}
inline void canary_type_info(meta::TypeBuilder& b, const ProxyType*) {
  b.path({"kusama_runtime_constants", "proxy", "ProxyType"});
  b.variant(0, "Any").variant(1, "NonTransfer").variant(2, "Governance").variant(3, "Staking");
  b.variant(5, "CancelProxy").variant(6, "Auction").variant(7, "Society");
  b.variant(8, "NominationPools").variant(9, "Spokesperson").variant(10, "ParaRegistration");
}

// Kusama's pallet indices (construct_runtime!) that its filters name.
namespace kusama_pallet {
inline constexpr uint8_t kSystem = 0, kBabe = 1, kTimestamp = 2, kIndices = 3, kStaking = 6,
                         kSession = 8, kGrandpa = 10, kTreasury = 18, kClaims = 19,
                         kConvictionVoting = 20, kReferenda = 21, kFellowshipCollective = 22,
                         kFellowshipReferenda = 23, kUtility = 24, kSociety = 26, kRecovery = 27,
                         kVesting = 28, kScheduler = 29, kProxy = 30, kMultisig = 31,
                         kBounties = 35, kNis = 38, kVoterList = 39, kChildBounties = 40,
                         kNominationPools = 41, kFastUnstake = 42, kWhitelist = 44, kRegistrar = 70,
                         kSlots = 71, kAuctions = 72, kCrowdloan = 73;
}  // namespace kusama_pallet

// InstanceFilter::filter: may a proxy of `type` dispatch the call (pallet, call)?
constexpr bool proxy_type_allows(ProxyType type, uint8_t pallet, uint8_t call) {
  namespace k = kusama_pallet;
  const auto any_of = [pallet](std::initializer_list<uint8_t> pallets) {
    for (const uint8_t p : pallets) {
      if (p == pallet) return true;
    }
    return false;
  };
  const auto call_in = [call](std::initializer_list<uint8_t> calls) {
    for (const uint8_t c : calls) {
      if (c == call) return true;
    }
    return false;
  };
  switch (type) {
    case ProxyType::kAny:
      return true;
    case ProxyType::kNonTransfer:
      // Not Balances, not Indices' transfers (1, 3), not Recovery's create/initiate (2, 3) nor
      // set_recovered, not Vesting's vested transfers (2, 3), not Registrar's swap, not XCM,
      // not Preimage.
      if (pallet == k::kIndices) return call_in({0, 2, 4});  // claim, free, freeze
      if (pallet == k::kRecovery) return call_in({0, 4, 5, 6, 7, 8});
      if (pallet == k::kVesting) return call_in({0, 1});       // vest, vest_other
      if (pallet == k::kRegistrar) return call_in({0, 2, 5});  // register, deregister, reserve
      return any_of({k::kSystem,
                     k::kBabe,
                     k::kTimestamp,
                     k::kStaking,
                     k::kSession,
                     k::kGrandpa,
                     k::kTreasury,
                     k::kBounties,
                     k::kChildBounties,
                     k::kConvictionVoting,
                     k::kReferenda,
                     k::kFellowshipCollective,
                     k::kFellowshipReferenda,
                     k::kWhitelist,
                     k::kClaims,
                     k::kUtility,
                     k::kSociety,
                     k::kScheduler,
                     k::kProxy,
                     k::kMultisig,
                     k::kNis,
                     k::kCrowdloan,
                     k::kSlots,
                     k::kAuctions,
                     k::kVoterList,
                     k::kNominationPools,
                     k::kFastUnstake});
    case ProxyType::kGovernance:
      return any_of({k::kTreasury, k::kBounties, k::kUtility, k::kChildBounties,
                     k::kConvictionVoting, k::kReferenda, k::kFellowshipCollective,
                     k::kFellowshipReferenda, k::kWhitelist});
    case ProxyType::kStaking:
      return any_of({k::kStaking, k::kSession, k::kUtility, k::kFastUnstake, k::kVoterList,
                     k::kNominationPools});
    case ProxyType::kNominationPools:
      return any_of({k::kNominationPools, k::kUtility});
    case ProxyType::kCancelProxy:
      if (pallet == k::kProxy) return call == 8;  // reject_announcement
      return any_of({k::kUtility, k::kMultisig});
    case ProxyType::kAuction:
      return any_of({k::kAuctions, k::kCrowdloan, k::kRegistrar, k::kSlots});
    case ProxyType::kSociety:
      return pallet == k::kSociety;
    case ProxyType::kSpokesperson:
      return pallet == k::kSystem && call_in({0, 7});  // remark, remark_with_event
    case ProxyType::kParaRegistration:
      if (pallet == k::kRegistrar) return call_in({0, 5});   // register, reserve
      if (pallet == k::kUtility) return call_in({0, 2, 4});  // batch, batch_all, force_batch
      return pallet == k::kProxy && call == 2;               // remove_proxy
  }
  return false;
}

// InstanceFilter::is_superset: equal types, Any over everything, NonTransfer over everything but
// Any.
constexpr bool proxy_type_is_superset(ProxyType a, ProxyType b) {
  if (a == b || a == ProxyType::kAny) return true;
  if (b == ProxyType::kAny) return false;
  return a == ProxyType::kNonTransfer;
}

}  // namespace canary::rt::canary_runtime
