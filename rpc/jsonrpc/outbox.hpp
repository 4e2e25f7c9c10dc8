// The bounded queue of messages waiting to be written to one connection. It is what stops a slow
// client from making the node buffer without bound (jsonrpsee's per-connection message buffer,
// Substrate's --rpc-message-buffer-capacity-per-connection, default 64):
//  - notifications are refused once `capacity` messages are queued (the subscription that
//    produced them is then dropped, see SubscriptionSink);
//  - responses are always queued, but the adapter reads the next request only while `full()` is
//    false, so responses add at most one message beyond the capacity.
// Thread-safe: subscription producers push from any thread, the adapter pops on its own.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "primitives/util/thread_annotations.hpp"

namespace canary::rpc {

class Outbox {
 public:
  explicit Outbox(std::size_t capacity) : capacity_(capacity) {}

  // Called after each push that made the queue non-empty (under the lock, so it must not call
  // back into the outbox): the adapter schedules a write. Cleared by close().
  void set_waker(std::function<void()> waker);

  void push_response(std::string message);
  // False (nothing queued) when full or closed.
  bool try_push_notification(std::string message);
  std::optional<std::string> pop();

  std::size_t size() const;
  bool full() const;
  bool closed() const;
  // Drops queued messages and refuses further ones; the connection is gone.
  void close();

 private:
  void push_locked(std::string message) REQUIRES(mutex_);

  const std::size_t capacity_;
  mutable Mutex mutex_;
  std::deque<std::string> queue_ GUARDED_BY(mutex_);
  std::function<void()> waker_ GUARDED_BY(mutex_);
  bool closed_ GUARDED_BY(mutex_) = false;
};

}  // namespace canary::rpc
