// Weights (sp-weights): the cost of a dispatch in reference time (picoseconds of execution on the
// reference machine) and proof size (bytes of state proof it may need), and the dispatch classes
// whose limits a block enforces separately.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>

#include "primitives/scale/codec.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt {

struct Weight {
  uint64_t ref_time = 0;
  uint64_t proof_size = 0;

  static constexpr Weight from_parts(uint64_t ref_time, uint64_t proof_size) {
    return {ref_time, proof_size};
  }
  static constexpr Weight zero() { return {}; }
  static constexpr Weight max() { return {UINT64_MAX, UINT64_MAX}; }

  constexpr Weight saturating_add(const Weight& other) const {
    return {sat_add(ref_time, other.ref_time), sat_add(proof_size, other.proof_size)};
  }
  constexpr Weight saturating_sub(const Weight& other) const {
    return {ref_time > other.ref_time ? ref_time - other.ref_time : 0,
            proof_size > other.proof_size ? proof_size - other.proof_size : 0};
  }
  constexpr Weight saturating_mul(uint64_t n) const {
    return {sat_mul(ref_time, n), sat_mul(proof_size, n)};
  }
  // Both components fit within `limit`.
  constexpr bool all_lte(const Weight& limit) const {
    return ref_time <= limit.ref_time && proof_size <= limit.proof_size;
  }
  constexpr bool any_gt(const Weight& limit) const { return !all_lte(limit); }
  // Both components strictly below `limit`.
  constexpr bool all_lt(const Weight& limit) const {
    return ref_time < limit.ref_time && proof_size < limit.proof_size;
  }
  // Component-wise minimum (e.g. actual weight capped by the declared weight).
  constexpr Weight min(const Weight& other) const {
    return {std::min(ref_time, other.ref_time), std::min(proof_size, other.proof_size)};
  }
  constexpr bool operator==(const Weight&) const = default;

  CANARY_SCALE_FIELDS(scale::compact(ref_time), scale::compact(proof_size))
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_weights", "weight_v2", "Weight"});
    b.typed_field<scale::Compact<uint64_t>>("ref_time", "u64");
    b.typed_field<scale::Compact<uint64_t>>("proof_size", "u64");
  }

 private:
  static constexpr uint64_t sat_add(uint64_t a, uint64_t b) {
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
  }
  static constexpr uint64_t sat_mul(uint64_t a, uint64_t b) {
    return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
  }
};

// Picoseconds per unit of ref_time: 1 second of execution is 10^12.
inline constexpr uint64_t kWeightRefTimePerSecond = 1'000'000'000'000;
inline constexpr uint64_t kWeightRefTimePerMillis = 1'000'000'000;
inline constexpr uint64_t kWeightRefTimePerNanos = 1'000;

enum class DispatchClass : uint8_t { kNormal = 0, kOperational = 1, kMandatory = 2 };
inline bool scale_is_valid(DispatchClass c) {
  return static_cast<uint8_t>(c) <= 2;
}
inline void canary_type_info(meta::TypeBuilder& b, const DispatchClass*) {
  b.path({"frame_support", "dispatch", "DispatchClass"});
  b.variant(0, "Normal").variant(1, "Operational").variant(2, "Mandatory");
}

enum class Pays : uint8_t { kYes = 0, kNo = 1 };
inline bool scale_is_valid(Pays p) {
  return static_cast<uint8_t>(p) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const Pays*) {
  b.path({"frame_support", "dispatch", "Pays"});
  b.variant(0, "Yes").variant(1, "No");
}

// What a dispatch declares before it runs (frame-support DispatchInfo): the call's own weight and,
// for a signed extrinsic, its transaction extensions' weight (the sum of each
// TransactionExtension::weight, filled in by the executive; zero for a bare call, as in
// UncheckedExtrinsic::get_dispatch_info). Fees, the block's weight and TransactionPaymentApi count
// the total. extension_weight comes last so that a call's `{weight, class, pays}` stays valid.
struct DispatchInfo {
  Weight call_weight;
  DispatchClass dispatch_class = DispatchClass::kNormal;
  Pays pays_fee = Pays::kYes;
  Weight extension_weight;
  constexpr Weight total_weight() const { return call_weight.saturating_add(extension_weight); }
  bool operator==(const DispatchInfo&) const = default;
};

// What a call reports after dispatch: its actual weight when less than declared, and whether it
// pays after all.
struct PostDispatchInfo {
  std::optional<Weight> actual_weight;
  Pays pays_fee = Pays::kYes;
  bool operator==(const PostDispatchInfo&) const = default;
  CANARY_SCALE_FIELDS(actual_weight, pays_fee)

  // The weight that counts: the actual weight, never more than the declared total.
  Weight calc_actual_weight(const DispatchInfo& info) const {
    const Weight total = info.total_weight();
    return actual_weight ? actual_weight->min(total) : total;
  }
  // The declared weight that was not used, which the block gets back.
  Weight calc_unspent(const DispatchInfo& info) const {
    return info.total_weight().saturating_sub(calc_actual_weight(info));
  }
  // Before the extensions' post-dispatch the actual weight includes theirs
  // (ExtensionPostDispatchWeightHandler::set_extension_weight)...
  void set_extension_weight(const DispatchInfo& info) {
    actual_weight = actual_weight.value_or(info.call_weight).saturating_add(info.extension_weight);
  }
  // ... and each extension may give back what it did not use (RefundWeight::refund).
  void refund(const Weight& unspent) {
    if (actual_weight) actual_weight = actual_weight->saturating_sub(unspent);
  }
  Pays pays(const DispatchInfo& info) const {
    return info.pays_fee == Pays::kNo || pays_fee == Pays::kNo ? Pays::kNo : Pays::kYes;
  }
};

}  // namespace canary::rt
