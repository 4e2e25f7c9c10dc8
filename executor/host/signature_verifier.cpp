#include "executor/host/signature_verifier.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

namespace canary::executor::host {

SignatureVerifier::SignatureVerifier(size_t workers) {
  threads_.reserve(workers);
  for (size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

SignatureVerifier::~SignatureVerifier() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_available_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

std::shared_ptr<SignatureVerifier::Batch> SignatureVerifier::start() {
  return std::make_shared<Batch>();
}

void SignatureVerifier::add(const std::shared_ptr<Batch>& batch, SignatureRule rule,
                            ByteSpan signature, ByteSpan message, ByteSpan public_key) {
  SignatureCheck check{rule, Bytes(signature.begin(), signature.end()),
                       Bytes(message.begin(), message.end()),
                       Bytes(public_key.begin(), public_key.end())};
  {
    const std::lock_guard lock(mutex_);
    // Once one check failed, the verdict is known: the others need not run.
    if (!batch->valid_) return;
    batch->pending_.push_back(std::move(check));
    if (threads_.empty()) return;
    queue_.push_back(batch);
  }
  work_available_.notify_one();
}

bool SignatureVerifier::run_some(Batch& batch, std::unique_lock<std::mutex>& lock, size_t max) {
  if (batch.pending_.empty()) return false;
  const size_t taken = std::min(max, batch.pending_.size());
  std::vector<SignatureCheck> checks(
      std::make_move_iterator(batch.pending_.begin()),
      std::make_move_iterator(batch.pending_.begin() + static_cast<std::ptrdiff_t>(taken)));
  batch.pending_.erase(batch.pending_.begin(),
                       batch.pending_.begin() + static_cast<std::ptrdiff_t>(taken));
  ++batch.running_;
  lock.unlock();
  const bool valid = check_signatures(checks);
  lock.lock();
  --batch.running_;
  if (!valid) {
    batch.valid_ = false;
    batch.pending_.clear();
  }
  if (batch.running_ == 0 && batch.pending_.empty()) check_done_.notify_all();
  return true;
}

bool SignatureVerifier::finish(Batch& batch) {
  std::unique_lock lock(mutex_);
  while (run_some(batch, lock, SIZE_MAX)) {
  }
  check_done_.wait(lock, [&batch] { return batch.running_ == 0; });
  return batch.valid_;
}

void SignatureVerifier::cancel(Batch& batch) {
  const std::lock_guard lock(mutex_);
  batch.pending_.clear();
}

void SignatureVerifier::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_available_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    // Keeps the batch alive while its check runs, whatever its runtime call does meanwhile.
    const std::shared_ptr<Batch> batch = std::move(queue_.front());
    queue_.pop_front();
    run_some(*batch, lock, kWorkerChunk);
  }
}

}  // namespace canary::executor::host
