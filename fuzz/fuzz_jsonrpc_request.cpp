// JSON-RPC messages as they arrive from any RPC client, through the whole sans-IO session
// (parsing, batches, dispatch, subscribe/unsubscribe): it must never crash, and everything it
// answers must be valid JSON.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "rpc/jsonrpc/session.hpp"

namespace {

std::shared_ptr<const canary::rpc::MethodRegistry> make_registry() {
  using namespace canary::rpc;
  auto registry = std::make_shared<MethodRegistry>();
  (void)registry->add_method("echo", MethodSafety::kSafe,
                             [](const Params& p, const CallContext&) -> MethodResult {
                               const Json* v = p.get(0, "value");
                               if (v == nullptr) return canary::unexpected(invalid_params());
                               return *v;
                             });
  (void)registry->add_method(
      "author_rotateKeys", MethodSafety::kUnsafe,
      [](const Params&, const CallContext&) -> MethodResult { return Json("0x00"); });
  (void)registry->add_subscription("chain_subscribeNewHeads", "chain_newHead",
                                   "chain_unsubscribeNewHeads", MethodSafety::kSafe,
                                   [](const Params& p, const CallContext&,
                                      SubscriptionSink sink) -> canary::Result<void, Error> {
                                     if (const Json* v = p.get(0, "value")) sink.send(*v);
                                     return {};
                                   });
  return registry;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace canary::rpc;
  static const auto registry = make_registry();
  const std::string_view text(reinterpret_cast<const char*>(bytes), size);
  SessionConfig config;
  config.limits.max_request_size = 64 * 1024;
  config.limits.max_batch_len = 16;
  config.max_response_size = 4096;
  config.max_subscriptions = 4;
  auto outbox = std::make_shared<Outbox>(8);
  int counter = 0;
  Session session(registry, config, outbox, [&] { return std::to_string(counter++ % 3); });
  session.handle_message(text);
  session.handle_message(text);  // again: ids repeat, limits fill up
  while (auto message = outbox->pop()) {
    if (Json::parse(*message, nullptr, false).is_discarded()) __builtin_trap();
  }
  return 0;
}
