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

#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/scale/scale.hpp"

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

}  // namespace canary::rt
