// The running node (sc-service's `new_full`): the database and chain, the runtime host, BABE
// block production, the import pipeline, GRANDPA finality, the transaction pool and the JSON-RPC
// server, wired together and driven by one chain thread that wakes at slot boundaries, GRANDPA's
// timers and when transactions or blocks arrive.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "blockchain/runtime_host.hpp"
#include "network/libp2p/multiaddr.hpp"
#include "node/service/network_service.hpp"
#include "node/service/offchain_worker_policy.hpp"
#include "node/service/parachain_service.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/util/result.hpp"
#include "rpc/server/server.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "state/storage/database.hpp"
#include "state/storage/pruning_mode.hpp"

namespace canary::node {

struct NodeConfig {
  std::string node_name = "canary";
  state::ChainSpec spec;
  // The chain spec as JSON (chainSpec_v1_*, sync_state_genSyncSpec).
  std::string chain_spec_json;
  std::filesystem::path database_dir;
  state::PruningMode pruning = state::PruningMode::keep_last(256);
  // `--trie-cache-size` (bytes: trie nodes and values) and `--db-cache` (RocksDB's block cache
  // and memtables); defaults: state::DatabaseOptions's.
  size_t trie_cache_bytes = state::DatabaseOptions{}.trie_cache_bytes();
  size_t db_cache_bytes = state::DatabaseOptions{}.db_cache_bytes;
  blockchain::RuntimeHostConfig runtime;
  // Block authoring and GRANDPA voting (`--validator`, implied by `--dev`) with the keystore's
  // `babe` and `gran` keys.
  bool validator = false;
  // `--offchain-worker`: whether OffchainWorkerApi_offchain_worker runs on new best blocks
  // (when-authority: with `validator`).
  OffchainWorkerMode offchain_worker = OffchainWorkerMode::kWhenAuthority;
  // `--enable-offchain-indexing`: imported blocks' ext_offchain_index_* writes are kept.
  bool offchain_indexing = false;
  // The file keystore's directory; none: keys in memory only.
  std::optional<std::filesystem::path> keystore_dir;
  // `--alice` …: that dev account's session keys are put in the keystore (in memory).
  std::optional<std::string> dev_key_suri;
  // JSON-RPC; none: no server.
  std::optional<::canary::rpc::ServerConfig> rpc;
  // Prometheus exporter address and port; none: disabled.
  std::optional<std::pair<std::string, uint16_t>> prometheus;
  // Peer-to-peer networking; none: no host.
  std::optional<NetworkConfig> network;
  // `canary adder-collator`: collate for the adder parachain (a non-validating node).
  std::optional<AdderCollatorConfig> collator;
  // The PVF host a validator validates candidates with: its worker program (this executable) and
  // artifact cache.
  std::string pvf_worker_program;
  std::filesystem::path pvf_cache_dir;
  bool dev = false;
};

class NodeService {
 public:
  static Result<std::unique_ptr<NodeService>, std::string> start(NodeConfig config);
  ~NodeService();
  NodeService(const NodeService&) = delete;
  NodeService& operator=(const NodeService&) = delete;

  // Blocks until stop() is called (e.g. from a signal handler thread).
  void wait();
  // Stops the chain thread and the servers; idempotent and thread-safe.
  void stop();
  // The bound JSON-RPC port (0 without a server).
  uint16_t rpc_port() const;

  struct Impl;

 private:
  explicit NodeService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace canary::node
