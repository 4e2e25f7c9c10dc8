// What the staking pallet's native tests share (staking_test.cpp, staking_slashing_test.cpp): a
// RuntimeHoldReason with Staking's variant, a storage-backed VoterList double, Kusama's staking
// constants for a test runtime to inherit, and helpers that dispatch and read events as the
// executive does.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/election/onchain.hpp"
#include "runtime/framework/npos/era_payout.hpp"
#include "runtime/framework/traits/sorted_list.hpp"
#include "runtime/framework/traits/staking.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/staking/kusama_constants.hpp"
#include "runtime/pallets/staking/staking.hpp"
#include "runtime/testing/dispatch.hpp"

namespace canary::rt::staking_testing {

using traits::staking::VoteWeight;

// The runtime's RuntimeHoldReason: Staking(HoldReason::Staking) and one other reason.
enum class TestHoldReason : uint8_t { kStaking = 0, kPreimage = 1 };
inline bool scale_is_valid(TestHoldReason r) {
  return static_cast<uint8_t>(r) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const TestHoldReason*) {
  b.path({"test_runtime", "RuntimeHoldReason"});
  b.variant(0, "Staking").variant(1, "Preimage");
}

// A SortedListProvider double: (account, score) pairs sorted by score (highest first, then by
// insertion), kept in storage so that a failed call's changes vanish with the rest.
struct TestVoterList {
  using Entries = std::vector<std::pair<AccountId32, VoteWeight>>;
  static Bytes key() { return Bytes{':', 't', 'e', 's', 't', '_', 'v', 'o', 't', 'e', 'r', 's'}; }
  static Entries load() {
    auto raw = io::storage::get(key());
    if (!raw) return {};
    return scale::decode<Entries>(*raw).value_or(Entries{});
  }
  static void store(const Entries& entries) {
    const Bytes raw = scale::encode(entries);
    io::storage::set(key(), raw);
  }
  static Entries::const_iterator find(const Entries& entries, const AccountId32& who) {
    return std::find_if(entries.begin(), entries.end(),
                        [&](const auto& e) { return e.first == who; });
  }
  static void insert_sorted(Entries& entries, const AccountId32& who, VoteWeight score) {
    auto at = std::find_if(entries.begin(), entries.end(),
                           [&](const auto& e) { return e.second < score; });
    entries.insert(at, {who, score});
  }

  template <class F>
  static void iter_while(F&& visit) {
    for (const auto& [who, score] : load()) {
      if (!visit(who)) return;
    }
  }
  template <class F>
  static traits::SortedListResult<> iter_from_while(const AccountId32& start, F&& visit) {
    const Entries entries = load();
    auto it = find(entries, start);
    if (it == entries.end()) return unexpected(traits::SortedListError::kNodeNotFound);
    for (++it; it != entries.end(); ++it) {
      if (!visit(it->first)) break;
    }
    return {};
  }
  static uint32_t count() { return static_cast<uint32_t>(load().size()); }
  static bool contains(const AccountId32& who) {
    const Entries entries = load();
    return find(entries, who) != entries.end();
  }
  static traits::SortedListResult<VoteWeight> get_score(const AccountId32& who) {
    const Entries entries = load();
    auto it = find(entries, who);
    if (it == entries.end()) return unexpected(traits::SortedListError::kNodeNotFound);
    return it->second;
  }
  static traits::SortedListResult<> on_insert(const AccountId32& who, VoteWeight score) {
    Entries entries = load();
    if (find(entries, who) != entries.end()) {
      return unexpected(traits::SortedListError::kDuplicate);
    }
    insert_sorted(entries, who, score);
    store(entries);
    return {};
  }
  static traits::SortedListResult<> on_update(const AccountId32& who, VoteWeight score) {
    Entries entries = load();
    auto it = find(entries, who);
    if (it == entries.end()) return unexpected(traits::SortedListError::kNodeNotFound);
    entries.erase(it);
    insert_sorted(entries, who, score);
    store(entries);
    return {};
  }
  static traits::SortedListResult<> on_increase(const AccountId32& who, VoteWeight by) {
    auto score = get_score(who);
    if (!score) return unexpected(score.error());
    return on_update(who, *score + by);
  }
  static traits::SortedListResult<> on_decrease(const AccountId32& who, VoteWeight by) {
    auto score = get_score(who);
    if (!score) return unexpected(score.error());
    return on_update(who, *score > by ? *score - by : 0);
  }
  static traits::SortedListResult<> on_remove(const AccountId32& who) {
    Entries entries = load();
    auto it = find(entries, who);
    if (it == entries.end()) return unexpected(traits::SortedListError::kNodeNotFound);
    entries.erase(it);
    store(entries);
    return {};
  }
  static void unsafe_clear() { io::storage::clear(key()); }
};
static_assert(traits::SortedListProvider<TestVoterList>);

// Kusama's Staking constants, for a test runtime to inherit.
using KusamaStakingConstants = pallets::staking::KusamaConstants;

// The era machinery's clock (T::UnixTime): a time the test sets, in ms.
struct TestClock {
  static uint64_t& now() {
    static uint64_t ms = 0;
    return ms;
  }
  static uint64_t get() { return now(); }
};
// The era machinery's configuration a test runtime inherits: the clock and Kusama's era payout
// (no auction slots).
struct TestEraConfig {
  using UnixTime = TestClock;
  static std::pair<pallets::staking::Balance, pallets::staking::Balance> era_payout(
      pallets::staking::Balance staked, pallets::staking::Balance issuance, uint64_t duration_ms) {
    const npos::EraPayoutSplit split =
        npos::kusama_era_payout(staked, issuance, duration_ms, std::nullopt);
    return {split.staking_payout, split.rest};
  }
};
// The on-chain election of a test runtime's Staking (seq-Phragmén in Perbill, sorted and
// truncated to 100 winners of 64 backers).
template <class StakingPallet>
struct TestOnChain {
  using DataProvider = StakingPallet;
  using Accuracy = arithmetic::Perbill;
  static constexpr uint32_t kMaxWinnersPerPage = 100;
  static constexpr uint32_t kMaxBackersPerWinner = 64;
  static constexpr bool kSort = true;
};
template <class StakingPallet>
using TestElection = election::OnChainExecution<TestOnChain<StakingPallet>>;

inline std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}

// The text of Staking's (index 6) error `e` as a DispatchError prints it.
inline std::string module_error(pallets::staking::Error e) {
  const auto index = static_cast<uint8_t>(e);
  return "Module { index: 6, error: 0x" +
         to_hex(ByteSpan(std::array<uint8_t, 4>{index, 0, 0, 0}), false) + " }";
}

// Dispatches a call of the runtime's Staking as the executive does (testing/dispatch.hpp).
template <class Runtime>
DispatchResultWithPostInfo dispatch(typename Runtime::Staking::Call call, const Origin& origin) {
  return testing::dispatch<Runtime, typename Runtime::Staking>(std::move(call), origin);
}

// The runtime's Staking events deposited in this block, in order.
template <class Runtime>
std::vector<typename Runtime::Staking::Event> staking_events() {
  return testing::events_of<Runtime, typename Runtime::Staking>();
}

// Those of the runtime's Staking events that are an E, in order.
template <class Runtime, class E>
std::vector<E> staking_events_of() {
  std::vector<E> out;
  for (const auto& e : staking_events<Runtime>()) {
    if (const E* x = std::get_if<E>(&e)) out.push_back(*x);
  }
  return out;
}

// What `who` has on hold for staking.
template <class Runtime>
traits::staking::Balance staking_hold(const AccountId32& who) {
  return Runtime::Balances::balance_on_hold(TestHoldReason::kStaking, who);
}

// The stash's ledger; a test failure when it has none.
template <class Runtime>
typename Runtime::Staking::StakingLedger ledger_of(const AccountId32& stash) {
  auto l = Runtime::Staking::ledger(pallets::staking::StakingAccount::stash(stash));
  EXPECT_TRUE(l.has_value());
  return l ? l->data : typename Runtime::Staking::StakingLedger{};
}

}  // namespace canary::rt::staking_testing
