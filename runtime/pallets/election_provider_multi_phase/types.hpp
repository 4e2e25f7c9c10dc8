// pallet_election_provider_multi_phase's data (polkadot-sdk substrate/frame/
// election-provider-multi-phase/src/lib.rs and signed.rs; the shapes of Kusama's metadata, spec
// 1_009_002): the phase, how a solution was computed, the raw (submitted) and ready (checked)
// solutions, the round's snapshot and its size, a signed submission, and the errors of the
// feasibility check and of the miner.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/codec.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/npos/types.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/bounded.hpp"

namespace canary::rt::pallets::election_provider_multi_phase {

using npos::ElectionScore;
using npos::ExtendedBalance;
using npos::VoteWeight;

// Phase<BlockNumber>: Off, Signed, Unsigned((enabled, opened at)), Emergency.
struct Phase {
  enum class Kind : uint8_t { kOff = 0, kSigned = 1, kUnsigned = 2, kEmergency = 3 };
  Kind kind = Kind::kOff;
  bool unsigned_enabled = false;    // kUnsigned only
  BlockNumber unsigned_opened = 0;  // kUnsigned only

  static Phase off() { return {}; }
  static Phase signed_phase() { return {Kind::kSigned, false, 0}; }
  static Phase unsigned_phase(bool enabled, BlockNumber opened) {
    return {Kind::kUnsigned, enabled, opened};
  }
  static Phase emergency() { return {Kind::kEmergency, false, 0}; }

  bool is_off() const { return kind == Kind::kOff; }
  bool is_signed() const { return kind == Kind::kSigned; }
  bool is_unsigned() const { return kind == Kind::kUnsigned; }
  bool is_unsigned_open() const { return kind == Kind::kUnsigned && unsigned_enabled; }
  bool is_emergency() const { return kind == Kind::kEmergency; }
  bool operator==(const Phase&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, static_cast<uint8_t>(kind));
    if (kind == Kind::kUnsigned) {
      scale::encode_to(out, unsigned_enabled);
      scale::encode_to(out, unsigned_opened);
    }
  }
  void scale_decode(scale::Decoder& in) {
    uint8_t index = 0;
    scale::decode_from(in, index);
    if (index > 3) {
      in.fail(scale::DecodeError::kInvalidVariantIndex);
      return;
    }
    *this = {static_cast<Kind>(index), false, 0};
    if (kind == Kind::kUnsigned) {
      scale::decode_from(in, unsigned_enabled);
      scale::decode_from(in, unsigned_opened);
    }
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_election_provider_multi_phase", "Phase"});
    b.param<BlockNumber>("Bn");
    meta::Registry& r = b.registry();
    b.variant(0, "Off").variant(1, "Signed");
    b.variant(2, "Unsigned",
              {meta::field_of<std::tuple<bool, BlockNumber>>(r, std::nullopt, "(bool, Bn)")});
    b.variant(3, "Emergency");
  }
};

// ElectionCompute: how the election's result came about.
enum class ElectionCompute : uint8_t {
  kOnChain = 0,
  kSigned = 1,
  kUnsigned = 2,
  kFallback = 3,
  kEmergency = 4,
};
inline bool scale_is_valid(ElectionCompute c) {
  return static_cast<uint8_t>(c) <= 4;
}
inline void canary_type_info(meta::TypeBuilder& b, const ElectionCompute*) {
  b.path({"pallet_election_provider_multi_phase", "ElectionCompute"});
  b.variant(0, "OnChain").variant(1, "Signed").variant(2, "Unsigned").variant(3, "Fallback");
  b.variant(4, "Emergency");
}
inline std::string_view to_string(ElectionCompute c) {
  switch (c) {
    case ElectionCompute::kOnChain:
      return "OnChain";
    case ElectionCompute::kSigned:
      return "Signed";
    case ElectionCompute::kUnsigned:
      return "Unsigned";
    case ElectionCompute::kFallback:
      return "Fallback";
    case ElectionCompute::kEmergency:
      return "Emergency";
  }
  return "OnChain";
}

// SolutionOrSnapshotSize: the snapshot's voters and targets (compact), stored with it and given
// by an unsigned submission as its witness.
struct SolutionOrSnapshotSize {
  uint32_t voters = 0;
  uint32_t targets = 0;
  bool operator==(const SolutionOrSnapshotSize&) const = default;
  static constexpr auto fields() {
    return std::tuple{compact_field("voters", &SolutionOrSnapshotSize::voters, "u32"),
                      compact_field("targets", &SolutionOrSnapshotSize::targets, "u32")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_election_provider_multi_phase", "SolutionOrSnapshotSize"});
    add_fields(b, SolutionOrSnapshotSize::fields());
  }
};

// RawSolution<S>: a solution as submitted, with the score it claims and its round.
template <class S>
struct RawSolution {
  S solution;
  ElectionScore score;
  uint32_t round = 1;  // round 0 is never valid
  bool operator==(const RawSolution&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("solution", &RawSolution::solution, "S"),
                      field("score", &RawSolution::score, "ElectionScore"),
                      field("round", &RawSolution::round, "u32")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_election_provider_multi_phase", "RawSolution"});
    b.param<S>("S");
    add_fields(b, RawSolution::fields());
  }
};

// A voter of the snapshot: (who, vote weight, targets), the targets bounded by
// MaxVotesPerVoter (24 on Kusama).
template <uint32_t kMaxVotes>
using SnapshotVoter =
    std::tuple<AccountId32, VoteWeight, BoundedVec<AccountId32, ConstU32<kMaxVotes>>>;

// RoundSnapshot: the round's voters and targets, taken when the signed (or unsigned) phase
// opens and kept until elect().
template <uint32_t kMaxVotes>
struct RoundSnapshot {
  std::vector<SnapshotVoter<kMaxVotes>> voters;
  std::vector<AccountId32> targets;
  bool operator==(const RoundSnapshot&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("voters", &RoundSnapshot::voters, "Vec<VoterType>"),
                      field("targets", &RoundSnapshot::targets, "Vec<AccountId>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_election_provider_multi_phase", "RoundSnapshot"});
    b.param<AccountId32>("AccountId");
    b.param<SnapshotVoter<kMaxVotes>>("VoterType");
    add_fields(b, RoundSnapshot::fields());
  }
};

// frame_election_provider_support::BoundedSupport: a winner's backing within MaxBackersPerWinner
// (the same bytes as sp_npos_elections::Support).
struct BoundedSupport {
  ExtendedBalance total = 0;
  std::vector<std::pair<AccountId32, ExtendedBalance>> voters;
  bool operator==(const BoundedSupport&) const = default;
  CANARY_SCALE_FIELDS(total, voters)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_election_provider_support", "BoundedSupport"});
    b.param<AccountId32>("AccountId");
    b.unused_param("Bound");
    b.field("total", &BoundedSupport::total, "ExtendedBalance");
    b.typed_field<BoundedVec<std::pair<AccountId32, ExtendedBalance>, ConstU32<UINT32_MAX>>>(
        "voters", "BoundedVec<(AccountId, ExtendedBalance), Bound>");
  }
};

// frame_election_provider_support::BoundedSupports: the winners (at most MaxWinners) and their
// backing; on the wire a Vec<(AccountId, Support)>.
struct BoundedSupports {
  std::vector<std::pair<AccountId32, BoundedSupport>> items;
  bool operator==(const BoundedSupports&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, items);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, items); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_election_provider_support", "BoundedSupports"});
    b.param<AccountId32>("AccountId");
    b.unused_param("BOuter");
    b.unused_param("BInner");
    b.typed_field<BoundedVec<std::pair<AccountId32, BoundedSupport>, ConstU32<UINT32_MAX>>>(
        std::nullopt, "BoundedVec<(AccountId, BoundedSupport<AccountId, BInner>), BOuter>");
  }
};

// ReadySolution: a checked solution, what the next elect() hands out.
struct ReadySolution {
  BoundedSupports supports;
  ElectionScore score;
  ElectionCompute compute = ElectionCompute::kOnChain;
  bool operator==(const ReadySolution&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("supports", &ReadySolution::supports,
                            "BoundedSupports<AccountId, MaxWinners, MaxBackersPerWinner>"),
                      field("score", &ReadySolution::score, "ElectionScore"),
                      field("compute", &ReadySolution::compute, "ElectionCompute")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_election_provider_multi_phase", "ReadySolution"});
    b.unused_param("AccountId");
    b.unused_param("MaxWinners");
    b.unused_param("MaxBackersPerWinner");
    add_fields(b, ReadySolution::fields());
  }
};

// signed::SignedSubmission: who submitted, the deposit reserved, the solution and the call fee
// refunded if it is used (or among the first SignedMaxRefunds discarded).
template <class S>
struct SignedSubmission {
  AccountId32 who;
  u128 deposit = 0;
  RawSolution<S> raw_solution;
  u128 call_fee = 0;
  bool operator==(const SignedSubmission&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("who", &SignedSubmission::who, "AccountId"),
        field("deposit", &SignedSubmission::deposit, "Balance"),
        field("raw_solution", &SignedSubmission::raw_solution, "RawSolution<Solution>"),
        field("call_fee", &SignedSubmission::call_fee, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_election_provider_multi_phase", "signed", "SignedSubmission"});
    b.param<AccountId32>("AccountId");
    b.param<u128>("Balance");
    b.param<S>("Solution");
    add_fields(b, SignedSubmission::fields());
  }
};

// FeasibilityError: why a solution does not hold against the snapshot.
enum class FeasibilityError : uint8_t {
  kWrongWinnerCount,
  kSnapshotUnavailable,
  kNposElection,
  kInvalidVote,
  kInvalidVoter,
  kInvalidScore,
  kInvalidRound,
  kUntrustedScoreTooLow,
  kTooManyDesiredTargets,
  kBoundedConversionFailed,
};
inline std::string_view to_string(FeasibilityError e) {
  switch (e) {
    case FeasibilityError::kWrongWinnerCount:
      return "WrongWinnerCount";
    case FeasibilityError::kSnapshotUnavailable:
      return "SnapshotUnavailable";
    case FeasibilityError::kNposElection:
      return "NposElection";
    case FeasibilityError::kInvalidVote:
      return "InvalidVote";
    case FeasibilityError::kInvalidVoter:
      return "InvalidVoter";
    case FeasibilityError::kInvalidScore:
      return "InvalidScore";
    case FeasibilityError::kInvalidRound:
      return "InvalidRound";
    case FeasibilityError::kUntrustedScoreTooLow:
      return "UntrustedScoreTooLow";
    case FeasibilityError::kTooManyDesiredTargets:
      return "TooManyDesiredTargets";
    case FeasibilityError::kBoundedConversionFailed:
      return "BoundedConversionFailed";
  }
  return "NposElection";
}

}  // namespace canary::rt::pallets::election_provider_multi_phase
