// The pool's limits and policies (polkadot-sdk substrate/client/transaction-pool/src/graph/pool.rs
// `Options`, graph/base_pool.rs `Limit`, builder.rs `TransactionPoolOptions::new_with_params`).
#pragma once

#include <cstddef>
#include <cstdint>

namespace canary::txpool {

// A queue is over its limit when it holds more than `count` transactions or more than
// `total_bytes` of encoded extrinsics (base_pool.rs Limit::is_exceeded).
struct Limit {
  size_t count = 0;
  size_t total_bytes = 0;

  bool is_exceeded(size_t queue_count, size_t queue_bytes) const {
    return queue_count > count || queue_bytes > total_bytes;
  }
};

struct PoolOptions {
  // The defaults are graph::Options::default(); a node started from the command line uses
  // from_cli() instead (Polkadot's --pool-limit 8192 --pool-kbytes 20480).
  Limit ready{8192, 20 * 1024 * 1024};
  Limit future{512, 1 * 1024 * 1024};
  // How long an invalid, stale, dropped or included transaction is refused (30 minutes; the
  // CLI's --tx-ban-seconds, 0 on a dev chain).
  uint64_t ban_time_ms = 30 * 60 * 1000;
  // A transaction with propagate == false is only useful to a node that authors blocks
  // (validated_pool.rs: Error::Unactionable otherwise).
  bool is_validator = true;
  // Blocks whose watched transactions wait for finality; past this the oldest block's
  // transactions get finalityTimeout (graph/listener.rs MAX_FINALITY_WATCHERS).
  size_t max_blocks_awaiting_finality = 512;

  // sc-cli: the future queue gets a tenth of the ready queue's limits.
  static PoolOptions from_cli(size_t pool_limit = 8192, size_t pool_kbytes = 20480) {
    PoolOptions options;
    options.ready = {pool_limit, pool_kbytes * 1024};
    options.future = {pool_limit / 10, pool_kbytes * 1024 / 10};
    return options;
  }
};

}  // namespace canary::txpool
