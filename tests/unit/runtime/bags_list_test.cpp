// pallet_bags_list natively, as Kusama's VoterList (index 39) on a test runtime, with the SDK's
// mock (substrate/frame/bags-list/src/mock.rs): thresholds [10, 20, 30, 40, 50, 60, 1000, 2000,
// 10000] and accounts 1 (score 10), 2, 3, 4 (score 1000). The scenarios of the SDK's list tests
// and pallet tests: insertion order, removal from head, middle and tail, rebagging across bags
// with its events, put_in_front_of's rules and errors, iteration and iter_from, empty bags removed,
// scores on a threshold, 0 and u64::MAX, the lock, the automatic rebagging in on_idle, try-state,
// the storage keys against the hashers, the metadata, and Kusama's 200 thresholds.
#include "runtime/pallets/bags_list/bags_list.hpp"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <optional>
#include <vector>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/bags_list/kusama_thresholds.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace bags_list = pallets::bags_list;
using bags_list::Score;
using rt::testing::account;
using ListError = traits::SortedListError;

// The SDK mock's StakingMock: scores set by the test; an account without one has none.
struct TestScores {
  static inline std::map<AccountId32, Score> scores;
  static std::optional<Score> maybe_score(const AccountId32& who) {
    auto it = scores.find(who);
    if (it == scores.end()) return std::nullopt;
    return it->second;
  }
  static Score score(const AccountId32& who) { return maybe_score(who).value_or(0); }
  static void set(uint8_t who, Score score) { scores[account(who)] = score; }
};
static_assert(traits::ScoreProvider<TestScores>);

struct Runtime : rt::testing::TestRuntimeBase {
  using System = pallets::system::Pallet<Runtime, PalletAt<0, "System">>;
  using VoterList = bags_list::Pallet<Runtime, PalletAt<39, "VoterList">>;
  using Pallets = Composition<"test_runtime", System, VoterList>;

  using ScoreProvider = TestScores;
  static constexpr std::array<Score, 9> kBagThresholds = {10, 20,    30,    40,    50,
                                                          60, 1'000, 2'000, 10'000};
  static constexpr uint32_t kMaxAutoRebagPerBlock = 0;
};
using System = Runtime::System;
using VoterList = Runtime::VoterList;
static_assert(traits::SortedListProvider<VoterList>);

// The same list in runtimes of their own (the events go through their composition), configured
// by an instance configuration C (Pallet<T, At, C>): on_idle's automatic rebagging of N nodes
// per block, a ScoreProvider without "none", Kusama's thresholds and auto-rebag value.
template <class C>
struct RuntimeWith : Runtime {
  using System = pallets::system::Pallet<RuntimeWith, PalletAt<0, "System">>;
  using VoterList = bags_list::Pallet<RuntimeWith, PalletAt<39, "VoterList">, C>;
  using Pallets = Composition<"test_runtime", System, VoterList>;
};

template <uint32_t N>
struct AutoRebag {
  using ScoreProvider = TestScores;
  static constexpr auto kBagThresholds = Runtime::kBagThresholds;
  static constexpr uint32_t kMaxAutoRebagPerBlock = N;
};
template <uint32_t N>
using AutoList = typename RuntimeWith<AutoRebag<N>>::VoterList;

// A ScoreProvider with score() only (no "none"): rebag moves listed accounts only.
struct PlainScores {
  static Score score(const AccountId32& who) { return TestScores::score(who); }
};
struct PlainConfig {
  using ScoreProvider = PlainScores;
  static constexpr auto kBagThresholds = Runtime::kBagThresholds;
  [[maybe_unused]] static constexpr uint32_t kMaxAutoRebagPerBlock = 0;  // no hook runs here
};
using PlainList = RuntimeWith<PlainConfig>::VoterList;

struct KusamaConfig {
  using ScoreProvider = TestScores;
  static constexpr auto kBagThresholds = bags_list::kusama::kBagThresholds;
  static constexpr uint32_t kMaxAutoRebagPerBlock = 10;
};
using KusamaRuntime = RuntimeWith<KusamaConfig>;
using KusamaList = KusamaRuntime::VoterList;

using Bags = std::vector<std::pair<Score, std::vector<uint8_t>>>;

// An account of the tests is account(n): its number is its first byte.
uint8_t n_of(const AccountId32& who) {
  return who.bytes[0];
}

// The non-empty bags in threshold order with their nodes head to tail (the SDK's get_bags).
Bags get_bags() {
  Bags out;
  std::vector<Score> bounds(Runtime::kBagThresholds.begin(), Runtime::kBagThresholds.end());
  bounds.push_back(UINT64_MAX);
  for (const Score upper : bounds) {
    auto bag = VoterList::get_bag(upper);
    if (!bag) continue;
    std::vector<uint8_t> ids;
    for (auto node = bag->head ? VoterList::get_node(*bag->head) : std::nullopt; node;
         node = node->next ? VoterList::get_node(*node->next) : std::nullopt) {
      ids.push_back(n_of(node->id));
    }
    out.emplace_back(upper, std::move(ids));
  }
  return out;
}

std::vector<uint8_t> list_ids() {
  std::vector<uint8_t> out;
  VoterList::iter_while([&](const AccountId32& who) {
    out.push_back(n_of(who));
    return true;
  });
  return out;
}

Result<std::vector<uint8_t>, ListError> ids_from(uint8_t start) {
  std::vector<uint8_t> out;
  auto done = VoterList::iter_from_while(account(start), [&](const AccountId32& who) {
    out.push_back(n_of(who));
    return true;
  });
  if (!done) return unexpected(done.error());
  return out;
}

std::vector<VoterList::Event> list_events() {
  std::vector<VoterList::Event> out;
  for (const auto& record : System::EventsOf<>::get()) {
    if (const auto* e = std::get_if<PalletEvent<VoterList>>(&record.event.value)) {
      out.push_back(e->event);
    }
  }
  return out;
}

// The mock's genesis: (1, 10), (2, 1000), (3, 1000), (4, 1000), plus `extra`, scores as inserted;
// the test runs in block 1 and try-state must hold after it.
template <class F>
void with_list(std::vector<std::pair<uint8_t, Score>> extra, F&& f) {
  TestScores::scores.clear();
  rt::testing::TestExternalities ext;
  ext.execute_with([&] {
    std::vector<std::pair<uint8_t, Score>> ids = {{1, 10}, {2, 1'000}, {3, 1'000}, {4, 1'000}};
    ids.insert(ids.end(), extra.begin(), extra.end());
    for (const auto& [who, score] : ids) {
      TestScores::set(who, score);
      ASSERT_TRUE(VoterList::on_insert(account(who), score));
    }
    System::initialize(1, H256{}, {});
    f();
    auto checked = VoterList::try_state(1);
    EXPECT_TRUE(checked) << checked.error();
  });
}
template <class F>
void with_list(F&& f) {
  with_list({}, std::forward<F>(f));
}

// The error of a failed list operation (none when it succeeded).
template <class R>
std::optional<ListError> error_of(const R& result) {
  if (result) return std::nullopt;
  return result.error();
}

DispatchError list_error(ListError e) {
  DispatchError error = module_error(39, 0);
  error.module.error[1] = static_cast<uint8_t>(e);
  return error;
}

TEST(BagsList, GenesisSetup) {
  with_list([] {
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 3, 4}}}));
    EXPECT_EQ(list_ids(), (std::vector<uint8_t>{2, 3, 4, 1}));
    EXPECT_EQ(VoterList::count(), 4u);
    EXPECT_EQ(VoterList::ListNodes::count(), 4u);
    // Node and bag links as the SDK stores them.
    EXPECT_EQ(VoterList::get_node(account(3)),
              (bags_list::Node{account(3), account(2), account(4), 1'000, 1'000}));
    EXPECT_EQ(VoterList::get_node(account(1)),
              (bags_list::Node{account(1), std::nullopt, std::nullopt, 10, 10}));
    EXPECT_EQ(VoterList::get_bag(1'000), (bags_list::Bag{account(2), account(4)}));
    EXPECT_EQ(VoterList::get_bag(20), std::nullopt);
  });
}

TEST(BagsList, NotionalBagForScoresOnAndBetweenThresholds) {
  with_list([] {
    EXPECT_EQ(VoterList::notional_bag_for(0), 10u);
    EXPECT_EQ(VoterList::notional_bag_for(1), 10u);
    EXPECT_EQ(VoterList::notional_bag_for(10), 10u);  // exactly on a threshold: that bag
    EXPECT_EQ(VoterList::notional_bag_for(11), 20u);
    EXPECT_EQ(VoterList::notional_bag_for(61), 1'000u);
    EXPECT_EQ(VoterList::notional_bag_for(10'000), 10'000u);
    EXPECT_EQ(VoterList::notional_bag_for(10'001), UINT64_MAX);
    EXPECT_EQ(VoterList::notional_bag_for(UINT64_MAX), UINT64_MAX);
  });
}

TEST(BagsList, InsertGoesToTheTailOfItsBag) {
  with_list([] {
    // Into an existing bag: its tail.
    ASSERT_TRUE(VoterList::on_insert(account(5), 1'000));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 3, 4, 5}}}));
    // Into a new bag.
    ASSERT_TRUE(VoterList::on_insert(account(6), 1'001));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 3, 4, 5}}, {2'000, {6}}}));
    EXPECT_EQ(list_ids(), (std::vector<uint8_t>{6, 2, 3, 4, 5, 1}));
    // Scores 0 and u64::MAX: the lowest bag and the implied last one.
    ASSERT_TRUE(VoterList::on_insert(account(7), 0));
    ASSERT_TRUE(VoterList::on_insert(account(8), UINT64_MAX));
    ASSERT_TRUE(VoterList::on_insert(account(9), 10'001));
    EXPECT_EQ(get_bags(),
              (Bags{{10, {1, 7}}, {1'000, {2, 3, 4, 5}}, {2'000, {6}}, {UINT64_MAX, {8, 9}}}));
    EXPECT_EQ(list_ids(), (std::vector<uint8_t>{8, 9, 6, 2, 3, 4, 5, 1, 7}));
    EXPECT_EQ(VoterList::count(), 9u);
    // Inserting does not emit events.
    EXPECT_TRUE(list_events().empty());
  });
}

TEST(BagsList, InsertRefusesDuplicates) {
  with_list([] {
    EXPECT_EQ(error_of(VoterList::on_insert(account(3), 20)), ListError::kDuplicate);
    EXPECT_EQ(VoterList::count(), 4u);
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 3, 4}}}));
  });
}

TEST(BagsList, RemoveFromMiddleHeadTailAndLastOfABag) {
  with_list({{5, 1'000}, {6, 1'000}}, [] {
    EXPECT_EQ(error_of(VoterList::on_remove(account(42))), ListError::kNodeNotFound);
    // Middle of a bag.
    ASSERT_TRUE(VoterList::on_remove(account(3)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 4, 5, 6}}}));
    EXPECT_FALSE(VoterList::contains(account(3)));
    EXPECT_EQ(VoterList::get_node(account(3)), std::nullopt);
    // Head.
    ASSERT_TRUE(VoterList::on_remove(account(2)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {4, 5, 6}}}));
    EXPECT_EQ(VoterList::get_node(account(4))->prev, std::nullopt);
    // Tail.
    ASSERT_TRUE(VoterList::on_remove(account(6)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {4, 5}}}));
    EXPECT_EQ(VoterList::get_node(account(5))->next, std::nullopt);
    EXPECT_EQ(VoterList::get_bag(1'000), (bags_list::Bag{account(4), account(5)}));
    // The only node of a bag: the bag goes.
    ASSERT_TRUE(VoterList::on_remove(account(1)));
    EXPECT_EQ(get_bags(), (Bags{{1'000, {4, 5}}}));
    EXPECT_EQ(VoterList::get_bag(10), std::nullopt);
    EXPECT_EQ(VoterList::count(), 2u);
    // Everything: the storage is clean.
    ASSERT_TRUE(VoterList::on_remove(account(4)));
    ASSERT_TRUE(VoterList::on_remove(account(5)));
    EXPECT_TRUE(get_bags().empty());
    EXPECT_TRUE(list_ids().empty());
    EXPECT_EQ(VoterList::count(), 0u);
    EXPECT_TRUE(VoterList::ListNodes::entries().empty());
    EXPECT_TRUE(VoterList::ListBags::entries().empty());
  });
}

TEST(BagsList, OnUpdateRebagsAcrossBagsWithEvents) {
  with_list([] {
    ASSERT_TRUE(VoterList::on_insert(account(42), 20));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {20, {42}}, {1'000, {2, 3, 4}}}));
    // Up into a new bag.
    ASSERT_TRUE(VoterList::on_update(account(42), 1'001));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 3, 4}}, {2'000, {42}}}));
    EXPECT_EQ(list_ids(), (std::vector<uint8_t>{42, 2, 3, 4, 1}));
    EXPECT_EQ(list_events(),
              (std::vector<VoterList::Event>{VoterList::ScoreUpdated{account(42), 1'001},
                                             VoterList::Rebagged{account(42), 20, 2'000}}));
    EXPECT_EQ(VoterList::get_score(account(42)).value(), 1'001u);
    // Within the same bag: the score is written, the position kept, no Rebagged.
    System::reset_events();
    ASSERT_TRUE(VoterList::on_update(account(42), 1'500));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 3, 4}}, {2'000, {42}}}));
    EXPECT_EQ(list_events(),
              (std::vector<VoterList::Event>{VoterList::ScoreUpdated{account(42), 1'500}}));
    EXPECT_EQ(VoterList::get_score(account(42)).value(), 1'500u);
    // The same score: nothing to say.
    System::reset_events();
    ASSERT_TRUE(VoterList::on_update(account(42), 1'500));
    EXPECT_TRUE(list_events().empty());
    // To u64::MAX: the implied last bag.
    ASSERT_TRUE(VoterList::on_update(account(42), UINT64_MAX));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 3, 4}}, {UINT64_MAX, {42}}}));
    // Down into an existing bag, as its tail; the emptied bag goes.
    ASSERT_TRUE(VoterList::on_update(account(42), 1'000));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 3, 4, 42}}}));
    EXPECT_EQ(list_ids(), (std::vector<uint8_t>{2, 3, 4, 42, 1}));
    // A non-terminal node moves out of the middle of its bag.
    ASSERT_TRUE(VoterList::on_update(account(3), 10));
    EXPECT_EQ(get_bags(), (Bags{{10, {1, 3}}, {1'000, {2, 4, 42}}}));
    // The head of a bag.
    ASSERT_TRUE(VoterList::on_update(account(2), 10));
    EXPECT_EQ(get_bags(), (Bags{{10, {1, 3, 2}}, {1'000, {4, 42}}}));
    EXPECT_EQ(VoterList::count(), 5u);
    EXPECT_EQ(error_of(VoterList::on_update(account(77), 10)), ListError::kNodeNotFound);
  });
}

TEST(BagsList, OnIncreaseAndOnDecrease) {
  with_list([] {
    ASSERT_TRUE(VoterList::on_increase(account(1), 5));
    EXPECT_EQ(VoterList::get_score(account(1)).value(), 15u);
    EXPECT_EQ(get_bags(), (Bags{{20, {1}}, {1'000, {2, 3, 4}}}));
    ASSERT_TRUE(VoterList::on_decrease(account(2), 2'000));  // saturates at 0
    EXPECT_EQ(VoterList::get_score(account(2)).value(), 0u);
    EXPECT_EQ(get_bags(), (Bags{{10, {2}}, {20, {1}}, {1'000, {3, 4}}}));
    ASSERT_TRUE(VoterList::on_increase(account(3), UINT64_MAX));  // saturates at u64::MAX
    EXPECT_EQ(VoterList::get_score(account(3)).value(), UINT64_MAX);
    EXPECT_EQ(error_of(VoterList::on_increase(account(9), 1)), ListError::kNodeNotFound);
    EXPECT_EQ(error_of(VoterList::get_score(account(9))), ListError::kNodeNotFound);
  });
}

TEST(BagsList, IterFromFollowsTheSdkOrder) {
  with_list({{5, 5}, {6, 15}}, [] {
    EXPECT_EQ(get_bags(), (Bags{{10, {1, 5}}, {20, {6}}, {1'000, {2, 3, 4}}}));
    EXPECT_EQ(list_ids(), (std::vector<uint8_t>{2, 3, 4, 6, 1, 5}));
    EXPECT_EQ(ids_from(2).value(), (std::vector<uint8_t>{3, 4, 6, 1, 5}));
    EXPECT_EQ(ids_from(3).value(), (std::vector<uint8_t>{4, 6, 1, 5}));
    EXPECT_EQ(ids_from(4).value(), (std::vector<uint8_t>{6, 1, 5}));
    EXPECT_EQ(ids_from(6).value(), (std::vector<uint8_t>{1, 5}));
    EXPECT_EQ(ids_from(1).value(), (std::vector<uint8_t>{5}));
    EXPECT_EQ(ids_from(5).value(), (std::vector<uint8_t>{}));
    EXPECT_EQ(error_of(ids_from(7)), ListError::kNodeNotFound);
    // From the implied last bag.
    ASSERT_TRUE(VoterList::on_insert(account(8), UINT64_MAX));
    ASSERT_TRUE(VoterList::on_insert(account(9), 20'000));
    EXPECT_EQ(ids_from(8).value(), (std::vector<uint8_t>{9, 2, 3, 4, 6, 1, 5}));
    EXPECT_EQ(ids_from(9).value(), (std::vector<uint8_t>{2, 3, 4, 6, 1, 5}));
    // Stopping early.
    std::vector<uint8_t> first_two;
    VoterList::iter_while([&](const AccountId32& who) {
      first_two.push_back(n_of(who));
      return first_two.size() < 2;
    });
    EXPECT_EQ(first_two, (std::vector<uint8_t>{8, 9}));
  });
}

TEST(BagsList, PutInFrontOfWithinABag) {
  // Two nodes: the tail goes in front of the head.
  with_list([] {
    ASSERT_TRUE(VoterList::on_remove(account(4)));
    TestScores::set(3, 999);
    TestScores::set(2, 500);
    ASSERT_TRUE(VoterList::put_in_front_of(account(2), account(3)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {3, 2}}}));
    EXPECT_EQ(VoterList::get_bag(1'000), (bags_list::Bag{account(3), account(2)}));
    EXPECT_EQ(VoterList::count(), 3u);
  });
  // The tail in front of the head of a longer bag.
  with_list([] {
    TestScores::set(4, 999);
    TestScores::set(2, 500);
    ASSERT_TRUE(VoterList::put_in_front_of(account(2), account(4)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {4, 2, 3}}}));
  });
  // The head in front of a middle node... is a move of the head to just before it.
  with_list({{5, 1'000}}, [] {
    TestScores::set(2, 999);
    TestScores::set(4, 500);
    ASSERT_TRUE(VoterList::put_in_front_of(account(4), account(2)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {3, 2, 4, 5}}}));
  });
  // A middle node in front of the head.
  with_list({{5, 1'000}}, [] {
    TestScores::set(4, 999);
    TestScores::set(2, 500);
    ASSERT_TRUE(VoterList::put_in_front_of(account(2), account(4)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {4, 2, 3, 5}}}));
  });
  // The tail in front of a middle node.
  with_list({{5, 1'000}}, [] {
    TestScores::set(5, 999);
    TestScores::set(3, 500);
    ASSERT_TRUE(VoterList::put_in_front_of(account(3), account(5)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 5, 3, 4}}}));
  });
  // The head in front of the tail.
  with_list([] {
    TestScores::set(2, 999);
    TestScores::set(4, 500);
    ASSERT_TRUE(VoterList::put_in_front_of(account(4), account(2)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {3, 2, 4}}}));
  });
}

TEST(BagsList, PutInFrontOfRefusesWhatTheSdkRefuses) {
  with_list([] {
    // Not in the same bag.
    TestScores::set(2, 5'000);
    EXPECT_EQ(error_of(VoterList::put_in_front_of(account(1), account(2))),
              ListError::kNotInSameBag);
    // Not heavier: equal scores, or lower.
    TestScores::set(2, 1'000);
    EXPECT_EQ(error_of(VoterList::put_in_front_of(account(3), account(2))), ListError::kNotHeavier);
    TestScores::set(2, 999);
    EXPECT_EQ(error_of(VoterList::put_in_front_of(account(3), account(2))), ListError::kNotHeavier);
    // Either node missing.
    EXPECT_EQ(error_of(VoterList::put_in_front_of(account(3), account(9))),
              ListError::kNodeNotFound);
    EXPECT_EQ(error_of(VoterList::put_in_front_of(account(9), account(3))),
              ListError::kNodeNotFound);
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 3, 4}}}));
  });
}

TEST(BagsList, CallsDispatchWithTheSdkErrors) {
  using Call = Runtime::Pallets::Call;
  const auto signed_by = [](uint8_t n) { return Origin::signed_by(account(n)); };
  with_list([&] {
    // put_in_front_of: the caller is the heavier.
    TestScores::set(4, 1'500);
    const Call in_front =
        Call::of<VoterList>(VoterList::put_in_front_of_call{MultiAddress::id(account(2))});
    ASSERT_TRUE(in_front.dispatch(signed_by(4)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {4, 2, 3}}}));
    // put_in_front_of_other: anyone, for two others; List(NotHeavier) is [0, 1, 0, 0].
    const Call other = Call::of<VoterList>(VoterList::put_in_front_of_other{
        MultiAddress::id(account(3)), MultiAddress::id(account(4))});
    auto refused = other.dispatch(signed_by(9));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().error, list_error(ListError::kNotHeavier));
    EXPECT_EQ(refused.error().error.module.error, (std::array<uint8_t, 4>{0, 1, 0, 0}));
    EXPECT_EQ(Call::of<VoterList>(VoterList::put_in_front_of_other{MultiAddress::id(account(1)),
                                                                   MultiAddress::id(account(2))})
                  .dispatch(signed_by(9))
                  .error()
                  .error,
              list_error(ListError::kNotInSameBag));
    // rebag: anyone; the score comes from the ScoreProvider.
    TestScores::set(3, 10);
    const Call rebag3 = Call::of<VoterList>(VoterList::rebag{MultiAddress::id(account(3))});
    ASSERT_TRUE(rebag3.dispatch(signed_by(9)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1, 3}}, {1'000, {4, 2}}}));
    // rebag of an unlisted account with a score inserts it; of a listed one without, removes it.
    TestScores::set(7, 25);
    ASSERT_TRUE(
        Call::of<VoterList>(VoterList::rebag{MultiAddress::id(account(7))}).dispatch(signed_by(9)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1, 3}}, {30, {7}}, {1'000, {4, 2}}}));
    TestScores::scores.erase(account(2));
    ASSERT_TRUE(
        Call::of<VoterList>(VoterList::rebag{MultiAddress::id(account(2))}).dispatch(signed_by(9)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1, 3}}, {30, {7}}, {1'000, {4}}}));
    // Neither listed nor scored: List(NodeNotFound).
    EXPECT_EQ(Call::of<VoterList>(VoterList::rebag{MultiAddress::id(account(8))})
                  .dispatch(signed_by(9))
                  .error()
                  .error,
              list_error(ListError::kNodeNotFound));
    // Signed origins only.
    EXPECT_EQ(rebag3.dispatch(Origin::root()).error().error.kind, DispatchError::Kind::kBadOrigin);
    EXPECT_EQ(in_front.dispatch(Origin::none()).error().error.kind,
              DispatchError::Kind::kBadOrigin);
  });
}

TEST(BagsList, PlainScoreProviderRebagsListedAccountsOnly) {
  with_list([] {
    TestScores::set(3, 10);
    ASSERT_TRUE(PlainList::rebag_internal(account(3)));
    EXPECT_EQ(get_bags(), (Bags{{10, {1, 3}}, {1'000, {2, 4}}}));
    TestScores::set(7, 25);
    EXPECT_EQ(PlainList::rebag_internal(account(7)).error(), list_error(ListError::kNodeNotFound));
    EXPECT_FALSE(VoterList::contains(account(7)));
  });
}

TEST(BagsList, TheLockFreezesUpdates) {
  using Call = Runtime::Pallets::Call;
  with_list([] {
    VoterList::lock();
    EXPECT_TRUE(VoterList::Lock::exists());
    EXPECT_EQ(error_of(VoterList::on_insert(account(5), 15)), ListError::kLocked);
    EXPECT_EQ(error_of(VoterList::on_update(account(2), 15)), ListError::kLocked);
    EXPECT_EQ(error_of(VoterList::on_increase(account(2), 15)), ListError::kLocked);
    EXPECT_EQ(error_of(VoterList::on_remove(account(2))), ListError::kLocked);
    // The calls fail with the pallet's Locked (error 1).
    TestScores::set(2, 10);
    auto locked = Call::of<VoterList>(VoterList::rebag{MultiAddress::id(account(2))})
                      .dispatch(Origin::signed_by(account(9)));
    ASSERT_FALSE(locked);
    EXPECT_EQ(locked.error().error, module_error(39, 1));
    EXPECT_EQ(Call::of<VoterList>(VoterList::put_in_front_of_call{MultiAddress::id(account(3))})
                  .dispatch(Origin::signed_by(account(2)))
                  .error()
                  .error,
              module_error(39, 1));
    // Reading still works.
    EXPECT_EQ(list_ids(), (std::vector<uint8_t>{2, 3, 4, 1}));
    EXPECT_EQ(VoterList::get_score(account(2)).value(), 1'000u);
    VoterList::unlock();
    EXPECT_TRUE(VoterList::on_insert(account(5), 15));
  });
}

TEST(BagsList, OnIdleIsOffWithoutABudgetOrWeight) {
  with_list([] {
    TestScores::set(3, 10);
    // Kusama-like configuration but no budget: only the hook's weight is charged.
    EXPECT_EQ(VoterList::on_idle(1, Weight::max()), VoterList::Weights::on_idle());
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 3, 4}}}));
    EXPECT_EQ(VoterList::NextNodeAutoRebagged::get(), std::nullopt);
    // A budget but no room in the block: nothing at all.
    EXPECT_EQ(AutoList<2>::on_idle(1, Weight::zero()), Weight::zero());
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 3, 4}}}));
    EXPECT_EQ(VoterList::NextNodeAutoRebagged::get(), std::nullopt);
  });
}

TEST(BagsList, OnIdleRebagsAndKeepsItsCursor) {
  // Two per block: 2 is fine, 3 moves; the cursor stops at 4.
  with_list([] {
    TestScores::set(3, 10);
    EXPECT_EQ(AutoList<2>::on_idle(1, Weight::max()), AutoList<2>::Weights::on_idle());
    EXPECT_EQ(get_bags(), (Bags{{10, {1, 3}}, {1'000, {2, 4}}}));
    EXPECT_EQ(VoterList::NextNodeAutoRebagged::get(), account(4));
    EXPECT_EQ(list_events(),
              (std::vector<VoterList::Event>{VoterList::ScoreUpdated{account(3), 10},
                                             VoterList::Rebagged{account(3), 1'000, 10}}));
  });
  // Limited by the budget.
  with_list([] {
    TestScores::set(1, 1'000);
    TestScores::set(2, 10);
    TestScores::set(3, 10);
    TestScores::set(4, 10);
    AutoList<2>::on_idle(1, Weight::max());
    EXPECT_EQ(get_bags(), (Bags{{10, {1, 2, 3}}, {1'000, {4}}}));
    EXPECT_EQ(VoterList::NextNodeAutoRebagged::get(), account(4));
  });
  // One per block for two blocks: the second resumes at the cursor.
  with_list([] {
    TestScores::set(1, 1'000);
    TestScores::set(2, 10);
    TestScores::set(3, 10);
    TestScores::set(4, 10);
    AutoList<1>::on_idle(1, Weight::max());
    EXPECT_EQ(VoterList::NextNodeAutoRebagged::get(), account(3));
    AutoList<1>::on_idle(2, Weight::max());
    EXPECT_EQ(get_bags(), (Bags{{10, {1, 2, 3}}, {1'000, {4}}}));
    EXPECT_EQ(VoterList::NextNodeAutoRebagged::get(), account(4));
  });
  // Across bags to the end of the list: the cursor is cleared.
  with_list([] {
    TestScores::set(1, 2'000);
    TestScores::set(2, 10);
    TestScores::set(3, 10);
    TestScores::set(4, 10);
    AutoList<4>::on_idle(1, Weight::max());
    AutoList<4>::on_idle(2, Weight::max());
    EXPECT_EQ(get_bags(), (Bags{{10, {2, 3, 4}}, {2'000, {1}}}));
    EXPECT_EQ(VoterList::NextNodeAutoRebagged::get(), std::nullopt);
  });
  // Two per block over four blocks: the same end.
  with_list([] {
    TestScores::set(1, 2'000);
    TestScores::set(2, 10);
    TestScores::set(3, 10);
    TestScores::set(4, 10);
    for (BlockNumber n = 1; n <= 4; ++n) AutoList<2>::on_idle(n, Weight::max());
    EXPECT_EQ(get_bags(), (Bags{{10, {2, 3, 4}}, {2'000, {1}}}));
    EXPECT_EQ(VoterList::NextNodeAutoRebagged::get(), std::nullopt);
  });
}

TEST(BagsList, OnIdleDoesNothingOnAnEmptyOrLockedList) {
  with_list([] {
    TestScores::set(3, 10);
    VoterList::lock();
    AutoList<2>::on_idle(1, Weight::max());
    EXPECT_EQ(get_bags(), (Bags{{10, {1}}, {1'000, {2, 3, 4}}}));
    VoterList::unlock();
    for (uint8_t n = 1; n <= 4; ++n) ASSERT_TRUE(VoterList::on_remove(account(n)));
    AutoList<2>::on_idle(1, Weight::max());
    EXPECT_TRUE(get_bags().empty());
    EXPECT_EQ(VoterList::NextNodeAutoRebagged::get(), std::nullopt);
  });
}

TEST(BagsList, UnsafeRegenerateAndClear) {
  with_list([] {
    const std::vector<AccountId32> all = {account(5), account(6), account(7)};
    const uint32_t inserted =
        VoterList::unsafe_regenerate(all, [](const AccountId32& who) -> std::optional<Score> {
          if (who == account(6)) return std::nullopt;
          return who == account(5) ? 15 : 1'000;
        });
    EXPECT_EQ(inserted, 2u);
    EXPECT_EQ(get_bags(), (Bags{{20, {5}}, {1'000, {7}}}));
    EXPECT_EQ(VoterList::count(), 2u);
    VoterList::unsafe_clear();
    EXPECT_TRUE(get_bags().empty());
    EXPECT_EQ(VoterList::count(), 0u);
    EXPECT_FALSE(VoterList::ListNodes::Counter::exists());
  });
}

TEST(BagsList, TryStateFindsBrokenLists) {
  // A bag whose tail has a next.
  with_list([] {
    auto node = VoterList::get_node(account(4)).value();
    node.next = account(1);
    VoterList::ListNodes::Map::insert(account(4), node);
    auto broken = VoterList::try_state(1);
    ASSERT_FALSE(broken);
    // Iteration from 4 runs into 1 (listed twice).
    EXPECT_EQ(broken.error(), "duplicate identified");
    node.next.reset();
    VoterList::ListNodes::Map::insert(account(4), node);
  });
  // The counter out of step.
  with_list([] {
    VoterList::ListNodes::Counter::put(5);
    auto broken = VoterList::try_state(1);
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error(), "iter_count != stored_count");
    VoterList::ListNodes::Counter::put(4);
  });
  // A stale node in no bag.
  with_list([] {
    VoterList::ListNodes::insert(account(9),
                                 bags_list::Node{account(9), std::nullopt, std::nullopt, 20, 20});
    auto broken = VoterList::try_state(1);
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error(), "iter_count != stored_count");
    VoterList::ListNodes::remove(account(9));
  });
  // A head with a prev.
  with_list([] {
    auto node = VoterList::get_node(account(2)).value();
    node.prev = account(1);
    VoterList::ListNodes::Map::insert(account(2), node);
    auto broken = VoterList::try_state(1);
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error(), "head has a prev");
    node.prev.reset();
    VoterList::ListNodes::Map::insert(account(2), node);
  });
}

TEST(BagsList, StorageKeysAreFramesTwox64Concat) {
  // Computed with the SDK's hashers (shared/design/reference/staking-governance-data/twox.py):
  // twox128("VoterList") ‖ twox128(item) [‖ twox64(key) ‖ key].
  EXPECT_EQ(to_hex(VoterList::ListNodes::key(account(1))),
            "0x74dd702da46f77d7acf77f5a48d4af7d62556a85fcb7c61b2c6c750924846b15"
            "0d052d00259f2a8f"
            "0101010101010101010101010101010101010101010101010101010101010101");
  EXPECT_EQ(to_hex(VoterList::ListNodes::Counter::key()),
            "0x74dd702da46f77d7acf77f5a48d4af7d7a6dc62e324093ba1331bf49fdb2f24a");
  EXPECT_EQ(to_hex(VoterList::ListBags::key(1'000)),
            "0x74dd702da46f77d7acf77f5a48d4af7de5c03730c8f59f00941607850b6633d8"
            "499a6c87222d3fe5e803000000000000");
  EXPECT_EQ(to_hex(VoterList::NextNodeAutoRebagged::key()),
            "0x74dd702da46f77d7acf77f5a48d4af7ddf604cc2f0e79283ef1c1da888176110");
  EXPECT_EQ(to_hex(VoterList::Lock::key()),
            "0x74dd702da46f77d7acf77f5a48d4af7dfb1ef94455cc6b5a3840206754686d98");
  // The same from the runtime's hashers.
  const auto twox128 = [](std::string_view s) {
    return io::hashing::twox_128(ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  };
  Bytes expected;
  for (auto part : {twox128("VoterList"), twox128("ListNodes")}) {
    expected.insert(expected.end(), part.begin(), part.end());
  }
  const auto who = account(1);
  const auto h = io::hashing::twox_64(who.bytes);
  expected.insert(expected.end(), h.begin(), h.end());
  expected.insert(expected.end(), who.bytes.begin(), who.bytes.end());
  EXPECT_EQ(VoterList::ListNodes::key(who), expected);
  // The values' encodings: Node {id, prev, next, bag_upper, score}, Bag {head, tail}, Lock ().
  with_list([] {
    EXPECT_EQ(to_hex(scale::encode(VoterList::get_node(account(1)).value())),
              "0x0101010101010101010101010101010101010101010101010101010101010101"
              "0000"
              "0a00000000000000"
              "0a00000000000000");
    EXPECT_EQ(scale::encode(VoterList::get_bag(10).value()).size(), 2u * 33u);
    VoterList::lock();
    EXPECT_EQ(io::storage::get(VoterList::Lock::key()), std::optional<Bytes>(Bytes{}));
    VoterList::unlock();
  });
}

TEST(BagsList, WireFormatAndMetadata) {
  using Call = Runtime::Pallets::Call;
  // VoterList (39) . rebag (0) { dislocated: MultiAddress::Id(account 1) }.
  EXPECT_EQ(
      to_hex(scale::encode(Call::of<VoterList>(VoterList::rebag{MultiAddress::id(account(1))}))),
      "0x270000"
      "0101010101010101010101010101010101010101010101010101010101010101");
  // Weights: rebag charges the larger of Kusama's two rebag weights.
  using Kusama = bags_list::KusamaWeights<Runtime>;
  EXPECT_EQ(
      Call::of<VoterList>(VoterList::rebag{MultiAddress::id(account(1))}).info().call_weight,
      Weight::from_parts(93'060'000, 11'506).saturating_add(Runtime::kDbWeight.reads_writes(8, 5)));
  EXPECT_EQ(VoterList::put_in_front_of_other{}.info().call_weight, Kusama::put_in_front_of());

  meta::RuntimeMetadata metadata;
  Runtime::Pallets::add_metadata(metadata);
  const auto& types = metadata.registry.types();
  const meta::PalletMetadata& pallet = metadata.pallets[1];
  EXPECT_EQ(pallet.name, "VoterList");
  EXPECT_EQ(pallet.index, 39);
  ASSERT_TRUE(pallet.storage);
  std::vector<std::string> names;
  for (const auto& entry : pallet.storage->entries) names.push_back(entry.name);
  EXPECT_EQ(names, (std::vector<std::string>{"ListNodes", "CounterForListNodes", "ListBags",
                                             "NextNodeAutoRebagged", "Lock"}));
  ASSERT_EQ(pallet.constants.size(), 2u);
  EXPECT_EQ(pallet.constants[0].name, "BagThresholds");
  EXPECT_EQ(to_hex(pallet.constants[0].value).substr(0, 20), "0x240a00000000000000");
  EXPECT_EQ(pallet.constants[1].name, "MaxAutoRebagPerBlock");
  const auto& calls = std::get<meta::VariantDef>(types[pallet.calls->id].def).variants;
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].name, "rebag");
  EXPECT_EQ(calls[1].name, "put_in_front_of");
  EXPECT_EQ(calls[2].name, "put_in_front_of_other");
  EXPECT_EQ(calls[2].fields[0].name, "heavier");
  const auto& events = std::get<meta::VariantDef>(types[pallet.event->id].def).variants;
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].name, "Rebagged");
  EXPECT_EQ(events[1].name, "ScoreUpdated");
  EXPECT_EQ(events[1].fields[1].name, "new_score");
  // Error: List(ListError) and Locked; ListError's five variants.
  const auto& error_type = types[pallet.error->id];
  EXPECT_EQ(error_type.path, (std::vector<std::string>{"pallet_bags_list", "pallet", "Error"}));
  ASSERT_EQ(error_type.params.size(), 2u);
  EXPECT_EQ(error_type.params[1].name, "I");
  const auto& errors = std::get<meta::VariantDef>(error_type.def).variants;
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].name, "List");
  EXPECT_EQ(errors[1].name, "Locked");
  ASSERT_EQ(errors[0].fields.size(), 1u);
  EXPECT_EQ(errors[0].fields[0].name, std::nullopt);
  EXPECT_EQ(errors[0].fields[0].type_name, "ListError");
  const auto& list_error_type = types[errors[0].fields[0].type];
  EXPECT_EQ(list_error_type.path,
            (std::vector<std::string>{"pallet_bags_list", "list", "ListError"}));
  const auto& list_errors = std::get<meta::VariantDef>(list_error_type.def).variants;
  ASSERT_EQ(list_errors.size(), 5u);
  EXPECT_EQ(list_errors[3].name, "NodeNotFound");
  EXPECT_EQ(list_errors[4].name, "Locked");
  // The storage value types: Node and Bag with the SDK's paths and fields.
  const auto& nodes_entry = pallet.storage->entries[0];
  const auto* map = std::get_if<meta::StorageMapType>(&nodes_entry.type);
  ASSERT_NE(map, nullptr);
  const auto& node_type = types[map->value];
  EXPECT_EQ(node_type.path, (std::vector<std::string>{"pallet_bags_list", "list", "Node"}));
  const auto& node_fields = std::get<meta::CompositeDef>(node_type.def).fields;
  ASSERT_EQ(node_fields.size(), 5u);
  EXPECT_EQ(node_fields[3].name, "bag_upper");
  EXPECT_EQ(node_fields[4].type_name, "T::Score");
}

TEST(BagsList, KusamaThresholds) {
  const auto& t = bags_list::kusama::kBagThresholds;
  ASSERT_EQ(t.size(), 200u);
  EXPECT_EQ(t.front(), 33'333'333u);
  EXPECT_EQ(t[1], 38'184'666u);
  EXPECT_EQ(t.back(), UINT64_MAX);
  for (size_t i = 1; i < t.size(); ++i) EXPECT_LT(t[i - 1], t[i]) << i;
  rt::testing::TestExternalities ext;
  ext.execute_with([] {
    TestScores::scores.clear();
    System::initialize(1, H256{}, {});
    EXPECT_EQ(KusamaList::notional_bag_for(0), 33'333'333u);
    EXPECT_EQ(KusamaList::notional_bag_for(33'333'334), 38'184'666u);
    EXPECT_EQ(KusamaList::notional_bag_for(UINT64_MAX), UINT64_MAX);
    ASSERT_TRUE(KusamaList::on_insert(account(1), 1'000'000'000'000));  // 1 KSM
    ASSERT_TRUE(KusamaList::on_insert(account(2), UINT64_MAX));
    std::vector<uint8_t> ids;
    KusamaList::iter_while([&](const AccountId32& who) {
      ids.push_back(n_of(who));
      return true;
    });
    EXPECT_EQ(ids, (std::vector<uint8_t>{2, 1}));
    EXPECT_TRUE(KusamaList::try_state(1));
  });
  meta::RuntimeMetadata metadata;
  KusamaRuntime::Pallets::add_metadata(metadata);
  const auto& constants = metadata.pallets[1].constants;
  // Vec<u64> of 200: compact(200) = 0x2103, then 33,333,333 little-endian.
  EXPECT_EQ(to_hex(constants[0].value).substr(0, 22), "0x210355a0fc0100000000");
  EXPECT_EQ(constants[0].value.size(), 2u + 200u * 8u);
  EXPECT_EQ(to_hex(constants[1].value), "0x0a000000");
}

}  // namespace
}  // namespace canary::rt
