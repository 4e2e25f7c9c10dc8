#include "node/service/grandpa_methods.hpp"

#include <mutex>
#include <optional>
#include <string>

#include "node/rpc/registration.hpp"
#include "node/rpc/sink_list.hpp"
#include "node/service/finality_proof.hpp"
#include "node/service/warp_sync_server.hpp"
#include "primitives/util/hex.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node {

namespace {

using rpc::Error;
using rpc::Json;
using rpc::MethodResult;
using rpc::MethodSafety;
using rpc::SubscriptionSink;

struct JustificationSubscribers {
  Mutex mutex;
  rpc::SinkList sinks GUARDED_BY(mutex);
};

}  // namespace

void register_grandpa_methods(::canary::rpc::MethodRegistry& registry,
                              const blockchain::Chain& chain, GrandpaService* grandpa) {
  rpc::add_method(
      registry, {"grandpa_proveFinality"}, MethodSafety::kSafe,
      rpc::with_params<uint32_t>(
          {"block"}, [&chain](const rpc::CallContext&, uint32_t block) -> MethodResult {
            const ChainWarpProofSource source(chain);
            auto proof = prove_finality(source, block);
            if (!proof) {
              return unexpected(Error{kGrandpaProveFinalityErrorCode,
                                      "GRANDPA prove finality rpc failed: " + proof.error().message,
                                      std::nullopt});
            }
            if (!*proof) return Json(nullptr);
            return Json(to_hex(scale::encode(**proof)));
          }));

  auto subscribers = std::make_shared<JustificationSubscribers>();
  rpc::add_subscription(registry,
                        {{"grandpa_subscribeJustifications", "grandpa_unsubscribeJustifications"}},
                        "grandpa_justifications", MethodSafety::kSafe,
                        [subscribers](const rpc::Params&, const rpc::CallContext&,
                                      SubscriptionSink sink) -> Result<void, Error> {
                          MutexLock lock(subscribers->mutex);
                          subscribers->sinks.add(std::move(sink));
                          return {};
                        });
  if (grandpa != nullptr) {
    grandpa->set_justification_listener([subscribers](const Bytes& justification) {
      MutexLock lock(subscribers->mutex);
      if (subscribers->sinks.empty()) return;
      subscribers->sinks.send_all(Json(to_hex(justification)));
    });
  }
}

}  // namespace canary::node
