// frame_election_provider_support's SortedListProvider and ScoreProvider as C++20 concepts: a
// list of accounts kept (approximately) sorted by a score, which Staking reads from the top to
// pick an election's voters (Kusama's VoterList, pallet_bags_list::<Instance1>) and updates as
// stakes change; and where the list reads an account's score from (Staking's active stake as a
// vote weight). Interfaces only: pallets/bags_list implements the list, Staking the score.
#pragma once

#include <concepts>
#include <cstdint>
#include <string_view>

#include "primitives/util/result.hpp"
#include "runtime/framework/traits/staking.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt::traits {

// frame_election_provider_support::ScoreProvider: an account's score (Kusama: VoteWeight, the
// active bond converted by CurrencyToVote). score() of an account the provider does not know is 0.
template <class P, class Score = staking::VoteWeight>
concept ScoreProvider = requires(const AccountId32& who) {
  { P::score(who) } -> std::same_as<Score>;
};

// The list's error: pallet_bags_list::ListError's variants (Duplicate, NotHeavier, NotInSameBag,
// NodeNotFound), and Locked (pallet_bags_list::Error::Locked, while the list is being rebuilt).
enum class SortedListError : uint8_t {
  kDuplicate = 0,
  kNotHeavier = 1,
  kNotInSameBag = 2,
  kNodeNotFound = 3,
  kLocked = 4,
};

template <class T = void>
using SortedListResult = Result<T, SortedListError>;

// frame_election_provider_support::SortedListProvider<AccountId> with Score = VoteWeight.
//   iter_while(f):        visits the accounts from the highest score down; f(const AccountId32&)
//                         returns false to stop (FRAME's `iter()`, without a boxed iterator).
//   iter_from_while(s,f): the same, starting after `s` (NodeNotFound if `s` is not in the list).
//   count, contains, get_score (NodeNotFound), on_insert (Duplicate), on_update / on_remove
//   (NodeNotFound); on_increase / on_decrease are on_update with get_score ± the amount, as FRAME
//   provides them.
//   unsafe_regenerate(all, score_of): clears the list and inserts every account of `all` (a range
//   of AccountId32) with score_of(account); returns how many were inserted.
//   unsafe_clear(): removes everything (including counters).
template <class L>
concept SortedListProvider =
    requires(const AccountId32& who, staking::VoteWeight score, bool (*visit)(const AccountId32&)) {
      { L::iter_while(visit) } -> std::same_as<void>;
      { L::iter_from_while(who, visit) } -> std::same_as<SortedListResult<>>;
      { L::count() } -> std::same_as<uint32_t>;
      { L::contains(who) } -> std::same_as<bool>;
      { L::get_score(who) } -> std::same_as<SortedListResult<staking::VoteWeight>>;
      { L::on_insert(who, score) } -> std::same_as<SortedListResult<>>;
      { L::on_update(who, score) } -> std::same_as<SortedListResult<>>;
      { L::on_increase(who, score) } -> std::same_as<SortedListResult<>>;
      { L::on_decrease(who, score) } -> std::same_as<SortedListResult<>>;
      { L::on_remove(who) } -> std::same_as<SortedListResult<>>;
      L::unsafe_clear();
    };

}  // namespace canary::rt::traits
