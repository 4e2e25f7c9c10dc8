// What the node's JSON-RPC methods work on: the chain, the runtime host, what the chain spec and
// the node say about themselves, and the hooks the other subsystems (network, sync, transaction
// pool) fill in when they exist. Every `register_*_methods` function takes the context; the
// handlers keep a reference to it, so it must outlive the MethodRegistry and every Session.
//
// The context owns the one ChainObserver of the RPC layer (ChainEvents): the subscription
// families (chain_subscribe*, state_subscribe*, chainHead_v1_follow) listen to it rather than to
// the Chain each.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "node/rpc/chain_events.hpp"
#include "node/rpc/task_worker.hpp"
#include "primitives/util/result.hpp"
#include "primitives/util/thread_annotations.hpp"
#include "rpc/jsonrpc/error.hpp"

namespace canary::node::rpc {

using ::canary::rpc::Json;

// The chain spec's and the node's identity (system_*, chainSpec_v1_*).
struct ChainInfo {
  std::string chain_name;  // the spec's "name": system_chain, chainSpec_v1_chainName
  std::string chain_id;    // the spec's "id"
  // sc-chain-spec's ChainType as serde writes it: "Development", "Local", "Live", or
  // {"Custom": "<name>"} (substrate/client/chain-spec/src/lib.rs, an externally tagged enum).
  Json chain_type = "Development";
  Json properties = Json::object();  // the spec's "properties" object
  block::BlockHash genesis_hash{};
  std::string node_name = "Canary";  // system_name (sc-cli's impl_name)
  std::string node_version;          // system_version
  // The chain spec as JSON text, when the node runs from one (empty for the built-in chains).
  std::string chain_spec_json;
  // system_nodeRoles: sc-rpc-api NodeRole as serde writes it ("Full", "LightClient",
  // "Authority").
  std::vector<std::string> node_roles = {"Full"};
  bool is_dev = false;
};

// system_health (sc-rpc-api system/helpers.rs Health).
struct Health {
  uint64_t peers = 0;
  bool is_syncing = false;
  bool should_have_peers = true;
};

// system_syncState (sc-rpc-api system/helpers.rs SyncState).
struct SyncState {
  block::BlockNumber starting_block = 0;
  block::BlockNumber current_block = 0;
  block::BlockNumber highest_block = 0;
};

// What other subsystems provide. An empty hook means "that subsystem does not run": no peers, not
// syncing, no reserved peers, nothing in the pool.
struct NodeHooks {
  std::function<Health()> health;
  // system_peers: the array of PeerInfo objects ({peerId, roles, bestHash, bestNumber}).
  std::function<Json()> peers;
  std::function<std::string()> local_peer_id;
  std::function<std::vector<std::string>()> local_listen_addresses;
  std::function<Json()> network_state;
  std::function<std::optional<SyncState>()> sync_state;
  // The error text is returned to the caller (sc-rpc system Error::MalformattedPeerArg, 2002).
  std::function<Result<void, std::string>(const std::string&)> add_reserved_peer;
  std::function<Result<void, std::string>(const std::string&)> remove_reserved_peer;
  std::function<std::vector<std::string>()> reserved_peers;
  // system_addLogFilter / system_resetLogFilter: change the node's log filter at runtime; the
  // error text is returned to the caller (sc-rpc system Error::Internal, -32603).
  std::function<Result<void, std::string>(const std::string& directives)> add_log_filter;
  std::function<void()> reset_log_filter;
  // system_accountNextIndex: the account's next nonce counting its ready transactions in the
  // pool from `state_nonce` on (substrate/utils/frame/rpc/system `adjust_nonce`); nullopt when
  // the pool holds none of them.
  std::function<std::optional<uint32_t>(const Hash256& account, uint32_t state_nonce)>
      pool_next_nonce;
};

class RpcContext {
 public:
  RpcContext(blockchain::Chain& chain, blockchain::RuntimeHost& host, ChainInfo info);
  ~RpcContext();
  RpcContext(const RpcContext&) = delete;
  RpcContext& operator=(const RpcContext&) = delete;

  blockchain::Chain& chain;
  blockchain::RuntimeHost& host;
  ChainInfo info;
  NodeHooks hooks;
  // The budget of every runtime call an RPC client asks for (state_call, chainHead_v1_call,
  // system_dryRun, payment_queryInfo…): such a call fails with "fuel exhausted" past it.
  std::optional<uint64_t> call_fuel = blockchain::kOutsiderCallFuel;

  // Runs a task once the response of the call that scheduled it has been queued
  // (rpc::run_after_response): the chainHead operations' events must reach the client after the
  // "started" answer that names them. The task then runs through `defer` when set (tests run
  // them by hand), otherwise on the context's worker thread, in the order they were given.
  std::function<void(std::function<void()>)> defer;
  void run_deferred(std::function<void()> task);

  ChainEvents& events() { return *events_; }
  // The best block when the context was made: system_syncState's default starting block.
  block::BlockNumber starting_block() const { return starting_block_; }

 private:
  void dispatch_deferred(std::function<void()> task);

  std::unique_ptr<ChainEvents> events_;
  Mutex worker_mutex_;
  std::unique_ptr<TaskWorker> worker_ GUARDED_BY(worker_mutex_);
  block::BlockNumber starting_block_ = 0;
};

}  // namespace canary::node::rpc
