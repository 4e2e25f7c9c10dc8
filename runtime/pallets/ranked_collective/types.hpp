// pallet_ranked_collective's types (polkadot-sdk substrate/frame/ranked-collective/src/lib.rs):
// ranks, member records, vote records, the vote-weight schemes and the Tally a poll keeps, with
// their metadata as Kusama's (spec 1_009_002: MemberRecord 754, VoteRecord 558, Tally).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "primitives/scale/codec.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::pallets::ranked_collective {

using Rank = uint16_t;
using MemberIndex = uint32_t;
using Votes = uint32_t;

// MemberRecord { rank }.
struct MemberRecord {
  Rank rank = 0;
  bool operator==(const MemberRecord&) const = default;
  CANARY_SCALE_FIELDS(rank)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_ranked_collective", "MemberRecord"});
    b.typed_field<Rank>("rank", "Rank");
  }
};

// VoteRecord: Aye(votes) | Nay(votes). (The alternatives are declared outside it: a nested
// struct's default member initializers are not usable inside the enclosing class.)
struct VoteAye {
  static constexpr uint8_t kScaleIndex = 0;
  Votes votes = 0;
  bool operator==(const VoteAye&) const = default;
  CANARY_SCALE_FIELDS(votes)
};
struct VoteNay {
  static constexpr uint8_t kScaleIndex = 1;
  Votes votes = 0;
  bool operator==(const VoteNay&) const = default;
  CANARY_SCALE_FIELDS(votes)
};
struct VoteRecord {
  using Aye = VoteAye;
  using Nay = VoteNay;
  std::variant<Aye, Nay> value;
  bool operator==(const VoteRecord&) const = default;

  static VoteRecord of(bool aye, Votes votes) {
    return aye ? VoteRecord{Aye{votes}} : VoteRecord{Nay{votes}};
  }
  bool is_aye() const { return std::holds_alternative<Aye>(value); }
  Votes votes() const { return is_aye() ? std::get<Aye>(value).votes : std::get<Nay>(value).votes; }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_ranked_collective", "VoteRecord"});
    meta::Registry& r = b.registry();
    b.variant(0, "Aye", {meta::field_of<Votes>(r, std::nullopt, "Votes")});
    b.variant(1, "Nay", {meta::field_of<Votes>(r, std::nullopt, "Votes")});
  }
};

// The vote-weight schemes (Convert<Rank, Votes> of the rank above the poll's minimum): one vote
// each (Unit), excess + 1 (Linear), the triangular numbers 1, 3, 6, 10, … (Geometric, Kusama's).
struct Unit {
  static Votes convert(Rank /*excess*/) { return 1; }
};
struct Linear {
  static Votes convert(Rank excess) { return static_cast<Votes>(excess) + 1; }
};
struct Geometric {
  static Votes convert(Rank excess) {
    const Votes v = static_cast<Votes>(excess) + 1;
    return v * (v + 1) / 2;
  }
};

// Tally<T, I, M>: the unweighted ayes (support counts heads), and the rank-weighted ayes and
// nays (approval weighs them). M::get_max_voters(class) is the number of members who may vote
// in a poll of the class (the members of at least its minimum rank).
template <class M>
struct Tally {
  MemberIndex bare_ayes = 0;
  Votes ayes = 0;
  Votes nays = 0;
  bool operator==(const Tally&) const = default;
  CANARY_SCALE_FIELDS(bare_ayes, ayes, nays)

  static Tally from_parts(MemberIndex bare_ayes, Votes ayes, Votes nays) {
    return {bare_ayes, ayes, nays};
  }
  // VoteTally: new, ayes (bare: support and the queue's order count heads), support, approval.
  static Tally make_new(uint16_t /*klass*/) { return {}; }
  Votes ayes_of(uint16_t /*klass*/) const { return bare_ayes; }
  arithmetic::Perbill support_of(uint16_t klass) const {
    return arithmetic::Perbill::from_rational(uint64_t{bare_ayes},
                                              uint64_t{M::get_max_voters(klass)});
  }
  arithmetic::Perbill approval(uint16_t /*klass*/) const {
    const uint64_t all = uint64_t{ayes} + nays;
    return arithmetic::Perbill::from_rational(uint64_t{ayes}, all == 0 ? 1 : all);
  }

  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_ranked_collective", "Tally"});
    b.unused_param("T");
    b.unused_param("I");
    b.unused_param("M");
    b.typed_field<MemberIndex>("bare_ayes", "MemberIndex");
    b.typed_field<Votes>("ayes", "Votes");
    b.typed_field<Votes>("nays", "Votes");
  }
};

}  // namespace canary::rt::pallets::ranked_collective
