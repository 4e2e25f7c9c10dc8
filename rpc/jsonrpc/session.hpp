// One connection's JSON-RPC state machine, without I/O: it is fed the text of each incoming
// message and queues its responses (and, through the subscription sinks, notifications) into the
// connection's Outbox, which the adapter drains to the socket. It owns the connection's
// subscriptions: their ids, the per-connection limit, unsubscribe, and closing them all when the
// connection ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/util/thread_annotations.hpp"
#include "rpc/jsonrpc/method_registry.hpp"
#include "rpc/jsonrpc/outbox.hpp"
#include "rpc/jsonrpc/request.hpp"

namespace canary::rpc {

struct SessionConfig {
  ParseLimits limits;
  std::size_t max_response_size = 15 * 1024 * 1024;
  std::size_t max_subscriptions = 1024;
  // Notifications a subscription may produce before its id was sent (bounded like the outbox).
  std::size_t max_pending_notifications = 64;
  bool deny_unsafe = true;
  // Over HTTP there is no way to deliver notifications: subscribe methods are "not found" there.
  bool allow_subscriptions = true;
  std::uint64_t connection_id = 0;
};

// Makes subscription ids. The adapter supplies random ones (jsonrpsee's RandomStringIdProvider);
// tests supply a counter. The session never draws randomness itself.
using SubscriptionIdGenerator = std::function<std::string()>;

class Session {
 public:
  Session(std::shared_ptr<const MethodRegistry> registry, SessionConfig config,
          std::shared_ptr<Outbox> outbox, SubscriptionIdGenerator ids);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Handles one message (a call or a batch). Thread-safe with respect to close().
  void handle_message(std::string_view text);

  // A message handled in steps: begin_message() parses it, each step() answers up to
  // `max_calls` of its calls and returns true once the message is done, its response queued.
  // A server steps big batches and lets other connections' work run between the steps, so that
  // one connection's 100,000-call batch does not hold up everyone else's calls.
  struct Pending;
  std::unique_ptr<Pending> begin_message(std::string_view text);
  bool step(Pending& pending, std::size_t max_calls);
  // Closes every subscription; later messages are still answered, but subscribe is refused.
  void close();
  std::size_t subscription_count();

 private:
  using StatePtr = std::shared_ptr<detail::SubscriptionState>;

  // The response text for one call, or nothing for a notification.
  std::optional<std::string> handle_call(Request& request, std::vector<StatePtr>& accepted)
      REQUIRES(mutex_);
  Result<Json, Error> subscribe(const MethodRegistry::Entry& entry, const Request& request,
                                const CallContext& context, std::vector<StatePtr>& accepted)
      REQUIRES(mutex_);
  Result<Json, Error> unsubscribe(std::string_view method, const Request& request) REQUIRES(mutex_);
  void forget_closed_subscriptions() REQUIRES(mutex_);
  std::string limit_response_size(std::string response, const Json& id) const;

  std::shared_ptr<const MethodRegistry> registry_;
  SessionConfig config_;
  std::shared_ptr<Outbox> outbox_;
  SubscriptionIdGenerator ids_;

  void finish(Pending& pending);

  Mutex mutex_;
  bool closed_ GUARDED_BY(mutex_) = false;
  std::map<std::string, StatePtr, std::less<>> subscriptions_ GUARDED_BY(mutex_);
};

struct Session::Pending {
  Message message;
  std::size_t next = 0;  // the first call not answered yet
  std::string joined = "[";
  bool any = false;  // some call of the batch has an answer
  bool done = false;
  std::vector<StatePtr> accepted;
  std::vector<std::function<void()>> after_response;
};

}  // namespace canary::rpc
