#include "executor/host/signature_verifier.hpp"

#include <utility>

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
  Check check{rule, Bytes(signature.begin(), signature.end()),
              Bytes(message.begin(), message.end()), Bytes(public_key.begin(), public_key.end())};
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

bool SignatureVerifier::run_one(Batch& batch, std::unique_lock<std::mutex>& lock) {
  if (batch.pending_.empty()) return false;
  Check check = std::move(batch.pending_.front());
  batch.pending_.pop_front();
  ++batch.running_;
  lock.unlock();
  const bool valid = check_signature(check.rule, check.signature, check.message, check.public_key);
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
  while (run_one(batch, lock)) {
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
    run_one(*batch, lock);
  }
}

}  // namespace canary::executor::host
