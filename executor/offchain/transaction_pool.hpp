// Where ext_offchain_submit_transaction_version_1 puts an extrinsic (sp-core offchain
// `TransactionPoolExt`). Calls that may not submit have none, and the host function traps as the
// reference's; RejectingTransactionPool answers Err to every submission (tools and tests). The
// node's offchain workers submit to its pool through node/service/offchain_transaction_pool.hpp.
#pragma once

#include "primitives/util/bytes.hpp"

namespace canary::executor::offchain {

class TransactionPool {
 public:
  virtual ~TransactionPool() = default;
  // True if the pool accepted the encoded extrinsic.
  virtual bool submit_transaction(ByteSpan extrinsic) = 0;
};

class RejectingTransactionPool final : public TransactionPool {
 public:
  bool submit_transaction(ByteSpan) override { return false; }
};

}  // namespace canary::executor::offchain
