#include "rpc/jsonrpc/subscription.hpp"

#include <utility>

#include "rpc/jsonrpc/response.hpp"

namespace canary::rpc {
namespace detail {

void SubscriptionState::activate() {
  MutexLock lock(mutex);
  if (phase != Phase::kPending) return;
  phase = Phase::kActive;
  for (std::string& message : pending) {
    if (!outbox->try_push_notification(std::move(message))) {
      phase = Phase::kClosed;
      break;
    }
  }
  pending.clear();
}

void SubscriptionState::close() {
  MutexLock lock(mutex);
  phase = Phase::kClosed;
  pending.clear();
}

bool SubscriptionState::is_closed() {
  MutexLock lock(mutex);
  return phase == Phase::kClosed;
}

}  // namespace detail

const std::string& SubscriptionSink::id() const {
  static const std::string kEmpty;
  return state_ ? state_->id : kEmpty;
}

bool SubscriptionSink::send(const Json& result) const {
  if (!state_) return false;
  using Phase = detail::SubscriptionState::Phase;
  // Serialised outside the lock: it is the expensive part and needs nothing shared.
  std::string message = subscription_notification(state_->notification_method, state_->id, result);
  MutexLock lock(state_->mutex);
  if (state_->phase == Phase::kClosed) return false;
  if (message.size() > state_->max_message_size) {
    state_->phase = Phase::kClosed;
    state_->pending.clear();
    return false;
  }
  if (state_->phase == Phase::kPending) {
    if (state_->pending.size() >= state_->max_pending) {
      state_->phase = Phase::kClosed;
      state_->pending.clear();
      return false;
    }
    state_->pending.push_back(std::move(message));
    return true;
  }
  if (!state_->outbox->try_push_notification(std::move(message))) {
    state_->phase = Phase::kClosed;
    return false;
  }
  return true;
}

bool SubscriptionSink::closed() const {
  return !state_ || state_->is_closed();
}

}  // namespace canary::rpc
