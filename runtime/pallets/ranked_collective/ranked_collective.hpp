// pallet_ranked_collective: a membership with ranks (0 the lowest) whose members vote on polls
// (Referenda's, through traits::Polling) with a weight that grows with their rank above the
// poll's minimum; support counts heads (the members of at least that rank), approval weighs the
// votes. Members join at rank 0 and move one rank at a time; each rank r keeps an index of the
// members of rank ≥ r (MemberCount, IdToIndex, IndexToId), so that every operation but removal
// is O(1). Reference semantics: polkadot-sdk substrate/frame/ranked-collective/src/lib.rs in the
// version Kusama runs (FR-1.7.1 relay/kusama governance/fellowship.rs: FellowshipCollective,
// Instance1, index 22; metadata spec 1_009_002, whose errors still include RankTooLow, so a
// member below a poll's minimum rank cannot vote).
//
// The runtime's configuration T provides System, Pallets and kDbWeight; the instance's
// configuration C provides:
//   AddOrigin                                 an EnsureOrigin
//   PromoteOrigin, DemoteOrigin, RemoveOrigin EnsureOrigins whose success is a Rank: the highest
//                                             rank to which one may promote / from which one may
//                                             demote or remove
//   ExchangeOrigin                            an EnsureOrigin
//   Polls                                     a traits::Polling of Tally<C::MaxVoters> with
//                                             u16 classes and u32 indices (FellowshipReferenda)
//   MaxVoters                                 `static MemberIndex get_max_voters(uint16_t class)`:
//                                             this pallet's max_voters (declared apart to break the
//                                             cycle Polls → Tally → this pallet)
//   static Rank min_rank_of_class(uint16_t)   the poll class's minimum rank (Kusama: the class)
//   VoteWeight                                `static Votes convert(Rank excess)` (Kusama:
//                                             Geometric)
//   optional static std::optional<MemberIndex> max_member_count(Rank)   (Kusama: none)
//   optional WeightInfo                       (weights.hpp)
// Canary adds a genesis section, `{"members": [[account, rank], …]}` (FRAME's pallet has none;
// test networks need a Fellowship to whitelist with).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/polling.hpp"
#include "runtime/framework/types/account_lookup.hpp"
#include "runtime/framework/types/bounded.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/ranked_collective/types.hpp"
#include "runtime/pallets/ranked_collective/weights.hpp"

namespace canary::rt::pallets::ranked_collective {

enum class Error : uint8_t {
  kAlreadyMember = 0,
  kNotMember = 1,
  kNotPolling = 2,
  kOngoing = 3,
  kNoneRemaining = 4,
  kCorruption = 5,
  kRankTooLow = 6,
  kInvalidWitness = 7,
  kNoPermission = 8,
  kSameMember = 9,
  kTooManyMembers = 10,
};

// Canary's genesis section: members with their ranks.
struct GenesisConfig {
  std::vector<std::pair<AccountId32, Rank>> members;
  static constexpr auto json_fields() {
    return std::tuple{json_field("members", &GenesisConfig::members)};
  }
};

// The key of a Voting entry is at most 32 + 16 + 4 + 8 + 32 bytes (KeyLenOf<Voting>): the
// cleanup cursor's bound.
inline constexpr uint32_t kVotingKeyLen = 92;

template <class T, class At, class C>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_ranked_collective";
  static constexpr bool kInstanced = true;
  static constexpr const char* kDocs = "";

  using Weights = WeightInfoOf<T, C>;
  using TallyT = Tally<typename C::MaxVoters>;
  using PollIndex = uint32_t;
  using Class = uint16_t;
  static_assert(EnsureOrigin<typename C::AddOrigin>);
  static_assert(EnsureOrigin<typename C::ExchangeOrigin>);

  // --- Storage.
  using MemberCount = StorageMap<
      Pallet, "MemberCount", Twox64Concat, Rank, MemberIndex, ValueQuery,
      DocLines<" The number of members in the collective who have at least the rank according to "
               "the index",
               " of the vec.">>;
  using Members = StorageMap<Pallet, "Members", Twox64Concat, AccountId32, MemberRecord,
                             OptionQuery, DocLines<" The current members of the collective.">>;
  using IdToIndex = StorageDoubleMap<
      Pallet, "IdToIndex", Twox64Concat, Rank, Twox64Concat, AccountId32, MemberIndex, OptionQuery,
      DocLines<" The index of each ranks's member into the group of members who have at least "
               "that rank.">>;
  using IndexToId = StorageDoubleMap<
      Pallet, "IndexToId", Twox64Concat, Rank, Twox64Concat, MemberIndex, AccountId32, OptionQuery,
      DocLines<" The members in the collective by index. All indices in the range `0..MemberCount` "
               "will",
               " return `Some`, however a member's index is not guaranteed to remain unchanged "
               "over time.">>;
  using Voting = StorageDoubleMap<Pallet, "Voting", Blake2_128Concat, PollIndex, Twox64Concat,
                                  AccountId32, VoteRecord, OptionQuery,
                                  DocLines<" Votes on a given proposal, if it is ongoing.">>;
  using VotingCleanup = StorageMap<Pallet, "VotingCleanup", Blake2_128Concat, PollIndex,
                                   BoundedVec<uint8_t, ConstU32<kVotingKeyLen>>, OptionQuery>;
  using Storage = std::tuple<MemberCount, Members, IdToIndex, IndexToId, Voting, VotingCleanup>;

  // --- Errors.
  using Error = ranked_collective::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"AlreadyMember", "Account is already a member."},
      {"NotMember", "Account is not a member."},
      {"NotPolling", "The given poll index is unknown or has closed."},
      {"Ongoing", "The given poll is still ongoing."},
      {"NoneRemaining", "There are no further records to be removed."},
      {"Corruption", "Unexpected error in state."},
      {"RankTooLow", "The member's rank is too low to vote."},
      {"InvalidWitness", "The information provided is incorrect."},
      {"NoPermission", "The origin is not sufficiently privileged to do the operation."},
      {"SameMember", "The new member to exchange is the same as the old member"},
      {"TooManyMembers", "The max member count for the rank has been reached."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events.
  struct MemberAdded {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "MemberAdded";
    static constexpr const char* kDocs = "A member `who` has been added.";
    AccountId32 who;
    bool operator==(const MemberAdded&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &MemberAdded::who, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  struct RankChanged {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "RankChanged";
    static constexpr const char* kDocs =
        "The member `who`se rank has been changed to the given `rank`.";
    AccountId32 who;
    Rank rank = 0;
    bool operator==(const RankChanged&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &RankChanged::who, "T::AccountId"),
                        field("rank", &RankChanged::rank, "Rank")};
    }
    CANARY_DESCRIBED()
  };
  struct MemberRemoved {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "MemberRemoved";
    static constexpr const char* kDocs =
        "The member `who` of given `rank` has been removed from the collective.";
    AccountId32 who;
    Rank rank = 0;
    bool operator==(const MemberRemoved&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &MemberRemoved::who, "T::AccountId"),
                        field("rank", &MemberRemoved::rank, "Rank")};
    }
    CANARY_DESCRIBED()
  };
  struct Voted {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "Voted";
    static constexpr const char* kDocs =
        "The member `who` has voted for the `poll` with the given `vote` leading to an updated\n"
        "`tally`.";
    AccountId32 who;
    PollIndex poll = 0;
    VoteRecord vote;
    TallyT tally;
    bool operator==(const Voted&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &Voted::who, "T::AccountId"),
                        field("poll", &Voted::poll, "PollIndexOf<T, I>"),
                        field("vote", &Voted::vote, "VoteRecord"),
                        field("tally", &Voted::tally, "TallyOf<T, I>")};
    }
    CANARY_DESCRIBED()
  };
  struct MemberExchanged {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "MemberExchanged";
    static constexpr const char* kDocs =
        "The member `who` had their `AccountId` changed to `new_who`.";
    AccountId32 who;
    AccountId32 new_who;
    bool operator==(const MemberExchanged&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &MemberExchanged::who, "T::AccountId"),
                        field("new_who", &MemberExchanged::new_who, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<MemberAdded, RankChanged, MemberRemoved, Voted, MemberExchanged>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls.
  struct add_member {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "add_member";
    static constexpr const char* kDocs =
        "Introduce a new member.\n\n- `origin`: Must be the `AddOrigin`.\n- `who`: Account of "
        "non-member which will become a member.\n\nWeight: `O(1)`";
    MultiAddress who;
    static constexpr auto fields() {
      return std::tuple{field("who", &add_member::who, "AccountIdLookupOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::add_member()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename C::AddOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      auto account = lookup_account(who);
      if (!account) return with_post_info(unexpected(account.error()));
      return with_post_info(do_add_member(*account, true));
    }
  };

  struct promote_member {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "promote_member";
    static constexpr const char* kDocs =
        "Increment the rank of an existing member by one.\n\n- `origin`: Must be the "
        "`PromoteOrigin`.\n- `who`: Account of existing member.\n\nWeight: `O(1)`";
    MultiAddress who;
    static constexpr auto fields() {
      return std::tuple{field("who", &promote_member::who, "AccountIdLookupOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::promote_member(0)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto max_rank = ensure_origin<typename C::PromoteOrigin>(origin);
      if (!max_rank) return with_post_info(unexpected(max_rank.error()));
      auto account = lookup_account(who);
      if (!account) return with_post_info(unexpected(account.error()));
      return with_post_info(do_promote_member(*account, Rank{*max_rank}, true));
    }
  };

  struct demote_member {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "demote_member";
    static constexpr const char* kDocs =
        "Decrement the rank of an existing member by one. If the member is already at rank "
        "zero,\nthen they are removed entirely.\n\n- `origin`: Must be the `DemoteOrigin`.\n- "
        "`who`: Account of existing member of rank greater than zero.\n\nWeight: `O(1)`, less if "
        "the member's index is highest in its rank.";
    MultiAddress who;
    static constexpr auto fields() {
      return std::tuple{field("who", &demote_member::who, "AccountIdLookupOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::demote_member(0)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto max_rank = ensure_origin<typename C::DemoteOrigin>(origin);
      if (!max_rank) return with_post_info(unexpected(max_rank.error()));
      auto account = lookup_account(who);
      if (!account) return with_post_info(unexpected(account.error()));
      return with_post_info(do_demote_member(*account, Rank{*max_rank}));
    }
  };

  struct remove_member {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "remove_member";
    static constexpr const char* kDocs =
        "Remove the member entirely.\n\n- `origin`: Must be the `RemoveOrigin`.\n- `who`: Account "
        "of existing member of rank greater than zero.\n- `min_rank`: The rank of the member or "
        "greater.\n\nWeight: `O(min_rank)`.";
    MultiAddress who;
    Rank min_rank = 0;
    static constexpr auto fields() {
      return std::tuple{field("who", &remove_member::who, "AccountIdLookupOf<T>"),
                        field("min_rank", &remove_member::min_rank, "Rank")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::remove_member(min_rank)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto max_rank = ensure_origin<typename C::RemoveOrigin>(origin);
      if (!max_rank) return with_post_info(unexpected(max_rank.error()));
      auto account = lookup_account(who);
      if (!account) return with_post_info(unexpected(account.error()));
      const std::optional<MemberRecord> record = Members::get(*account);
      if (!record) return with_post_info(unexpected(error(Error::kNotMember)));
      if (min_rank < record->rank) return with_post_info(unexpected(error(Error::kInvalidWitness)));
      if (Rank{*max_rank} < record->rank) {
        return with_post_info(unexpected(error(Error::kNoPermission)));
      }
      if (auto removed = do_remove_member_from_rank(*account, record->rank); !removed) {
        return with_post_info(removed);
      }
      deposit_event(MemberRemoved{*account, record->rank});
      return PostDispatchInfo{Weights::remove_member(record->rank), Pays::kYes};
    }
  };

  struct vote {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "vote";
    static constexpr const char* kDocs =
        "Add an aye or nay vote for the sender to the given proposal.\n\n- `origin`: Must be "
        "`Signed` by a member account.\n- `poll`: Index of a poll which is ongoing.\n- `aye`: "
        "`true` if the vote is to approve the proposal, `false` otherwise.\n\nTransaction fees "
        "are be waived if the member is voting on any particular proposal\nfor the first time and "
        "the call is successful. Subsequent vote changes will charge a\nfee.\n\nWeight: `O(1)`, "
        "less if there was no previous vote on the poll by the member.";
    PollIndex poll = 0;
    bool aye = false;
    static constexpr auto fields() {
      return std::tuple{field("poll", &vote::poll, "PollIndexOf<T, I>"),
                        field("aye", &vote::aye, "bool")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::vote()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      const std::optional<MemberRecord> record = Members::get(*who);
      if (!record) return with_post_info(unexpected(error(Error::kNotMember)));
      Pays pays = Pays::kYes;
      using Status = traits::PollStatus<TallyT*, BlockNumber, Class>;
      auto voted = C::Polls::try_access_poll(
          poll, [&](Status status) -> Result<std::pair<TallyT, VoteRecord>, DispatchError> {
            auto* ongoing = std::get_if<typename Status::Ongoing>(&status.status);
            if (ongoing == nullptr) return unexpected(error(Error::kNotPolling));
            TallyT& tally = *ongoing->tally;
            if (const std::optional<VoteRecord> old = Voting::get(poll, *who)) {
              if (old->is_aye()) {
                tally.bare_ayes = tally.bare_ayes == 0 ? 0 : tally.bare_ayes - 1;
                tally.ayes = tally.ayes < old->votes() ? 0 : tally.ayes - old->votes();
              } else {
                tally.nays = tally.nays < old->votes() ? 0 : tally.nays - old->votes();
              }
            } else {
              pays = Pays::kNo;  // a first vote on the poll is free
            }
            const Rank min_rank = C::min_rank_of_class(ongoing->klass);
            if (record->rank < min_rank) return unexpected(error(Error::kRankTooLow));
            const Votes votes = C::VoteWeight::convert(static_cast<Rank>(record->rank - min_rank));
            if (aye) {
              tally.bare_ayes = saturating_add(tally.bare_ayes, MemberIndex{1});
              tally.ayes = saturating_add(tally.ayes, votes);
            } else {
              tally.nays = saturating_add(tally.nays, votes);
            }
            const VoteRecord cast = VoteRecord::of(aye, votes);
            Voting::insert(poll, *who, cast);
            return std::pair<TallyT, VoteRecord>{tally, cast};
          });
      if (!voted) return with_post_info(unexpected(voted.error()));
      deposit_event(Voted{*who, poll, voted->second, voted->first});
      return PostDispatchInfo{std::nullopt, pays};
    }
  };

  struct cleanup_poll {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "cleanup_poll";
    static constexpr const char* kDocs =
        "Remove votes from the given poll. It must have ended.\n\n- `origin`: Must be `Signed` by "
        "any account.\n- `poll_index`: Index of a poll which is completed and for which votes "
        "continue to\n  exist.\n- `max`: Maximum number of vote items from remove in this "
        "call.\n\nTransaction fees are waived if the operation is successful.\n\nWeight `O(max)` "
        "(less if there are fewer items to remove than `max`).";
    PollIndex poll_index = 0;
    uint32_t max = 0;
    static constexpr auto fields() {
      return std::tuple{field("poll_index", &cleanup_poll::poll_index, "PollIndexOf<T, I>"),
                        field("max", &cleanup_poll::max, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::cleanup_poll(max)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return with_post_info(unexpected(who.error()));
      if (C::Polls::as_ongoing(poll_index)) {
        return with_post_info(unexpected(error(Error::kOngoing)));
      }
      // The host's clear_prefix takes no cursor here (io::storage::clear_prefix): a repeated
      // call starts over, which finds only what is left. The cursor is still kept as FRAME does.
      VotingCleanup::remove(poll_index);
      const io::RemovalResults r = Voting::clear_prefix(poll_index, max);
      if (r.unique == 0) return PostDispatchInfo{std::nullopt, Pays::kYes};
      if (r.cursor) {
        BoundedVec<uint8_t, ConstU32<kVotingKeyLen>> cursor;
        const size_t n = std::min<size_t>(r.cursor->size(), kVotingKeyLen);
        cursor.items.assign(r.cursor->begin(), r.cursor->begin() + static_cast<std::ptrdiff_t>(n));
        VotingCleanup::insert(poll_index, cursor);
      }
      return PostDispatchInfo{Weights::cleanup_poll(r.unique), Pays::kNo};
    }
  };

  struct exchange_member {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "exchange_member";
    static constexpr const char* kDocs =
        "Exchanges a member with a new account and the same existing rank.\n\n- `origin`: Must "
        "be the `ExchangeOrigin`.\n- `who`: Account of existing member of rank greater than zero "
        "to be exchanged.\n- `new_who`: New Account of existing member of rank greater than zero "
        "to exchanged to.";
    MultiAddress who;
    MultiAddress new_who;
    static constexpr auto fields() {
      return std::tuple{field("who", &exchange_member::who, "AccountIdLookupOf<T>"),
                        field("new_who", &exchange_member::new_who, "AccountIdLookupOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::exchange_member()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename C::ExchangeOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      auto old_account = lookup_account(who);
      if (!old_account) return with_post_info(unexpected(old_account.error()));
      auto new_account = lookup_account(new_who);
      if (!new_account) return with_post_info(unexpected(new_account.error()));
      if (*old_account == *new_account) {
        return with_post_info(unexpected(error(Error::kSameMember)));
      }
      const std::optional<MemberRecord> record = Members::get(*old_account);
      if (!record) return with_post_info(unexpected(error(Error::kNotMember)));
      if (auto ok = do_remove_member_from_rank(*old_account, record->rank); !ok) {
        return with_post_info(ok);
      }
      if (auto ok = do_add_member_to_rank(*new_account, record->rank, false); !ok) {
        return with_post_info(ok);
      }
      deposit_event(MemberExchanged{*old_account, *new_account});
      // Kusama's MemberSwappedHandler is ().
      return PostDispatchInfo{};
    }
  };

  using Call = std::variant<add_member, promote_member, demote_member, remove_member, vote,
                            cleanup_poll, exchange_member>;

  // --- Membership.
  static std::optional<Rank> rank_of(const AccountId32& who) {
    if (auto record = Members::get(who)) return record->rank;
    return std::nullopt;
  }
  // GetMaxVoters: the members who may vote in a poll of the class.
  static MemberIndex max_voters(Class klass) {
    return MemberCount::get(C::min_rank_of_class(klass));
  }

  static DispatchResult do_add_member(const AccountId32& who, bool emit_event) {
    if (Members::contains_key(who)) return unexpected(error(Error::kAlreadyMember));
    const MemberIndex index = MemberCount::get(0);
    if (index == UINT32_MAX) return unexpected(overflow());
    const MemberIndex count = index + 1;
    if (auto max = max_member_count(0); max && count > *max) {
      return unexpected(error(Error::kTooManyMembers));
    }
    Members::insert(who, MemberRecord{0});
    IdToIndex::insert(0, who, index);
    IndexToId::insert(0, index, who);
    MemberCount::insert(0, count);
    if (emit_event) deposit_event(MemberAdded{who});
    return {};
  }

  // Up one rank; no further than max_rank when given.
  static DispatchResult do_promote_member(const AccountId32& who, std::optional<Rank> max_rank,
                                          bool emit_event) {
    const std::optional<MemberRecord> record = Members::get(who);
    if (!record) return unexpected(error(Error::kNotMember));
    if (record->rank == UINT16_MAX) return unexpected(overflow());
    const Rank rank = static_cast<Rank>(record->rank + 1);
    if (max_rank && *max_rank < rank) return unexpected(error(Error::kNoPermission));
    const MemberIndex index = MemberCount::get(rank);
    if (index == UINT32_MAX) return unexpected(overflow());
    if (auto max = max_member_count(rank); max && index + 1 > *max) {
      return unexpected(error(Error::kTooManyMembers));
    }
    MemberCount::insert(rank, index + 1);
    IdToIndex::insert(rank, who, index);
    IndexToId::insert(rank, index, who);
    Members::insert(who, MemberRecord{rank});
    if (emit_event) deposit_event(RankChanged{who, rank});
    return {};
  }

  // Down one rank (out of the collective from rank 0); only from max_rank or below when given.
  static DispatchResult do_demote_member(const AccountId32& who, std::optional<Rank> max_rank) {
    const std::optional<MemberRecord> record = Members::get(who);
    if (!record) return unexpected(error(Error::kNotMember));
    const Rank rank = record->rank;
    if (max_rank && *max_rank < rank) return unexpected(error(Error::kNoPermission));
    CANARY_TRY(remove_from_rank(who, rank));
    if (rank == 0) {
      Members::remove(who);
      deposit_event(MemberRemoved{who, 0});
    } else {
      Members::insert(who, MemberRecord{static_cast<Rank>(rank - 1)});
      deposit_event(RankChanged{who, static_cast<Rank>(rank - 1)});
    }
    return {};
  }

  static DispatchResult do_add_member_to_rank(const AccountId32& who, Rank rank, bool emit_event) {
    CANARY_TRY(do_add_member(who, emit_event));
    for (Rank r = 0; r < rank; ++r) CANARY_TRY(do_promote_member(who, std::nullopt, emit_event));
    return {};
  }

  static DispatchResult do_remove_member_from_rank(const AccountId32& who, Rank rank) {
    for (uint32_t r = 0; r <= rank; ++r) CANARY_TRY(remove_from_rank(who, static_cast<Rank>(r)));
    Members::remove(who);
    return {};
  }

  // --- Genesis (Canary's): each member added at its rank, without events.
  using GenesisConfig = ranked_collective::GenesisConfig;
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    for (const auto& [who, rank] : config.members) {
      if (!do_add_member_to_rank(who, rank, false)) {
        return unexpected(std::string("a member is listed twice, or a rank is over its limit"));
      }
    }
    return {};
  }

  // --- Try-state (FRAME's do_try_state): every member counted at each rank up to its own, the
  // indices dense and each other's inverse.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    std::vector<MemberIndex> expected;
    for (const auto& [who, record] : Members::entries()) {
      if (expected.size() <= record.rank) expected.resize(size_t{record.rank} + 1, 0);
      for (uint32_t r = 0; r <= record.rank; ++r) {
        ++expected[r];
        const auto index = IdToIndex::get(static_cast<Rank>(r), who);
        if (!index || IndexToId::get(static_cast<Rank>(r), *index) != std::optional(who)) {
          return unexpected(std::string(kName) + ": a member's index at a rank is inconsistent");
        }
      }
    }
    for (size_t r = 0; r < expected.size(); ++r) {
      if (MemberCount::get(static_cast<Rank>(r)) != expected[r]) {
        return unexpected(std::string(kName) + ": MemberCount at rank " + std::to_string(r) +
                          " is not the number of members of that rank or above");
      }
    }
    return {};
  }

 private:
  static std::optional<MemberIndex> max_member_count(Rank rank) {
    if constexpr (requires { C::max_member_count(rank); }) {
      return C::max_member_count(rank);
    } else {
      return std::nullopt;
    }
  }
  static DispatchError overflow() {
    return dispatch_error(DispatchError::Kind::kArithmetic, 1);  // ArithmeticError::Overflow
  }
  template <class N>
  static N saturating_add(N a, N b) {
    return a > static_cast<N>(~N{0} - b) ? static_cast<N>(~N{0}) : static_cast<N>(a + b);
  }

  // Takes the member out of the index of rank ≥ `rank`: the last index fills the gap.
  static DispatchResult remove_from_rank(const AccountId32& who, Rank rank) {
    MemberIndex last = MemberCount::get(rank);
    last = last == 0 ? 0 : last - 1;
    const std::optional<MemberIndex> index = IdToIndex::get(rank, who);
    if (!index) return unexpected(error(Error::kCorruption));
    if (*index != last) {
      const std::optional<AccountId32> last_who = IndexToId::get(rank, last);
      if (!last_who) return unexpected(error(Error::kCorruption));
      IdToIndex::insert(rank, *last_who, *index);
      IndexToId::insert(rank, *index, *last_who);
    }
    IdToIndex::remove(rank, who);
    IndexToId::remove(rank, last);
    MemberCount::insert(rank, last);
    return {};
  }
};

// The origins of Kusama's Fellowship (pallet_ranked_collective's EnsureMember / EnsureRanked /
// EnsureRankedMember): a signed member of at least kMinRank; success the account, the rank, or
// both.
template <class P, Rank kMinRank>
struct EnsureMember {
  using Success = AccountId32;
  static std::optional<Success> try_origin(const Origin& origin) {
    const AccountId32* who = origin.signer();
    if (who == nullptr) return std::nullopt;
    const auto rank = P::rank_of(*who);
    if (!rank || *rank < kMinRank) return std::nullopt;
    return *who;
  }
};
template <class P, Rank kMinRank>
struct EnsureRanked {
  using Success = Rank;
  static std::optional<Success> try_origin(const Origin& origin) {
    const AccountId32* who = origin.signer();
    if (who == nullptr) return std::nullopt;
    const auto rank = P::rank_of(*who);
    if (!rank || *rank < kMinRank) return std::nullopt;
    return *rank;
  }
};

}  // namespace canary::rt::pallets::ranked_collective
