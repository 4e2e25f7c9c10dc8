// pallet_conviction_voting natively, on Balances, configured as the SDK's mock (tests.rs):
// accounts 1..6 with 10·i, VoteLockingPeriod 3, MaxVotes 3, MaxTurnout the total issuance, and
// TestPolls (polls 1 completed approved at 1, 2 completed rejected at 2, 3 ongoing in class 0;
// classes 0, 1, 2) whose tallies live outside storage as the mock's do. The SDK's scenarios:
// standard, split and split-abstain tallies with their locks; conviction locks staying for
// lock_periods·VoteLockingPeriod after the poll; losing and 0x votes free at once; class-wise
// delegation and redelegation; locks amalgamated across votes, delegations and classes; every
// error. Besides: the Vote byte, Conviction's votes and lock periods, the tally's
// approval/support and benchmark constructors, SCALE of Voting, Kusama's metadata.
#include "runtime/pallets/conviction_voting/conviction_voting.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace balances = pallets::balances;
namespace cv = pallets::conviction_voting;
using cv::AccountVote;
using cv::Conviction;
using rt::testing::account;
using traits::tokens::Balance;

struct TestRuntime;
struct TotalIssuance {
  static Balance get();
};
using TallyT = cv::Tally<TotalIssuance>;

// The mock's TestPollState: Ongoing(tally, class) or Completed(when, approved).
struct Ongoing {
  TallyT tally;
  cv::Class klass = 0;
  bool operator==(const Ongoing&) const = default;
};
struct Completed {
  BlockNumber when = 0;
  bool approved = false;
  bool operator==(const Completed&) const = default;
};
using PollState = std::variant<Ongoing, Completed>;
using PollMap = std::map<cv::PollIndex, PollState>;

PollMap& polls() {
  static PollMap p;
  return p;
}
PollMap default_polls() {
  return {{1, Completed{1, true}}, {2, Completed{2, false}}, {3, Ongoing{TallyT{}, 0}}};
}

// TestPolls: access_poll hands the poll's state over and keeps what `f` did to the tally;
// try_access_poll keeps it only when `f` succeeds.
struct TestPolls {
  using Index = cv::PollIndex;
  using Votes = Balance;
  using Class = cv::Class;
  using Moment = BlockNumber;
  using Status = traits::PollStatus<TallyT*, Moment, Class>;
  static std::vector<Class> classes() { return {0, 1, 2}; }
  static std::optional<std::pair<TallyT, Class>> as_ongoing(const Index& index) {
    auto it = polls().find(index);
    if (it == polls().end()) return std::nullopt;
    if (const auto* o = std::get_if<Ongoing>(&it->second)) return std::pair{o->tally, o->klass};
    return std::nullopt;
  }
  template <class F>
  static auto with_status(PollMap& map, const Index& index, F&& f) {
    auto it = map.find(index);
    if (it == map.end()) return f(Status{typename Status::None{}});
    if (auto* o = std::get_if<Ongoing>(&it->second)) {
      return f(Status{typename Status::Ongoing{&o->tally, o->klass}});
    }
    const auto& c = std::get<Completed>(it->second);
    return f(Status{typename Status::Completed{c.when, c.approved}});
  }
  template <class F>
  static auto access_poll(const Index& index, F&& f) {
    return with_status(polls(), index, f);
  }
  template <class F>
  static auto try_access_poll(const Index& index, F&& f) {
    PollMap copy = polls();
    auto r = with_status(copy, index, f);
    if (r) polls() = std::move(copy);
    return r;
  }
  static std::pair<Class, uint32_t> max_ongoing() { return {0, 0}; }
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<TestRuntime, PalletAt<4, "Balances">>;
  using Voting = cv::Pallet<TestRuntime, PalletAt<20, "ConvictionVoting">>;
  using Pallets = Composition<"test_runtime", System, Balances, Voting>;
  using RuntimeHoldReason = balances::NoReasons<"test_runtime", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"test_runtime", "RuntimeFreezeReason">;
  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;

  using Currency = Balances;
  using Polls = TestPolls;
  using MaxTurnout = TotalIssuance;
  static constexpr uint32_t kConvictionMaxVotes = 3;
  static constexpr uint32_t kVoteLockingPeriod = 3;
};
using System = TestRuntime::System;
using Balances = TestRuntime::Balances;
using Voting = TestRuntime::Voting;
using Error = cv::Error;

Balance TotalIssuance::get() {
  return Balances::total_issuance();
}

AccountVote aye(Balance amount, uint8_t conviction) {
  return AccountVote::standard(true, static_cast<Conviction>(conviction), amount);
}
AccountVote nay(Balance amount, uint8_t conviction) {
  return AccountVote::standard(false, static_cast<Conviction>(conviction), amount);
}
AccountVote split(Balance a, Balance n) {
  return AccountVote::split(a, n);
}
AccountVote split_abstain(Balance a, Balance n, Balance ab) {
  return AccountVote::split_abstain(a, n, ab);
}
TallyT tally(cv::PollIndex index) {
  auto o = TestPolls::as_ongoing(index);
  EXPECT_TRUE(o.has_value()) << "No poll";
  return o ? o->first : TallyT{};
}
TallyT parts(Balance a, Balance n, Balance s) {
  return TallyT::from_parts(a, n, s);
}

AccountId32 acc(uint64_t i) {
  return account(i);
}
Balance usable(uint64_t i) {
  return Balances::usable_balance(acc(i));
}

DispatchResultWithPostInfo dispatch(Voting::Call call, uint64_t who) {
  return rt::testing::dispatch<TestRuntime, Voting>(std::move(call), Origin::signed_by(acc(who)));
}
std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
std::string err(Error e) {
  return runtime::to_string(pallet_error<Voting>(e));
}
#define ASSERT_OK(x) ASSERT_EQ(error_of(x), "ok")
#define EXPECT_ERR(x, e) EXPECT_EQ(error_of(x), err(e))

DispatchResultWithPostInfo vote(uint64_t who, cv::PollIndex poll, AccountVote v) {
  return dispatch(Voting::vote{poll, v}, who);
}
DispatchResultWithPostInfo remove_vote(uint64_t who, std::optional<cv::Class> c,
                                       cv::PollIndex poll) {
  return dispatch(Voting::remove_vote{c, poll}, who);
}
DispatchResultWithPostInfo unlock(uint64_t who, cv::Class c, uint64_t target) {
  return dispatch(Voting::unlock{c, MultiAddress::id(acc(target))}, who);
}
DispatchResultWithPostInfo delegate(uint64_t who, cv::Class c, uint64_t to, Conviction conv,
                                    Balance balance) {
  return dispatch(Voting::delegate{c, MultiAddress::id(acc(to)), conv, balance}, who);
}
DispatchResultWithPostInfo undelegate(uint64_t who, cv::Class c) {
  return dispatch(Voting::undelegate{c}, who);
}
DispatchResultWithPostInfo remove_other_vote(uint64_t who, uint64_t target, cv::Class c,
                                             cv::PollIndex poll) {
  return dispatch(Voting::remove_other_vote{MultiAddress::id(acc(target)), c, poll}, who);
}
void run_to(BlockNumber n) {
  while (System::block_number() < n) System::initialize(System::block_number() + 1, H256{}, {});
}
std::optional<Voting::Event> last_event() {
  auto events = rt::testing::events_of<TestRuntime, Voting>();
  if (events.empty()) return std::nullopt;
  return events.back();
}

// The mock's genesis: accounts 1..6 with 10, 20, …, 60 (total issuance 210), block 1.
template <class F>
void new_test_ext(F&& f) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    polls() = default_polls();
    System::initialize(1, H256{}, {});
    for (uint64_t i = 1; i <= 6; ++i) ASSERT_TRUE(Balances::mint_into(acc(i), 10 * i));
    f();
  });
}

TEST(ConvictionVoting, ParamsAndBasicStuff) {
  new_test_ext([] {
    EXPECT_EQ(Balances::total_issuance(), Balance{210});
    EXPECT_EQ(tally(3), parts(0, 0, 0));
    EXPECT_FALSE(TestPolls::as_ongoing(1).has_value());
  });
}

TEST(ConvictionVoting, BasicVotingWorks) {
  new_test_ext([] {
    ASSERT_OK(vote(1, 3, aye(2, 5)));
    EXPECT_EQ(last_event(), (Voting::Event{Voting::Voted{acc(1), aye(2, 5)}}));
    EXPECT_EQ(tally(3), parts(10, 0, 2));
    ASSERT_OK(vote(1, 3, nay(2, 5)));
    EXPECT_EQ(tally(3), parts(0, 10, 0));
    EXPECT_EQ(usable(1), Balance{8});

    ASSERT_OK(vote(1, 3, aye(5, 1)));
    EXPECT_EQ(tally(3), parts(5, 0, 5));
    ASSERT_OK(vote(1, 3, nay(5, 1)));
    EXPECT_EQ(tally(3), parts(0, 5, 0));
    EXPECT_EQ(usable(1), Balance{5});

    ASSERT_OK(vote(1, 3, aye(10, 0)));
    EXPECT_EQ(tally(3), parts(1, 0, 10));
    ASSERT_OK(vote(1, 3, nay(10, 0)));
    EXPECT_EQ(tally(3), parts(0, 1, 0));
    EXPECT_EQ(usable(1), Balance{0});

    ASSERT_OK(remove_vote(1, std::nullopt, 3));
    EXPECT_EQ(last_event(), (Voting::Event{Voting::VoteRemoved{acc(1), nay(10, 0)}}));
    EXPECT_EQ(tally(3), parts(0, 0, 0));

    ASSERT_OK(unlock(1, 0, 1));
    EXPECT_EQ(last_event(), (Voting::Event{Voting::VoteUnlocked{acc(1), 0}}));
    EXPECT_EQ(usable(1), Balance{10});
    EXPECT_TRUE(Voting::ClassLocksFor::get(acc(1)).items.empty());
  });
}

TEST(ConvictionVoting, SplitVotingWorks) {
  new_test_ext([] {
    ASSERT_OK(vote(1, 3, split(10, 0)));
    EXPECT_EQ(tally(3), parts(1, 0, 10));
    ASSERT_OK(vote(1, 3, split(5, 5)));
    EXPECT_EQ(tally(3), parts(0, 0, 5));
    EXPECT_EQ(usable(1), Balance{0});
    ASSERT_OK(remove_vote(1, std::nullopt, 3));
    EXPECT_EQ(last_event(), (Voting::Event{Voting::VoteRemoved{acc(1), split(5, 5)}}));
    EXPECT_EQ(tally(3), parts(0, 0, 0));
    ASSERT_OK(unlock(1, 0, 1));
    EXPECT_EQ(usable(1), Balance{10});
  });
}

TEST(ConvictionVoting, AbstainVotingWorks) {
  new_test_ext([] {
    ASSERT_OK(vote(1, 3, split_abstain(0, 0, 10)));
    EXPECT_EQ(tally(3), parts(0, 0, 10));
    ASSERT_OK(vote(6, 3, split_abstain(10, 0, 20)));
    EXPECT_EQ(tally(3), parts(1, 0, 40));
    ASSERT_OK(vote(6, 3, split_abstain(0, 0, 40)));
    EXPECT_EQ(tally(3), parts(0, 0, 50));
    EXPECT_EQ(usable(1), Balance{0});
    EXPECT_EQ(usable(6), Balance{20});

    ASSERT_OK(remove_vote(1, std::nullopt, 3));
    EXPECT_EQ(tally(3), parts(0, 0, 40));
    ASSERT_OK(remove_vote(6, cv::Class{0}, 3));
    EXPECT_EQ(tally(3), parts(0, 0, 0));
    ASSERT_OK(unlock(1, 0, 1));
    EXPECT_EQ(usable(1), Balance{10});
    ASSERT_OK(unlock(6, 0, 6));
    EXPECT_EQ(usable(6), Balance{60});
  });
}

TEST(ConvictionVoting, ZeroConvictionAndLosingVotesUnlockAtOnce) {
  // successful_but_zero_conviction_vote_balance_can_be_unlocked and
  // unsuccessful_conviction_vote_balance_can_be_unlocked.
  new_test_ext([] {
    ASSERT_OK(vote(1, 3, aye(1, 1)));
    ASSERT_OK(vote(2, 3, nay(20, 0)));
    polls() = {{3, Completed{3, false}}};
    ASSERT_OK(remove_vote(2, cv::Class{0}, 3));
    ASSERT_OK(unlock(2, 0, 2));
    EXPECT_EQ(usable(2), Balance{20});
    ASSERT_OK(remove_vote(1, cv::Class{0}, 3));
    ASSERT_OK(unlock(1, 0, 1));
    EXPECT_EQ(usable(1), Balance{10});
  });
}

TEST(ConvictionVoting, SuccessfulConvictionVoteStaysLockedForItsPeriods) {
  new_test_ext([] {
    for (uint64_t i = 1; i <= 5; ++i) ASSERT_OK(vote(i, 3, aye(10, static_cast<uint8_t>(i))));
    polls() = {{3, Completed{3, true}}};
    for (uint64_t i = 1; i <= 5; ++i) ASSERT_OK(remove_vote(i, cv::Class{0}, 3));
    for (BlockNumber block = 1; block <= 3 + 5 * 3; ++block) {
      run_to(block);
      for (uint64_t i = 1; i <= 5; ++i) {
        ASSERT_OK(unlock(i, 0, i));
        // Unlocked from the end (3) plus lock_periods(i)·3 = 3·2^(i−1).
        const bool expired = block >= (3u << (i - 1)) + 3;
        EXPECT_EQ(usable(i), Balance{i * 10 - (expired ? 0 : 10)})
            << "block " << block << " i " << i;
      }
    }
  });
}

TEST(ConvictionVoting, ClasswiseDelegationWorks) {
  new_test_ext([] {
    polls() = {{0, Ongoing{TallyT{}, 0}},
               {1, Ongoing{TallyT{}, 1}},
               {2, Ongoing{TallyT{}, 2}},
               {3, Ongoing{TallyT{}, 2}}};
    ASSERT_OK(delegate(1, 0, 2, Conviction::kLocked1x, 5));
    EXPECT_EQ(last_event(), (Voting::Event{Voting::Delegated{acc(1), acc(2)}}));
    ASSERT_OK(delegate(1, 1, 3, Conviction::kLocked1x, 5));
    ASSERT_OK(delegate(1, 2, 4, Conviction::kLocked1x, 5));
    EXPECT_EQ(usable(1), Balance{5});

    ASSERT_OK(vote(2, 0, aye(10, 0)));
    ASSERT_OK(vote(2, 1, nay(10, 0)));
    ASSERT_OK(vote(2, 2, nay(10, 0)));
    ASSERT_OK(vote(3, 0, nay(10, 0)));
    ASSERT_OK(vote(3, 1, aye(10, 0)));
    ASSERT_OK(vote(3, 2, nay(10, 0)));
    ASSERT_OK(vote(4, 0, nay(10, 0)));
    ASSERT_OK(vote(4, 1, nay(10, 0)));
    ASSERT_OK(vote(4, 2, aye(10, 0)));
    EXPECT_EQ(tally(0), parts(6, 2, 15));
    EXPECT_EQ(tally(1), parts(6, 2, 15));
    EXPECT_EQ(tally(2), parts(6, 2, 15));
    EXPECT_EQ(tally(3), parts(0, 0, 0));

    ASSERT_OK(vote(4, 3, nay(10, 0)));
    EXPECT_EQ(tally(3), parts(0, 6, 0));

    // Redelegate class 2 to account 3.
    ASSERT_OK(undelegate(1, 2));
    EXPECT_EQ(last_event(), (Voting::Event{Voting::Undelegated{acc(1)}}));
    ASSERT_OK(delegate(1, 2, 3, Conviction::kLocked1x, 5));
    EXPECT_EQ(tally(0), parts(6, 2, 15));
    EXPECT_EQ(tally(1), parts(6, 2, 15));
    EXPECT_EQ(tally(2), parts(1, 7, 10));
    EXPECT_EQ(tally(3), parts(0, 1, 0));

    // Redelegating with a lower amount keeps the previous lock.
    ASSERT_OK(undelegate(1, 0));
    ASSERT_OK(undelegate(1, 1));
    ASSERT_OK(undelegate(1, 2));
    ASSERT_OK(delegate(1, 0, 2, Conviction::kLocked1x, 3));
    ASSERT_OK(delegate(1, 1, 3, Conviction::kLocked1x, 3));
    ASSERT_OK(delegate(1, 2, 4, Conviction::kLocked1x, 3));
    EXPECT_EQ(tally(0), parts(4, 2, 13));
    EXPECT_EQ(tally(1), parts(4, 2, 13));
    EXPECT_EQ(tally(2), parts(4, 2, 13));
    EXPECT_EQ(tally(3), parts(0, 4, 0));
    EXPECT_EQ(usable(1), Balance{5});
    for (cv::Class c = 0; c < 3; ++c) ASSERT_OK(unlock(1, c, 1));
    EXPECT_EQ(usable(1), Balance{5});

    // Redelegating with a higher amount extends the lock.
    ASSERT_OK(undelegate(1, 0));
    ASSERT_OK(delegate(1, 0, 2, Conviction::kLocked1x, 6));
    ASSERT_OK(unlock(1, 0, 1));
    EXPECT_EQ(usable(1), Balance{4});
    ASSERT_OK(undelegate(1, 1));
    ASSERT_OK(delegate(1, 1, 3, Conviction::kLocked1x, 7));
    ASSERT_OK(unlock(1, 1, 1));
    EXPECT_EQ(usable(1), Balance{3});
    ASSERT_OK(undelegate(1, 2));
    ASSERT_OK(delegate(1, 2, 4, Conviction::kLocked1x, 8));
    ASSERT_OK(unlock(1, 2, 1));
    EXPECT_EQ(usable(1), Balance{2});
    EXPECT_EQ(tally(0), parts(7, 2, 16));
    EXPECT_EQ(tally(1), parts(8, 2, 17));
    EXPECT_EQ(tally(2), parts(9, 2, 18));
    EXPECT_EQ(tally(3), parts(0, 9, 0));
  });
}

TEST(ConvictionVoting, RedelegationAfterVoteEndingKeepsLock) {
  new_test_ext([] {
    polls() = {{0, Ongoing{TallyT{}, 0}}};
    ASSERT_OK(delegate(1, 0, 2, Conviction::kLocked1x, 5));
    ASSERT_OK(vote(2, 0, aye(10, 1)));
    polls() = {{0, Completed{1, true}}};
    EXPECT_EQ(usable(1), Balance{5});
    ASSERT_OK(undelegate(1, 0));
    ASSERT_OK(delegate(1, 0, 3, Conviction::kLocked1x, 3));
    EXPECT_EQ(usable(1), Balance{5});
    ASSERT_OK(unlock(1, 0, 1));
    EXPECT_EQ(usable(1), Balance{5});
  });
}

// lock_amalgamation_valid_with_*: after block 3 all locked, after 6 at most 5, after 7 none.
void expect_amalgamated_unlock() {
  run_to(3);
  ASSERT_OK(unlock(1, 0, 1));
  EXPECT_EQ(usable(1), Balance{0});
  run_to(6);
  ASSERT_OK(unlock(1, 0, 1));
  EXPECT_LE(usable(1), Balance{5});
  run_to(7);
  ASSERT_OK(unlock(1, 0, 1));
  EXPECT_EQ(usable(1), Balance{10});
}

TEST(ConvictionVoting, LockAmalgamationWithMultipleRemovedVotes) {
  new_test_ext([] {
    polls() = {{0, Ongoing{TallyT{}, 0}}, {1, Ongoing{TallyT{}, 0}}, {2, Ongoing{TallyT{}, 0}}};
    ASSERT_OK(vote(1, 0, aye(5, 1)));
    ASSERT_OK(vote(1, 1, aye(10, 1)));
    ASSERT_OK(vote(1, 2, aye(5, 2)));
    EXPECT_EQ(usable(1), Balance{0});
    polls() = {{0, Completed{1, true}}, {1, Completed{1, true}}, {2, Completed{1, true}}};
    for (cv::PollIndex p = 0; p < 3; ++p) {
      ASSERT_OK(remove_vote(1, cv::Class{0}, p));
      ASSERT_OK(unlock(1, 0, 1));
      EXPECT_EQ(usable(1), Balance{0});
    }
    expect_amalgamated_unlock();
  });
}

TEST(ConvictionVoting, LockAmalgamationWithMultipleDelegations) {
  new_test_ext([] {
    ASSERT_OK(delegate(1, 0, 2, Conviction::kLocked1x, 5));
    ASSERT_OK(undelegate(1, 0));
    ASSERT_OK(delegate(1, 0, 2, Conviction::kLocked1x, 10));
    ASSERT_OK(undelegate(1, 0));
    ASSERT_OK(delegate(1, 0, 2, Conviction::kLocked2x, 5));
    ASSERT_OK(unlock(1, 0, 1));
    EXPECT_EQ(usable(1), Balance{0});
    ASSERT_OK(undelegate(1, 0));
    expect_amalgamated_unlock();
  });
}

TEST(ConvictionVoting, LockAmalgamationWithMoveRoundtripToDelegation) {
  new_test_ext([] {
    polls() = {{0, Ongoing{TallyT{}, 0}}};
    ASSERT_OK(vote(1, 0, aye(5, 1)));
    polls() = {{0, Completed{1, true}}};
    ASSERT_OK(remove_vote(1, cv::Class{0}, 0));
    ASSERT_OK(unlock(1, 0, 1));
    EXPECT_EQ(usable(1), Balance{5});
    ASSERT_OK(delegate(1, 0, 2, Conviction::kLocked1x, 10));
    ASSERT_OK(undelegate(1, 0));
    ASSERT_OK(unlock(1, 0, 1));
    EXPECT_EQ(usable(1), Balance{0});
    polls() = {{1, Ongoing{TallyT{}, 0}}};
    ASSERT_OK(vote(1, 1, aye(5, 2)));
    polls() = {{1, Completed{1, true}}};
    ASSERT_OK(remove_vote(1, cv::Class{0}, 1));
    expect_amalgamated_unlock();
  });
}

TEST(ConvictionVoting, LockAmalgamationWithMoveRoundtripToCasting) {
  new_test_ext([] {
    ASSERT_OK(delegate(1, 0, 2, Conviction::kLocked1x, 5));
    ASSERT_OK(undelegate(1, 0));
    ASSERT_OK(unlock(1, 0, 1));
    EXPECT_EQ(usable(1), Balance{5});
    polls() = {{0, Ongoing{TallyT{}, 0}}};
    ASSERT_OK(vote(1, 0, aye(10, 1)));
    polls() = {{0, Completed{1, true}}};
    ASSERT_OK(remove_vote(1, cv::Class{0}, 0));
    ASSERT_OK(unlock(1, 0, 1));
    EXPECT_EQ(usable(1), Balance{0});
    ASSERT_OK(delegate(1, 0, 2, Conviction::kLocked2x, 10));
    ASSERT_OK(undelegate(1, 0));
    expect_amalgamated_unlock();
  });
}

// Classes are locked separately; the balance lock is the largest class lock.
void expect_classes_unlock() {
  run_to(3);
  for (cv::Class c = 0; c < 3; ++c) ASSERT_OK(unlock(1, c, 1));
  EXPECT_EQ(usable(1), Balance{0});
  run_to(6);
  for (cv::Class c = 0; c < 3; ++c) ASSERT_OK(unlock(1, c, 1));
  EXPECT_EQ(usable(1), Balance{5});
  run_to(7);
  for (cv::Class c = 0; c < 3; ++c) ASSERT_OK(unlock(1, c, 1));
  EXPECT_EQ(usable(1), Balance{10});
}

TEST(ConvictionVoting, LockAggregationOverClassesWithDelegation) {
  new_test_ext([] {
    ASSERT_OK(delegate(1, 0, 2, Conviction::kLocked1x, 5));
    ASSERT_OK(delegate(1, 1, 2, Conviction::kLocked2x, 5));
    ASSERT_OK(delegate(1, 2, 2, Conviction::kLocked1x, 10));
    EXPECT_EQ(Voting::ClassLocksFor::get(acc(1)).items.size(), 3U);
    for (cv::Class c = 0; c < 3; ++c) ASSERT_OK(undelegate(1, c));
    expect_classes_unlock();
    EXPECT_TRUE(Voting::ClassLocksFor::get(acc(1)).items.empty());
  });
}

TEST(ConvictionVoting, LockAggregationOverClassesWithCasting) {
  new_test_ext([] {
    polls() = {{0, Ongoing{TallyT{}, 0}}, {1, Ongoing{TallyT{}, 1}}, {2, Ongoing{TallyT{}, 2}}};
    ASSERT_OK(vote(1, 0, aye(5, 1)));
    ASSERT_OK(vote(1, 1, aye(10, 1)));
    ASSERT_OK(vote(1, 2, aye(5, 2)));
    polls() = {{0, Completed{1, true}}, {1, Completed{1, true}}, {2, Completed{1, true}}};
    ASSERT_OK(remove_vote(1, cv::Class{0}, 0));
    ASSERT_OK(remove_vote(1, cv::Class{1}, 1));
    ASSERT_OK(remove_vote(1, cv::Class{2}, 2));
    expect_classes_unlock();
  });
}

TEST(ConvictionVoting, ErrorsWithVote) {
  new_test_ext([] {
    EXPECT_ERR(vote(1, 0, aye(10, 0)), Error::kNotOngoing);
    EXPECT_ERR(vote(1, 1, aye(10, 0)), Error::kNotOngoing);
    EXPECT_ERR(vote(1, 2, aye(10, 0)), Error::kNotOngoing);
    EXPECT_ERR(vote(1, 3, aye(11, 0)), Error::kInsufficientFunds);

    ASSERT_OK(delegate(1, 0, 2, Conviction::kNone, 10));
    EXPECT_ERR(vote(1, 3, aye(10, 0)), Error::kAlreadyDelegating);
    ASSERT_OK(undelegate(1, 0));

    polls() = {{0, Ongoing{TallyT{}, 0}},
               {1, Ongoing{TallyT{}, 0}},
               {2, Ongoing{TallyT{}, 0}},
               {3, Ongoing{TallyT{}, 0}}};
    ASSERT_OK(vote(1, 0, aye(10, 0)));
    ASSERT_OK(vote(1, 1, aye(10, 0)));
    ASSERT_OK(vote(1, 2, aye(10, 0)));
    EXPECT_ERR(vote(1, 3, aye(10, 0)), Error::kMaxVotesReached);
    // A failed vote leaves the tally as it was (try_access_poll keeps only successes).
    EXPECT_EQ(tally(3), parts(0, 0, 0));
  });
}

TEST(ConvictionVoting, ErrorsWithDelegating) {
  new_test_ext([] {
    EXPECT_ERR(delegate(1, 0, 2, Conviction::kNone, 11), Error::kInsufficientFunds);
    EXPECT_ERR(delegate(1, 3, 2, Conviction::kNone, 10), Error::kBadClass);
    EXPECT_ERR(delegate(1, 0, 1, Conviction::kNone, 10), Error::kNonsense);
    ASSERT_OK(vote(1, 3, aye(10, 0)));
    EXPECT_ERR(delegate(1, 0, 2, Conviction::kNone, 10), Error::kAlreadyVoting);
    EXPECT_ERR(undelegate(1, 0), Error::kNotDelegating);
    ASSERT_OK(delegate(2, 0, 3, Conviction::kNone, 10));
    EXPECT_ERR(delegate(2, 0, 4, Conviction::kNone, 10), Error::kAlreadyDelegating);
  });
}

TEST(ConvictionVoting, RemoveOtherVoteWorks) {
  new_test_ext([] {
    EXPECT_ERR(remove_other_vote(2, 1, 0, 3), Error::kNotVoter);
    ASSERT_OK(vote(1, 3, aye(10, 2)));
    EXPECT_ERR(remove_other_vote(2, 1, 0, 3), Error::kNoPermission);
    polls() = {{3, Completed{1, true}}};
    run_to(6);
    EXPECT_ERR(remove_other_vote(2, 1, 0, 3), Error::kNoPermissionYet);
    run_to(7);
    ASSERT_OK(remove_other_vote(2, 1, 0, 3));
  });
}

TEST(ConvictionVoting, ErrorsWithRemoveVote) {
  new_test_ext([] {
    EXPECT_ERR(remove_vote(1, cv::Class{0}, 3), Error::kNotVoter);
    ASSERT_OK(vote(1, 3, aye(10, 2)));
    polls() = {{3, Completed{1, true}}};
    EXPECT_ERR(remove_vote(1, std::nullopt, 3), Error::kClassNeeded);
  });
}

TEST(ConvictionVoting, CancelledPollVoteIsForgotten) {
  new_test_ext([] {
    ASSERT_OK(vote(1, 3, aye(10, 6)));
    polls().erase(3);
    ASSERT_OK(remove_other_vote(2, 1, 0, 3));
    ASSERT_OK(unlock(2, 0, 1));
    EXPECT_EQ(usable(1), Balance{10});
  });
}

// Conviction::votes and lock_periods (conviction.rs), the Vote byte (vote.rs).
TEST(ConvictionVoting, ConvictionVotesAndLockPeriods) {
  const uint32_t periods[] = {0, 1, 2, 4, 8, 16, 32};
  for (uint8_t c = 0; c <= 6; ++c) {
    EXPECT_EQ(cv::lock_periods(static_cast<Conviction>(c)), periods[c]);
    const cv::Delegations d = cv::votes_of(static_cast<Conviction>(c), 25);
    EXPECT_EQ(d.capital, Balance{25});
    EXPECT_EQ(d.votes, c == 0 ? Balance{2} : Balance{25} * c);
  }
  EXPECT_EQ(cv::votes_of(Conviction::kLocked6x, cv::kMaxBalance / 2).votes, cv::kMaxBalance);

  EXPECT_EQ(to_hex(scale::encode(cv::Vote{true, Conviction::kLocked3x}), false), "83");
  EXPECT_EQ(to_hex(scale::encode(cv::Vote{false, Conviction::kLocked6x}), false), "06");
  EXPECT_EQ(to_hex(scale::encode(cv::Vote{true, Conviction::kNone}), false), "80");
  const uint8_t bad[] = {0x87};
  EXPECT_FALSE(scale::decode<cv::Vote>(ByteSpan{bad, 1}));
  const uint8_t good[] = {0x85};
  auto decoded = scale::decode<cv::Vote>(ByteSpan{good, 1});
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, (cv::Vote{true, Conviction::kLocked5x}));
  // AccountVote::Standard{aye 1x, 10}: variant 0, the vote byte, a u128.
  EXPECT_EQ(to_hex(scale::encode(aye(10, 1)), false), "00810a000000000000000000000000000000");
}

// VoteTally (types.rs): approval = ayes/(ayes+nays), support = support/MaxTurnout, both
// Perbill::from_rational (down); the benchmark constructors.
TEST(ConvictionVoting, TallyArithmetic) {
  new_test_ext([] {
    using arithmetic::Perbill;
    const TallyT t = parts(10, 20, 21);
    EXPECT_EQ(t.approval(0), Perbill::from_parts(333'333'333));
    EXPECT_EQ(t.support_of(0), Perbill::from_parts(100'000'000));               // 21/210
    EXPECT_EQ(parts(0, 0, 0).approval(0), Perbill::from_parts(1'000'000'000));  // 0/0 is one
    EXPECT_EQ(TallyT::unanimity(0), parts(210, 0, 210));
    EXPECT_EQ(TallyT::rejection(0), parts(0, 210, 210));
    // support 50 % of 210 = 105 (ceil); ayes 60 % of 105 = 63 (ceil).
    EXPECT_EQ(TallyT::from_requirements(Perbill::from_percent(50), Perbill::from_percent(60), 0),
              parts(63, 42, 105));
    EXPECT_EQ(TallyT::from_vote(cv::Vote{true, Conviction::kLocked2x}, 7), parts(14, 0, 7));
    EXPECT_EQ(TallyT::from_vote(cv::Vote{false, Conviction::kNone}, 7), parts(0, 0, 7));
    TallyT u = parts(0, 0, 0);
    EXPECT_FALSE(u.remove(aye(1, 1)));  // underflow is refused
  });
}

// Voting's SCALE (vote.rs): a Casting with one vote, delegations and a prior lock.
TEST(ConvictionVoting, VotingRoundTrips) {
  Voting::VotingT v;
  Voting::CastingT& c = *v.casting();
  ASSERT_TRUE(c.votes.try_push({7, aye(3, 2)}));
  c.delegations = {4, 5};
  c.prior = {9, 6};
  const Bytes bytes = scale::encode(v);
  EXPECT_EQ(to_hex(bytes, false),
            "00040700000000820300000000000000000000000000000004000000000000000000000000000000"
            "050000000000000000000000000000000900000006000000000000000000000000000000");
  auto back = scale::decode<Voting::VotingT>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, v);
  // MaxVotes (3) bounds the decoded votes.
  Voting::VotingT four;
  for (uint32_t i = 0; i < 4; ++i) four.casting()->votes.items.push_back({i, aye(1, 0)});
  EXPECT_FALSE(scale::decode<Voting::VotingT>(scale::encode(four)));
}

// Kusama's layout (META-1009002, ConvictionVoting at 20).
TEST(ConvictionVoting, MetadataIsKusamas) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const auto& types = metadata.registry.types();
  const meta::PalletMetadata& pallet = metadata.pallets[2];
  EXPECT_EQ(pallet.name, "ConvictionVoting");
  EXPECT_EQ(pallet.index, 20);
  ASSERT_TRUE(pallet.storage);
  std::vector<std::string> storage;
  for (const auto& e : pallet.storage->entries) storage.push_back(e.name);
  EXPECT_EQ(storage, (std::vector<std::string>{"VotingFor", "ClassLocksFor"}));
  const auto names = [&](uint32_t id) {
    std::vector<std::string> out;
    for (const auto& v : std::get<meta::VariantDef>(types[id].def).variants) out.push_back(v.name);
    return out;
  };
  EXPECT_EQ(names(pallet.calls->id),
            (std::vector<std::string>{"vote", "delegate", "undelegate", "unlock", "remove_vote",
                                      "remove_other_vote"}));
  EXPECT_EQ(names(pallet.event->id), (std::vector<std::string>{"Delegated", "Undelegated", "Voted",
                                                               "VoteRemoved", "VoteUnlocked"}));
  EXPECT_EQ(names(pallet.error->id),
            (std::vector<std::string>{"NotOngoing", "NotVoter", "NoPermission", "NoPermissionYet",
                                      "AlreadyDelegating", "AlreadyVoting", "InsufficientFunds",
                                      "NotDelegating", "Nonsense", "MaxVotesReached", "ClassNeeded",
                                      "BadClass"}));
  std::vector<std::string> constants;
  constants.reserve(pallet.constants.size());
  for (const auto& c : pallet.constants) constants.push_back(c.name);
  EXPECT_EQ(constants, (std::vector<std::string>{"MaxVotes", "VoteLockingPeriod"}));
  std::vector<std::vector<std::string>> paths;
  for (const auto& type : types) {
    if (!type.path.empty() && type.path[0] == "pallet_conviction_voting") {
      paths.push_back(type.path);
    }
  }
  for (const char* name : {"AccountVote", "Vote", "Voting", "Casting", "Delegating", "PriorLock"}) {
    EXPECT_NE(std::find(paths.begin(), paths.end(),
                        std::vector<std::string>{"pallet_conviction_voting", "vote", name}),
              paths.end())
        << name;
  }
  EXPECT_NE(
      std::find(paths.begin(), paths.end(),
                std::vector<std::string>{"pallet_conviction_voting", "conviction", "Conviction"}),
      paths.end());
}

}  // namespace
}  // namespace canary::rt
