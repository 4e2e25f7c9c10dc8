// pallet_ranked_collective natively, on a mock of the polls as the SDK's tests.rs has (a map of
// polls, each ongoing with its tally and class, or completed): membership by rank one step at a
// time with its per-rank indices kept dense (try-state after every test), the origins' rank
// limits, votes weighted Geometric above the class's minimum rank with support counting heads,
// a first vote free and a changed one paid, RankTooLow below the minimum, cleanup of a finished
// poll's votes, exchange, Canary's genesis members; the metadata types against Kusama's
// FellowshipCollective (spec 1_009_002).
#include "runtime/pallets/ranked_collective/ranked_collective.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "runtime/testing/try_state.hpp"
#include "tests/unit/runtime/metadata_shapes.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace rc = pallets::ranked_collective;
using rt::testing::account;

struct TestRuntime;
struct MaxVoters {
  static rc::MemberIndex get_max_voters(uint16_t klass);
};
using TallyT = rc::Tally<MaxVoters>;

// The SDK mock's polls: ongoing with a tally and a class (the class is the minimum rank), or
// completed.
struct TestPolls {
  using Index = uint32_t;
  using Votes = rc::Votes;
  using Class = uint16_t;
  using Moment = BlockNumber;
  using Status = traits::PollStatus<TallyT*, Moment, Class>;
  struct Poll {
    bool ongoing = true;
    TallyT tally;
    Class klass = 0;
  };
  static std::map<Index, Poll>& polls() {
    static std::map<Index, Poll> p;
    return p;
  }
  static std::vector<Class> classes() { return {0, 1, 2, 3}; }
  static std::optional<std::pair<TallyT, Class>> as_ongoing(const Index& index) {
    auto it = polls().find(index);
    if (it == polls().end() || !it->second.ongoing) return std::nullopt;
    return std::pair{it->second.tally, it->second.klass};
  }
  template <class F>
  static auto access_poll(const Index& index, F&& f) {
    auto it = polls().find(index);
    if (it == polls().end()) return f(Status{typename Status::None{}});
    if (!it->second.ongoing) return f(Status{typename Status::Completed{1, true}});
    return f(Status{typename Status::Ongoing{&it->second.tally, it->second.klass}});
  }
  template <class F>
  static auto try_access_poll(const Index& index, F&& f) {
    // The tally changes only if f succeeds.
    auto it = polls().find(index);
    if (it == polls().end() || !it->second.ongoing) return access_poll(index, f);
    TallyT copy = it->second.tally;
    auto result = f(Status{typename Status::Ongoing{&copy, it->second.klass}});
    if (result) it->second.tally = copy;
    return result;
  }
  static std::pair<Class, uint32_t> max_ongoing() { return {0, 0}; }
};
static_assert(traits::Polling<TestPolls, TallyT>);

// Root promotes or demotes to any rank, a signed member of rank r to below r (a test stand-in
// for Kusama's Fellowship-origin rules).
struct RankLimit {
  using Success = rc::Rank;
  static std::optional<Success> try_origin(const Origin& origin) {
    if (origin.is_root()) return UINT16_MAX;
    if (const AccountId32* who = origin.signer()) {
      if (who->bytes[0] >= 100) return static_cast<rc::Rank>(who->bytes[0] - 100);
    }
    return std::nullopt;
  }
};

struct CollectiveConfig {
  using AddOrigin = RankLimit;
  using PromoteOrigin = RankLimit;
  using DemoteOrigin = RankLimit;
  using RemoveOrigin = RankLimit;
  using ExchangeOrigin = EnsureRoot;
  using Polls = TestPolls;
  using MaxVoters = rt::MaxVoters;
  using VoteWeight = rc::Geometric;
  static rc::Rank min_rank_of_class(uint16_t klass) { return klass; }
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Club = rc::Pallet<TestRuntime, PalletAt<22, "FellowshipCollective">, CollectiveConfig>;
  using Pallets = Composition<"test_runtime", System, Club>;
};
using Club = TestRuntime::Club;
using Error = rc::Error;

rc::MemberIndex MaxVoters::get_max_voters(uint16_t klass) {
  return Club::max_voters(klass);
}

const AccountId32 kAlice = account(1);
const AccountId32 kBob = account(2);
const AccountId32 kCharlie = account(3);
const AccountId32 kDave = account(4);
// A signer whose origin may promote to rank 2 (RankLimit).
const AccountId32 kRank2Limit = account(102);

DispatchResultWithPostInfo dispatch(Club::Call call, const Origin& origin) {
  return rt::testing::dispatch<TestRuntime, Club>(std::move(call), origin);
}
std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
std::string err(Error e) {
  return runtime::to_string(pallet_error<Club>(e));
}
std::vector<Club::Event> events() {
  return rt::testing::events_of<TestRuntime, Club>();
}
MultiAddress id(const AccountId32& who) {
  return MultiAddress::id(who);
}
// Adds `who` and promotes them to `rank` through the calls (Root).
void member(const AccountId32& who, rc::Rank rank) {
  ASSERT_EQ(error_of(dispatch(Club::add_member{id(who)}, Origin::root())), "ok");
  for (rc::Rank r = 0; r < rank; ++r) {
    ASSERT_EQ(error_of(dispatch(Club::promote_member{id(who)}, Origin::root())), "ok");
  }
}
std::vector<rc::MemberIndex> counts() {
  std::vector<rc::MemberIndex> out;
  for (rc::Rank r = 0; r < 5; ++r) out.push_back(Club::MemberCount::get(r));
  return out;
}

template <class F>
void run(F&& f) {
  TestPolls::polls().clear();
  testing::TestExternalities ext;
  ext.execute_with([&] {
    TestRuntime::System::initialize(1, H256{}, {});
    f();
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(1), "");
  });
}

TEST(RankedCollective, AddPromoteDemoteRemove) {
  run([] {
    EXPECT_EQ(error_of(dispatch(Club::add_member{id(kAlice)}, Origin::signed_by(kBob))),
              "BadOrigin");
    ASSERT_EQ(error_of(dispatch(Club::add_member{id(kAlice)}, Origin::root())), "ok");
    EXPECT_EQ(error_of(dispatch(Club::add_member{id(kAlice)}, Origin::root())),
              err(Error::kAlreadyMember));
    EXPECT_EQ(Club::rank_of(kAlice), std::optional<rc::Rank>(0));
    ASSERT_EQ(error_of(dispatch(Club::promote_member{id(kAlice)}, Origin::root())), "ok");
    ASSERT_EQ(error_of(dispatch(Club::promote_member{id(kAlice)}, Origin::root())), "ok");
    EXPECT_EQ(Club::rank_of(kAlice), std::optional<rc::Rank>(2));
    EXPECT_EQ(counts(), (std::vector<rc::MemberIndex>{1, 1, 1, 0, 0}));
    EXPECT_EQ(events(),
              (std::vector<Club::Event>{Club::MemberAdded{kAlice}, Club::RankChanged{kAlice, 1},
                                        Club::RankChanged{kAlice, 2}}));
    // An origin limited to rank 2 may not promote to 3, nor demote from 3.
    EXPECT_EQ(error_of(dispatch(Club::promote_member{id(kAlice)}, Origin::signed_by(kRank2Limit))),
              err(Error::kNoPermission));
    EXPECT_EQ(error_of(dispatch(Club::promote_member{id(kBob)}, Origin::root())),
              err(Error::kNotMember));
    ASSERT_EQ(error_of(dispatch(Club::demote_member{id(kAlice)}, Origin::signed_by(kRank2Limit))),
              "ok");
    EXPECT_EQ(Club::rank_of(kAlice), std::optional<rc::Rank>(1));
    // Demoting from rank 0 removes.
    ASSERT_TRUE(dispatch(Club::demote_member{id(kAlice)}, Origin::root()));
    ASSERT_TRUE(dispatch(Club::demote_member{id(kAlice)}, Origin::root()));
    EXPECT_EQ(Club::rank_of(kAlice), std::nullopt);
    EXPECT_EQ(counts(), (std::vector<rc::MemberIndex>{0, 0, 0, 0, 0}));
    EXPECT_EQ(events().back(), (Club::Event{Club::MemberRemoved{kAlice, 0}}));
  });
}

TEST(RankedCollective, RemovalNeedsTheRankAsWitnessAndKeepsIndicesDense) {
  run([] {
    member(kAlice, 2);
    member(kBob, 2);
    member(kCharlie, 1);
    EXPECT_EQ(counts(), (std::vector<rc::MemberIndex>{3, 3, 2, 0, 0}));
    EXPECT_EQ(error_of(dispatch(Club::remove_member{id(kAlice), 1}, Origin::root())),
              err(Error::kInvalidWitness));
    EXPECT_EQ(
        error_of(dispatch(Club::remove_member{id(kAlice), 2}, Origin::signed_by(account(101)))),
        err(Error::kNoPermission));
    auto removed = dispatch(Club::remove_member{id(kAlice), 5}, Origin::root());
    ASSERT_EQ(error_of(removed), "ok");
    // Charged for the member's rank, not the witness.
    EXPECT_EQ(removed->actual_weight, std::optional<Weight>(Club::Weights::remove_member(2)));
    EXPECT_EQ(events().back(), (Club::Event{Club::MemberRemoved{kAlice, 2}}));
    EXPECT_EQ(counts(), (std::vector<rc::MemberIndex>{2, 2, 1, 0, 0}));
    // Bob (index 1 at ranks 0 to 2) moved into Alice's index 0 where she left it.
    EXPECT_EQ(Club::IndexToId::get(2, 0), std::optional<AccountId32>(kBob));
    EXPECT_EQ(Club::IdToIndex::get(2, kBob), std::optional<rc::MemberIndex>(0));
    EXPECT_FALSE(Club::IndexToId::get(2, 1).has_value());
  });
}

TEST(RankedCollective, VotesWeighRanksAboveTheClassMinimum) {
  run([] {
    member(kAlice, 1);
    member(kBob, 2);
    member(kCharlie, 3);
    member(kDave, 0);
    TestPolls::polls()[3] = {true, {}, 1};  // class 1: ranks ≥ 1 vote
    TestPolls::polls()[4] = {false, {}, 1};
    EXPECT_EQ(error_of(dispatch(Club::vote{3, true}, Origin::signed_by(account(9)))),
              err(Error::kNotMember));
    EXPECT_EQ(error_of(dispatch(Club::vote{3, true}, Origin::signed_by(kDave))),
              err(Error::kRankTooLow));
    EXPECT_EQ(error_of(dispatch(Club::vote{4, true}, Origin::signed_by(kAlice))),
              err(Error::kNotPolling));
    EXPECT_EQ(error_of(dispatch(Club::vote{5, true}, Origin::signed_by(kAlice))),
              err(Error::kNotPolling));
    // Geometric: excess 0 → 1, 1 → 3, 2 → 6. A first vote is free.
    auto first = dispatch(Club::vote{3, true}, Origin::signed_by(kAlice));
    ASSERT_EQ(error_of(first), "ok");
    EXPECT_EQ(first->pays_fee, Pays::kNo);
    ASSERT_TRUE(dispatch(Club::vote{3, true}, Origin::signed_by(kBob)));
    ASSERT_TRUE(dispatch(Club::vote{3, false}, Origin::signed_by(kCharlie)));
    EXPECT_EQ(TestPolls::polls()[3].tally, TallyT::from_parts(2, 4, 6));
    EXPECT_EQ(Club::Voting::get(3, kCharlie), std::optional(rc::VoteRecord::of(false, 6)));
    // Support counts heads among the members of rank ≥ 1 (3); approval weighs votes (4 of 10).
    const TallyT tally = TestPolls::polls()[3].tally;
    EXPECT_EQ(tally.support_of(1), arithmetic::Perbill::from_rational(2u, 3u));
    EXPECT_EQ(tally.approval(1), arithmetic::Perbill::from_percent(40));
    EXPECT_EQ(tally.ayes_of(1), 2u);
    // Changing a vote replaces it, and pays.
    auto changed = dispatch(Club::vote{3, true}, Origin::signed_by(kCharlie));
    ASSERT_EQ(error_of(changed), "ok");
    EXPECT_EQ(changed->pays_fee, Pays::kYes);
    EXPECT_EQ(TestPolls::polls()[3].tally, TallyT::from_parts(3, 10, 0));
    EXPECT_EQ(events().back(), (Club::Event{Club::Voted{kCharlie, 3, rc::VoteRecord::of(true, 6),
                                                        TallyT::from_parts(3, 10, 0)}}));
    // No voters at all: 0 support of 0 is FRAME's from_rational: 100 %; no votes: 0 approval.
    EXPECT_EQ(TallyT{}.support_of(4), arithmetic::Perbill::one());
    EXPECT_EQ(TallyT{}.approval(0), arithmetic::Perbill::zero());
  });
}

TEST(RankedCollective, CleanupRemovesAFinishedPollsVotes) {
  run([] {
    member(kAlice, 0);
    member(kBob, 0);
    TestPolls::polls()[1] = {true, {}, 0};
    ASSERT_TRUE(dispatch(Club::vote{1, true}, Origin::signed_by(kAlice)));
    ASSERT_TRUE(dispatch(Club::vote{1, false}, Origin::signed_by(kBob)));
    EXPECT_EQ(error_of(dispatch(Club::cleanup_poll{1, 10}, Origin::signed_by(kAlice))),
              err(Error::kOngoing));
    TestPolls::polls()[1].ongoing = false;
    EXPECT_EQ(error_of(dispatch(Club::cleanup_poll{1, 10}, Origin::none())), "BadOrigin");
    // sp-io's limit counts keys removed from the backend: votes still in the overlay (this
    // block's) all go, whatever `max` says, and the weight counts them.
    auto cleaned = dispatch(Club::cleanup_poll{1, 1}, Origin::signed_by(kDave));
    ASSERT_EQ(error_of(cleaned), "ok");
    EXPECT_EQ(cleaned->pays_fee, Pays::kNo);
    EXPECT_EQ(cleaned->actual_weight, std::optional<Weight>(Club::Weights::cleanup_poll(2)));
    EXPECT_FALSE(Club::Voting::get(1, kAlice).has_value() ||
                 Club::Voting::get(1, kBob).has_value());
    // Nothing left: the caller pays.
    auto nothing = dispatch(Club::cleanup_poll{1, 10}, Origin::signed_by(kDave));
    ASSERT_EQ(error_of(nothing), "ok");
    EXPECT_EQ(nothing->pays_fee, Pays::kYes);
  });
}

TEST(RankedCollective, ExchangeKeepsTheRank) {
  run([] {
    member(kAlice, 2);
    member(kBob, 1);
    EXPECT_EQ(error_of(dispatch(Club::exchange_member{id(kAlice), id(kAlice)}, Origin::root())),
              err(Error::kSameMember));
    EXPECT_EQ(error_of(dispatch(Club::exchange_member{id(kDave), id(kCharlie)}, Origin::root())),
              err(Error::kNotMember));
    EXPECT_EQ(error_of(dispatch(Club::exchange_member{id(kAlice), id(kBob)}, Origin::root())),
              err(Error::kAlreadyMember));
    EXPECT_EQ(error_of(dispatch(Club::exchange_member{id(kAlice), id(kCharlie)},
                                Origin::signed_by(kAlice))),
              "BadOrigin");
    ASSERT_EQ(error_of(dispatch(Club::exchange_member{id(kAlice), id(kCharlie)}, Origin::root())),
              "ok");
    EXPECT_EQ(Club::rank_of(kAlice), std::nullopt);
    EXPECT_EQ(Club::rank_of(kCharlie), std::optional<rc::Rank>(2));
    EXPECT_EQ(counts(), (std::vector<rc::MemberIndex>{2, 2, 1, 0, 0}));
    EXPECT_EQ(events().back(), (Club::Event{Club::MemberExchanged{kAlice, kCharlie}}));
  });
}

TEST(RankedCollective, EnsureMemberAndRankedCheckTheRank) {
  run([] {
    member(kAlice, 3);
    member(kBob, 0);
    using Fellows = rc::EnsureMember<Club, 3>;
    using Ranked = rc::EnsureRanked<Club, 1>;
    EXPECT_EQ(Fellows::try_origin(Origin::signed_by(kAlice)), std::optional(kAlice));
    EXPECT_EQ(Fellows::try_origin(Origin::signed_by(kBob)), std::nullopt);
    EXPECT_EQ(Fellows::try_origin(Origin::root()), std::nullopt);
    EXPECT_EQ(Ranked::try_origin(Origin::signed_by(kAlice)), std::optional<rc::Rank>(3));
    EXPECT_EQ(Ranked::try_origin(Origin::signed_by(kBob)), std::nullopt);
  });
}

TEST(RankedCollective, GenesisMembersAtTheirRanks) {
  run([] {
    ASSERT_TRUE(Club::build_genesis({{{kAlice, 3}, {kBob, 1}}}).has_value());
    EXPECT_EQ(Club::rank_of(kAlice), std::optional<rc::Rank>(3));
    EXPECT_EQ(counts(), (std::vector<rc::MemberIndex>{2, 2, 1, 1, 0}));
    EXPECT_TRUE(events().empty());
    EXPECT_FALSE(Club::build_genesis({{{kAlice, 1}}}).has_value());
  });
}

// Kusama's FellowshipCollective types (metadata 1_009_002: call 168, event 557, error 758, the
// storage values MemberRecord 754, the double-map keys 755 and 756, Voting's 558, VotingCleanup's
// 757), by the script quoted in treasury_test.cpp.
constexpr std::string_view kKusamaShapes =
    R"(0: pallet_ranked_collective::pallet::Call<T=-,I=-> [0 add_member(who:AccountIdLookupOf<T>:#1),1 promote_member(who:AccountIdLookupOf<T>:#1),2 demote_member(who:AccountIdLookupOf<T>:#1),3 remove_member(who:AccountIdLookupOf<T>:#1,min_rank:Rank:#9),4 vote(poll:PollIndexOf<T, I>:#10,aye:bool:#11),5 cleanup_poll(poll_index:PollIndexOf<T, I>:#10,max:u32:#10),6 exchange_member(who:AccountIdLookupOf<T>:#1,new_who:AccountIdLookupOf<T>:#1)]
1: sp_runtime::multiaddress::MultiAddress<AccountId=#2,AccountIndex=#5> [0 Id(_:AccountId:#2),1 Index(_:AccountIndex:#6),2 Raw(_:Vec<u8>:#7),3 Address32(_:[u8; 32]:#3),4 Address20(_:[u8; 20]:#8)]
2: sp_core::crypto::AccountId32<> {_:[u8; 32]:#3}
3: <> [#4;32]
4: <> prim:u8
5: <> ()
6: <> Compact<#5>
7: <> Vec<#4>
8: <> [#4;20]
9: <> prim:u16
10: <> prim:u32
11: <> prim:bool
12: pallet_ranked_collective::pallet::Event<T=-,I=-> [0 MemberAdded(who:T::AccountId:#2),1 RankChanged(who:T::AccountId:#2,rank:Rank:#9),2 MemberRemoved(who:T::AccountId:#2,rank:Rank:#9),3 Voted(who:T::AccountId:#2,poll:PollIndexOf<T, I>:#10,vote:VoteRecord:#13,tally:TallyOf<T, I>:#14),4 MemberExchanged(who:T::AccountId:#2,new_who:T::AccountId:#2)]
13: pallet_ranked_collective::VoteRecord<> [0 Aye(_:Votes:#10),1 Nay(_:Votes:#10)]
14: pallet_ranked_collective::Tally<T=-,I=-,M=-> {bare_ayes:MemberIndex:#10,ayes:Votes:#10,nays:Votes:#10}
15: pallet_ranked_collective::pallet::Error<T=-,I=-> [0 AlreadyMember(),1 NotMember(),2 NotPolling(),3 Ongoing(),4 NoneRemaining(),5 Corruption(),6 RankTooLow(),7 InvalidWitness(),8 NoPermission(),9 SameMember(),10 TooManyMembers()]
16: pallet_ranked_collective::MemberRecord<> {rank:Rank:#9}
17: <> (#9,#2)
18: <> (#9,#10)
19: bounded_collections::bounded_vec::BoundedVec<T=#4,S=-> {_:Vec<T>:#7})";

TEST(RankedCollective, MetadataTypesAreKusamas) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const meta::PalletMetadata* pallet = nullptr;
  for (const auto& p : metadata.pallets) {
    if (p.name == "FellowshipCollective") pallet = &p;
  }
  ASSERT_NE(pallet, nullptr);
  EXPECT_TRUE(pallet->constants.empty());
  std::vector<std::string> names;
  std::vector<meta::TypeId> roots{pallet->calls->id, pallet->event->id, pallet->error->id};
  std::vector<std::vector<hash::StorageHasher>> hashers;
  for (const auto& e : pallet->storage->entries) {
    names.push_back(e.name);
    const auto& map = std::get<meta::StorageMapType>(e.type);
    hashers.push_back(map.hashers);
    if (e.name == "Members" || e.name == "IdToIndex" || e.name == "IndexToId" ||
        e.name == "Voting" || e.name == "VotingCleanup") {
      if (e.name == "IdToIndex" || e.name == "IndexToId") roots.push_back(map.key);
      if (e.name != "IdToIndex" && e.name != "IndexToId") roots.push_back(map.value);
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"MemberCount", "Members", "IdToIndex", "IndexToId",
                                             "Voting", "VotingCleanup"}));
  using H = hash::StorageHasher;
  EXPECT_EQ(hashers, (std::vector<std::vector<H>>{{H::kTwox64Concat},
                                                  {H::kTwox64Concat},
                                                  {H::kTwox64Concat, H::kTwox64Concat},
                                                  {H::kTwox64Concat, H::kTwox64Concat},
                                                  {H::kBlake2_128Concat, H::kTwox64Concat},
                                                  {H::kBlake2_128Concat}}));
  EXPECT_EQ(shapes(metadata.registry, roots), std::string(kKusamaShapes) + "\n");
}

}  // namespace
}  // namespace canary::rt
