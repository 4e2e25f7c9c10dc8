// Dispatching a call from inside another (batches, sudo, proxies, scheduled calls):
//  - dispatch_in_layer: FRAME runs every dispatchable in its own storage layer (frame-support
//    `with_storage_layer`), so a nested call that fails leaves no changes while the calls around
//    it go on; the executive only wraps the outermost call.
//  - actual_weight / without_post_info: what the outer call reports of the inner one.
#pragma once

#include "runtime/framework/dispatch.hpp"
#include "runtime/io/storage.hpp"

namespace canary::rt {

// Dispatches in a storage layer of its own: kept if it succeeds, undone if it fails.
template <class Call>
DispatchResultWithPostInfo dispatch_in_layer(const Call& call, const Origin& origin) {
  io::storage::start_transaction();
  DispatchResultWithPostInfo result = call.dispatch(origin);
  if (result) {
    io::storage::commit_transaction();
  } else {
    io::storage::rollback_transaction();
  }
  return result;
}

// frame-support extract_actual_weight: the weight the call reports, never more than declared.
inline Weight actual_weight(const DispatchResultWithPostInfo& result, const DispatchInfo& info) {
  return (result ? *result : result.error().post_info).calc_actual_weight(info);
}

// DispatchResultWithPostInfo → DispatchResult (what events record).
inline DispatchResult without_post_info(const DispatchResultWithPostInfo& result) {
  if (!result) return unexpected(result.error().error);
  return {};
}

}  // namespace canary::rt
