// `canary [--dev | --chain C] [options]`: runs the node (sc-cli's RunCmd). The options keep
// Substrate's names and defaults: --base-path/-d, --tmp, --name, --validator, --alice…--ferdie,
// --rpc-port, --rpc-external, --unsafe-rpc-external, --rpc-methods, --rpc-cors,
// --rpc-max-connections, --rpc-max-request-size, --rpc-max-response-size,
// --rpc-max-subscriptions-per-connection, --rpc-max-batch-request-len, --prometheus-port,
// --prometheus-external,
// --no-prometheus, --wasm-execution, --state-pruning, --offchain-worker,
// --enable-offchain-indexing, -l/--log, and for the network --node-key,
// --node-key-file, --listen-addr, --port, --bootnodes, --reserved-nodes, --reserved-only,
// --in-peers, --out-peers, --discover-local, --allow-private-ip, --no-private-ip.
//
// `--dev` is `--chain dev --alice --tmp --rpc-cors all` unless given otherwise (sc-cli).
// `--dev-block-time MS` (polkadot-omni-node's) gives the dev chain MS-millisecond slots through its
// genesis (shared_params.hpp); the BABE start line logs the slot duration in effect.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "node/chain/base_path.hpp"
#include "node/cli/shared_params.hpp"
#include "node/service/node_service.hpp"

namespace canary::cli {

class RunCommand {
 public:
  // Adds the options to the top-level command.
  explicit RunCommand(CLI::App& app);
  int execute() const;

 private:
  Result<node::NetworkConfig, std::string> network_config(const node::BasePath& base,
                                                          const state::ChainSpec& spec) const;

  bool dev_ = false;
  std::optional<std::string> chain_;
  DevBlockTimeParam dev_block_time_;
  std::optional<std::string> base_path_;
  bool tmp_ = false;
  std::optional<std::string> name_;
  bool validator_ = false;
  std::optional<std::string> dev_authority_;  // set by --alice … --ferdie
  uint16_t rpc_port_ = 9944;
  bool rpc_external_ = false;
  bool unsafe_rpc_external_ = false;
  std::string rpc_methods_ = "auto";
  std::optional<std::string> rpc_cors_;
  size_t rpc_max_connections_ = 100;
  size_t rpc_max_request_size_mb_ = 15;
  size_t rpc_max_response_size_mb_ = 15;
  size_t rpc_max_subscriptions_ = 1024;
  std::optional<size_t> rpc_max_batch_len_;  // none: unlimited (Substrate's default)
  uint16_t prometheus_port_ = 9615;
  bool prometheus_external_ = false;
  bool no_prometheus_ = false;
  std::string wasm_execution_ = "compiled";
  std::string wasm_compiler_ = "optimizing";
  std::optional<std::string> state_pruning_;
  DatabaseCacheParams caches_;  // --db-cache, --trie-cache-size
  // sc-cli OffchainWorkerParams.
  std::string offchain_worker_ = "when-authority";
  bool enable_offchain_indexing_ = false;
  std::vector<std::string> log_;  // -l directives, joined with commas
  // The network (sc-cli NetworkParams, NodeKeyParams).
  std::optional<std::string> node_key_;
  std::optional<std::string> node_key_file_;
  std::vector<std::string> listen_addr_;
  uint16_t port_ = 30333;
  std::vector<std::string> bootnodes_;
  std::vector<std::string> reserved_nodes_;
  size_t in_peers_ = 32;
  size_t out_peers_ = 8;
  bool reserved_only_ = false;
  bool discover_local_ = false;
  bool allow_private_ip_ = false;
  bool no_private_ip_ = false;
  // Accepted for compatibility with Substrate launch scripts.
  bool no_telemetry_ = false;
  bool no_mdns_ = false;
  // `canary adder-collator [node options] --parachain-id ID [--invalid-pov] [--collator-seed HEX]`:
  // a non-validating relay node that collates for the adder test parachain (polkadot-sdk's
  // adder-collator). The node's options are the run command's.
  CLI::App* adder_collator_ = nullptr;
  uint32_t parachain_id_ = 100;
  bool invalid_pov_ = false;
  std::optional<std::string> collator_seed_;
};

}  // namespace canary::cli
