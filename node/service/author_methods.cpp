#include "node/service/author_methods.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "blockchain/block_state.hpp"
#include "node/keystore/key_types.hpp"
#include "node/rpc/param_reader.hpp"
#include "node/rpc/registration.hpp"
#include "node/service/log.hpp"
#include "node/service/transaction_broadcast.hpp"
#include "primitives/block/block.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/ss58/ss58.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {
namespace {

using ::canary::rpc::Error;
using ::canary::rpc::Json;
using ::canary::rpc::MethodResult;
using ::canary::rpc::MethodSafety;
using ::canary::rpc::Params;
using ::canary::rpc::SubscriptionSink;

constexpr int kBadFormat = 1001;
constexpr int kInvalidTx = 1010;
constexpr int kUnknownValidity = 1011;
constexpr int kTemporarilyBanned = 1012;
constexpr int kAlreadyImported = 1013;
constexpr int kTooLowPriority = 1014;
constexpr int kCycleDetected = 1015;
constexpr int kImmediatelyDropped = 1016;
constexpr int kUnactionable = 1018;
constexpr int kNoTags = 1019;
constexpr int kUnsupportedKeyType = 1022;

Error error(int code, std::string message, std::optional<Json> data = std::nullopt) {
  return Error{code, std::move(message), std::move(data)};
}

// An extrinsic as author_submitExtrinsic takes it: the bytes must be one opaque extrinsic
// (a compact length then that many bytes), as Substrate decodes Block::Extrinsic first.
Result<Bytes, Error> extrinsic_param(const Params& params) {
  const Json* raw = params.get(0, "extrinsic");
  if (raw == nullptr) return unexpected(::canary::rpc::invalid_params("missing extrinsic"));
  auto bytes = rpc::parse_hex_bytes(*raw);
  if (!bytes) return unexpected(::canary::rpc::invalid_params(bytes.error()));
  if (!block::opaque_extrinsic_bytes(*bytes)) {
    return unexpected(
        error(kBadFormat, "Extrinsic has invalid format: Not enough data to fill buffer"));
  }
  return std::move(*bytes);
}

Json status_json(const txpool::TransactionStatus& status) {
  return std::visit(
      [](const auto& s) -> Json {
        using S = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<S, txpool::status::Future>) return "future";
        if constexpr (std::is_same_v<S, txpool::status::Ready>) return "ready";
        if constexpr (std::is_same_v<S, txpool::status::Dropped>) return "dropped";
        if constexpr (std::is_same_v<S, txpool::status::Invalid>) return "invalid";
        if constexpr (std::is_same_v<S, txpool::status::Broadcast>)
          return Json{{"broadcast", s.peers}};
        if constexpr (std::is_same_v<S, txpool::status::InBlock>)
          return Json{{"inBlock", to_hex(s.block)}};
        if constexpr (std::is_same_v<S, txpool::status::Retracted>)
          return Json{{"retracted", to_hex(s.block)}};
        if constexpr (std::is_same_v<S, txpool::status::FinalityTimeout>) {
          return Json{{"finalityTimeout", to_hex(s.block)}};
        }
        if constexpr (std::is_same_v<S, txpool::status::Finalized>)
          return Json{{"finalized", to_hex(s.block)}};
        if constexpr (std::is_same_v<S, txpool::status::Usurped>)
          return Json{{"usurped", to_hex(s.by)}};
        return nullptr;
      },
      status);
}

// rpc-spec-v2 transactionWatch_v1 events (transaction/event.rs): the pool's statuses mapped to
// validated / broadcasted / bestChainBlockIncluded / finalized / invalid / dropped.
std::optional<Json> watch_event_json(const txpool::TransactionStatus& status) {
  return std::visit(
      [](const auto& s) -> std::optional<Json> {
        using S = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<S, txpool::status::Future> ||
                      std::is_same_v<S, txpool::status::Ready>) {
          return Json{{"event", "validated"}};
        }
        if constexpr (std::is_same_v<S, txpool::status::Broadcast>) {
          return Json{{"event", "broadcasted"}, {"numPeers", s.peers.size()}};
        }
        if constexpr (std::is_same_v<S, txpool::status::InBlock>) {
          return Json{{"event", "bestChainBlockIncluded"},
                      {"block", {{"hash", to_hex(s.block)}, {"index", s.index}}}};
        }
        if constexpr (std::is_same_v<S, txpool::status::Retracted>) {
          return Json{{"event", "bestChainBlockIncluded"}, {"block", nullptr}};
        }
        if constexpr (std::is_same_v<S, txpool::status::Finalized>) {
          return Json{{"event", "finalized"},
                      {"block", {{"hash", to_hex(s.block)}, {"index", s.index}}}};
        }
        if constexpr (std::is_same_v<S, txpool::status::Invalid>) {
          return Json{{"event", "invalid"}, {"error", "Extrinsic marked as invalid"}};
        }
        if constexpr (std::is_same_v<S, txpool::status::FinalityTimeout>) {
          return Json{{"event", "dropped"},
                      {"error", "Maximum number of finality watchers has been reached"}};
        }
        if constexpr (std::is_same_v<S, txpool::status::Usurped>) {
          return Json{{"event", "invalid"},
                      {"error", "Extrinsic was rendered invalid by another extrinsic"}};
        }
        return Json{{"event", "dropped"},
                    {"error", "Extrinsic dropped from the pool due to exceeding limits"}};
      },
      status);
}

std::string ss58_of(ByteSpan public_key) {
  return ss58::encode(public_key, 2);
}

}  // namespace

std::string validity_error_text(const runtime::TransactionValidityError& e) {
  if (const auto* invalid = std::get_if<runtime::InvalidTransaction>(&e)) {
    using K = runtime::InvalidTransaction::Kind;
    switch (invalid->kind) {
      case K::kCall:
        return "Transaction call is not expected";
      case K::kPayment:
        return "Inability to pay some fees (e.g. account balance too low)";
      case K::kFuture:
        return "Transaction will be valid in the future";
      case K::kStale:
        return "Transaction is outdated";
      case K::kBadProof:
        return "Transaction has a bad signature";
      case K::kAncientBirthBlock:
        return "Transaction has an ancient birth block";
      case K::kExhaustsResources:
        return "Transaction would exhaust the block limits";
      case K::kCustom:
        return "Custom error: " + std::to_string(invalid->custom);
      case K::kBadMandatory:
        return "A call was labelled as mandatory, but resulted in an Error.";
      case K::kMandatoryValidation:
        return "Transaction dispatch is mandatory; transactions must not be validated.";
      case K::kBadSigner:
        return "Invalid signing address";
      case K::kIndeterminateImplicit:
        return "The implicit data was unable to be calculated";
      case K::kUnknownOrigin:
        return "The transaction extension did not authorize any origin";
    }
    return "Invalid transaction";
  }
  const auto& unknown = std::get<runtime::UnknownTransaction>(e);
  switch (unknown.kind) {
    case runtime::UnknownTransaction::Kind::kCannotLookup:
      return "CannotLookup";
    case runtime::UnknownTransaction::Kind::kNoUnsignedValidator:
      return "NoUnsignedValidator";
    case runtime::UnknownTransaction::Kind::kCustom:
      return "Custom(" + std::to_string(unknown.custom) + ")";
  }
  return "Unknown";
}

Error submit_error_json(const SubmitError& e) {
  if (const auto* chain = std::get_if<blockchain::BlockchainError>(&e.reason)) {
    return error(1000, "Client error: " + chain->message());
  }
  const txpool::PoolError& p = std::get<txpool::PoolError>(e.reason);
  switch (p.kind) {
    case txpool::PoolErrorKind::kInvalidTransaction:
      return error(kInvalidTx, "Invalid Transaction", Json(validity_error_text(p.validity)));
    case txpool::PoolErrorKind::kUnknownTransaction:
      return error(kUnknownValidity, "Unknown Transaction Validity",
                   Json(validity_error_text(p.validity)));
    case txpool::PoolErrorKind::kTemporarilyBanned:
      return error(kTemporarilyBanned, "Transaction is temporarily banned");
    case txpool::PoolErrorKind::kAlreadyImported:
      return error(kAlreadyImported, "Transaction Already Imported");
    case txpool::PoolErrorKind::kTooLowPriority:
      return error(kTooLowPriority,
                   "Priority is too low: (" + std::to_string(p.old_priority) + " vs " +
                       std::to_string(p.new_priority) + ")",
                   Json("The transaction has too low priority to replace another transaction "
                        "already in the pool."));
    case txpool::PoolErrorKind::kCycleDetected:
      return error(kCycleDetected, "Cycle Detected");
    case txpool::PoolErrorKind::kImmediatelyDropped:
      return error(kImmediatelyDropped, "Immediately Dropped",
                   Json("The transaction couldn't enter the pool because of the limit"));
    case txpool::PoolErrorKind::kNoTagsProvided:
      return error(kNoTags, "No tags provided",
                   Json("Transaction does not provide any tags, so the pool can't identify it"));
    case txpool::PoolErrorKind::kUnactionable:
      return error(kUnactionable, "Unactionable",
                   Json("The transaction is unactionable since it is not propagable and the "
                        "local node does not author blocks"));
  }
  return error(kInvalidTx, "Invalid Transaction");
}

void register_author_methods(::canary::rpc::MethodRegistry& registry, AuthorContext& ctx) {
  TransactionService& txs = ctx.transactions;

  rpc::add_method(registry, {"author_submitExtrinsic"}, MethodSafety::kSafe,
                  [&txs](const Params& params, const auto&) -> MethodResult {
                    auto bytes = extrinsic_param(params);
                    if (!bytes) return unexpected(bytes.error());
                    auto hash = txs.submit(std::move(*bytes));
                    if (!hash) return unexpected(submit_error_json(hash.error()));
                    return Json(to_hex(*hash));
                  });

  rpc::add_subscription(registry, {{"author_submitAndWatchExtrinsic", "author_unwatchExtrinsic"}},
                        "author_extrinsicUpdate", MethodSafety::kSafe,
                        [&txs](const Params& params, const auto&,
                               const SubscriptionSink& sink) -> Result<void, Error> {
                          auto bytes = extrinsic_param(params);
                          if (!bytes) return unexpected(bytes.error());
                          auto hash =
                              txs.submit(std::move(*bytes), runtime::TransactionSource::kExternal,
                                         [sink](const txpool::TransactionStatus& status) {
                                           return sink.send(status_json(status));
                                         });
                          if (!hash) return unexpected(submit_error_json(hash.error()));
                          return {};
                        });

  rpc::add_method(registry, {"author_pendingExtrinsics"}, MethodSafety::kSafe,
                  [&txs](const Params&, const auto&) -> MethodResult {
                    Json out = Json::array();
                    for (const auto& tx : txs.pending()) out.push_back(to_hex(tx->extrinsic));
                    return out;
                  });

  rpc::add_method(
      registry, {"author_removeExtrinsic"}, MethodSafety::kUnsafe,
      [&txs](const Params& params, const auto&) -> MethodResult {
        const Json* list = params.get(0, "bytes_or_hash");
        if (list == nullptr || !list->is_array()) {
          return unexpected(
              ::canary::rpc::invalid_params("expected an array of {hash} or {extrinsic}"));
        }
        std::vector<txpool::TransactionHash> hashes;
        for (const Json& item : *list) {
          if (item.is_object() && item.contains("hash")) {
            auto h = rpc::parse_hash(item["hash"]);
            if (!h) return unexpected(::canary::rpc::invalid_params(h.error()));
            hashes.push_back(*h);
          } else if (item.is_object() && item.contains("extrinsic")) {
            auto b = rpc::parse_hex_bytes(item["extrinsic"]);
            if (!b) return unexpected(::canary::rpc::invalid_params(b.error()));
            hashes.push_back(txpool::transaction_hash(*b));
          } else {
            return unexpected(::canary::rpc::invalid_params("expected {hash} or {extrinsic}"));
          }
        }
        Json out = Json::array();
        for (const auto& h : txs.remove(hashes)) out.push_back(to_hex(h));
        return out;
      });

  FileKeystore& keystore = ctx.keystore;
  rpc::RpcContext& rc = ctx.rpc;

  rpc::add_method(
      registry, {"author_insertKey"}, MethodSafety::kUnsafe,
      [&keystore](const Params& params, const auto&) -> MethodResult {
        const Json* type = params.get(0, "key_type");
        const Json* suri = params.get(1, "suri");
        const Json* public_key = params.get(2, "public");
        if (type == nullptr || suri == nullptr || public_key == nullptr || !type->is_string() ||
            !suri->is_string()) {
          return unexpected(::canary::rpc::invalid_params("expected [keyType, suri, publicKey]"));
        }
        auto key_type = parse_key_type(type->get<std::string>());
        if (!key_type) return unexpected(error(kUnsupportedKeyType, "Unsupported key type"));
        auto pub = rpc::parse_hex_bytes(*public_key);
        if (!pub) return unexpected(::canary::rpc::invalid_params(pub.error()));
        auto inserted = keystore.insert(*key_type, suri->get<std::string>(), *pub);
        if (!inserted) return unexpected(error(1000, "Keystore error: " + inserted.error()));
        return Json(nullptr);
      });

  rpc::add_method(
      registry, {"author_hasKey"}, MethodSafety::kUnsafe,
      [&keystore](const Params& params, const auto&) -> MethodResult {
        const Json* public_key = params.get(0, "public_key");
        const Json* type = params.get(1, "key_type");
        if (public_key == nullptr || type == nullptr || !type->is_string()) {
          return unexpected(::canary::rpc::invalid_params("expected [publicKey, keyType]"));
        }
        auto key_type = parse_key_type(type->get<std::string>());
        if (!key_type) return unexpected(error(kUnsupportedKeyType, "Unsupported key type"));
        auto pub = rpc::parse_hex_bytes(*public_key);
        if (!pub) return unexpected(::canary::rpc::invalid_params(pub.error()));
        return Json(keystore.has_keys({{*pub, *key_type}}));
      });

  rpc::add_method(registry, {"author_rotateKeys"}, MethodSafety::kUnsafe,
                  [&keystore, &rc](const Params&, const auto&) -> MethodResult {
                    auto state = blockchain::BlockState::at(rc.chain, rc.chain.best().hash);
                    if (!state)
                      return unexpected(error(1000, "Client error: " + state.error().message()));
                    // SessionKeys_generate_session_keys(seed: Option<Vec<u8>>) -> Vec<u8>, with the
                    // keystore reachable from the runtime (it generates one key per session key
                    // type).
                    auto keys = state->with_runtime(
                        rc.host,
                        [&](executor::RuntimeApi& api) {
                          return api.call("SessionKeys_generate_session_keys",
                                          scale::encode(std::optional<Bytes>{}));
                        },
                        &keystore);
                    if (!keys)
                      return unexpected(error(1000, "Client error: " + keys.error().message()));
                    auto decoded = scale::decode<Bytes>(*keys);
                    if (!decoded)
                      return unexpected(error(1000, "Client error: undecodable session keys"));
                    return Json(to_hex(*decoded));
                  });

  rpc::add_method(registry, {"author_hasSessionKeys"}, MethodSafety::kUnsafe,
                  [&keystore, &rc](const Params& params, const auto&) -> MethodResult {
                    const Json* raw = params.get(0, "session_keys");
                    if (raw == nullptr)
                      return unexpected(::canary::rpc::invalid_params("missing session keys"));
                    auto session_keys = rpc::parse_hex_bytes(*raw);
                    if (!session_keys)
                      return unexpected(::canary::rpc::invalid_params(session_keys.error()));
                    auto state = blockchain::BlockState::at(rc.chain, rc.chain.best().hash);
                    if (!state)
                      return unexpected(error(1000, "Client error: " + state.error().message()));
                    // SessionKeys_decode_session_keys(Vec<u8>) -> Option<Vec<(Vec<u8>,
                    // KeyTypeId)>>.
                    using Decoded = std::optional<std::vector<std::pair<Bytes, KeyTypeId>>>;
                    auto decoded = state->with_runtime(rc.host, [&](executor::RuntimeApi& api) {
                      return api.call_typed<Decoded>("SessionKeys_decode_session_keys",
                                                     *session_keys);
                    });
                    if (!decoded)
                      return unexpected(error(1000, "Client error: " + decoded.error().message()));
                    if (!*decoded)
                      return unexpected(error(1020, "Session keys are not encoded correctly"));
                    return Json(keystore.has_keys(**decoded));
                  });

  // rpc-spec-v2 transaction_v1: broadcast (no watch; an operation id to stop it; the transaction
  // is kept in the pool, submitted again when the pool loses it, until stopped:
  // transaction_broadcast.hpp) and the transactionWatch_v1 subscription.
  auto broadcasts = std::make_shared<BroadcastOperations>();
  // Makes the submissions that are due (on the calling thread).
  auto submit_due = [&txs, broadcasts] {
    for (BroadcastOperations::Due& due : broadcasts->take_due()) {
      auto hash = txs.submit(std::move(due.extrinsic), runtime::TransactionSource::kExternal,
                             [broadcasts, id = due.id,
                              attempt = due.attempt](const txpool::TransactionStatus& status) {
                               return broadcasts->on_status(id, attempt, status);
                             });
      if (!hash) {
        // The spec: errors are not reported; the node keeps trying while the reason may pass.
        const Error e = submit_error_json(hash.error());
        log::info("txpool", "transaction_v1_broadcast {}: refused: {} {}", due.id, e.message,
                  e.data ? e.data->dump() : std::string());
      }
      broadcasts->on_submitted(due.id, due.attempt, hash);
    }
  };
  // At each new best block, what waits for one is submitted again (off the import thread).
  class BroadcastRetries final : public blockchain::ChainObserver {
   public:
    BroadcastRetries(rpc::RpcContext& rpc, std::shared_ptr<BroadcastOperations> operations,
                     std::function<void()> submit_due)
        : rpc_(rpc), operations_(std::move(operations)), submit_due_(std::move(submit_due)) {}
    void on_best_block_changed(const blockchain::BlockRef&,
                               const std::optional<blockchain::TreeRoute>&) override {
      if (operations_->on_new_best_block()) rpc_.run_deferred(submit_due_);
    }

   private:
    rpc::RpcContext& rpc_;
    std::shared_ptr<BroadcastOperations> operations_;
    std::function<void()> submit_due_;
  };
  ctx.rpc.events().add(std::make_shared<BroadcastRetries>(ctx.rpc, broadcasts, submit_due));
  rpc::add_method(registry, {"transaction_v1_broadcast"}, MethodSafety::kUnsafe,
                  [broadcasts, submit_due](const Params& params, const auto&) -> MethodResult {
                    const Json* raw = params.get(0, "transaction");
                    if (raw == nullptr)
                      return unexpected(::canary::rpc::invalid_params("missing transaction"));
                    auto bytes = rpc::parse_hex_bytes(*raw);
                    if (!bytes) return unexpected(::canary::rpc::invalid_params(bytes.error()));
                    std::string id = broadcasts->start(std::move(*bytes));
                    submit_due();
                    return Json(std::move(id));
                  });
  rpc::add_method(registry, {"transaction_v1_stop"}, MethodSafety::kUnsafe,
                  [&txs, broadcasts](const Params& params, const auto&) -> MethodResult {
                    const Json* id = params.get(0, "operation_id");
                    if (id == nullptr || !id->is_string()) {
                      return unexpected(::canary::rpc::invalid_params("missing operation id"));
                    }
                    auto stopped = broadcasts->stop(id->get<std::string>());
                    if (!stopped) {
                      return unexpected(Error{-32602, "Invalid operation id", std::nullopt});
                    }
                    if (const auto& hash = *stopped) {
                      txs.remove(std::span<const txpool::TransactionHash>(&*hash, 1));
                    }
                    return Json(nullptr);
                  });
  rpc::add_subscription(
      registry, {{"transactionWatch_v1_submitAndWatch", "transactionWatch_v1_unwatch"}},
      "transactionWatch_v1_watchEvent", MethodSafety::kSafe,
      [&txs](const Params& params, const auto&,
             const SubscriptionSink& sink) -> Result<void, Error> {
        const Json* raw = params.get(0, "transaction");
        if (raw == nullptr) return unexpected(::canary::rpc::invalid_params("missing transaction"));
        auto bytes = rpc::parse_hex_bytes(*raw);
        if (!bytes) return unexpected(::canary::rpc::invalid_params(bytes.error()));
        auto hash = txs.submit(std::move(*bytes), runtime::TransactionSource::kExternal,
                               [sink](const txpool::TransactionStatus& status) {
                                 auto event = watch_event_json(status);
                                 return !event || sink.send(*event);
                               });
        if (!hash) {
          // The spec reports a refused transaction as an `invalid` event, not an error.
          const Error e = submit_error_json(hash.error());
          std::string reason = e.message;
          if (e.data && e.data->is_string()) reason += ": " + e.data->get<std::string>();
          sink.send(Json{{"event", "invalid"}, {"error", reason}});
        }
        return {};
      });

  if (ctx.grandpa != nullptr) {
    GrandpaService* grandpa = ctx.grandpa;
    rpc::add_method(
        registry, {"grandpa_roundState"}, MethodSafety::kSafe,
        [grandpa](const Params&, const auto&) -> MethodResult {
          const auto report = grandpa->round_state();
          auto round_json = [](const consensus::grandpa::RoundStateReport& r) {
            Json prevote_missing = Json::array();
            for (const auto& id : r.prevote_missing) prevote_missing.push_back(ss58_of(id));
            Json precommit_missing = Json::array();
            for (const auto& id : r.precommit_missing) precommit_missing.push_back(ss58_of(id));
            return Json{
                {"round", r.round},
                {"totalWeight", r.total_weight},
                {"thresholdWeight", r.threshold_weight},
                {"prevotes",
                 {{"currentWeight", r.prevote_current_weight}, {"missing", prevote_missing}}},
                {"precommits",
                 {{"currentWeight", r.precommit_current_weight}, {"missing", precommit_missing}}}};
          };
          Json background = Json::array();
          for (const auto& r : report.background) background.push_back(round_json(r));
          return Json{{"setId", report.set_id},
                      {"best", round_json(report.best)},
                      {"background", background}};
        });
  }
}

}  // namespace canary::node
