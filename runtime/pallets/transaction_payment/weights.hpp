// The weight of the ChargeTransactionPayment extension (pallet_transaction_payment::WeightInfo),
// which FRAME adds to every signed extrinsic's call weight: the runtime configuration names it as
// `using TransactionPaymentWeightInfo = …;`; a configuration without one (the unit tests' mock
// runtimes) charges nothing for it.
#pragma once

#include "runtime/framework/types/weight.hpp"

namespace canary::rt::pallets::transaction_payment {

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

namespace weights_detail {
template <class T>
struct Of {
  using type = NoWeights;
};
template <class T>
  requires requires { typename T::TransactionPaymentWeightInfo; }
struct Of<T> {
  using type = typename T::TransactionPaymentWeightInfo;
};
}  // namespace weights_detail

template <class T>
using WeightsOf = typename weights_detail::Of<T>::type;

}  // namespace canary::rt::pallets::transaction_payment
