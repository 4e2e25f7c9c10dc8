// Try-state checks (frame-support `Hooks::try_state`): a pallet's invariants over its whole
// storage, e.g. "the total issuance is the sum of the balances". They read everything, so the
// runtime never runs them in a block; tests run them after each block
// (Composition::try_state_all, runtime/testing/try_state.hpp), as try-runtime does.
//
// A pallet declares
//   static Result<void, std::string> try_state(BlockNumber n);
// and answers with the first invariant that does not hold.
#pragma once

#include <concepts>
#include <string>

#include "primitives/util/result.hpp"
#include "runtime/framework/pallet.hpp"

namespace canary::rt {

template <class P>
concept HasTryState = requires(BlockNumber n) {
  { P::try_state(n) } -> std::same_as<Result<void, std::string>>;
};

template <class P>
Result<void, std::string> call_try_state(BlockNumber n) {
  if constexpr (HasTryState<P>) {
    return P::try_state(n);
  } else {
    return {};
  }
}

}  // namespace canary::rt
