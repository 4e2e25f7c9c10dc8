#include "node/rpc/system_methods.hpp"

#include <utility>

#include "node/rpc/block_access.hpp"
#include "node/rpc/param_reader.hpp"
#include "node/rpc/registration.hpp"
#include "node/rpc/substrate_errors.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/ss58/ss58.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node::rpc {
namespace {

// sc-rpc system Error::Internal: -32603 with the bare message.
Error system_internal(std::string message) {
  return Error{::canary::rpc::kInternalErrorCode, std::move(message), std::nullopt};
}

// An AccountId32 param (ParamType<AccountParam> below).
struct AccountParam {
  Hash256 id{};
};

// An AccountId32 as sp-core deserializes it: an SS58 address (any network prefix). A 0x-prefixed
// 32-byte hex string is accepted as well, as `subkey` and polkadot.js accept it for accounts.
Result<Hash256, Error> parse_account(const Json* value, std::string_view name) {
  if (value == nullptr) {
    return unexpected(::canary::rpc::invalid_params("missing value for required argument `" +
                                                    std::string(name) + "`"));
  }
  if (!value->is_string())
    return unexpected(::canary::rpc::invalid_params("expected an SS58 address"));
  const std::string& text = value->get_ref<const std::string&>();
  if (text.starts_with("0x")) {
    auto id = parse_hash(*value);
    if (!id) return unexpected(::canary::rpc::invalid_params(id.error()));
    return *id;
  }
  auto decoded = ss58::decode(text);
  if (!decoded) return unexpected(::canary::rpc::invalid_params(ss58::to_string(decoded.error())));
  if (decoded->payload.size() != 32) {
    return unexpected(::canary::rpc::invalid_params("not a 32-byte account id"));
  }
  Hash256 id{};
  std::copy(decoded->payload.begin(), decoded->payload.end(), id.begin());
  return id;
}

}  // namespace

template <>
struct ParamType<AccountParam> {
  static Result<AccountParam, Error> read(const ParamReader& p, size_t i, std::string_view name) {
    CANARY_TRY_ASSIGN(auto id, parse_account(p.raw(i, name), name));
    return AccountParam{id};
  }
};

namespace {

MethodResult account_next_index(RpcContext& ctx, const Hash256& account) {
  const block::BlockHash best = ctx.chain.best().hash;
  auto out = runtime_api_call(ctx.chain, ctx.host, ctx.call_fuel, best,
                              "AccountNonceApi_account_nonce", ByteSpan(account));
  if (!out)
    return unexpected(frame_error(kRuntimeErrorCode, "Unable to query nonce.", out.error()));
  auto nonce = scale::decode<uint32_t>(*out);
  if (!nonce) {
    return unexpected(
        frame_error(kRuntimeErrorCode, "Unable to query nonce.", scale::to_string(nonce.error())));
  }
  uint32_t next = *nonce;
  if (ctx.hooks.pool_next_nonce) {
    if (auto pooled = ctx.hooks.pool_next_nonce(account, *nonce)) next = *pooled;
  }
  return Json(next);
}

MethodResult dry_run(RpcContext& ctx, const Bytes& bytes, const std::optional<Hash256>& at) {
  // The node's extrinsic type is opaque: its encoding is a length-prefixed byte string, and
  // Decode reads that much (trailing bytes are not checked, as `Decode::decode` does not).
  scale::Decoder in(bytes);
  const Bytes xt = scale::decode_next<Bytes>(in);
  if (!in.ok()) {
    return unexpected(
        frame_error(kDecodeErrorCode, "Unable to dry run extrinsic", scale::to_string(in.error())));
  }
  const block::BlockHash hash = block_or_best(ctx.chain, at);
  auto out = runtime_api_call(ctx.chain, ctx.host, ctx.call_fuel, hash,
                              "BlockBuilder_apply_extrinsic", scale::encode(xt));
  if (!out) {
    return unexpected(frame_error(kRuntimeErrorCode, "Unable to dry run extrinsic.", out.error()));
  }
  return Json(to_hex(*out));
}

Json health_json(const RpcContext& ctx) {
  Health h;
  if (ctx.hooks.health) {
    h = ctx.hooks.health();
  } else {
    // No network: no peers, nothing to sync from; a development chain expects none (sc-service
    // builds the health answer with should_have_peers = chain type != Development).
    h.should_have_peers = !ctx.info.is_dev;
  }
  return Json{
      {"peers", h.peers}, {"isSyncing", h.is_syncing}, {"shouldHavePeers", h.should_have_peers}};
}

Json sync_state_json(const RpcContext& ctx) {
  SyncState s;
  if (ctx.hooks.sync_state) {
    if (auto state = ctx.hooks.sync_state()) s = *state;
  } else {
    const block::BlockNumber best = ctx.chain.best().number;
    s = SyncState{ctx.starting_block(), best, best};
  }
  return Json{{"startingBlock", s.starting_block},
              {"currentBlock", s.current_block},
              {"highestBlock", s.highest_block}};
}

MethodResult reserved_peer_change(
    const std::function<Result<void, std::string>(const std::string&)>& hook,
    const std::string& peer) {
  if (!hook) {
    return unexpected(
        Error{kSystemMalformattedPeerCode, "the node runs without networking", std::nullopt});
  }
  auto done = hook(peer);
  if (!done) return unexpected(Error{kSystemMalformattedPeerCode, done.error(), std::nullopt});
  return Json(nullptr);
}

}  // namespace

void register_system_methods(MethodRegistry& registry, RpcContext& context) {
  RpcContext* ctx = &context;
  // Read at call time: the service may fill in `info` after registering the methods.
  const auto info_field = [ctx](auto member) {
    return [ctx, member](const Params&, const CallContext&) -> MethodResult {
      return Json(ctx->info.*member);
    };
  };
  add_method(registry, {"system_name"}, MethodSafety::kSafe, info_field(&ChainInfo::node_name));
  add_method(registry, {"system_version"}, MethodSafety::kSafe,
             info_field(&ChainInfo::node_version));
  add_method(registry, {"system_chain"}, MethodSafety::kSafe, info_field(&ChainInfo::chain_name));
  add_method(registry, {"system_chainType"}, MethodSafety::kSafe,
             info_field(&ChainInfo::chain_type));
  add_method(registry, {"system_properties"}, MethodSafety::kSafe,
             info_field(&ChainInfo::properties));
  add_method(registry, {"system_nodeRoles"}, MethodSafety::kSafe,
             info_field(&ChainInfo::node_roles));

  add_method(
      registry, {"system_health"}, MethodSafety::kSafe,
      [ctx](const Params&, const CallContext&) -> MethodResult { return health_json(*ctx); });
  add_method(
      registry, {"system_syncState"}, MethodSafety::kSafe,
      [ctx](const Params&, const CallContext&) -> MethodResult { return sync_state_json(*ctx); });
  add_method(registry, {"system_localPeerId"}, MethodSafety::kSafe,
             [ctx](const Params&, const CallContext&) -> MethodResult {
               if (!ctx->hooks.local_peer_id) {
                 return unexpected(system_internal("the node runs without networking"));
               }
               return Json(ctx->hooks.local_peer_id());
             });
  add_method(registry, {"system_localListenAddresses"}, MethodSafety::kSafe,
             [ctx](const Params&, const CallContext&) -> MethodResult {
               if (!ctx->hooks.local_listen_addresses) return Json::array();
               return Json(ctx->hooks.local_listen_addresses());
             });
  add_method(registry, {"system_reservedPeers"}, MethodSafety::kSafe,
             [ctx](const Params&, const CallContext&) -> MethodResult {
               if (!ctx->hooks.reserved_peers) return Json::array();
               return Json(ctx->hooks.reserved_peers());
             });
  // Unsafe in Substrate (check_if_safe): the peers, the network state, reserved peer changes.
  add_method(registry, {"system_peers"}, MethodSafety::kUnsafe,
             [ctx](const Params&, const CallContext&) -> MethodResult {
               if (!ctx->hooks.peers) return Json::array();
               return ctx->hooks.peers();
             });
  add_method(registry, {"system_unstable_networkState"}, MethodSafety::kUnsafe,
             [ctx](const Params&, const CallContext&) -> MethodResult {
               if (!ctx->hooks.network_state) return Json::object();
               return ctx->hooks.network_state();
             });
  add_method(registry, {"system_addReservedPeer"}, MethodSafety::kUnsafe,
             with_params<std::string>({"peer"}, [ctx](const CallContext&, const std::string& peer) {
               return reserved_peer_change(ctx->hooks.add_reserved_peer, peer);
             }));
  add_method(
      registry, {"system_removeReservedPeer"}, MethodSafety::kUnsafe,
      with_params<std::string>({"peer_id"}, [ctx](const CallContext&, const std::string& peer) {
        return reserved_peer_change(ctx->hooks.remove_reserved_peer, peer);
      }));
  // Unsafe in Substrate: they change the node's log filter (sc-rpc system add_log_filter,
  // reset_log_filter call check_if_safe). The result is null.
  add_method(
      registry, {"system_addLogFilter"}, MethodSafety::kUnsafe,
      with_params<std::string>(
          {"directives"}, [ctx](const CallContext&, const std::string& directives) -> MethodResult {
            if (!ctx->hooks.add_log_filter) {
              return unexpected(system_internal("the node's log filter is not adjustable"));
            }
            auto done = ctx->hooks.add_log_filter(directives);
            if (!done) return unexpected(system_internal(done.error()));
            return Json(nullptr);
          }));
  add_method(registry, {"system_resetLogFilter"}, MethodSafety::kUnsafe,
             [ctx](const Params&, const CallContext&) -> MethodResult {
               if (!ctx->hooks.reset_log_filter) {
                 return unexpected(system_internal("the node's log filter is not adjustable"));
               }
               ctx->hooks.reset_log_filter();
               return Json(nullptr);
             });

  add_method(
      registry, {"system_accountNextIndex", "account_nextIndex"}, MethodSafety::kSafe,
      with_params<AccountParam>({"account"}, [ctx](const CallContext&, AccountParam account) {
        return account_next_index(*ctx, account.id);
      }));
  // Unsafe: it runs a transaction against the state (frame rpc system checks check_if_safe).
  add_method(registry, {"system_dryRun", "system_dryRunAt"}, MethodSafety::kUnsafe,
             with_params<Bytes, std::optional<Hash256>>(
                 {"extrinsic", "at"},
                 [ctx](const CallContext&, const Bytes& extrinsic, std::optional<Hash256> at) {
                   return dry_run(*ctx, extrinsic, at);
                 }));
}

}  // namespace canary::node::rpc
