// sp_runtime's AccountIdLookup, Kusama's `Lookup` (StaticLookup over MultiAddress<AccountId, ()>):
// the account an AccountIdLookupOf<T> call argument names. Only the Id form names one (the Index
// form carries no index on the relay); every other form is CannotLookup.
#pragma once

#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt {

inline Result<AccountId32, DispatchError> lookup_account(const MultiAddress& address) {
  if (const AccountId32* account = address.account()) return *account;
  return unexpected(dispatch_error(DispatchError::Kind::kCannotLookup));
}

}  // namespace canary::rt
