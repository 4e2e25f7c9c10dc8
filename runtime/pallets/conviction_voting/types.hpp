// pallet_conviction_voting's types: convictions and their lock periods, the packed Vote byte,
// AccountVote (standard, split, split-abstain), the per-class Voting record (Casting or
// Delegating) with its PriorLock, Delegations, and the Tally a poll keeps. Semantics and SCALE
// layouts as pallet-conviction-voting 42 (polkadot-sdk substrate/frame/conviction-voting/src/
// {conviction,vote,types}.rs); type paths as Kusama's metadata (spec 1_009_002).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <tuple>
#include <utility>
#include <variant>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/bounded.hpp"

namespace canary::rt::pallets::conviction_voting {

using traits::tokens::Balance;
using PollIndex = uint32_t;
using Class = uint16_t;  // Kusama's ClassOf: the referenda track id

inline constexpr Balance kMaxBalance = std::numeric_limits<Balance>::max();
constexpr Balance saturating_add(Balance a, Balance b) {
  return a > kMaxBalance - b ? kMaxBalance : a + b;
}
constexpr Balance saturating_sub(Balance a, Balance b) {
  return a > b ? a - b : 0;
}

// pallet_conviction_voting::types::Delegations: votes (conviction-weighted) and the capital
// behind them. Arithmetic saturates (Saturating for Delegations).
struct Delegations {
  Balance votes = 0;
  Balance capital = 0;
  bool operator==(const Delegations&) const = default;
  Delegations saturating_add(const Delegations& o) const {
    return {conviction_voting::saturating_add(votes, o.votes),
            conviction_voting::saturating_add(capital, o.capital)};
  }
  Delegations saturating_sub(const Delegations& o) const {
    return {conviction_voting::saturating_sub(votes, o.votes),
            conviction_voting::saturating_sub(capital, o.capital)};
  }
  static constexpr auto fields() {
    return std::tuple{field("votes", &Delegations::votes, "Balance"),
                      field("capital", &Delegations::capital, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_conviction_voting", "types", "Delegations"});
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

// pallet_conviction_voting::conviction::Conviction: the SCALE index is the multiplier (None is
// 0.1x).
enum class Conviction : uint8_t {
  kNone = 0,
  kLocked1x = 1,
  kLocked2x = 2,
  kLocked3x = 3,
  kLocked4x = 4,
  kLocked5x = 5,
  kLocked6x = 6,
};
inline bool scale_is_valid(Conviction c) {
  return static_cast<uint8_t>(c) <= 6;
}
inline void canary_type_info(meta::TypeBuilder& b, const Conviction*) {
  b.path({"pallet_conviction_voting", "conviction", "Conviction"});
  b.variant(0, "None").variant(1, "Locked1x").variant(2, "Locked2x").variant(3, "Locked3x");
  b.variant(4, "Locked4x").variant(5, "Locked5x").variant(6, "Locked6x");
}

// Conviction::lock_periods: how many VoteLockingPeriods the balance stays locked after the poll
// (doubling from 1x; None locks nothing).
constexpr uint32_t lock_periods(Conviction c) {
  const auto n = static_cast<uint8_t>(c);
  return n == 0 ? 0 : uint32_t{1} << (n - 1);
}

// Conviction::votes: None counts a tenth of the capital (floor), the others capital times the
// multiplier, saturating.
constexpr Delegations votes_of(Conviction c, Balance capital) {
  const auto n = static_cast<uint8_t>(c);
  if (n == 0) return {capital / 10, capital};
  const Balance votes = capital > kMaxBalance / n ? kMaxBalance : capital * n;
  return {votes, capital};
}

// pallet_conviction_voting::vote::Vote: one byte, aye in bit 7, the conviction below; decoding
// rejects a conviction above 6 ("Invalid conviction").
struct Vote {
  bool aye = false;
  Conviction conviction = Conviction::kNone;
  bool operator==(const Vote&) const = default;

  uint8_t packed() const { return static_cast<uint8_t>(conviction) | (aye ? 0x80 : 0x00); }
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, packed());
  }
  void scale_decode(scale::Decoder& in) {
    const uint8_t b = in.read_byte();
    if (!in.ok()) return;
    if ((b & 0x7f) > 6) {
      in.fail(scale::DecodeError::kInvalidEnumValue);
      return;
    }
    aye = (b & 0x80) != 0;
    conviction = static_cast<Conviction>(b & 0x7f);
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_conviction_voting", "vote", "Vote"});
    b.typed_field<uint8_t>(std::nullopt);
  }
};

// pallet_conviction_voting::vote::AccountVote<Balance>.
struct AccountVote {
  struct Standard {
    static constexpr uint8_t kScaleIndex = 0;
    Vote vote;
    Balance balance;  // no initializer: the variant below must see a default constructor
    bool operator==(const Standard&) const = default;
    CANARY_SCALE_FIELDS(vote, balance)
  };
  struct Split {
    static constexpr uint8_t kScaleIndex = 1;
    Balance aye;
    Balance nay;
    bool operator==(const Split&) const = default;
    CANARY_SCALE_FIELDS(aye, nay)
  };
  struct SplitAbstain {
    static constexpr uint8_t kScaleIndex = 2;
    Balance aye;
    Balance nay;
    Balance abstain;
    bool operator==(const SplitAbstain&) const = default;
    CANARY_SCALE_FIELDS(aye, nay, abstain)
  };
  std::variant<Standard, Split, SplitAbstain> value;
  bool operator==(const AccountVote&) const = default;

  static AccountVote standard(bool aye, Conviction c, Balance balance) {
    return {Standard{Vote{aye, c}, balance}};
  }
  static AccountVote split(Balance aye, Balance nay) { return {Split{aye, nay}}; }
  static AccountVote split_abstain(Balance aye, Balance nay, Balance abstain) {
    return {SplitAbstain{aye, nay, abstain}};
  }

  // AccountVote::balance: the whole capital the vote uses (and locks).
  Balance balance() const {
    if (const auto* s = std::get_if<Standard>(&value)) return s->balance;
    if (const auto* s = std::get_if<Split>(&value)) return saturating_add(s->aye, s->nay);
    const auto& a = std::get<SplitAbstain>(value);
    return saturating_add(saturating_add(a.aye, a.nay), a.abstain);
  }
  // AccountVote::as_standard: the direction of a standard vote (delegations follow only those).
  std::optional<bool> as_standard() const {
    if (const auto* s = std::get_if<Standard>(&value)) return s->vote.aye;
    return std::nullopt;
  }
  // AccountVote::locked_if(approved): a standard vote with conviction on the winning side stays
  // locked for its lock periods after the poll ends; every other vote is free at once.
  std::optional<std::pair<uint32_t, Balance>> locked_if(bool approved) const {
    const auto* s = std::get_if<Standard>(&value);
    if (s == nullptr || s->vote.conviction == Conviction::kNone || s->vote.aye != approved) {
      return std::nullopt;
    }
    return std::pair{lock_periods(s->vote.conviction), s->balance};
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_conviction_voting", "vote", "AccountVote"});
    b.param<Balance>("Balance");
    meta::Registry& r = b.registry();
    b.variant(0, "Standard",
              {meta::field_of<Vote>(r, "vote", "Vote"),
               meta::field_of<Balance>(r, "balance", "Balance")});
    b.variant(1, "Split",
              {meta::field_of<Balance>(r, "aye", "Balance"),
               meta::field_of<Balance>(r, "nay", "Balance")});
    b.variant(
        2, "SplitAbstain",
        {meta::field_of<Balance>(r, "aye", "Balance"), meta::field_of<Balance>(r, "nay", "Balance"),
         meta::field_of<Balance>(r, "abstain", "Balance")});
  }
};

// pallet_conviction_voting::vote::PriorLock(BlockNumber, Balance): what stays locked from
// earlier votes and delegations, and until when.
struct PriorLock {
  BlockNumber until = 0;
  Balance amount = 0;
  bool operator==(const PriorLock&) const = default;
  // PriorLock::accumulate: the later end and the larger amount.
  void accumulate(BlockNumber u, Balance a) {
    until = std::max(until, u);
    amount = std::max(amount, a);
  }
  // PriorLock::rejig: gone once the end has come.
  void rejig(BlockNumber now) {
    if (now >= until) *this = {};
  }
  static constexpr auto fields() {
    return std::tuple{unnamed_field(&PriorLock::until, "BlockNumber"),
                      unnamed_field(&PriorLock::amount, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_conviction_voting", "vote", "PriorLock"});
    b.param<BlockNumber>("BlockNumber").param<Balance>("Balance");
    add_fields(b, fields());
  }
};

// pallet_conviction_voting::vote::Casting: an account's own votes in a class (sorted by poll),
// the delegations it receives, and its prior lock.
template <class MaxVotes>
struct Casting {
  using VoteEntry = std::tuple<PollIndex, AccountVote>;
  BoundedVec<VoteEntry, MaxVotes> votes;
  Delegations delegations;
  PriorLock prior;
  bool operator==(const Casting&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("votes", &Casting::votes, "BoundedVec<(PollIndex, AccountVote<Balance>), MaxVotes>"),
        field("delegations", &Casting::delegations, "Delegations<Balance>"),
        field("prior", &Casting::prior, "PriorLock<BlockNumber, Balance>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_conviction_voting", "vote", "Casting"});
    b.param<Balance>("Balance").param<BlockNumber>("BlockNumber").param<PollIndex>("PollIndex");
    b.unused_param("MaxVotes");
    add_fields(b, fields());
  }
};

// pallet_conviction_voting::vote::Delegating: an account's whole voting power in a class lent to
// `target` with a conviction.
struct Delegating {
  Balance balance = 0;
  AccountId32 target;
  Conviction conviction = Conviction::kNone;
  Delegations delegations;
  PriorLock prior;
  bool operator==(const Delegating&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("balance", &Delegating::balance, "Balance"),
                      field("target", &Delegating::target, "AccountId"),
                      field("conviction", &Delegating::conviction, "Conviction"),
                      field("delegations", &Delegating::delegations, "Delegations<Balance>"),
                      field("prior", &Delegating::prior, "PriorLock<BlockNumber, Balance>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_conviction_voting", "vote", "Delegating"});
    b.param<Balance>("Balance").param<AccountId32>("AccountId").param<BlockNumber>("BlockNumber");
    add_fields(b, fields());
  }
};

// pallet_conviction_voting::vote::Voting: Casting (the default: no votes, nothing delegated,
// no prior lock) or Delegating.
template <class MaxVotes>
struct Voting {
  using CastingT = Casting<MaxVotes>;
  std::variant<CastingT, Delegating> value;
  bool operator==(const Voting&) const = default;

  CastingT* casting() { return std::get_if<CastingT>(&value); }
  const CastingT* casting() const { return std::get_if<CastingT>(&value); }
  Delegating* delegating() { return std::get_if<Delegating>(&value); }

  PriorLock& prior() {
    return std::visit([](auto& v) -> PriorLock& { return v.prior; }, value);
  }
  Delegations& delegations() {
    return std::visit([](auto& v) -> Delegations& { return v.delegations; }, value);
  }
  // Voting::rejig.
  void rejig(BlockNumber now) { prior().rejig(now); }
  // Voting::locked_balance: the largest of the votes' balances (or the delegated balance) and
  // the prior lock.
  Balance locked_balance() const {
    if (const CastingT* c = casting()) {
      Balance locked = c->prior.amount;
      for (const auto& [poll, vote] : c->votes.items) locked = std::max(locked, vote.balance());
      return locked;
    }
    const Delegating& d = std::get<Delegating>(value);
    return std::max(d.balance, d.prior.amount);
  }
  // Voting::set_common.
  void set_common(const Delegations& d, const PriorLock& p) {
    delegations() = d;
    prior() = p;
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    const auto index = static_cast<uint8_t>(value.index());
    scale::encode_to(out, index);
    std::visit([&](const auto& v) { scale::encode_to(out, v); }, value);
  }
  void scale_decode(scale::Decoder& in) {
    const uint8_t index = in.read_byte();
    if (!in.ok()) return;
    if (index == 0) {
      CastingT c;
      scale::decode_from(in, c);
      value = std::move(c);
    } else if (index == 1) {
      Delegating d;
      scale::decode_from(in, d);
      value = std::move(d);
    } else {
      in.fail(scale::DecodeError::kInvalidVariantIndex);
    }
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_conviction_voting", "vote", "Voting"});
    b.param<Balance>("Balance").param<AccountId32>("AccountId").param<BlockNumber>("BlockNumber");
    b.param<PollIndex>("PollIndex").unused_param("MaxVotes");
    meta::Registry& r = b.registry();
    b.variant(0, "Casting",
              {meta::field_of<CastingT>(r, std::nullopt,
                                        "Casting<Balance, BlockNumber, PollIndex, MaxVotes>")});
    b.variant(1, "Delegating",
              {meta::field_of<Delegating>(r, std::nullopt,
                                          "Delegating<Balance, AccountId, BlockNumber>")});
  }
};

// pallet_conviction_voting::types::Tally<Votes, Total>: ayes and nays (conviction-weighted) and
// support (the capital of ayes and abstentions, without conviction). Total::get() is the
// electorate support is measured against (MaxTurnout).
template <class Total>
struct Tally {
  Balance ayes = 0;
  Balance nays = 0;
  Balance support = 0;
  bool operator==(const Tally&) const = default;

  static Tally from_parts(Balance ayes, Balance nays, Balance support) {
    return {ayes, nays, support};
  }
  // Tally::from_vote.
  static Tally from_vote(Vote vote, Balance balance) {
    const Delegations d = votes_of(vote.conviction, balance);
    return {vote.aye ? d.votes : 0, vote.aye ? 0 : d.votes, d.capital};
  }

  // VoteTally: new, ayes, support, approval; and the benchmark helpers unanimity, rejection,
  // from_requirements.
  static Tally make_new(Class /*klass*/) { return {}; }
  Balance ayes_of(Class /*klass*/) const { return ayes; }
  arithmetic::Perbill support_of(Class /*klass*/) const {
    return arithmetic::Perbill::from_rational(support, Total::get());
  }
  arithmetic::Perbill approval(Class /*klass*/) const {
    return arithmetic::Perbill::from_rational(ayes, conviction_voting::saturating_add(ayes, nays));
  }
  static Tally unanimity(Class /*klass*/) { return {Total::get(), 0, Total::get()}; }
  static Tally rejection(Class /*klass*/) { return {0, Total::get(), Total::get()}; }
  static Tally from_requirements(arithmetic::Perbill support, arithmetic::Perbill approval,
                                 Class /*klass*/) {
    const Balance s = support.mul_ceil(Total::get());
    const Balance a = approval.mul_ceil(s);
    return {a, s - a, s};
  }

  // Tally::add: false on overflow (FRAME: None), the tally then partly changed as FRAME's is
  // (callers fail the whole call, which reverts it).
  bool add(const AccountVote& vote) { return apply(vote, true); }
  // Tally::remove: false on underflow.
  bool remove(const AccountVote& vote) { return apply(vote, false); }
  // Tally::increase / reduce: a delegation's weight, saturating.
  void increase(bool approve, const Delegations& d) {
    if (approve) {
      support = conviction_voting::saturating_add(support, d.capital);
      ayes = conviction_voting::saturating_add(ayes, d.votes);
    } else {
      nays = conviction_voting::saturating_add(nays, d.votes);
    }
  }
  void reduce(bool approve, const Delegations& d) {
    if (approve) {
      support = conviction_voting::saturating_sub(support, d.capital);
      ayes = conviction_voting::saturating_sub(ayes, d.votes);
    } else {
      nays = conviction_voting::saturating_sub(nays, d.votes);
    }
  }

  static constexpr auto fields() {
    return std::tuple{field("ayes", &Tally::ayes, "Votes"), field("nays", &Tally::nays, "Votes"),
                      field("support", &Tally::support, "Votes")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_conviction_voting", "types", "Tally"});
    b.param<Balance>("Votes").unused_param("Total");
    add_fields(b, fields());
  }

 private:
  static bool step(Balance& x, Balance by, bool adding) {
    if (adding) {
      if (x > kMaxBalance - by) return false;
      x += by;
    } else {
      if (x < by) return false;
      x -= by;
    }
    return true;
  }
  bool apply(const AccountVote& vote, bool adding) {
    if (const auto* s = std::get_if<AccountVote::Standard>(&vote.value)) {
      const Delegations d = votes_of(s->vote.conviction, s->balance);
      if (s->vote.aye) return step(support, d.capital, adding) && step(ayes, d.votes, adding);
      return step(nays, d.votes, adding);
    }
    if (const auto* s = std::get_if<AccountVote::Split>(&vote.value)) {
      const Delegations aye = votes_of(Conviction::kNone, s->aye);
      const Delegations nay = votes_of(Conviction::kNone, s->nay);
      return step(support, aye.capital, adding) && step(ayes, aye.votes, adding) &&
             step(nays, nay.votes, adding);
    }
    const auto& a = std::get<AccountVote::SplitAbstain>(vote.value);
    const Delegations aye = votes_of(Conviction::kNone, a.aye);
    const Delegations nay = votes_of(Conviction::kNone, a.nay);
    const Delegations abstain = votes_of(Conviction::kNone, a.abstain);
    return step(support, aye.capital, adding) && step(support, abstain.capital, adding) &&
           step(ayes, aye.votes, adding) && step(nays, nay.votes, adding);
  }
};

}  // namespace canary::rt::pallets::conviction_voting
