#include "rpc/jsonrpc/method_registry.hpp"

#include <utility>

namespace canary::rpc {

const char* to_string(RegistryError error) {
  switch (error) {
    case RegistryError::kDuplicateName:
      return "method name already registered";
    case RegistryError::kEmptyName:
      return "empty method name";
  }
  return "unknown registry error";
}

MethodRegistry::MethodRegistry() {
  Entry entry;
  entry.method = [this](const Params&, const CallContext&) -> MethodResult {
    return Json{{"methods", method_names()}};
  };
  entries_.emplace("rpc_methods", std::move(entry));
}

Result<void, RegistryError> MethodRegistry::add_method(std::string name, MethodSafety safety,
                                                       MethodHandler handler) {
  if (name.empty()) return unexpected(RegistryError::kEmptyName);
  if (entries_.contains(name)) return unexpected(RegistryError::kDuplicateName);
  Entry entry;
  entry.safety = safety;
  entry.method = std::move(handler);
  entries_.emplace(std::move(name), std::move(entry));
  return {};
}

Result<void, RegistryError> MethodRegistry::add_subscription(std::string subscribe,
                                                             std::string notification,
                                                             std::string unsubscribe,
                                                             MethodSafety safety,
                                                             SubscribeHandler handler) {
  if (subscribe.empty() || notification.empty() || unsubscribe.empty()) {
    return unexpected(RegistryError::kEmptyName);
  }
  if (subscribe == unsubscribe || entries_.contains(subscribe) || entries_.contains(unsubscribe)) {
    return unexpected(RegistryError::kDuplicateName);
  }
  Entry sub;
  sub.kind = Kind::kSubscribe;
  sub.safety = safety;
  sub.subscribe = std::move(handler);
  sub.notification = std::move(notification);
  sub.unsubscribe = unsubscribe;
  Entry unsub;
  unsub.kind = Kind::kUnsubscribe;
  unsub.safety = safety;
  entries_.emplace(std::move(subscribe), std::move(sub));
  entries_.emplace(std::move(unsubscribe), std::move(unsub));
  return {};
}

const MethodRegistry::Entry* MethodRegistry::find(std::string_view name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<std::string> MethodRegistry::method_names() const {
  std::vector<std::string> names;
  names.reserve(entries_.size());
  for (const auto& [name, entry] : entries_) names.push_back(name);  // std::map: already sorted
  return names;
}

}  // namespace canary::rpc
