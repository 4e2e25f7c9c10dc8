// frame-election-provider-solution-type's `generate_solution_type!` with `#[compact]`: the
// index-based NPoS solution that signed and unsigned ElectionProviderMultiPhase submissions carry.
// Kusama FR-1.7.1 (relay/kusama lib.rs) declares
//   generate_solution_type!(#[compact] pub struct NposCompactSolution24::<VoterIndex = u32,
//       TargetIndex = u16, Accuracy = sp_runtime::PerU16, MaxVoters = MaxElectingVoters>(24))
// with MaxElectingVoters = 12,500: `KusamaSolution` below.
//
// Reference: polkadot-sdk substrate/frame/election-provider-support/solution-type/src/ (lib.rs,
// codec.rs, single_page.rs, from_assignment_helpers.rs) and src/traits.rs (trait NposSolution), as
// of the stable2506 crates FR-1.7.1 builds with (frame-election-provider-support 42.0.0,
// sp-npos-elections 38.0.0, whose Error has no DuplicateVoter/DuplicateTarget yet).
//
// Shape: `votes<K>()` (Rust's `votesK`, K = 1..kLimit) holds the voters with exactly K targets:
// each Vote<K> is the voter, the first K-1 (target, share) pairs and the last target, whose share
// is what the others leave of one. The layout is Rust's (a fixed array per field), so a decoded
// solution takes about the memory of its encoding.
//
// API (Rust name in brackets where it differs):
//   static from_assignment(span<const npos::Assignment<A, Accuracy>>, voter_index, target_index)
//       -> Result<NposSolution, SolutionError>
//       voter_index: const A& -> optional<VoterIndex>, target_index: const A& -> optional<
//       TargetIndex>. kTooManyVoters when there are more assignments than kMaxVoters (empty ones
//       counted), empty distributions skipped, kSolutionTargetOverflow above kLimit targets,
//       kSolutionInvalidIndex for an unknown voter or target. The last share is dropped.
//   static from_index_assignments(span<const IndexAssignment>) [TryFrom<&[IndexAssignment]>]:
//       the same from indices (no MaxVoters check, as in Rust); `index_assignment(...)` builds one
//       [IndexAssignment::new].
//   into_assignment(voter_at, target_at) -> Result<vector<npos::Assignment<A, Accuracy>>, ...>
//       voter_at: VoterIndex -> optional<A>, target_at: TargetIndex -> optional<A>. votes1 first,
//       then votes2, …, each in order; the last share is one minus the others (saturating), and
//       kSolutionWeightOverflow when the others sum (saturating) to one or more.
//   score(stake_of, voter_at, target_at) -> Result<npos::ElectionScore, SolutionError>:
//       into_assignment, assignment_ratio_to_staked_normalized, to_supports, evaluate.
//   voter_count(), edge_count(), average_edge_count(), unique_targets() (sorted, deduplicated),
//   remove_voter(VoterIndex) -> bool (the first vote of that voter, in field order).
//   encoded_size() (counted without building the bytes), max_encoded_len() [MaxEncodedLen:
//   Rust's formula, which takes the fixed-width sizes of the index types, not their compact ones].
//   SCALE (scale_encode / scale_decode, so scale::encode / scale::decode work) and type_info.
//
// SCALE (codec.rs): the fields votes1..votesN in order, each a Vec of (Compact<voter>,
// Compact<target>) for votes1 and of (Compact<voter>, [(Compact<target>, Compact<share>); K-1],
// Compact<target>) for votesK. Decoding is Rust's: canonical compacts that fit their type, a share
// above the accuracy saturates to one (PerThing's CompactAs), no check of kMaxVoters (the Rust
// decoder has none). A length prefix is refused before anything is allocated for it when the
// input left cannot hold that many votes (each takes at least 2·K bytes).
//
// Metadata (codec.rs' scale_info_impl): a composite at path kPath (split at "::", as scale-info's
// Path::new(ident, module_path!()) makes it) with fields votes1..votesN, no type names or docs:
// votes1 Vec<(Compact<V>, Compact<T>)>, votes2 Vec<(Compact<V>, (Compact<T>, Compact<W>),
// Compact<T>)> (a tuple, not a one-element array), votesK Vec<(Compact<V>, [(Compact<T>,
// Compact<W>); K-1], Compact<T>)>.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "primitives/scale/codec.hpp"
#include "primitives/scale/compact.hpp"
#include "primitives/scale/decoder.hpp"
#include "primitives/scale/encoder.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/compact_as.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/npos/helpers.hpp"
#include "runtime/framework/npos/types.hpp"

namespace canary::rt::election {

// The sp_npos_elections::Error variants the solution type returns (in Rust's order).
enum class SolutionError : uint8_t {
  kSolutionWeightOverflow,  // into_assignment: a voter's first K-1 shares sum to one or more
  kSolutionTargetOverflow,  // from_assignment: a distribution longer than the limit
  kSolutionInvalidIndex,    // an index function returned nothing
  kArithmeticError,         // score: normalising a voter's stakes failed
  kInvalidSupportEdge,      // (npos::Error's other variant, for a total conversion)
  kTooManyVoters,           // from_assignment: more assignments than MaxVoters
};

constexpr const char* to_string(SolutionError e) {
  switch (e) {
    case SolutionError::kSolutionWeightOverflow:
      return "SolutionWeightOverflow";
    case SolutionError::kSolutionTargetOverflow:
      return "SolutionTargetOverflow";
    case SolutionError::kSolutionInvalidIndex:
      return "SolutionInvalidIndex";
    case SolutionError::kArithmeticError:
      return "ArithmeticError";
    case SolutionError::kInvalidSupportEdge:
      return "InvalidSupportEdge";
    case SolutionError::kTooManyVoters:
      return "TooManyVoters";
  }
  return "unknown";
}

constexpr SolutionError to_solution_error(npos::Error e) {
  return e == npos::Error::kInvalidSupportEdge ? SolutionError::kInvalidSupportEdge
                                               : SolutionError::kArithmeticError;
}

// An assignment with the voter and targets already turned into indices (IndexAssignment): what
// the miner converts to a solution again and again while it trims for length.
template <class VoterIndex, class TargetIndex, arithmetic::PerThingType P>
struct IndexAssignment {
  VoterIndex who{};
  std::vector<std::pair<TargetIndex, P>> distribution;
  friend bool operator==(const IndexAssignment&, const IndexAssignment&) = default;
};

namespace solution_detail {

// scale-info's Path::new(ident, module_path!()): the segments between "::".
inline std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  while (true) {
    const size_t at = path.find("::");
    segments.emplace_back(path.substr(0, at));
    if (at == std::string_view::npos) break;
    path.remove_prefix(at + 2);
  }
  return segments;
}

constexpr size_t saturating_add(size_t a, size_t b) {
  return a > ~size_t{0} - b ? ~size_t{0} : a + b;
}
constexpr size_t saturating_mul(size_t a, size_t b) {
  return b != 0 && a > ~size_t{0} / b ? ~size_t{0} : a * b;
}

}  // namespace solution_detail

template <scale::CompactInteger VoterIndexT, scale::CompactInteger TargetIndexT,
          arithmetic::PerThingType AccuracyT, size_t kLimitV, uint32_t kMaxVotersV,
          FixedString kPath>
class NposSolution {
 public:
  using VoterIndex = VoterIndexT;
  using TargetIndex = TargetIndexT;
  using Accuracy = AccuracyT;
  // NposSolution::LIMIT: the most targets a voter may have.
  static constexpr size_t kLimit = kLimitV;
  // MaxVoters: from_assignment's bound and max_encoded_len's.
  static constexpr uint32_t kMaxVoters = kMaxVotersV;
  static_assert(kLimit >= 3, "cannot build solution struct with capacity less than 3 (Rust)");

  using IndexAssignmentOf = IndexAssignment<VoterIndex, TargetIndex, Accuracy>;

  // A voter with exactly K targets: the first K-1 with their shares, the last one's share implied.
  template <size_t K>
  struct Vote {
    static_assert(K >= 1 && K <= kLimitV);
    VoterIndex voter{};
    std::array<std::pair<TargetIndex, Accuracy>, K - 1> distribution{};
    TargetIndex last{};
    friend bool operator==(const Vote&, const Vote&) = default;
  };

  // votesK.
  template <size_t K>
  std::vector<Vote<K>>& votes() {
    return std::get<K - 1>(fields_);
  }
  template <size_t K>
  const std::vector<Vote<K>>& votes() const {
    return std::get<K - 1>(fields_);
  }

  friend bool operator==(const NposSolution&, const NposSolution&) = default;

  // --- Conversions.

  template <class A, class VoterIndexOf, class TargetIndexOf>
  static Result<NposSolution, SolutionError> from_assignment(
      std::span<const npos::Assignment<A, Accuracy>> assignments, const VoterIndexOf& voter_index,
      const TargetIndexOf& target_index) {
    // `assignments.len() as u32 > MaxVoters`: the empty assignments count too.
    if (assignments.size() > kMaxVoters) return unexpected(SolutionError::kTooManyVoters);
    NposSolution solution;
    for (const npos::Assignment<A, Accuracy>& a : assignments) {
      const size_t k = a.distribution.size();
      if (k == 0) continue;
      if (k > kLimit) return unexpected(SolutionError::kSolutionTargetOverflow);
      const bool ok = solution.with_field(k, [&]<size_t K>(std::vector<Vote<K>>& field) {
        Vote<K> vote;
        const std::optional<VoterIndex> voter = voter_index(a.who);
        if (!voter) return false;
        vote.voter = *voter;
        for (size_t i = 0; i + 1 < K; ++i) {
          const std::optional<TargetIndex> target = target_index(a.distribution[i].first);
          if (!target) return false;
          vote.distribution[i] = {*target, a.distribution[i].second};
        }
        const std::optional<TargetIndex> last = target_index(a.distribution[K - 1].first);
        if (!last) return false;
        vote.last = *last;
        field.push_back(vote);
        return true;
      });
      if (!ok) return unexpected(SolutionError::kSolutionInvalidIndex);
    }
    return solution;
  }

  template <class A, class VoterIndexOf, class TargetIndexOf>
  static Result<NposSolution, SolutionError> from_assignment(
      const std::vector<npos::Assignment<A, Accuracy>>& assignments,
      const VoterIndexOf& voter_index, const TargetIndexOf& target_index) {
    return from_assignment(std::span<const npos::Assignment<A, Accuracy>>(assignments), voter_index,
                           target_index);
  }

  // IndexAssignment::new: the voter's and the targets' indices, or kSolutionInvalidIndex.
  template <class A, class VoterIndexOf, class TargetIndexOf>
  static Result<IndexAssignmentOf, SolutionError> index_assignment(
      const npos::Assignment<A, Accuracy>& assignment, const VoterIndexOf& voter_index,
      const TargetIndexOf& target_index) {
    IndexAssignmentOf out;
    const std::optional<VoterIndex> who = voter_index(assignment.who);
    if (!who) return unexpected(SolutionError::kSolutionInvalidIndex);
    out.who = *who;
    out.distribution.reserve(assignment.distribution.size());
    for (const auto& [target, share] : assignment.distribution) {
      const std::optional<TargetIndex> index = target_index(target);
      if (!index) return unexpected(SolutionError::kSolutionInvalidIndex);
      out.distribution.emplace_back(*index, share);
    }
    return out;
  }

  static Result<NposSolution, SolutionError> from_index_assignments(
      std::span<const IndexAssignmentOf> assignments) {
    NposSolution solution;
    for (const IndexAssignmentOf& a : assignments) {
      const size_t k = a.distribution.size();
      if (k == 0) continue;
      if (k > kLimit) return unexpected(SolutionError::kSolutionTargetOverflow);
      solution.with_field(k, [&]<size_t K>(std::vector<Vote<K>>& field) {
        Vote<K> vote;
        vote.voter = a.who;
        for (size_t i = 0; i + 1 < K; ++i) vote.distribution[i] = a.distribution[i];
        vote.last = a.distribution[K - 1].first;
        field.push_back(vote);
        return true;
      });
    }
    return solution;
  }

  template <class VoterAt, class TargetAt,
            class A = typename std::invoke_result_t<const VoterAt&, VoterIndex>::value_type>
  Result<std::vector<npos::Assignment<A, Accuracy>>, SolutionError> into_assignment(
      const VoterAt& voter_at, const TargetAt& target_at) const {
    std::vector<npos::Assignment<A, Accuracy>> out;
    out.reserve(voter_count());
    std::optional<SolutionError> error;
    for_each_field([&]<size_t K>(const std::vector<Vote<K>>& field) {
      for (const Vote<K>& vote : field) {
        npos::Assignment<A, Accuracy> assignment;
        assignment.distribution.reserve(K);
        // Rust's order of checks: the first K-1 targets (adding up their shares), the shares'
        // sum, the last target, the voter.
        Accuracy sum = Accuracy::zero();
        for (const auto& [target, share] : vote.distribution) {
          sum = sum.saturating_add(share);
          std::optional<A> who = target_at(target);
          if (!who) {
            error = SolutionError::kSolutionInvalidIndex;
            return false;
          }
          assignment.distribution.emplace_back(std::move(*who), share);
        }
        if constexpr (K > 1) {
          if (sum >= Accuracy::one()) {
            error = SolutionError::kSolutionWeightOverflow;
            return false;
          }
        }
        std::optional<A> last = target_at(vote.last);
        std::optional<A> voter = last ? voter_at(vote.voter) : std::nullopt;
        if (!voter) {
          error = SolutionError::kSolutionInvalidIndex;
          return false;
        }
        assignment.distribution.emplace_back(std::move(*last), Accuracy::one().saturating_sub(sum));
        assignment.who = std::move(*voter);
        out.push_back(std::move(assignment));
      }
      return true;
    });
    if (error) return unexpected(*error);
    return out;
  }

  // NposSolution::score: the score of the supports this solution gives, each voter's ratios
  // turned into stakes of `stake_of(who)` (a VoteWeight) and normalised to it.
  template <class StakeOf, class VoterAt, class TargetAt,
            class A = typename std::invoke_result_t<const VoterAt&, VoterIndex>::value_type>
  Result<npos::ElectionScore, SolutionError> score(const StakeOf& stake_of, const VoterAt& voter_at,
                                                   const TargetAt& target_at) const {
    using Ratios = std::vector<npos::Assignment<A, Accuracy>>;
    CANARY_TRY_ASSIGN(const Ratios ratios, into_assignment(voter_at, target_at));
    auto staked = npos::assignment_ratio_to_staked_normalized(
        std::span<const npos::Assignment<A, Accuracy>>(ratios), stake_of);
    if (!staked) return unexpected(to_solution_error(staked.error()));
    const npos::Supports<A> supports =
        npos::to_supports(std::span<const npos::StakedAssignment<A>>(*staked));
    return npos::evaluate(supports);
  }

  // --- Queries and edits.

  size_t voter_count() const {
    size_t count = 0;
    for_each_field([&]<size_t K>(const std::vector<Vote<K>>& field) {
      count += field.size();
      return true;
    });
    return count;
  }

  size_t edge_count() const {
    size_t count = 0;
    for_each_field([&]<size_t K>(const std::vector<Vote<K>>& field) {
      count =
          solution_detail::saturating_add(count, solution_detail::saturating_mul(field.size(), K));
      return true;
    });
    return count;
  }

  size_t average_edge_count() const {
    const size_t voters = voter_count();
    return voters == 0 ? 0 : edge_count() / voters;
  }

  // Every target named, ascending, once (Rust collects them in a BTreeSet).
  std::vector<TargetIndex> unique_targets() const {
    std::vector<TargetIndex> targets;
    targets.reserve(edge_count());
    for_each_field([&]<size_t K>(const std::vector<Vote<K>>& field) {
      for (const Vote<K>& vote : field) {
        for (const auto& [target, share] : vote.distribution) targets.push_back(target);
        targets.push_back(vote.last);
      }
      return true;
    });
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    return targets;
  }

  // Removes the first vote of `voter` (votes1 first, each field in order); false if none.
  bool remove_voter(VoterIndex voter) {
    bool removed = false;
    for_each_field([&]<size_t K>(std::vector<Vote<K>>& field) {
      const auto it = std::find_if(field.begin(), field.end(),
                                   [&](const Vote<K>& vote) { return vote.voter == voter; });
      if (it == field.end()) return true;
      field.erase(it);
      removed = true;
      return false;
    });
    return removed;
  }

  // The length of the SCALE encoding, counted without building it.
  size_t encoded_size() const {
    scale::SizeCounter counter;
    scale_encode(counter);
    return counter.size();
  }

  // MaxEncodedLen as single_page.rs computes it: kLimit empty fields (a one-byte prefix each)
  // plus kMaxVoters votes of the largest field at the index types' max_encoded_len (their
  // fixed widths: a u32 counts 4 bytes, though its compact form may take 5). Saturating in
  // usize, as in Rust (32 bits on wasm32).
  static constexpr size_t max_encoded_len() {
    using solution_detail::saturating_add;
    using solution_detail::saturating_mul;
    const size_t share = sizeof(typename Accuracy::Inner);
    const size_t max_element_size = saturating_add(
        saturating_add(sizeof(VoterIndex), saturating_mul(kLimit - 1, sizeof(TargetIndex) + share)),
        sizeof(TargetIndex));
    return saturating_add(kLimit, saturating_mul(kMaxVoters, max_element_size));
  }

  // --- SCALE and metadata.

  template <class Sink>
  void scale_encode(Sink& out) const {
    for_each_field([&]<size_t K>(const std::vector<Vote<K>>& field) {
      scale::encode_compact(out, field.size());
      for (const Vote<K>& vote : field) {
        scale::encode_compact(out, vote.voter);
        for (const auto& [target, share] : vote.distribution) {
          scale::encode_compact(out, target);
          encode_compact_as(out, share);
        }
        scale::encode_compact(out, vote.last);
      }
      return true;
    });
  }

  void scale_decode(scale::Decoder& in) {
    for_each_field([&]<size_t K>(std::vector<Vote<K>>& field) {
      field.clear();
      const size_t n = scale::decode_length(in);
      // Each vote takes at least one byte per compact: 2·K.
      if (in.ok() && n > in.remaining() / (2 * K)) in.fail(scale::DecodeError::kNotEnoughData);
      if (!in.ok()) return false;
      field.reserve(n);
      for (size_t i = 0; i < n; ++i) {
        Vote<K>& vote = field.emplace_back();
        vote.voter = scale::decode_compact<VoterIndex>(in);
        for (auto& [target, share] : vote.distribution) {
          target = scale::decode_compact<TargetIndex>(in);
          share = decode_compact_as<Accuracy>(in);
        }
        vote.last = scale::decode_compact<TargetIndex>(in);
        if (!in.ok()) return false;
      }
      return true;
    });
  }

  static void type_info(meta::TypeBuilder& b) {
    b.path(solution_detail::split_path(kPath.view()));
    b.composite();
    [&]<size_t... I>(std::index_sequence<I...>) {
      (b.typed_field<meta::SequenceOf<MetaVote<I + 1>>>("votes" + std::to_string(I + 1)), ...);
    }(std::make_index_sequence<kLimit>{});
  }

 private:
  // The element types as scale-info names them (metadata only).
  using MetaVoter = meta::CompactOf<VoterIndex>;
  using MetaTarget = meta::CompactOf<TargetIndex>;
  using MetaPair = std::tuple<MetaTarget, meta::CompactOf<Accuracy>>;
  template <size_t K>
  using MetaVote = std::conditional_t<
      K == 1, std::tuple<MetaVoter, MetaTarget>,
      std::conditional_t<
          K == 2, std::tuple<MetaVoter, MetaPair, MetaTarget>,
          std::tuple<MetaVoter, std::array<MetaPair, (K > 1 ? K - 1 : 1)>, MetaTarget>>>;

  template <size_t... I>
  static auto make_fields(std::index_sequence<I...>) -> std::tuple<std::vector<Vote<I + 1>>...>;
  using Fields = decltype(make_fields(std::make_index_sequence<kLimit>{}));

  // Calls f(votesK) for K = 1, 2, … while f returns true.
  template <class F>
  void for_each_field(F&& f) {
    [&]<size_t... I>(std::index_sequence<I...>) {
      static_cast<void>((f.template operator()<I + 1>(std::get<I>(fields_)) && ...));
    }(std::make_index_sequence<kLimit>{});
  }
  template <class F>
  void for_each_field(F&& f) const {
    [&]<size_t... I>(std::index_sequence<I...>) {
      static_cast<void>((f.template operator()<I + 1>(std::get<I>(fields_)) && ...));
    }(std::make_index_sequence<kLimit>{});
  }

  // f(votesK) for K = k (1 ≤ k ≤ kLimit); what f returns.
  template <class F>
  bool with_field(size_t k, F&& f) {
    bool result = false;
    [&]<size_t... I>(std::index_sequence<I...>) {
      static_cast<void>(
          ((k == I + 1 ? (result = f.template operator()<I + 1>(std::get<I>(fields_)), true)
                       : false) ||
           ...));
    }(std::make_index_sequence<kLimit>{});
    return result;
  }

  Fields fields_;
};

// Kusama's NposCompactSolution24 (FR-1.7.1 relay/kusama lib.rs).
using KusamaSolution = NposSolution<uint32_t, uint16_t, arithmetic::PerU16, 24, 12'500,
                                    "staging_kusama_runtime::NposCompactSolution24">;

}  // namespace canary::rt::election
