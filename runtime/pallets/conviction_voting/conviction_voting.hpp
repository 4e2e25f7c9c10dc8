// pallet_conviction_voting: voting in polls (referenda) with a conviction that multiplies the
// votes of a balance (0.1x without lock, 1x to 6x locked for 1 to 32 VoteLockingPeriods after the
// poll when on the winning side), split and split-abstain votes, per-class delegation of voting
// power, and the class locks behind all of it as one balance lock "pyconvot". Reference
// semantics: polkadot-sdk substrate/frame/conviction-voting (pallet-conviction-voting 42, as
// Kusama FR-1.7.1 builds it, with VotingHooks = ()), metadata as Kusama's (index 20).
//
// The runtime's configuration T provides, besides System, Pallets and kDbWeight:
//   Currency                      a traits::LockableCurrency (Kusama: Balances)
//   Polls                         a traits::Polling<Tally> with Index u32, Class u16, Moment u32
//                                 (Kusama: Referenda)
//   MaxTurnout                    static Balance get(): the electorate support is measured against
//                                 (Kusama: ActiveIssuanceOf<Balances>)
//   kConvictionMaxVotes           u32 (Kusama: 512)
//   kVoteLockingPeriod            u32 blocks (Kusama: 7 * DAYS = 100_800)
//   optional vote_locking_period() u32, read instead of kVoteLockingPeriod (a value the genesis
//                                 may set), with set_vote_locking_period(u32) ->
//                                 Result<void, std::string> taking the genesis' value
//   optional ConvictionVotingWeightInfo (weights.hpp)
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/framework/traits/polling.hpp"
#include "runtime/pallets/conviction_voting/types.hpp"
#include "runtime/pallets/conviction_voting/weights.hpp"

namespace canary::rt::pallets::conviction_voting {

enum class Error : uint8_t {
  kNotOngoing = 0,
  kNotVoter = 1,
  kNoPermission = 2,
  kNoPermissionYet = 3,
  kAlreadyDelegating = 4,
  kAlreadyVoting = 5,
  kInsufficientFunds = 6,
  kNotDelegating = 7,
  kNonsense = 8,
  kMaxVotesReached = 9,
  kClassNeeded = 10,
  kBadClass = 11,
};

// CONVICTION_VOTING_ID: the balance lock of every class lock.
inline constexpr traits::LockIdentifier kLockId{'p', 'y', 'c', 'o', 'n', 'v', 'o', 't'};

// Who may remove a vote: its owner at any time (Any), others only once its lock has expired
// (OnlyExpired: remove_other_vote).
enum class UnvoteScope : uint8_t { kAny, kOnlyExpired };

// Canary's own genesis section (FRAME's ConvictionVoting has none), for test networks whose
// governance must run in a few blocks: `voteLockingPeriod` replaces VoteLockingPeriod when the
// runtime lets its genesis set it (T::set_vote_locking_period); absent or null: the runtime's.
struct GenesisConfig {
  std::optional<uint32_t> vote_locking_period;
  static constexpr auto json_fields() {
    return std::tuple{json_field("voteLockingPeriod", &GenesisConfig::vote_locking_period)};
  }
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_conviction_voting";
  static constexpr const char* kDocs = "Pallet for voting on referenda with conviction.";

  using Weights = WeightInfoOf<T>;
  using Currency = typename T::Currency;
  static_assert(traits::LockableCurrency<Currency>);
  using MaxVotes = ConstU32<T::kConvictionMaxVotes>;
  using TallyT = Tally<typename T::MaxTurnout>;
  // The runtime's Polls are checked where they are used (try_vote), not here: in a runtime they
  // are Referenda's, whose pallet needs the complete RuntimeCall, which needs this pallet's Call,
  // so this class must be complete without them (else the composition would find no Call here
  // and leave ConvictionVoting out of the RuntimeCall).
  using Polls = typename T::Polls;

  // VoteLockingPeriod: the runtime's value in force if it has one (set at genesis), else its
  // constant.
  static uint32_t vote_locking_period() {
    if constexpr (requires {
                    { T::vote_locking_period() } -> std::convertible_to<uint32_t>;
                  }) {
      return T::vote_locking_period();
    } else {
      return T::kVoteLockingPeriod;
    }
  }

  using GenesisConfig = conviction_voting::GenesisConfig;
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    if (!config.vote_locking_period) return {};
    if constexpr (requires {
                    {
                      T::set_vote_locking_period(uint32_t{})
                    } -> std::same_as<Result<void, std::string>>;
                  }) {
      return T::set_vote_locking_period(*config.vote_locking_period);
    } else {
      return unexpected(std::string("voteLockingPeriod: this runtime's period is fixed"));
    }
  }
  using VotingT = Voting<MaxVotes>;
  using CastingT = Casting<MaxVotes>;
  using Status = traits::PollStatus<TallyT*, BlockNumber, Class>;
  // ClassCountOf: as many class locks as the polls have classes.
  struct ClassCount {
    static uint32_t get() { return static_cast<uint32_t>(Polls::classes().size()); }
  };
  using ClassLocks = BoundedVec<std::tuple<Class, Balance>, ClassCount>;

  // --- Storage.
  using VotingFor = StorageDoubleMap<
      Pallet, "VotingFor", Twox64Concat, AccountId32, Twox64Concat, Class, VotingT, ValueQuery,
      DocLines<" All voting for a particular voter in a particular voting class. We store the "
               "balance for the",
               " number of votes that we have recorded.">>;
  using ClassLocksFor = StorageMap<
      Pallet, "ClassLocksFor", Twox64Concat, AccountId32, ClassLocks, ValueQuery,
      DocLines<" The voting classes which have a non-zero lock requirement and the lock amounts "
               "which they",
               " require. The actual amount locked on behalf of this pallet should always be the "
               "maximum of",
               " this list.">>;
  using Storage = std::tuple<VotingFor, ClassLocksFor>;

  // --- Errors.
  using Error = conviction_voting::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"NotOngoing", "Poll is not ongoing."},
      {"NotVoter", "The given account did not vote on the poll."},
      {"NoPermission", "The actor has no permission to conduct the action."},
      {"NoPermissionYet",
       "The actor has no permission to conduct the action right now but will do in the future."},
      {"AlreadyDelegating", "The account is already delegating."},
      {"AlreadyVoting",
       "The account currently has votes attached to it and the operation cannot succeed until\n"
       "these are removed through `remove_vote`."},
      {"InsufficientFunds", "Too high a balance was provided that the account cannot afford."},
      {"NotDelegating", "The account is not currently delegating."},
      {"Nonsense", "Delegation to oneself makes no sense."},
      {"MaxVotesReached", "Maximum number of votes reached."},
      {"ClassNeeded",
       "The class must be supplied since it is not easily determinable from the state."},
      {"BadClass", "The class ID supplied is invalid."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events (Kusama 1_009_002: Voted and VoteRemoved carry no poll index).
  struct Delegated {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "Delegated";
    static constexpr const char* kDocs =
        "An account has delegated their vote to another account. \\[who, target\\]";
    AccountId32 who;
    AccountId32 target;
    bool operator==(const Delegated&) const = default;
    static constexpr auto fields() {
      return std::tuple{unnamed_field(&Delegated::who, "T::AccountId"),
                        unnamed_field(&Delegated::target, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  struct Undelegated {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "Undelegated";
    static constexpr const char* kDocs =
        "An \\[account\\] has cancelled a previous delegation operation.";
    AccountId32 who;
    bool operator==(const Undelegated&) const = default;
    static constexpr auto fields() {
      return std::tuple{unnamed_field(&Undelegated::who, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  struct Voted {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "Voted";
    static constexpr const char* kDocs = "An account has voted";
    AccountId32 who;
    AccountVote vote;
    bool operator==(const Voted&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &Voted::who, "T::AccountId"),
                        field("vote", &Voted::vote, "AccountVote<BalanceOf<T, I>>")};
    }
    CANARY_DESCRIBED()
  };
  struct VoteRemoved {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "VoteRemoved";
    static constexpr const char* kDocs = "A vote has been removed";
    AccountId32 who;
    AccountVote vote;
    bool operator==(const VoteRemoved&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &VoteRemoved::who, "T::AccountId"),
                        field("vote", &VoteRemoved::vote, "AccountVote<BalanceOf<T, I>>")};
    }
    CANARY_DESCRIBED()
  };
  struct VoteUnlocked {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "VoteUnlocked";
    static constexpr const char* kDocs =
        "The lockup period of a conviction vote expired, and the funds have been unlocked.";
    AccountId32 who;
    Class klass = 0;
    bool operator==(const VoteUnlocked&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &VoteUnlocked::who, "T::AccountId"),
                        field("class", &VoteUnlocked::klass, "ClassOf<T, I>")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<Delegated, Undelegated, Voted, VoteRemoved, VoteUnlocked>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls.
  struct vote {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "vote";
    static constexpr const char* kDocs =
        "Vote in a poll. If `vote.is_aye()`, the vote is to enact the proposal;\n"
        "otherwise it is a vote to keep the status quo.\n"
        "\n"
        "The dispatch origin of this call must be _Signed_.\n"
        "\n"
        "- `poll_index`: The index of the poll to vote for.\n"
        "- `vote`: The vote configuration.\n"
        "\n"
        "Weight: `O(R)` where R is the number of polls the voter has voted on.";
    PollIndex poll_index = 0;
    AccountVote vote;
    static constexpr auto fields() {
      return std::tuple{compact_field("poll_index", &vote::poll_index, "PollIndexOf<T, I>"),
                        field("vote", &vote::vote, "AccountVote<BalanceOf<T, I>>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      const Weight a = Weights::vote_new();
      const Weight b = Weights::vote_existing();
      return {Weight::from_parts(std::max(a.ref_time, b.ref_time),
                                 std::max(a.proof_size, b.proof_size))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      return with_post_info(try_vote(*who, poll_index, this->vote));
    }
  };

  struct delegate {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "delegate";
    static constexpr const char* kDocs =
        "Delegate the voting power (with some given conviction) of the sending account for a\n"
        "particular class of polls.\n"
        "\n"
        "The balance delegated is locked for as long as it's delegated, and thereafter for the\n"
        "time appropriate for the conviction's lock period.\n"
        "\n"
        "Emits `Delegated`.";
    Class klass = 0;
    MultiAddress to;
    Conviction conviction = Conviction::kNone;
    Balance balance = 0;
    static constexpr auto fields() {
      return std::tuple{field("class", &delegate::klass, "ClassOf<T, I>"),
                        field("to", &delegate::to, "AccountIdLookupOf<T>"),
                        field("conviction", &delegate::conviction, "Conviction"),
                        field("balance", &delegate::balance, "BalanceOf<T, I>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::delegate(T::kConvictionMaxVotes)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto target = lookup(to);
      if (!target) return with_post_info(unexpected(target.error()));
      auto votes = try_delegate(*who, klass, *target, conviction, balance);
      if (!votes) return with_post_info(unexpected(votes.error()));
      return PostDispatchInfo{Weights::delegate(*votes)};
    }
  };

  struct undelegate {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "undelegate";
    static constexpr const char* kDocs =
        "Undelegate the voting power of the sending account for a particular class of polls.\n"
        "\n"
        "Tokens may be unlocked following once an amount of time consistent with the lock period\n"
        "of the conviction with which the delegation was issued has passed.\n"
        "\n"
        "Emits `Undelegated`.";
    Class klass = 0;
    static constexpr auto fields() {
      return std::tuple{field("class", &undelegate::klass, "ClassOf<T, I>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::undelegate(T::kConvictionMaxVotes)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto votes = try_undelegate(*who, klass);
      if (!votes) return with_post_info(unexpected(votes.error()));
      return PostDispatchInfo{Weights::undelegate(*votes)};
    }
  };

  struct unlock {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "unlock";
    static constexpr const char* kDocs =
        "Remove the lock caused by prior voting/delegating which has expired within a particular\n"
        "class.\n"
        "\n"
        "The dispatch origin of this call must be _Signed_.\n"
        "\n"
        "- `class`: The class of polls to unlock.\n"
        "- `target`: The account to remove the lock on.";
    Class klass = 0;
    MultiAddress target;
    static constexpr auto fields() {
      return std::tuple{field("class", &unlock::klass, "ClassOf<T, I>"),
                        field("target", &unlock::target, "AccountIdLookupOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::unlock()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return with_post_info(unexpected(who.error()));
      auto who = lookup(target);
      if (!who) return with_post_info(unexpected(who.error()));
      if (auto r = update_lock(klass, *who); !r) return with_post_info(unexpected(r.error()));
      deposit_event(VoteUnlocked{*who, klass});
      return PostDispatchInfo{};
    }
  };

  struct remove_vote {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "remove_vote";
    static constexpr const char* kDocs =
        "Remove a vote for a poll.\n"
        "\n"
        "If the poll is ongoing, the vote is removed from its tally; if it has ended with the\n"
        "vote on the winning side and a conviction, the lock is kept as a prior lock until it\n"
        "expires; otherwise the vote is just forgotten.\n"
        "\n"
        "- `index`: The index of poll of the vote to be removed.\n"
        "- `class`: Optional parameter, if given it indicates the class of the poll. For polls\n"
        "  which have finished or are cancelled, this must be `Some`.";
    std::optional<Class> klass;
    PollIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("class", &remove_vote::klass, "Option<ClassOf<T, I>>"),
                        field("index", &remove_vote::index, "PollIndexOf<T, I>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::remove_vote()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      return with_post_info(try_remove_vote(*who, index, klass, UnvoteScope::kAny));
    }
  };

  struct remove_other_vote {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "remove_other_vote";
    static constexpr const char* kDocs =
        "Remove a vote for a poll.\n"
        "\n"
        "If the `target` is equal to the signer, then this function is exactly equivalent to\n"
        "`remove_vote`. If not equal to the signer, then the vote must have expired,\n"
        "either because the poll was cancelled, because the voter lost the poll or\n"
        "because the conviction period is over.";
    MultiAddress target;
    Class klass = 0;
    PollIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("target", &remove_other_vote::target, "AccountIdLookupOf<T>"),
                        field("class", &remove_other_vote::klass, "ClassOf<T, I>"),
                        field("index", &remove_other_vote::index, "PollIndexOf<T, I>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::remove_other_vote()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto of = lookup(target);
      if (!of) return with_post_info(unexpected(of.error()));
      const UnvoteScope scope = *of == *who ? UnvoteScope::kAny : UnvoteScope::kOnlyExpired;
      return with_post_info(try_remove_vote(*of, index, klass, scope));
    }
  };

  using Call = std::variant<vote, delegate, undelegate, unlock, remove_vote, remove_other_vote>;

  // --- The logic (lib.rs's private functions).

  static Result<AccountId32, DispatchError> lookup(const MultiAddress& address) {
    // Kusama's Lookup is AccountIdLookup: only the Id form names an account.
    const AccountId32* who = address.account();
    if (who == nullptr) return unexpected(dispatch_error(DispatchError::Kind::kCannotLookup));
    return *who;
  }

  static BlockNumber now() { return T::System::block_number(); }
  // The tally cannot hold the vote (FRAME: ArithmeticError::Underflow / Overflow).
  static DispatchError underflow() {
    return traits::tokens::arithmetic_error(traits::tokens::ArithmeticError::kUnderflow);
  }
  static DispatchError overflow() {
    return traits::tokens::arithmetic_error(traits::tokens::ArithmeticError::kOverflow);
  }

  static traits::WithdrawReasons lock_reasons() {
    // WithdrawReasons::except(RESERVE).
    return {static_cast<uint8_t>(traits::WithdrawReasons::all().bits &
                                 ~traits::WithdrawReasons::kReserve)};
  }

  // try_vote: the vote replaces any earlier one of `who` in the poll; the delegations `who`
  // receives follow a standard vote.
  static DispatchResult try_vote(const AccountId32& who, PollIndex poll_index,
                                 const AccountVote& vote) {
    static_assert(traits::Polling<Polls, TallyT>);
    if (vote.balance() > Currency::total_balance(who))
      return unexpected(error(Error::kInsufficientFunds));
    return Polls::try_access_poll(poll_index, [&](Status status) -> DispatchResult {
      auto* ongoing = std::get_if<typename Status::Ongoing>(&status.status);
      if (ongoing == nullptr) return unexpected(error(Error::kNotOngoing));
      TallyT& tally = *ongoing->tally;
      const Class klass = ongoing->klass;
      VotingT voting = VotingFor::get(who, klass);
      CastingT* casting = voting.casting();
      if (casting == nullptr) return unexpected(error(Error::kAlreadyDelegating));
      auto& votes = casting->votes.items;
      auto it = std::lower_bound(votes.begin(), votes.end(), poll_index,
                                 [](const auto& e, PollIndex p) { return std::get<0>(e) < p; });
      if (it != votes.end() && std::get<0>(*it) == poll_index) {
        const AccountVote& old = std::get<1>(*it);
        if (!tally.remove(old)) return unexpected(underflow());
        if (auto approve = old.as_standard()) tally.reduce(*approve, casting->delegations);
        std::get<1>(*it) = vote;
      } else {
        const auto at = static_cast<size_t>(it - votes.begin());
        if (!casting->votes.try_insert(at, {poll_index, vote})) {
          return unexpected(error(Error::kMaxVotesReached));
        }
      }
      if (!tally.add(vote)) return unexpected(overflow());
      if (auto approve = vote.as_standard()) tally.increase(*approve, casting->delegations);
      VotingFor::insert(who, klass, voting);
      // Extend (not set) the lock: other votes in the class may need more.
      CANARY_TRY(extend_lock(who, klass, vote.balance()));
      deposit_event(Voted{who, vote});
      return {};
    });
  }

  // try_remove_vote: an ongoing poll's tally forgets the vote; a completed poll's winning vote
  // with conviction becomes a prior lock until it expires (which only its owner may ask for); a
  // cancelled poll's vote just goes.
  static DispatchResult try_remove_vote(const AccountId32& who, PollIndex poll_index,
                                        std::optional<Class> class_hint, UnvoteScope scope) {
    std::optional<Class> klass = class_hint;
    if (!klass) {
      if (auto ongoing = Polls::as_ongoing(poll_index)) klass = ongoing->second;
    }
    if (!klass) return unexpected(error(Error::kClassNeeded));
    VotingT voting = VotingFor::get(who, *klass);
    CastingT* casting = voting.casting();
    // A delegating account has no votes to remove (FRAME: Ok without change).
    if (casting == nullptr) return {};
    auto& votes = casting->votes.items;
    auto it = std::lower_bound(votes.begin(), votes.end(), poll_index,
                               [](const auto& e, PollIndex p) { return std::get<0>(e) < p; });
    if (it == votes.end() || std::get<0>(*it) != poll_index) {
      return unexpected(error(Error::kNotVoter));
    }
    const AccountVote removed = std::get<1>(*it);
    votes.erase(it);
    CANARY_TRY(Polls::try_access_poll(poll_index, [&](Status status) -> DispatchResult {
      if (auto* ongoing = std::get_if<typename Status::Ongoing>(&status.status)) {
        if (scope != UnvoteScope::kAny) return unexpected(error(Error::kNoPermission));
        TallyT& tally = *ongoing->tally;
        if (!tally.remove(removed)) return unexpected(underflow());
        if (auto approve = removed.as_standard()) tally.reduce(*approve, casting->delegations);
        deposit_event(VoteRemoved{who, removed});
        return {};
      }
      if (auto* done = std::get_if<typename Status::Completed>(&status.status)) {
        if (auto locked = removed.locked_if(done->approved)) {
          const BlockNumber unlock_at = block_after(done->moment, locked->first);
          if (now() < unlock_at) {
            if (scope != UnvoteScope::kAny) return unexpected(error(Error::kNoPermissionYet));
            casting->prior.accumulate(unlock_at, locked->second);
          }
        }
      }
      return {};
    }));
    VotingFor::insert(who, *klass, voting);
    return {};
  }

  // `end` plus `periods` VoteLockingPeriods, saturating.
  static BlockNumber block_after(BlockNumber end, uint32_t periods) {
    const uint64_t at = uint64_t{end} + uint64_t{vote_locking_period()} * periods;
    return at > UINT32_MAX ? UINT32_MAX : static_cast<BlockNumber>(at);
  }

  // increase_upstream_delegation / reduce_upstream_delegation: the delegate's received
  // delegations change, and so do the tallies of its standard votes in ongoing polls. A
  // delegate that itself delegates passes nothing on (one level only). Returns the votes touched.
  static uint32_t change_upstream_delegation(const AccountId32& target, Class klass,
                                             const Delegations& amount, bool increase) {
    VotingT voting = VotingFor::get(target, klass);
    uint32_t touched = 1;
    if (Delegating* d = voting.delegating()) {
      d->delegations =
          increase ? d->delegations.saturating_add(amount) : d->delegations.saturating_sub(amount);
    } else {
      CastingT& c = *voting.casting();
      c.delegations =
          increase ? c.delegations.saturating_add(amount) : c.delegations.saturating_sub(amount);
      for (const auto& [poll, account_vote] : c.votes.items) {
        const auto approve = account_vote.as_standard();
        if (!approve) continue;
        Polls::access_poll(poll, [&](Status status) {
          if (auto* ongoing = std::get_if<typename Status::Ongoing>(&status.status)) {
            if (increase) {
              ongoing->tally->increase(*approve, amount);
            } else {
              ongoing->tally->reduce(*approve, amount);
            }
          }
          return 0;
        });
      }
      touched = static_cast<uint32_t>(c.votes.items.size());
    }
    VotingFor::insert(target, klass, voting);
    return touched;
  }

  // try_delegate: `who`, with no votes in the class, lends `balance` at `conviction` to `target`.
  static Result<uint32_t, DispatchError> try_delegate(const AccountId32& who, Class klass,
                                                      const AccountId32& target,
                                                      Conviction conviction, Balance balance) {
    if (who == target) return unexpected(error(Error::kNonsense));
    const std::vector<Class> classes = Polls::classes();
    if (!std::binary_search(classes.begin(), classes.end(), klass)) {
      return unexpected(error(Error::kBadClass));
    }
    if (balance > Currency::total_balance(who)) return unexpected(error(Error::kInsufficientFunds));
    VotingT old = VotingFor::get(who, klass);
    const CastingT* casting = old.casting();
    if (casting == nullptr) return unexpected(error(Error::kAlreadyDelegating));
    if (!casting->votes.items.empty()) return unexpected(error(Error::kAlreadyVoting));
    VotingFor::insert(
        who, klass,
        VotingT{Delegating{balance, target, conviction, casting->delegations, casting->prior}});
    const uint32_t votes =
        change_upstream_delegation(target, klass, votes_of(conviction, balance), true);
    CANARY_TRY(extend_lock(who, klass, balance));
    deposit_event(Delegated{who, target});
    return votes;
  }

  // try_undelegate: the delegation ends; its balance stays locked for the conviction's periods
  // from now.
  static Result<uint32_t, DispatchError> try_undelegate(const AccountId32& who, Class klass) {
    VotingT voting = VotingFor::get(who, klass);
    Delegating* d = voting.delegating();
    if (d == nullptr) return unexpected(error(Error::kNotDelegating));
    const uint32_t votes =
        change_upstream_delegation(d->target, klass, votes_of(d->conviction, d->balance), false);
    PriorLock prior = d->prior;
    prior.accumulate(block_after(now(), lock_periods(d->conviction)), d->balance);
    VotingT next;
    next.set_common(d->delegations, prior);
    VotingFor::insert(who, klass, next);
    deposit_event(Undelegated{who});
    return votes;
  }

  // extend_lock: the class's lock grows to at least `amount`, and the balance lock with it.
  static DispatchResult extend_lock(const AccountId32& who, Class klass, Balance amount) {
    ClassLocks locks = ClassLocksFor::get(who);
    auto it = std::find_if(locks.items.begin(), locks.items.end(),
                           [&](const auto& l) { return std::get<0>(l) == klass; });
    if (it != locks.items.end()) {
      std::get<1>(*it) = std::max(std::get<1>(*it), amount);
    } else {
      // Bounded by the number of classes: a class outside Polls::classes() cannot be voted in.
      (void)locks.try_push({klass, amount});
    }
    ClassLocksFor::insert(who, locks);
    return Currency::extend_lock(kLockId, who, amount, lock_reasons());
  }

  // update_lock: the class's lock shrinks to what its votes and unexpired prior lock need; the
  // balance lock becomes the largest class lock, or goes.
  static DispatchResult update_lock(Class klass, const AccountId32& who) {
    VotingT voting = VotingFor::get(who, klass);
    voting.rejig(now());
    const Balance class_lock_needed = voting.locked_balance();
    VotingFor::insert(who, klass, voting);
    ClassLocks locks = ClassLocksFor::get(who);
    std::erase_if(locks.items, [&](const auto& l) { return std::get<0>(l) == klass; });
    if (class_lock_needed != 0) (void)locks.try_push({klass, class_lock_needed});
    Balance lock_needed = 0;
    for (const auto& [c, amount] : locks.items) lock_needed = std::max(lock_needed, amount);
    ClassLocksFor::insert(who, locks);
    if (lock_needed == 0) return Currency::remove_lock(kLockId, who);
    return Currency::set_lock(kLockId, who, lock_needed, lock_reasons());
  }

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(
        r, "MaxVotes", uint32_t{T::kConvictionMaxVotes},
        {" The maximum number of concurrent votes an account may have.", "",
         " Also used to compute weight, an overly large value can lead to extrinsics with large",
         " weight estimation: see `delegate` for instance."}));
    c.push_back(constant(
        r, "VoteLockingPeriod", vote_locking_period(),
        {" The minimum period of vote locking.", "",
         " It should be no shorter than enactment period to ensure that in the case of an "
         "approval,",
         " those successful voters are locked into the consequences that their votes entail."}));
  }
};

}  // namespace canary::rt::pallets::conviction_voting
