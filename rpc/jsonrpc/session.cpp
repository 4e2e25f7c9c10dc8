#include "rpc/jsonrpc/session.hpp"

#include <cstdint>
#include <exception>
#include <utility>

#include "rpc/jsonrpc/after_response.hpp"
#include "rpc/jsonrpc/response.hpp"

namespace canary::rpc {

Session::Session(std::shared_ptr<const MethodRegistry> registry, SessionConfig config,
                 std::shared_ptr<Outbox> outbox, SubscriptionIdGenerator ids)
    : registry_(std::move(registry)),
      config_(config),
      outbox_(std::move(outbox)),
      ids_(std::move(ids)) {}

Session::~Session() {
  close();
}

void Session::close() {
  MutexLock lock(mutex_);
  closed_ = true;
  for (auto& [id, state] : subscriptions_) state->close();
  subscriptions_.clear();
}

std::size_t Session::subscription_count() {
  MutexLock lock(mutex_);
  forget_closed_subscriptions();
  return subscriptions_.size();
}

void Session::forget_closed_subscriptions() {
  std::erase_if(subscriptions_, [](const auto& item) { return item.second->is_closed(); });
}

std::string Session::limit_response_size(std::string response, const Json& id) const {
  if (response.size() <= config_.max_response_size) return response;
  return error_response(id, oversized_response(config_.max_response_size));
}

void Session::handle_message(std::string_view text) {
  std::unique_ptr<Pending> pending = begin_message(text);
  while (!step(*pending, SIZE_MAX)) {
  }
}

std::unique_ptr<Session::Pending> Session::begin_message(std::string_view text) {
  auto pending = std::make_unique<Pending>();
  auto message = parse_message(text, config_.limits);
  if (!message) {
    outbox_->push_response(error_response(Json(nullptr), message.error()));
    pending->done = true;
    return pending;
  }
  pending->message = std::move(*message);
  return pending;
}

bool Session::step(Pending& pending, std::size_t max_calls) {
  if (pending.done) return true;
  MutexLock lock(mutex_);
  {
    // Work the handlers start (chainHead operations) waits until the message's response is
    // queued; subscriptions accepted by it start sending only then too.
    AfterResponseScope after_response;
    auto& calls = pending.message.calls;
    if (!pending.message.batch) {
      auto& call = calls.front();
      if (!call) {
        outbox_->push_response(error_response(call.error().id, call.error().error));
      } else if (auto response = handle_call(*call, pending.accepted)) {
        outbox_->push_response(std::move(*response));
      }
      pending.next = calls.size();
    } else {
      const std::size_t end =
          calls.size() - pending.next > max_calls ? pending.next + max_calls : calls.size();
      for (; pending.next < end; ++pending.next) {
        auto& call = calls[pending.next];
        std::optional<std::string> response;
        if (!call) {
          response = error_response(call.error().id, call.error().error);
        } else {
          response = handle_call(*call, pending.accepted);
        }
        if (!response) continue;
        if (pending.any) pending.joined += ',';
        pending.joined += *response;
        pending.any = true;
      }
      if (pending.next < calls.size()) {
        for (auto& task : after_response.take()) pending.after_response.push_back(std::move(task));
        return false;
      }
      pending.joined += ']';
      // A batch of notifications only gets no answer at all (JSON-RPC 2.0, section 6).
      if (pending.any) {
        if (pending.joined.size() > config_.max_response_size) {
          pending.joined =
              error_response(Json(nullptr), too_big_batch_response(config_.max_response_size));
        }
        outbox_->push_response(std::move(pending.joined));
      }
    }
    for (auto& task : after_response.take()) pending.after_response.push_back(std::move(task));
  }
  finish(pending);
  return true;
}

void Session::finish(Pending& pending) {
  pending.done = true;
  for (const StatePtr& state : pending.accepted) state->activate();
  for (auto& task : pending.after_response) task();
  pending.after_response.clear();
}

std::optional<std::string> Session::handle_call(Request& request, std::vector<StatePtr>& accepted) {
  const Json id = request.id.value_or(Json(nullptr));
  const MethodRegistry::Entry* entry = registry_->find(request.method);
  Result<Json, Error> result = unexpected(method_not_found());
  const CallContext context{config_.connection_id, config_.deny_unsafe};
  const bool unsafe_denied =
      entry != nullptr && entry->safety == MethodSafety::kUnsafe && config_.deny_unsafe;
  const bool not_served = entry == nullptr || (entry->kind != MethodRegistry::Kind::kMethod &&
                                               !config_.allow_subscriptions);
  if (unsafe_denied) {
    result = unexpected(unsafe_method_denied());
  } else if (not_served) {
    // keep method_not_found: an unknown method, or a subscription where none are served
  } else if (entry->kind == MethodRegistry::Kind::kSubscribe) {
    // A subscription nobody hears about (no id to answer with) is not created.
    if (request.is_notification()) return std::nullopt;
    result = subscribe(*entry, request, context, accepted);
  } else if (entry->kind == MethodRegistry::Kind::kUnsubscribe) {
    result = unsubscribe(request.method, request);
  } else {
    // Exceptions must not unwind into the I/O adapter: the handler's module failed, the
    // connection and the node go on.
    try {
      result = entry->method(Params(request.params), context);
    } catch (const std::exception& e) {
      result = unexpected(internal_error(e.what()));
    } catch (...) {
      result = unexpected(internal_error());
    }
  }
  if (request.is_notification()) return std::nullopt;
  std::string response =
      result ? success_response(id, *result) : error_response(id, result.error());
  return limit_response_size(std::move(response), id);
}

Result<Json, Error> Session::subscribe(const MethodRegistry::Entry& entry, const Request& request,
                                       const CallContext& context,
                                       std::vector<StatePtr>& accepted) {
  if (closed_) return unexpected(internal_error("connection closed"));
  forget_closed_subscriptions();
  if (subscriptions_.size() >= config_.max_subscriptions) {
    return unexpected(too_many_subscriptions());
  }
  auto state = std::make_shared<detail::SubscriptionState>();
  // A generator that repeats itself would hand one id to two subscriptions: refuse rather than
  // loop forever.
  for (int attempt = 0; attempt < 8 && state->id.empty(); ++attempt) {
    std::string candidate = ids_();
    if (!candidate.empty() && !subscriptions_.contains(candidate)) state->id = std::move(candidate);
  }
  if (state->id.empty()) return unexpected(internal_error("no free subscription id"));
  state->notification_method = entry.notification;
  state->unsubscribe_method = entry.unsubscribe;
  state->outbox = outbox_;
  state->max_message_size = config_.max_response_size;
  state->max_pending = config_.max_pending_notifications;

  Result<void, Error> outcome = unexpected(internal_error());
  try {
    outcome = entry.subscribe(Params(request.params), context, SubscriptionSink(state));
  } catch (const std::exception& e) {
    outcome = unexpected(internal_error(e.what()));
  } catch (...) {
    outcome = unexpected(internal_error());
  }
  if (!outcome) {
    state->close();
    return unexpected(outcome.error());
  }
  subscriptions_.emplace(state->id, state);
  accepted.push_back(state);
  return Json(state->id);
}

Result<Json, Error> Session::unsubscribe(std::string_view method, const Request& request) {
  const Params params(request.params);
  const Json* id = params.get(0, "subscription");
  if (id == nullptr || !id->is_string()) {
    return unexpected(invalid_params("expected the subscription id"));
  }
  auto it = subscriptions_.find(id->get_ref<const std::string&>());
  // Only the unsubscribe method of the subscription's own family ends it, as in jsonrpsee.
  if (it == subscriptions_.end() || it->second->unsubscribe_method != method) return Json(false);
  const bool was_open = !it->second->is_closed();
  it->second->close();
  subscriptions_.erase(it);
  return Json(was_open);
}

}  // namespace canary::rpc
