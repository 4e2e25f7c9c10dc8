// ext_offchain_submit_transaction's way into the node's pool: the extrinsic is submitted as a
// Local transaction (sc-transaction-pool-api `OffchainTransactionPoolFactory`, whose
// `submit_transaction` calls the pool's `submit_local`); the runtime hears whether the pool took
// it. The pool validates at the best block, where the reference validates at the offchain
// worker's block: the two are the same block except when a new one was imported meanwhile.
#pragma once

#include "executor/offchain/transaction_pool.hpp"
#include "node/service/transaction_service.hpp"

namespace canary::node {

class OffchainTransactionPool final : public executor::offchain::TransactionPool {
 public:
  explicit OffchainTransactionPool(TransactionService& pool) : pool_(pool) {}

  bool submit_transaction(ByteSpan extrinsic) override {
    return pool_
        .submit(Bytes(extrinsic.begin(), extrinsic.end()), runtime::TransactionSource::kLocal)
        .has_value();
  }

 private:
  TransactionService& pool_;
};

}  // namespace canary::node
