#include "node/rpc/chain_methods.hpp"

#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <utility>

#include "node/rpc/block_access.hpp"
#include "node/rpc/param_reader.hpp"
#include "node/rpc/registration.hpp"
#include "node/rpc/signed_block_json.hpp"
#include "node/rpc/sink_list.hpp"
#include "node/rpc/substrate_errors.hpp"
#include "node/rpc/substrate_json.hpp"
#include "primitives/block/signed_block.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node::rpc {
namespace {

// The head subscriptions (sc-rpc chain_full.rs): every imported header, each new best header,
// each newly finalized header. Each starts with the current best (or finalized) header; a block
// that becomes best while a subscription starts may be reported twice, never skipped.
class HeadsFeed final : public blockchain::ChainObserver {
 public:
  enum class Kind : uint8_t { kAll, kNew, kFinalized };

  explicit HeadsFeed(blockchain::Chain& chain) : chain_(chain) {}

  Result<void, Error> subscribe(Kind kind, SubscriptionSink sink) {
    MutexLock lock(mutex_);
    const block::BlockHash head =
        kind == Kind::kFinalized ? chain_.finalized().hash : chain_.best().hash;
    if (std::optional<block::Header> header = header_of(head)) sink.send(header_json(*header));
    list(kind).add(std::move(sink));
    return {};
  }

  void on_block_imported(const blockchain::ImportNotice& notice) override {
    MutexLock lock(mutex_);
    last_imported_ = notice.header;
    last_imported_hash_ = notice.block.hash;
    if (!all_.empty()) all_.send_all(header_json(notice.header));
  }

  // Called for imports that become best and for the importer's later fork choice alike.
  void on_best_block_changed(const blockchain::BlockRef& best,
                             const std::optional<blockchain::TreeRoute>&) override {
    MutexLock lock(mutex_);
    if (new_.empty()) return;
    if (last_imported_ && last_imported_hash_ == best.hash) {
      new_.send_all(header_json(*last_imported_));
      return;
    }
    if (std::optional<block::Header> header = header_of(best.hash)) {
      new_.send_all(header_json(*header));
    }
  }

  // One notification per finality step, with the newly finalized head (Substrate's
  // finality_notification_stream carries the last block only).
  void on_finalized(const blockchain::FinalityNotice& notice) override {
    MutexLock lock(mutex_);
    if (finalized_.empty()) return;
    if (std::optional<block::Header> header = header_of(notice.finalized.hash)) {
      finalized_.send_all(header_json(*header));
    }
  }

 private:
  std::optional<block::Header> header_of(const block::BlockHash& hash) const {
    return header_if_known(chain_, hash);
  }

  SinkList& list(Kind kind) REQUIRES(mutex_) {
    switch (kind) {
      case Kind::kAll:
        return all_;
      case Kind::kNew:
        return new_;
      case Kind::kFinalized:
        break;
    }
    return finalized_;
  }

  blockchain::Chain& chain_;
  Mutex mutex_;
  SinkList all_ GUARDED_BY(mutex_);
  SinkList new_ GUARDED_BY(mutex_);
  SinkList finalized_ GUARDED_BY(mutex_);
  std::optional<block::Header> last_imported_ GUARDED_BY(mutex_);
  block::BlockHash last_imported_hash_ GUARDED_BY(mutex_){};
};

// Substrate's u32 block number check (chain/mod.rs `block_hash`): the message prints the
// NumberOrHex with Debug, e.g. "`Number(4294967296)` > u32::MAX, the max block number is u32.".
Error number_too_large(const std::string& debug) {
  return chain_other_error("`" + debug + "` > u32::MAX, the max block number is u32.");
}

// One NumberOrHex (sp-rpc number.rs): a JSON integer or a 0x-prefixed hex U256.
Result<std::optional<block::BlockHash>, Error> hash_by_number(const blockchain::Chain& chain,
                                                              const Json& value) {
  uint32_t number = 0;
  if (value.is_number_unsigned()) {
    const uint64_t n = value.get<uint64_t>();
    if (n > std::numeric_limits<uint32_t>::max()) {
      return unexpected(number_too_large("Number(" + std::to_string(n) + ")"));
    }
    number = static_cast<uint32_t>(n);
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (!text.starts_with("0x") || text.size() == 2 || text.size() > 66) {
      return unexpected(::canary::rpc::invalid_params("expected a number or a 0x-prefixed hex"));
    }
    u128 v = 0;
    bool overflow = false;
    for (size_t i = 2; i < text.size(); ++i) {
      const char c = text[i];
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      if (d < 0) return unexpected(::canary::rpc::invalid_params("invalid hex character"));
      if ((v >> 124) != 0) overflow = true;
      v = (v << 4) | static_cast<u128>(d);
    }
    if (overflow) return unexpected(number_too_large("Hex(" + text + ")"));
    if (v > std::numeric_limits<uint32_t>::max()) {
      // U256's Debug prints the value in decimal.
      return unexpected(number_too_large("Hex(" + decimal_string(v) + ")"));
    }
    number = static_cast<uint32_t>(v);
  } else {
    return unexpected(::canary::rpc::invalid_params("expected a block number"));
  }
  auto hash = chain.canonical_hash(number);
  if (!hash) return unexpected(chain_client_error(hash.error().message()));
  return *hash;
}

Json optional_hash_json(const std::optional<block::BlockHash>& hash) {
  return hash ? Json(to_hex(*hash)) : Json(nullptr);
}

MethodResult get_block_hash(const blockchain::Chain& chain, const Params& params) {
  const Json* arg = params.get(0, "hash");
  if (arg == nullptr) return Json(to_hex(chain.best().hash));
  if (arg->is_array()) {
    Json out = Json::array();
    for (const Json& item : *arg) {
      auto hash = hash_by_number(chain, item);
      if (!hash) return unexpected(std::move(hash).error());
      out.push_back(optional_hash_json(*hash));
    }
    return out;
  }
  auto hash = hash_by_number(chain, *arg);
  if (!hash) return unexpected(std::move(hash).error());
  return optional_hash_json(*hash);
}

MethodResult get_header(const blockchain::Chain& chain, const std::optional<Hash256>& hash) {
  const block::BlockHash at = block_or_best(chain, hash);
  auto read = chain.header(at);
  if (!read) return unexpected(chain_client_error(read.error().message()));
  const std::optional<block::Header>& header = *read;
  if (!header) return Json(nullptr);
  return header_json(*header);
}

MethodResult get_block(const blockchain::Chain& chain, const std::optional<Hash256>& hash) {
  const block::BlockHash at = block_or_best(chain, hash);
  auto read_header = chain.header(at);
  if (!read_header) return unexpected(chain_client_error(read_header.error().message()));
  const std::optional<block::Header>& header = *read_header;
  if (!header) return Json(nullptr);
  auto read_body = chain.body(at);
  if (!read_body) return unexpected(chain_client_error(read_body.error().message()));
  const std::optional<std::vector<Bytes>>& body = *read_body;
  if (!body) return Json(nullptr);
  auto justifications = chain.justification(at);
  if (!justifications) return unexpected(chain_client_error(justifications.error().message()));
  block::SignedBlock signed_block{{*header, *body}, std::nullopt};
  // The database keeps the block's SCALE Justifications (GrandpaService::finalize).
  if (*justifications) {
    auto decoded = scale::decode<block::Justifications>(**justifications);
    if (!decoded) return unexpected(chain_client_error("stored justifications do not decode"));
    signed_block.justifications = std::move(*decoded);
  }
  return signed_block_json(signed_block);
}

}  // namespace

void register_chain_methods(MethodRegistry& registry, RpcContext& context) {
  blockchain::Chain* chain = &context.chain;
  auto feed = std::make_shared<HeadsFeed>(context.chain);
  context.events().add(feed);

  add_method(registry, {"chain_getHeader"}, MethodSafety::kSafe,
             with_params<std::optional<Hash256>>(
                 {"hash"}, [chain](const CallContext&, std::optional<Hash256> hash) {
                   return get_header(*chain, hash);
                 }));
  add_method(registry, {"chain_getBlock"}, MethodSafety::kSafe,
             with_params<std::optional<Hash256>>(
                 {"hash"}, [chain](const CallContext&, std::optional<Hash256> hash) {
                   return get_block(*chain, hash);
                 }));
  add_method(registry, {"chain_getBlockHash", "chain_getHead"}, MethodSafety::kSafe,
             [chain](const Params& params, const CallContext&) -> MethodResult {
               return get_block_hash(*chain, params);
             });
  add_method(registry, {"chain_getFinalizedHead", "chain_getFinalisedHead"}, MethodSafety::kSafe,
             [chain](const Params&, const CallContext&) -> MethodResult {
               return Json(to_hex(chain->finalized().hash));
             });

  const auto subscribe = [feed](HeadsFeed::Kind kind) {
    return [feed, kind](const Params&, const CallContext&,
                        SubscriptionSink sink) -> Result<void, Error> {
      return feed->subscribe(kind, std::move(sink));
    };
  };
  add_subscription(registry, {{"chain_subscribeAllHeads", "chain_unsubscribeAllHeads"}},
                   "chain_allHead", MethodSafety::kSafe, subscribe(HeadsFeed::Kind::kAll));
  add_subscription(registry,
                   {{"chain_subscribeNewHeads", "chain_unsubscribeNewHeads"},
                    {"subscribe_newHead", "unsubscribe_newHead"},
                    {"chain_subscribeNewHead", "chain_unsubscribeNewHead"}},
                   "chain_newHead", MethodSafety::kSafe, subscribe(HeadsFeed::Kind::kNew));
  add_subscription(registry,
                   {{"chain_subscribeFinalizedHeads", "chain_unsubscribeFinalizedHeads"},
                    {"chain_subscribeFinalisedHeads", "chain_unsubscribeFinalisedHeads"}},
                   "chain_finalizedHead", MethodSafety::kSafe,
                   subscribe(HeadsFeed::Kind::kFinalized));
}

}  // namespace canary::node::rpc
