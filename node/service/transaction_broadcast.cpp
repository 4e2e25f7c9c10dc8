#include "node/service/transaction_broadcast.hpp"

#include <utility>
#include <variant>

namespace canary::node {

BroadcastOperations::Next BroadcastOperations::after_submit_error(const SubmitError& error) {
  // sc-transaction-pool-api Error::is_retriable: TemporarilyBanned, ImmediatelyDropped,
  // InvalidBlockId (here: the runtime could not be called at the best block),
  // RejectedFutureTransaction (never raised by this pool).
  if (std::holds_alternative<blockchain::BlockchainError>(error.reason)) {
    return Next::kRetryAtNextBlock;
  }
  const txpool::PoolError& pool = std::get<txpool::PoolError>(error.reason);
  switch (pool.kind) {
    case txpool::PoolErrorKind::kTemporarilyBanned:
    case txpool::PoolErrorKind::kImmediatelyDropped:
      return Next::kRetryAtNextBlock;
    default:
      return Next::kDone;
  }
}

BroadcastOperations::Next BroadcastOperations::after_status(
    const txpool::TransactionStatus& status) {
  // TransactionStatus::is_retriable (invalid, dropped, finality timeout), then is_final.
  if (std::holds_alternative<txpool::status::Invalid>(status) ||
      std::holds_alternative<txpool::status::Dropped>(status) ||
      std::holds_alternative<txpool::status::FinalityTimeout>(status)) {
    return Next::kRetryAtNextBlock;
  }
  if (txpool::is_final(status)) return Next::kDone;
  return Next::kWatch;
}

std::string BroadcastOperations::start(Bytes extrinsic) {
  MutexLock lock(mutex_);
  std::string id = std::to_string(next_id_++);
  Operation op;
  op.extrinsic = std::move(extrinsic);
  operations_.emplace(id, std::move(op));
  return id;
}

std::vector<BroadcastOperations::Due> BroadcastOperations::take_due() {
  MutexLock lock(mutex_);
  std::vector<Due> out;
  for (auto& [id, op] : operations_) {
    if (op.state != State::kDue) continue;
    op.state = State::kInFlight;
    op.hash.reset();
    out.push_back(Due{id, ++op.attempt, op.extrinsic});
  }
  return out;
}

bool BroadcastOperations::on_new_best_block() {
  MutexLock lock(mutex_);
  bool any = false;
  for (auto& [id, op] : operations_) {
    if (op.state != State::kWaitingForBlock) continue;
    op.state = State::kDue;
    any = true;
  }
  return any;
}

void BroadcastOperations::apply(Operation& op, Next next) {
  switch (next) {
    case Next::kWatch:
      op.state = State::kWatching;
      break;
    case Next::kRetryAtNextBlock:
      op.state = State::kWaitingForBlock;
      op.hash.reset();
      break;
    case Next::kDone:
      op.state = State::kDone;
      break;
  }
}

void BroadcastOperations::on_submitted(
    const std::string& id, uint64_t attempt,
    const Result<txpool::TransactionHash, SubmitError>& outcome) {
  MutexLock lock(mutex_);
  auto it = operations_.find(id);
  if (it == operations_.end() || it->second.attempt != attempt) return;
  Operation& op = it->second;
  // The watch's first statuses come before the submission returns: they may have decided.
  if (op.state != State::kInFlight) return;
  if (outcome) {
    op.hash = *outcome;
    apply(op, Next::kWatch);
  } else {
    apply(op, after_submit_error(outcome.error()));
  }
}

bool BroadcastOperations::on_status(const std::string& id, uint64_t attempt,
                                    const txpool::TransactionStatus& status) {
  MutexLock lock(mutex_);
  auto it = operations_.find(id);
  if (it == operations_.end() || it->second.attempt != attempt) return false;
  Operation& op = it->second;
  if (op.state != State::kInFlight && op.state != State::kWatching) return false;
  const Next next = after_status(status);
  // In flight, on_submitted records the hash and the watching state.
  if (next == Next::kWatch) return true;
  apply(op, next);
  return false;
}

std::optional<std::optional<txpool::TransactionHash>> BroadcastOperations::stop(
    const std::string& id) {
  MutexLock lock(mutex_);
  auto it = operations_.find(id);
  if (it == operations_.end()) return std::nullopt;
  std::optional<txpool::TransactionHash> hash = it->second.hash;
  operations_.erase(it);
  return hash;
}

size_t BroadcastOperations::size() const {
  MutexLock lock(mutex_);
  return operations_.size();
}

}  // namespace canary::node
