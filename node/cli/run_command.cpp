#include "node/cli/run_command.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "blockchain/runtime_host.hpp"
#include "node/chain/base_path.hpp"
#include "node/chain/builtin_chains.hpp"
#include "node/chain/chain_spec_json.hpp"
#include "node/chain/node_key.hpp"
#include "node/service/log.hpp"
#include "node/service/node_service.hpp"
#include "node/service/offchain_worker_policy.hpp"
#include "primitives/util/hex.hpp"

namespace canary::cli {
namespace {

int fail(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

// The multiaddresses of a repeatable option; peers' addresses must name the peer (sc-cli's
// MultiaddrWithPeerId).
Result<std::vector<network::Multiaddr>, std::string> parse_multiaddrs(
    const std::vector<std::string>& texts, const char* option, bool with_peer_id) {
  std::vector<network::Multiaddr> out;
  for (const std::string& text : texts) {
    auto address = network::Multiaddr::from_string(text);
    if (!address) {
      return unexpected(std::string(option) + ": `" + text +
                        "` is not a multiaddress: " + network::to_string(address.error()));
    }
    if (with_peer_id && !address->peer_id()) {
      return unexpected(std::string(option) + ": `" + text + "` does not end with /p2p/<peer id>");
    }
    out.push_back(std::move(*address));
  }
  return out;
}

}  // namespace

RunCommand::RunCommand(CLI::App& app) {
  adder_collator_ = app.add_subcommand(
      "adder-collator",
      "Run a relay-chain node that collates for the adder test parachain (polkadot-sdk's "
      "adder-collator); the node's options apply");
  adder_collator_->fallthrough();
  adder_collator_->add_option("--parachain-id", parachain_id_,
                              "The para id the adder is registered as (default 100)");
  adder_collator_->add_flag("--invalid-pov", invalid_pov_,
                            "Test mode: collate blocks the adder's PVF rejects");
  adder_collator_->add_option("--collator-seed", collator_seed_,
                              "The collator key's 32-byte seed as hex (default: a random key)");
  app.add_flag("--dev", dev_,
               "Run a temporary development chain: --chain dev --alice --tmp --rpc-cors all");
  app.add_option("--chain", chain_, "The chain: dev, local, or a chain spec file");
  dev_block_time_.add_to(&app);
  app.add_option("-d,--base-path", base_path_, "Where the node keeps its data");
  app.add_flag("--tmp", tmp_, "Keep the data in a temporary directory removed at exit");
  app.add_option("--name", name_, "The node's human-readable name");
  app.add_flag("--validator", validator_, "Author blocks and vote in GRANDPA");
  for (const char* who : {"alice", "bob", "charlie", "dave", "eve", "ferdie"}) {
    std::string name(who);
    std::string capitalized = name;
    capitalized[0] = static_cast<char>(capitalized[0] - 'a' + 'A');
    app.add_flag_callback(
        "--" + name, [this, capitalized] { dev_authority_ = "//" + capitalized; },
        fmt::format("Shortcut for --name {0} --validator with //{0}'s session keys", capitalized));
  }
  app.add_option("--rpc-port", rpc_port_, "JSON-RPC server port (HTTP and WebSocket)");
  app.add_flag("--rpc-external", rpc_external_,
               "Listen on all interfaces (safe methods only unless --rpc-methods unsafe)");
  app.add_flag("--unsafe-rpc-external", unsafe_rpc_external_,
               "Listen on all interfaces and allow unsafe methods");
  app.add_option("--rpc-methods", rpc_methods_, "RPC methods to expose: auto, safe, unsafe");
  app.add_option("--rpc-cors", rpc_cors_, "Origins allowed to use the RPC: all, none, or a list");
  app.add_option("--rpc-max-connections", rpc_max_connections_, "Maximum RPC connections");
  app.add_option("--rpc-max-request-size", rpc_max_request_size_mb_, "Maximum request size (MB)");
  app.add_option("--rpc-max-response-size", rpc_max_response_size_mb_,
                 "Maximum response size (MB)");
  app.add_option("--rpc-max-subscriptions-per-connection", rpc_max_subscriptions_,
                 "Maximum subscriptions per connection");
  app.add_option("--rpc-max-batch-request-len", rpc_max_batch_len_,
                 "Maximum calls in one batch request (default: unlimited)");
  app.add_option("--prometheus-port", prometheus_port_, "Prometheus exporter port");
  app.add_flag("--prometheus-external", prometheus_external_,
               "Expose Prometheus on all interfaces");
  app.add_flag("--no-prometheus", no_prometheus_, "Do not expose a Prometheus exporter");
  app.add_option("--wasm-execution", wasm_execution_,
                 "compiled (ahead of time, after a warm-up on the interpreter) or "
                 "interpreted-i-know-what-i-do");
  app.add_option("--wasm-compiler", wasm_compiler_,
                 "With --wasm-execution compiled: optimizing (the default: the functions the "
                 "first tier found hot, compiled in seconds) or wasm2c (the whole runtime ahead of "
                 "time, minutes for a large one)");
  app.add_option("--offchain-worker", offchain_worker_,
                 "Run the runtime's offchain worker on each new best block: always, never or "
                 "when-authority (default: when-authority, i.e. with --validator)");
  app.add_option("--enable-offchain-indexing", enable_offchain_indexing_,
                 "Keep the offchain index writes of imported blocks in the offchain storage "
                 "(true or false; default false)");
  app.add_option("--state-pruning", state_pruning_,
                 "archive, or the number of finalized states to keep (default 256)");
  caches_.add_to(&app);
  app.add_option("-l,--log", log_,
                 "Log filter (repeatable): a level (error, warn, info, debug, trace) and/or "
                 "target=level directives, comma-separated, e.g. -l info,sync=debug");
  app.add_option("--node-key", node_key_,
                 "The node's libp2p secret key: 32 bytes of ed25519 secret as hex");
  app.add_option("--node-key-file", node_key_file_,
                 "A file holding the node key (raw 32 bytes or hex); created if missing");
  app.add_option("--listen-addr", listen_addr_,
                 "Listen on this multiaddress (repeatable; default /ip6/::/tcp/<port> and "
                 "/ip4/0.0.0.0/tcp/<port>)");
  app.add_option("--port", port_, "P2P TCP port, when no --listen-addr is given");
  app.add_option("--bootnodes", bootnodes_,
                 "Peers to connect to at start (multiaddresses ending with /p2p/<peer id>)");
  app.add_option("--reserved-nodes", reserved_nodes_,
                 "Peers to stay connected to (multiaddresses ending with /p2p/<peer id>)");
  app.add_flag("--reserved-only", reserved_only_,
               "Connect to the reserved nodes only (no discovery dials; other peers refused)");
  app.add_option("--in-peers", in_peers_, "Maximum inbound connections");
  app.add_option("--out-peers", out_peers_, "Maximum outbound connections");
  app.add_flag("--discover-local", discover_local_,
               "Put non-global addresses into the DHT (default for --dev and local/dev chains)");
  auto* allow_private =
      app.add_flag("--allow-private-ip,--allow-private-ipv4", allow_private_ip_,
                   "Dial private addresses the DHT gives (default for --dev and local/dev chains)");
  auto* no_private = app.add_flag("--no-private-ip,--no-private-ipv4", no_private_ip_,
                                  "Never dial private addresses the DHT gives");
  allow_private->excludes(no_private);
  app.add_flag("--no-telemetry", no_telemetry_, "Accepted for compatibility");
  app.add_flag("--no-mdns", no_mdns_, "Accepted for compatibility");
}

Result<node::NetworkConfig, std::string> RunCommand::network_config(
    const node::BasePath& base, const state::ChainSpec& spec) const {
  node::NetworkConfig network;
  CANARY_TRY_ASSIGN(auto key, node::resolve_node_key(node_key_, node_key_file_, base, spec.id));
  network.node_key = key;
  if (listen_addr_.empty()) {
    // sc-cli's default: both families on --port.
    for (const char* any : {"/ip6/::/tcp/", "/ip4/0.0.0.0/tcp/"}) {
      network.listen_addresses.push_back(
          network::Multiaddr::from_string(any + std::to_string(port_)).value());
    }
  } else {
    CANARY_TRY_ASSIGN(auto listen, parse_multiaddrs(listen_addr_, "--listen-addr", false));
    network.listen_addresses = std::move(listen);
  }
  auto boot = parse_multiaddrs(bootnodes_, "--bootnodes", true);
  if (!boot) return unexpected(boot.error());
  network.boot_nodes = std::move(*boot);
  // The chain spec's boot nodes too; those that are not plain TCP (WebSocket) cannot be dialed.
  for (const std::string& text : spec.boot_nodes) {
    auto address = network::Multiaddr::from_string(text);
    if (!address) {
      node::log::warn("sub-libp2p", "Ignoring the chain spec's boot node `{}`: {}", text,
                      network::to_string(address.error()));
    } else if (address->tcp_endpoint() && address->peer_id()) {
      network.boot_nodes.push_back(std::move(*address));
    }
  }
  CANARY_TRY_ASSIGN(auto reserved, parse_multiaddrs(reserved_nodes_, "--reserved-nodes", true));
  network.reserved_nodes = std::move(reserved);
  network.in_peers = in_peers_;
  network.out_peers = out_peers_;
  network.reserved_only = reserved_only_;
  // sc-cli NetworkParams: local discovery and private addresses by default for --dev and chains
  // whose type is Local or Development; live chains need the flags.
  const bool local_chain = dev_ || spec.chain_type == "Local" || spec.chain_type == "Development";
  network.allow_non_globals_in_dht = discover_local_ || local_chain;
  network.allow_private_ip = allow_private_ip_ || (!no_private_ip_ && local_chain);
  return network;
}

int RunCommand::execute() const {
  // SIGINT and SIGTERM stop the node cleanly: blocked first thing (every thread inherits the mask)
  // and waited for once the node runs. Blocked, a signal that comes while the chain spec and the
  // genesis are still being prepared waits instead of being lost: a background job of a script
  // starts with SIGINT ignored, and an ignored signal that is not blocked is discarded.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::string directives;
  for (const std::string& d : log_) directives += (directives.empty() ? "" : ",") + d;
  if (std::string error; !node::log::set_directives(directives, error)) {
    return fail("--log: " + error);
  }

  const std::string chain_arg = node::chain_arg(chain_, dev_);
  if (chain_arg.empty()) {
    return fail("no chain given: use --dev, --chain dev, --chain local or --chain <spec.json>");
  }
  auto base = node::resolve_base_path(base_path_, dev_ || tmp_);
  if (!base) return fail(base.error());

  node::NodeConfig config;
  if (wasm_execution_ == "interpreted-i-know-what-i-do") {
    config.runtime.compiled = false;
  } else if (wasm_execution_ != "compiled") {
    return fail("--wasm-execution must be compiled or interpreted-i-know-what-i-do");
  }
  if (wasm_compiler_ != "wasm2c" && wasm_compiler_ != "optimizing") {
    return fail("--wasm-compiler must be wasm2c or optimizing");
  }
  config.runtime.optimizing_tier = wasm_compiler_ == "optimizing";
  const auto offchain_mode = node::parse_offchain_worker_mode(offchain_worker_);
  if (!offchain_mode) return fail("--offchain-worker must be always, never or when-authority");
  config.offchain_worker = *offchain_mode;
  config.offchain_indexing = enable_offchain_indexing_;
  {
    // The chain spec (built-in chains are built by the embedded runtime's genesis presets).
    blockchain::RuntimeHost spec_host(blockchain::RuntimeHostConfig{.compiled = false});
    auto document = node::resolve_chain_spec(chain_arg, spec_host, /*build_raw=*/true,
                                             dev_block_time_.genesis_options());
    if (!document) return fail(document.error());
    auto json = node::write_chain_spec_json(*document, /*raw=*/true);
    if (!json) return fail(json.error());
    config.chain_spec_json = std::move(*json);
    config.spec = std::move(document->spec);
  }
  config.database_dir = base->database_dir(config.spec.id);
  if (state_pruning_) {
    if (*state_pruning_ == "archive" || *state_pruning_ == "archive-canonical") {
      config.pruning = state::PruningMode::archive_mode();
    } else {
      try {
        config.pruning =
            state::PruningMode::keep_last(static_cast<uint32_t>(std::stoul(*state_pruning_)));
      } catch (...) {
        return fail("--state-pruning must be archive or a number of blocks");
      }
    }
  }

  config.db_cache_bytes = caches_.db_cache_bytes();
  config.trie_cache_bytes = caches_.trie_cache_bytes();

  std::optional<std::string> authority = dev_authority_;
  if (dev_ && !authority) authority = "//Alice";
  config.dev = dev_;
  config.validator = validator_ || authority.has_value();
  config.node_name = name_ ? *name_ : (authority ? authority->substr(2) : std::string("canary"));
  // --alice …: that account's session keys go into the keystore, in memory (sc-cli).
  config.dev_key_suri = authority;
  config.keystore_dir = base->keystore_dir(config.spec.id);

  rpc::ServerConfig rpc_config;
  rpc_config.port = rpc_port_;
  rpc_config.address = (rpc_external_ || unsafe_rpc_external_) ? "0.0.0.0" : "127.0.0.1";
  auto methods = rpc::parse_rpc_methods_policy(unsafe_rpc_external_ ? "unsafe" : rpc_methods_);
  if (!methods) return fail("--rpc-methods must be auto, safe or unsafe");
  rpc_config.rpc_methods = *methods;
  // sc-cli rpc_interface: every method reachable from outside is worth a warning at start-up.
  if ((rpc_external_ || unsafe_rpc_external_) && *methods == rpc::RpcMethodsPolicy::kUnsafe) {
    node::log::warn("rpc",
                    "It isn't safe to expose RPC publicly without a proxy server that filters "
                    "available set of RPC methods.");
  }
  std::optional<std::string> cors = rpc_cors_;
  if (!cors && dev_) cors = "all";
  if (cors) {
    auto policy = rpc::CorsPolicy::parse(*cors);
    if (!policy) return fail("--rpc-cors: cannot read `" + *cors + "`");
    rpc_config.cors = *policy;
  }
  rpc_config.max_connections = rpc_max_connections_;
  rpc_config.max_request_size = rpc_max_request_size_mb_ * 1024 * 1024;
  rpc_config.max_response_size = rpc_max_response_size_mb_ * 1024 * 1024;
  rpc_config.max_subscriptions_per_connection = rpc_max_subscriptions_;
  rpc_config.max_batch_len = rpc_max_batch_len_;
  rpc_config.handler_threads = 2;
  // Substrate's server makes a producer wait when a connection's queue is full; ours closes the
  // subscription instead, so the queue must hold a client's bursts: polkadot-api pipelines dozens
  // of chainHead operations at start-up, each answered by several notifications.
  rpc_config.message_buffer_capacity = 1024;
  config.rpc = rpc_config;
  if (!no_prometheus_) {
    config.prometheus = std::make_pair(
        prometheus_external_ ? std::string("0.0.0.0") : std::string("127.0.0.1"), prometheus_port_);
  }
  {
    auto network = network_config(*base, config.spec);
    if (!network) return fail(network.error());
    config.network = std::move(*network);
  }

  if (adder_collator_->parsed()) {
    if (config.validator) return fail("adder-collator: a collator is not a validator");
    node::AdderCollatorConfig collator;
    collator.para_id = parachain_id_;
    collator.mode = invalid_pov_ ? parachain::adder::CollatorMode::kInvalidPov
                                 : parachain::adder::CollatorMode::kHonest;
    if (collator_seed_) {
      auto seed = from_hex(*collator_seed_);
      if (!seed || seed->size() != 32) return fail("--collator-seed: 32 bytes as hex");
      collator.collator_seed.emplace();
      std::copy(seed->begin(), seed->end(), collator.collator_seed->begin());
    }
    config.collator = collator;
  }
  // The PVF host's workers are this program (`canary pvf-worker`); artifacts under the base path.
  {
    std::error_code ignored;
    config.pvf_worker_program = std::filesystem::read_symlink("/proc/self/exe", ignored).string();
    config.pvf_cache_dir = config.database_dir.parent_path() / "pvf-artifacts";
  }

  auto service = node::NodeService::start(std::move(config));
  if (!service) return fail(service.error());
  int received = 0;
  sigwait(&signals, &received);
  node::log::info("canary", "Received {}, shutting down",
                  received == SIGINT ? "SIGINT" : "SIGTERM");
  (*service)->stop();
  return 0;
}

}  // namespace canary::cli
