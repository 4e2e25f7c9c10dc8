// transaction_v1_broadcast's operations (rpc-spec-v2 transaction/transaction_broadcast.rs),
// sans-IO: each operation keeps its transaction in the pool until transaction_v1_stop, so that the
// network's propagation (network_service.hpp: every 2.9 s, to every peer that does not know it,
// peers that connect later included) keeps broadcasting it. As Substrate:
//  - a submission the pool refuses for a passing reason (temporarily banned, dropped at once to
//    stay within the pool's limits, the runtime not callable) is tried again at the next best
//    block; any other refusal ends the operation (which stays stoppable);
//  - a watched transaction that becomes invalid, is dropped, or times out waiting for finality is
//    submitted again at the next best block; finalized or usurped ends the operation.
// The caller does the submissions (take_due) and reports their outcome and the statuses of the
// watch; each submission has an attempt number, so that the late events of an earlier one change
// nothing. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "node/service/transaction_service.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "primitives/util/thread_annotations.hpp"
#include "txpool/pool_event.hpp"

namespace canary::node {

class BroadcastOperations {
 public:
  // What becomes of an operation after a submission's outcome or a status.
  enum class Next : uint8_t {
    kWatch,             // in the pool: keep watching
    kRetryAtNextBlock,  // submit again once a new best block comes
    kDone,              // nothing more to do (until stopped)
  };
  static Next after_submit_error(const SubmitError& error);
  static Next after_status(const txpool::TransactionStatus& status);

  struct Due {
    std::string id;
    uint64_t attempt = 0;
    Bytes extrinsic;
  };

  // A new operation ("1", "2", …), due for submission at once.
  std::string start(Bytes extrinsic);
  // The submissions to make now, marked in flight.
  std::vector<Due> take_due();
  // A new best block: the operations waiting for one become due. True if any did.
  bool on_new_best_block();
  // The outcome of submission `attempt` of `id`.
  void on_submitted(const std::string& id, uint64_t attempt,
                    const Result<txpool::TransactionHash, SubmitError>& outcome);
  // A status of submission `attempt` of `id`; false: stop watching (an operation stopped, or an
  // earlier attempt, or a status after which this watch ends).
  bool on_status(const std::string& id, uint64_t attempt, const txpool::TransactionStatus& status);
  // Ends an operation: nullopt when there is no such operation, else the transaction it had in
  // the pool (if any) so that the caller may remove it.
  std::optional<std::optional<txpool::TransactionHash>> stop(const std::string& id);

  size_t size() const;

 private:
  enum class State : uint8_t { kDue, kInFlight, kWatching, kWaitingForBlock, kDone };
  struct Operation {
    Bytes extrinsic;
    State state = State::kDue;
    uint64_t attempt = 0;
    std::optional<txpool::TransactionHash> hash;
  };
  void apply(Operation& op, Next next);

  mutable Mutex mutex_;
  uint64_t next_id_ GUARDED_BY(mutex_) = 1;
  std::map<std::string, Operation> operations_ GUARDED_BY(mutex_);
};

}  // namespace canary::node
