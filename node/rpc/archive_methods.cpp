#include "node/rpc/archive_methods.hpp"

#include <memory>
#include <set>
#include <utility>

#include "blockchain/block_state.hpp"
#include "node/rpc/param_reader.hpp"
#include "node/rpc/registration.hpp"
#include "node/rpc/spec_v2_params.hpp"
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

MethodResult hash_by_height(const Chain& chain, uint64_t height) {
  Json out = Json::array();
  if (height > UINT32_MAX) return out;
  const auto number = static_cast<block::BlockNumber>(height);
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

MethodResult header(const Chain& chain, const Hash256& hash) {
  auto h = chain.header(hash);
  if (!h) return unexpected(spec_v2_internal(h.error().message()));
  const std::optional<block::Header>& found = *h;
  if (!found) return Json(nullptr);
  return Json(to_hex(scale::encode(*found)));
}

MethodResult body(const Chain& chain, const Hash256& hash) {
  auto b = chain.body(hash);
  if (!b) return unexpected(spec_v2_internal(b.error().message()));
  const std::optional<std::vector<Bytes>>& found = *b;
  if (!found) return Json(nullptr);
  Json out = Json::array();
  for (const Bytes& xt : *found) out.push_back(to_hex(block::encode_opaque_extrinsic(xt)));
  return out;
}

MethodResult call(RpcContext& ctx, const Hash256& hash, const std::string& function,
                  const Bytes& parameters) {
  auto st = blockchain::BlockState::at(ctx.chain, hash);
  if (!st) {
    // The spec answers null for a block the node does not have.
    if (st.error().kind == blockchain::BlockchainError::Kind::kUnknownBlock) return Json(nullptr);
    return Json{{"success", false}, {"error", client_error_text(st.error(), hash)}};
  }
  auto out = st->call(ctx.host, function, parameters);
  if (!out) return Json{{"success", false}, {"error", client_error_text(out.error(), hash)}};
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
  add_method(registry, {"archive_v1_hashByHeight"}, MethodSafety::kSafe,
             with_params<uint64_t>({"height"}, [chain](const CallContext&, uint64_t height) {
               return hash_by_height(*chain, height);
             }));
  add_method(registry, {"archive_v1_header"}, MethodSafety::kSafe,
             with_params<Hash256>({"hash"}, [chain](const CallContext&, Hash256 hash) {
               return header(*chain, hash);
             }));
  add_method(registry, {"archive_v1_body"}, MethodSafety::kSafe,
             with_params<Hash256>({"hash"}, [chain](const CallContext&, Hash256 hash) {
               return body(*chain, hash);
             }));
  add_method(registry, {"archive_v1_call"}, MethodSafety::kSafe,
             with_params<Hash256, std::string, SpecV2Hex>(
                 {"hash", "function", "call_parameters"},
                 [ctx](const CallContext&, Hash256 hash, const std::string& function,
                       const SpecV2Hex& parameters) {
                   return call(*ctx, hash, function, parameters.bytes);
                 }));

  add_subscription(
      registry, {{"archive_v1_storage", "archive_v1_stopStorage"}}, "archive_v1_storageEvent",
      MethodSafety::kSafe,
      [ctx](const Params& params, const CallContext&,
            SubscriptionSink sink) -> Result<void, Error> {
        auto args = read_params<Hash256, StorageItems, std::optional<SpecV2Hex>>(
            params, {"hash", "items", "child_trie"});
        if (!args) return unexpected(std::move(args).error());
        auto& [at, storage_items, child_trie] = *args;
        std::vector<StorageQuery> items = std::move(storage_items.items);
        std::optional<Bytes> child;
        if (child_trie) child = std::move(child_trie->bytes);
        // After the subscription id is answered, so the session holds back nothing.
        ctx->run_deferred([ctx, sink = std::move(sink), hash = at, items = std::move(items),
                           child = std::move(child)]() mutable {
          run_storage(*ctx, std::move(sink), hash, items, std::move(child));
        });
        return {};
      });
}

}  // namespace canary::node::rpc
