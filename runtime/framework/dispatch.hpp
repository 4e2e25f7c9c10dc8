// Dispatching calls (frame-support dispatch): results, the errors pallets return, and the checks
// of the system origins (origins/origin.hpp is the origin; origins/ensure_origin.hpp the
// EnsureOrigin vocabulary).
// A call either succeeds (PostDispatchInfo: its actual weight, whether it pays) or fails with a
// DispatchError and the same post-info; the executive makes a failed call's storage changes
// vanish (it runs in a storage transaction) and still charges its fee.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "primitives/runtime/dispatch_error.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/origins/origin.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/weight.hpp"

namespace canary::rt {

using runtime::DispatchError;

using DispatchResult = Result<void, DispatchError>;

struct DispatchErrorWithPostInfo {
  PostDispatchInfo post_info;
  DispatchError error;
};
using DispatchResultWithPostInfo = Result<PostDispatchInfo, DispatchErrorWithPostInfo>;

inline DispatchError dispatch_error(DispatchError::Kind kind, uint8_t detail = 0) {
  DispatchError error;
  error.kind = kind;
  error.detail = detail;
  return error;
}
inline DispatchError bad_origin() {
  return dispatch_error(DispatchError::Kind::kBadOrigin);
}

// A pallet's error `index` (its variant index) as FRAME reports it: Module { pallet index,
// [index, 0, 0, 0] }.
inline DispatchError module_error(uint8_t pallet_index, uint8_t error_index) {
  DispatchError error;
  error.kind = DispatchError::Kind::kModule;
  error.module.index = pallet_index;
  error.module.error = {error_index, 0, 0, 0};
  return error;
}

inline Result<AccountId32, DispatchError> ensure_signed(const Origin& origin) {
  if (origin.kind != Origin::Kind::kSigned) return unexpected(bad_origin());
  return origin.who;
}
inline DispatchResult ensure_root(const Origin& origin) {
  if (origin.kind != Origin::Kind::kRoot) return unexpected(bad_origin());
  return {};
}
inline DispatchResult ensure_none(const Origin& origin) {
  if (origin.kind != Origin::Kind::kNone) return unexpected(bad_origin());
  return {};
}

// Turns a plain result into one with post-info (no weight correction).
inline DispatchResultWithPostInfo with_post_info(DispatchResult result) {
  if (!result) return unexpected(DispatchErrorWithPostInfo{{}, result.error()});
  return PostDispatchInfo{};
}

}  // namespace canary::rt

namespace canary::runtime {

// sp-runtime's error types in metadata (ADL: these types live in primitives/, which knows
// nothing about metadata).
void canary_type_info(rt::meta::TypeBuilder& b, const DispatchError*);
void canary_type_info(rt::meta::TypeBuilder& b, const ModuleError*);

}  // namespace canary::runtime
