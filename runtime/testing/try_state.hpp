// Try-state in tests (try-runtime's `try_state` after each block): every pallet's invariants
// (framework/try_state.hpp) on a test's state, their writes dropped. Host builds only.
//
//   EXPECT_EQ(testing::try_state_failures<Runtime::Pallets>(ext, n), "");
#pragma once

#include <string>

#include "runtime/framework/pallet.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/testing/test_externalities.hpp"

namespace canary::rt::testing {

// In the current io context (inside execute_with, or a driver's inspect): "" when every invariant
// holds, else the failures, "Pallet: what; …".
template <class Pallets>
std::string try_state_failures(BlockNumber n) {
  auto checked = Pallets::try_state_all(n);
  return checked ? std::string() : checked.error();
}

// On `ext`'s state; the checks only read, and anything they wrote would be rolled back.
template <class Pallets>
std::string try_state_failures(TestExternalities& ext, BlockNumber n) {
  return ext.execute_with([&] {
    io::storage::start_transaction();
    std::string failures = try_state_failures<Pallets>(n);
    io::storage::rollback_transaction();
    return failures;
  });
}

}  // namespace canary::rt::testing
