#include "executor/host/host_context.hpp"

namespace canary::executor::host {

void HostContext::start_transaction() {
  if (storage != nullptr) storage->start_transaction();
  if (offchain_index != nullptr) offchain_index->start_transaction();
  ++runtime_transactions_;
}

Result<void, state::TransactionError> HostContext::commit_transaction() {
  if (runtime_transactions_ == 0) {
    return unexpected(state::TransactionError::kNoOpenTransaction);
  }
  --runtime_transactions_;
  if (storage != nullptr) {
    if (auto r = storage->commit_transaction(); !r) return r;
  }
  if (offchain_index != nullptr) {
    if (auto r = offchain_index->commit_transaction(); !r) return r;
  }
  return {};
}

Result<void, state::TransactionError> HostContext::rollback_transaction() {
  if (runtime_transactions_ == 0) {
    return unexpected(state::TransactionError::kNoOpenTransaction);
  }
  --runtime_transactions_;
  if (storage != nullptr) {
    if (auto r = storage->rollback_transaction(); !r) return r;
  }
  if (offchain_index != nullptr) {
    if (auto r = offchain_index->rollback_transaction(); !r) return r;
  }
  return {};
}

void HostContext::exit_runtime() {
  while (runtime_transactions_ > 0) (void)rollback_transaction();
  if (batch_verification && batch_verification->deferred && signature_verifier != nullptr) {
    signature_verifier->cancel(*batch_verification->deferred);
  }
  batch_verification.reset();
}

}  // namespace canary::executor::host
