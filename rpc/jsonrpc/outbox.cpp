#include "rpc/jsonrpc/outbox.hpp"

#include <utility>

namespace canary::rpc {

void Outbox::set_waker(std::function<void()> waker) {
  MutexLock lock(mutex_);
  waker_ = std::move(waker);
}

void Outbox::push_locked(std::string message) {
  queue_.push_back(std::move(message));
  if (waker_) waker_();
}

void Outbox::push_response(std::string message) {
  MutexLock lock(mutex_);
  if (closed_) return;
  push_locked(std::move(message));
}

bool Outbox::try_push_notification(std::string message) {
  MutexLock lock(mutex_);
  if (closed_ || queue_.size() >= capacity_) return false;
  push_locked(std::move(message));
  return true;
}

std::optional<std::string> Outbox::pop() {
  MutexLock lock(mutex_);
  if (queue_.empty()) return std::nullopt;
  std::string message = std::move(queue_.front());
  queue_.pop_front();
  return message;
}

std::size_t Outbox::size() const {
  MutexLock lock(mutex_);
  return queue_.size();
}

bool Outbox::full() const {
  MutexLock lock(mutex_);
  return queue_.size() >= capacity_;
}

bool Outbox::closed() const {
  MutexLock lock(mutex_);
  return closed_;
}

void Outbox::close() {
  MutexLock lock(mutex_);
  closed_ = true;
  queue_.clear();
  waker_ = nullptr;
}

}  // namespace canary::rpc
