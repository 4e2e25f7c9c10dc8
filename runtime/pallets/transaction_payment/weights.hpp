// The weight of the ChargeTransactionPayment extension (pallet_transaction_payment::WeightInfo),
// which FRAME adds to every signed extrinsic's call weight, declared as every pallet's weights are
// (framework/weight_info.hpp): the runtime configuration names it as
// `using TransactionPaymentWeightInfo = …;`; a configuration without one (the unit tests' mock
// runtimes) charges nothing for it.
#pragma once

#include <concepts>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::transaction_payment {

template <class W>
concept WeightInfo = requires {
  { W::charge_transaction_payment() } -> std::same_as<Weight>;
};

// Kusama's benchmark result (polkadot-fellows/runtimes, relay/kusama/src/weights/
// pallet_transaction_payment.rs, the WeightInfo of Kusama's pallet_transaction_payment::Config):
// the measured ref_time (ps) and proof size (bytes), plus the payer's System::Account read and
// write at the configuration's RuntimeDbWeight (Kusama: RocksDbWeight).
template <class T>
struct KusamaWeights {
  static constexpr Weight charge_transaction_payment() {
    return Weight::from_parts(43'330'000, 3'593).saturating_add(T::kDbWeight.reads_writes(1, 1));
  }
};

struct NoWeights {
  static constexpr Weight charge_transaction_payment() { return {}; }
};

template <class T>
using ConfiguredWeights = typename T::TransactionPaymentWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, NoWeights>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, NoWeights>;

}  // namespace canary::rt::pallets::transaction_payment
