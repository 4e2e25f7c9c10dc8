// Pallet tests that start from endowed accounts: a fresh state, `Balances`' genesis with
// `endowed`, block 1 initialized, then the test's body.
#pragma once

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/testing/test_externalities.hpp"

namespace canary::rt::testing {

template <class Runtime, class F>
void with_endowed_accounts(
    const std::vector<std::pair<AccountId32, traits::tokens::Balance>>& endowed, F&& f) {
  TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Runtime::Balances::build_genesis({endowed}).has_value());
    Runtime::System::initialize(1, H256{}, {});
    f();
  });
}

}  // namespace canary::rt::testing
