// The producer's end of a subscription (jsonrpsee's SubscriptionSink). Whoever produces events
// (block import, finality, ...) keeps the sink and calls send() from any thread; the notification
// goes into the connection's bounded Outbox.
//
// Until the subscribe call's response (carrying the subscription id) is queued, notifications are
// held back in the sink, so a client never sees a notification for an id it does not know yet.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "primitives/util/thread_annotations.hpp"
#include "rpc/jsonrpc/error.hpp"
#include "rpc/jsonrpc/outbox.hpp"

namespace canary::rpc {

namespace detail {

struct SubscriptionState {
  enum class Phase { kPending, kActive, kClosed };

  std::string id;
  std::string notification_method;
  std::string unsubscribe_method;
  std::shared_ptr<Outbox> outbox;
  std::size_t max_message_size = 0;
  std::size_t max_pending = 0;

  Mutex mutex;
  Phase phase GUARDED_BY(mutex) = Phase::kPending;
  std::vector<std::string> pending GUARDED_BY(mutex);

  // Moves to kActive, queueing what was held back; closes the subscription if it does not fit.
  void activate();
  void close();
  bool is_closed();
};

}  // namespace detail

class SubscriptionSink {
 public:
  SubscriptionSink() = default;  // a sink that is already closed
  explicit SubscriptionSink(std::shared_ptr<detail::SubscriptionState> state)
      : state_(std::move(state)) {}

  // The id the client was given ("" for a default-constructed sink).
  const std::string& id() const;

  // Queues {"jsonrpc":"2.0","method":<notification>,"params":{"subscription":<id>,"result":..}}.
  // False when the subscription is closed: unsubscribed, connection gone, or dropped because the
  // client reads too slowly (the outbox is full) or the notification exceeds the response size
  // limit — as Substrate drops a lagging subscription rather than buffer for it. The producer
  // should forget the sink once send() returned false.
  bool send(const Json& result) const;
  bool closed() const;

 private:
  std::shared_ptr<detail::SubscriptionState> state_;
};

}  // namespace canary::rpc
