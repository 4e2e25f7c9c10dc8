// The sinks of one subscription family: a notification goes to every sink, and a sink whose
// send() fails (unsubscribed, connection gone, client too slow) is forgotten, as Substrate drops
// a subscription whose client lags. Not thread-safe: the owner's lock guards it.
#pragma once

#include <utility>
#include <vector>

#include "rpc/jsonrpc/subscription.hpp"

namespace canary::node::rpc {

class SinkList {
 public:
  void add(::canary::rpc::SubscriptionSink sink) {
    // Unsubscribed sinks are found here too, so a family that never notifies does not grow.
    std::erase_if(sinks_, [](const auto& s) { return s.closed(); });
    sinks_.push_back(std::move(sink));
  }

  void send_all(const ::canary::rpc::Json& value) {
    std::erase_if(sinks_, [&](const auto& s) { return !s.send(value); });
  }

  bool empty() const { return sinks_.empty(); }

 private:
  std::vector<::canary::rpc::SubscriptionSink> sinks_;
};

}  // namespace canary::node::rpc
