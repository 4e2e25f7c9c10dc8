#include "node/rpc/archive_methods.hpp"

#include <memory>
#include <set>
#include <utility>

#include "blockchain/block_state.hpp"
#include "node/rpc/param_reader.hpp"
#include "node/rpc/registration.hpp"
#include "node/rpc/storage_query.hpp"
#include "node/rpc/substrate_errors.hpp"
#include "node/rpc/substrate_json.hpp"
#include "primitives/block/block.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node::rpc {
namespace {

using blockchain::Chain;

// Descendants are read in pages of this many items, each item one storage event.
constexpr size_t kArchivePage = 256;

// rpc-spec-v2 parse_hex_param (archive.rs): "" is empty bytes, other text must be hex.
Result<Bytes, Error> hex_param(const Json* value, std::string_view name) {
  if (value == nullptr || !value->is_string()) {
    return unexpected(
        ::canary::rpc::invalid_params("`" + std::string(name) + "` must be a string"));
  }
  const std::string& text = value->get_ref<const std::string&>();
  if (text.empty()) return Bytes{};
  auto bytes = parse_hex_bytes(*value);
  if (!bytes) return unexpected(spec_v2_invalid_param(text));
  return std::move(*bytes);
}

MethodResult hash_by_height(const Chain& chain, const Params& params) {
  auto height = ParamReader(params).u64(0, "height");
  if (!height) return unexpected(std::move(height).error());
  Json out = Json::array();
  if (*height > UINT32_MAX) return out;
  const auto number = static_cast<block::BlockNumber>(*height);
  // At or below the finalized height: the one finalized block (the canonical chain agrees with
  // the finalized chain there). Above it: every block the node keeps at that height.
  if (number <= chain.finalized().number) {
    auto hash = chain.canonical_hash(number);
    if (!hash) return unexpected(spec_v2_internal(hash.error().message()));
    const std::optional<block::BlockHash>& found = *hash;
    if (found) out.push_back(to_hex(*found));
    return out;
  }
  for (const blockchain::BlockRef& b : chain.unfinalized()) {
    if (b.number == number) out.push_back(to_hex(b.hash));
  }
  return out;
}

MethodResult header(const Chain& chain, const Params& params) {
  auto hash = ParamReader(params).hash(0, "hash");
  if (!hash) return unexpected(std::move(hash).error());
  auto h = chain.header(*hash);
  if (!h) return unexpected(spec_v2_internal(h.error().message()));
  const std::optional<block::Header>& found = *h;
  if (!found) return Json(nullptr);
  return Json(to_hex(scale::encode(*found)));
}

MethodResult body(const Chain& chain, const Params& params) {
  auto hash = ParamReader(params).hash(0, "hash");
  if (!hash) return unexpected(std::move(hash).error());
  auto b = chain.body(*hash);
  if (!b) return unexpected(spec_v2_internal(b.error().message()));
  const std::optional<std::vector<Bytes>>& found = *b;
  if (!found) return Json(nullptr);
  Json out = Json::array();
  for (const Bytes& xt : *found) out.push_back(to_hex(block::encode_opaque_extrinsic(xt)));
  return out;
}

MethodResult call(RpcContext& ctx, const Params& params) {
  const ParamReader p(params);
  auto hash = p.hash(0, "hash");
  if (!hash) return unexpected(std::move(hash).error());
  auto function = p.string(1, "function");
  if (!function) return unexpected(std::move(function).error());
  auto parameters = hex_param(p.raw(2, "call_parameters"), "call_parameters");
  if (!parameters) return unexpected(std::move(parameters).error());
  auto st = blockchain::BlockState::at(ctx.chain, *hash);
  if (!st) {
    // The spec answers null for a block the node does not have.
    if (st.error().kind == blockchain::BlockchainError::Kind::kUnknownBlock) return Json(nullptr);
    return Json{{"success", false}, {"error", client_error_text(st.error(), *hash)}};
  }
  auto out = st->call(ctx.host, *function, *parameters);
  if (!out) return Json{{"success", false}, {"error", client_error_text(out.error(), *hash)}};
  return Json{{"success", true}, {"value", to_hex(*out)}};
}

// The events of one archive_v1_storage subscription: a storage event per item found, then
// storageDone, or storageError at the first failure.
void run_storage(RpcContext& ctx, SubscriptionSink sink, block::BlockHash hash,
                 const std::vector<StorageQuery>& items, std::optional<Bytes> child) {
  const auto error = [&](const std::string& text) {
    sink.send(Json{{"event", "storageError"}, {"error", text}});
  };
  auto reader = StorageReader::open(ctx.chain, hash, child);
  if (!reader) return error(reader.error());
  const auto send_item = [&](const Bytes& key, StorageQueryType type, const Bytes& data) {
    Json event = storage_item_json(key, type, data);
    event["event"] = "storage";
    if (child) event["childTrieKey"] = to_hex(*child);
    return sink.send(event);
  };
  for (const StorageQuery& q : items) {
    if (!is_descendants_query(q.type)) {
      auto data = reader->point(q);
      if (!data) return error(data.error());
      const std::optional<Bytes>& found = *data;
      if (found && !send_item(q.key, q.type, *found)) return;
      continue;
    }
    std::optional<Bytes> after = q.pagination_start_key;
    for (;;) {
      std::optional<ByteSpan> start;
      if (after) start = ByteSpan(*after);
      auto page = reader->descendants(q.key, q.type == StorageQueryType::kDescendantsHashes,
                                      kArchivePage, start);
      if (!page) return error(page.error());
      for (const auto& [key, data] : *page) {
        if (!send_item(key, q.type, data)) return;  // the client is gone or too slow
      }
      if (page->size() < kArchivePage) break;
      after = page->back().first;
    }
  }
  sink.send(Json{{"event", "storageDone"}});
}

}  // namespace

void register_archive_methods(MethodRegistry& registry, RpcContext& context) {
  RpcContext* ctx = &context;
  Chain* chain = &context.chain;
  add_method(registry, {"archive_v1_finalizedHeight"}, MethodSafety::kSafe,
             [chain](const Params&, const CallContext&) -> MethodResult {
               return Json(chain->finalized().number);
             });
  add_method(registry, {"archive_v1_genesisHash"}, MethodSafety::kSafe,
             [chain](const Params&, const CallContext&) -> MethodResult {
               return Json(to_hex(chain->genesis().hash));
             });
  add_method(
      registry, {"archive_v1_hashByHeight"}, MethodSafety::kSafe,
      [chain](const Params& params, const CallContext&) { return hash_by_height(*chain, params); });
  add_method(registry, {"archive_v1_header"}, MethodSafety::kSafe,
             [chain](const Params& params, const CallContext&) { return header(*chain, params); });
  add_method(registry, {"archive_v1_body"}, MethodSafety::kSafe,
             [chain](const Params& params, const CallContext&) { return body(*chain, params); });
  add_method(registry, {"archive_v1_call"}, MethodSafety::kSafe,
             [ctx](const Params& params, const CallContext&) { return call(*ctx, params); });

  add_subscription(
      registry, {{"archive_v1_storage", "archive_v1_stopStorage"}}, "archive_v1_storageEvent",
      MethodSafety::kSafe,
      [ctx](const Params& params, const CallContext&,
            SubscriptionSink sink) -> Result<void, Error> {
        const ParamReader p(params);
        auto hash = p.hash(0, "hash");
        if (!hash) return unexpected(std::move(hash).error());
        const Json* raw_items = p.raw(1, "items");
        if (raw_items == nullptr || !raw_items->is_array()) {
          return unexpected(::canary::rpc::invalid_params("`items` must be an array"));
        }
        std::vector<StorageQuery> items;
        for (const Json& item : *raw_items) {
          auto q = parse_storage_query(item);
          if (!q) return unexpected(spec_v2_invalid_param(q.error()));
          items.push_back(std::move(*q));
        }
        std::optional<Bytes> child;
        if (const Json* raw_child = p.raw(2, "child_trie")) {
          auto c = hex_param(raw_child, "child_trie");
          if (!c) return unexpected(std::move(c).error());
          child = std::move(*c);
        }
        // After the subscription id is answered, so the session holds back nothing.
        ctx->run_deferred([ctx, sink = std::move(sink), hash = *hash, items = std::move(items),
                           child = std::move(child)]() mutable {
          run_storage(*ctx, std::move(sink), hash, items, std::move(child));
        });
        return {};
      });
}

}  // namespace canary::node::rpc
