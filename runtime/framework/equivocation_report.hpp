// What the pool sees of an unsigned equivocation report (BABE's and GRANDPA's
// report_equivocation_unsigned, FRAME's ValidateUnsigned of both pallets): only the node's own
// reports are accepted (Local, or InBlock when a block carries one), with the highest priority,
// one per offender and time slot (the tag), valid for the report's longevity and never gossiped
// (another node could not include it: its block author checks the same evidence itself).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/result.hpp"

namespace canary::rt {

inline bool is_local_report_source(runtime::TransactionSource source) {
  return source == runtime::TransactionSource::kLocal ||
         source == runtime::TransactionSource::kInBlock;
}

// ValidTransaction::with_tag_prefix(prefix).priority(max).and_provides(tag).longevity(longevity)
// .propagate(false): the tag is SCALE (prefix as a string, tag).
template <class Tag>
runtime::ValidTransaction equivocation_report_validity(std::string_view prefix, const Tag& tag,
                                                       uint64_t longevity) {
  runtime::ValidTransaction valid;
  valid.priority = UINT64_MAX;
  Bytes provides = scale::encode(std::string(prefix));
  const Bytes encoded_tag = scale::encode(tag);
  provides.insert(provides.end(), encoded_tag.begin(), encoded_tag.end());
  valid.provides_tags.push_back(std::move(provides));
  valid.longevity = longevity;
  valid.propagate = false;
  return valid;
}

// The ValidateUnsigned of a pallet's unsigned report call `Report` (an alternative of `Call`):
// a local report whose evidence holds up (`check(report)`, the pallet's check, whose error is the
// answer) is valid under `prefix` and `tag_of(report)`; any other call or source is Call-invalid.
template <class Report, class Call, class Check, class TagOf>
Result<runtime::ValidTransaction, runtime::TransactionValidityError> validate_local_report(
    runtime::TransactionSource source, const Call& call, std::string_view prefix, Check&& check,
    TagOf&& tag_of, uint64_t longevity) {
  const Report* report = std::get_if<Report>(&call);
  if (report == nullptr || !is_local_report_source(source)) {
    return unexpected(runtime::TransactionValidityError{
        runtime::InvalidTransaction{runtime::InvalidTransaction::Kind::kCall, 0}});
  }
  if (auto checked = check(*report); !checked) return unexpected(checked.error());
  return equivocation_report_validity(prefix, tag_of(*report), longevity);
}

// Its pre_dispatch: the evidence is checked again when the block is built or imported.
template <class Report, class Call, class Check>
Result<void, runtime::TransactionValidityError> pre_dispatch_local_report(const Call& call,
                                                                          Check&& check) {
  const Report* report = std::get_if<Report>(&call);
  if (report == nullptr) {
    return unexpected(runtime::TransactionValidityError{
        runtime::InvalidTransaction{runtime::InvalidTransaction::Kind::kCall, 0}});
  }
  return check(*report);
}

}  // namespace canary::rt
