// frame_system::offchain::SubmitTransaction::submit_unsigned_transaction: a pallet's call made a
// bare (unsigned) extrinsic of the runtime T and handed to the node's transaction pool. What a
// runtime API called by the node (e.g. BabeApi_submit_report_equivocation_unsigned_extrinsic) or
// an offchain worker uses; in block execution the node has no pool for it and the answer is false.
#pragma once

#include <optional>
#include <utility>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/extrinsic/unchecked_extrinsic.hpp"
#include "runtime/io/offchain.hpp"

namespace canary::rt {

// Whether the pool took the extrinsic (it validates it first: the pallet's validate_unsigned).
template <class T, class P>
bool submit_unsigned_transaction(typename P::Call call) {
  using Call = typename T::Pallets::Call;
  const UncheckedExtrinsic<Call, typename T::SignedExtra> extrinsic{
      std::nullopt, Call::template of<P>(std::move(call))};
  return io::offchain::submit_transaction(scale::encode(extrinsic));
}

}  // namespace canary::rt
