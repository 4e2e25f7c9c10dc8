#include "node/service/node_service.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <utility>

#include "blockchain/chain.hpp"
#include "blockchain/database_offchain_storage.hpp"
#include "blockchain/genesis.hpp"
#include "blockchain/open_chain.hpp"
#include "consensus/babe/slot_clock.hpp"
#include "network/protocols/roles.hpp"
#include "node/cli/version.hpp"
#include "node/keystore/file_keystore.hpp"
#include "node/keystore/key_types.hpp"
#include "node/rpc/node_methods.hpp"
#include "node/service/author_methods.hpp"
#include "node/service/authority_discovery_service.hpp"
#include "node/service/babe_author.hpp"
#include "node/service/babe_methods.hpp"
#include "node/service/babe_state.hpp"
#include "node/service/block_importer.hpp"
#include "node/service/equivocation_reporter.hpp"
#include "node/service/grandpa_methods.hpp"
#include "node/service/grandpa_service.hpp"
#include "node/service/log.hpp"
#include "node/service/metrics_registry.hpp"
#include "node/service/offchain_methods.hpp"
#include "node/service/offchain_transaction_pool.hpp"
#include "node/service/offchain_workers.hpp"
#include "node/service/process_metrics.hpp"
#include "node/service/prometheus_exporter.hpp"
#include "node/service/runtime_preloader.hpp"
#include "node/service/state_prefetcher.hpp"
#include "node/service/sync_state_methods.hpp"
#include "node/service/transaction_service.hpp"
#include "node/service/unix_time.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/hex.hpp"
#include "state/storage/database.hpp"

namespace canary::node {
namespace {

// The runtime's log lines, as "runtime::<target>" lines of the node's log.
class RuntimeLogger final : public executor::host::Logger {
 public:
  void log(executor::host::LogLevel level, std::string_view target,
           std::string_view message) override {
    const std::string full_target = "runtime::" + std::string(target);
    if (log::enabled(static_cast<log::Level>(level), full_target)) {
      log::write(static_cast<log::Level>(level), full_target, message);
    }
  }
  executor::host::LogFilter max_level() const override {
    return static_cast<executor::host::LogFilter>(log::max_level());
  }
};

// The informant (sc-informant): a line per imported block and a status line every 5 seconds.
class Informant final : public blockchain::ChainObserver {
 public:
  // While sync catches up, blocks are not logged one by one (the status line says how fast).
  void on_block_imported(const blockchain::ImportNotice& n) override {
    if (major_syncing && major_syncing()) return;
    log::info("canary", "🏆 Imported #{} ({} → {})", n.block.number,
              log::short_hash(n.header.parent_hash), log::short_hash(n.block.hash));
  }
  // Set once, before blocks come from the network.
  std::function<bool()> major_syncing;
  void on_best_block_changed(const blockchain::BlockRef& best,
                             const std::optional<blockchain::TreeRoute>& reorg) override {
    if (reorg && !reorg->retracted.empty()) {
      log::info("canary", "♻️  Reorg on #{}, {} → {}, common ancestor #{}", best.number,
                log::short_hash(reorg->retracted.front().hash), log::short_hash(best.hash),
                reorg->common.number);
    }
  }
  void on_finalized(const blockchain::FinalityNotice&) override {}
};

// The tiers in the node's log: a runtime (the genesis one, or new code after an upgrade) serves
// calls on its first tier at once, and the operator learns when it runs compiled, or why not.
executor::TieringEvents runtime_tiering_log() {
  return {
      .started =
          [](const Hash256& code_hash, size_t wasm_bytes, std::string_view first_tier) {
            log::info("runtime",
                      "⚙️  Runtime {} ({:.1f} MB of Wasm) runs on the {} while it compiles ahead "
                      "of time in the background",
                      log::short_hash(code_hash), static_cast<double>(wasm_bytes) / 1e6,
                      first_tier);
          },
      .finished =
          [](const Hash256& code_hash, const executor::aot::TieringOutcome& outcome) {
            const double seconds = static_cast<double>(outcome.elapsed.count()) / 1e3;
            if (!outcome.error) {
              log::info("runtime",
                        "⚙️  Runtime {} compiled ahead of time in {:.1f} s; new calls run compiled",
                        log::short_hash(code_hash), seconds);
            } else {
              log::warn("runtime",
                        "Runtime {} could not be compiled ahead of time after {:.1f} s ({}); it "
                        "stays on the {}",
                        log::short_hash(code_hash), seconds, outcome.error->describe(),
                        outcome.first_tier);
            }
          },
  };
}

}  // namespace

struct NodeService::Impl {
  NodeConfig config;
  RuntimeLogger runtime_logger;
  // Checks imported blocks' signatures on the other cores while the runtime executes the block
  // (executor/host/signature_verifier.hpp). Before the host, which uses it until destroyed.
  std::unique_ptr<executor::host::SignatureVerifier> signature_verifier;
  std::unique_ptr<blockchain::RuntimeHost> host;
  std::unique_ptr<blockchain::Chain> chain;
  bool genesis_written = false;  // open_chain wrote the genesis (first start), not found it
  std::unique_ptr<BabeState> babe;
  // Reads the signers' accounts of a block being imported into the node cache on another core
  // (state_prefetcher.hpp); none on one core. After the chain, whose database it reads, and
  // before the importer, which uses it.
  std::unique_ptr<StatePrefetcher> prefetcher;
  std::unique_ptr<BlockImporter> importer;
  std::unique_ptr<TransactionService> transactions;
  std::unique_ptr<BabeAuthor> author;
  std::unique_ptr<GrandpaService> grandpa;
  std::unique_ptr<FileKeystore> keystore;
  // The offchain column as offchain storage: workers and the offchain_localStorage* RPCs share it.
  std::shared_ptr<blockchain::DatabaseOffchainStorage> offchain_storage;
  std::unique_ptr<OffchainTransactionPool> offchain_pool;
  std::unique_ptr<OffchainWorkers> offchain_workers;  // null: --offchain-worker says no
  // Equivocations seen on import (BABE) and in GRANDPA rounds, reported through the runtime.
  std::unique_ptr<OffchainTransactionPool> report_pool;
  std::unique_ptr<EquivocationReporter> equivocation_reporter;
  // Every `babe` key of the keystore (BABE claims the slot with those that are authorities of
  // its epoch): read at each slot.
  std::vector<crypto::sr25519::Keypair> babe_keys() const;
  std::unique_ptr<rpc::RpcContext> rpc_context;
  std::unique_ptr<AuthorContext> author_context;
  Informant informant;
  std::unique_ptr<RuntimePreloader> runtime_preloader;
  std::unique_ptr<::canary::rpc::Server> rpc_server;
  // The node's metrics, served by `prometheus`; the importer and the author record into it.
  MetricsRegistry metrics;
  std::unique_ptr<PrometheusExporter> prometheus;
  std::unique_ptr<NetworkService> network;
  // The parachain side (validators and collators): its protocols are the network's, its
  // paras inherent the author's. Stopped before the network.
  std::unique_ptr<ParachainService> parachains;
  // A validator's authority discovery (publishes our addresses, finds the other validators'):
  // after `network`, so that it stops before the host its DHT queries go to (the host's calls
  // into it hold its shared state, not the service).
  std::unique_ptr<AuthorityDiscoveryService> authority_discovery;
  // The same, for observers on other threads (set once the network runs).
  std::atomic<NetworkService*> network_view{nullptr};
  uint64_t started_at_s = 0;
  void register_metrics();
  // sc-service's task metrics, for the node's long-lived threads and workers.
  void task_spawned(const std::string& name, const std::string& group);
  void task_ended(const std::string& name, const std::string& group);

  Mutex mutex;
  std::condition_variable wake;
  bool stopping GUARDED_BY(mutex) = false;
  bool stopped GUARDED_BY(mutex) = false;
  std::thread chain_thread;

  void run_chain_thread();
  void status_line();
  std::chrono::steady_clock::time_point last_status_at{};
  block::BlockNumber last_status_best = 0;
  Result<void, std::string> open_chain();
  Result<void, std::string> open_keystore();
  Result<void, std::string> start_rpc();
  Result<void, std::string> start_network();
  size_t peer_count() const;
};

std::vector<crypto::sr25519::Keypair> NodeService::Impl::babe_keys() const {
  std::vector<crypto::sr25519::Keypair> out;
  for (const Bytes& pub : keystore->public_keys(keys::Scheme::kSr25519, key_type_id("babe"))) {
    auto pair = keystore->key_pair(keys::Scheme::kSr25519, key_type_id("babe"), pub);
    if (pair && pair->sr25519()) out.push_back(*pair->sr25519());
  }
  return out;
}

Result<void, std::string> NodeService::Impl::open_keystore() {
  if (config.keystore_dir) {
    auto opened = FileKeystore::open(*config.keystore_dir);
    if (!opened) return unexpected("the keystore: " + opened.error());
    keystore = std::move(*opened);
  } else {
    keystore = FileKeystore::in_memory();
  }
  if (config.dev_key_suri) {
    auto inserted = insert_dev_keys(*keystore, *config.dev_key_suri);
    if (!inserted) {
      return unexpected("the keys of " + *config.dev_key_suri + ": " +
                        executor::keystore::to_string(inserted.error()));
    }
  }
  return {};
}

Result<void, std::string> NodeService::Impl::start_rpc() {
  rpc::ChainInfo info;
  info.chain_name = config.spec.name;
  info.chain_id = config.spec.id;
  info.chain_type = config.spec.chain_type;
  info.properties = nlohmann::json::parse(config.spec.properties_json, nullptr, false);
  if (info.properties.is_discarded()) info.properties = nlohmann::json::object();
  info.genesis_hash = chain->genesis().hash;
  info.node_name = "Canary Node";
  info.node_version = std::string(cli::kVersionString.substr(cli::kVersionString.find(' ') + 1));
  info.chain_spec_json = config.chain_spec_json;
  info.node_roles = {config.validator ? "Authority" : "Full"};
  info.is_dev = config.dev;
  rpc_context = std::make_unique<rpc::RpcContext>(*chain, *host, std::move(info));
  rpc_context->hooks.add_log_filter =
      [](const std::string& directives) -> Result<void, std::string> {
    std::string error;
    if (!log::add_directives(directives, error)) return unexpected(std::move(error));
    return {};
  };
  rpc_context->hooks.reset_log_filter = [] { log::reset_directives(); };
  if (network) {
    NetworkService* net = network.get();
    rpc_context->hooks.local_peer_id = [net] { return net->local_peer_id().to_base58(); };
    rpc_context->hooks.local_listen_addresses = [net] {
      std::vector<std::string> out;
      for (const network::Multiaddr& address : net->listen_addresses()) {
        out.push_back(address.with_p2p(net->local_peer_id()).value_or(address).to_string());
      }
      return out;
    };
    rpc_context->hooks.peers = [net] {
      // sc-rpc-api system PeerInfo, as serde writes it.
      rpc::Json peers = rpc::Json::array();
      for (const SyncPeerInfo& p : net->sync_peers()) {
        const network::Roles roles{p.roles};
        peers.push_back(rpc::Json{{"peerId", p.peer.to_base58()},
                                  {"roles", roles.is_authority() ? "AUTHORITY"
                                            : roles.is_full()    ? "FULL"
                                                                 : "LIGHT"},
                                  {"bestHash", to_hex(p.best_hash)},
                                  {"bestNumber", p.best_number}});
      }
      return peers;
    };
    rpc_context->hooks.add_reserved_peer = [net](const std::string& address) {
      return net->add_reserved_peer(address);
    };
    rpc_context->hooks.remove_reserved_peer = [net](const std::string& peer) {
      return net->remove_reserved_peer(peer);
    };
    rpc_context->hooks.reserved_peers = [net] { return net->reserved_peers(); };
    rpc_context->hooks.network_state = [net] { return net->network_state(); };
    const bool dev = config.dev;
    rpc_context->hooks.health = [net, dev] {
      rpc::Health health;
      health.peers = net->peer_count();
      health.should_have_peers = !dev;
      if (auto status = net->sync_status()) health.is_syncing = status->is_major_syncing();
      return health;
    };
    rpc_context->hooks.sync_state = [net]() -> std::optional<rpc::SyncState> {
      auto status = net->sync_status();
      if (!status) return std::nullopt;
      return rpc::SyncState{status->starting_block, status->current_block, status->highest_block};
    };
  }
  TransactionService* pool = transactions.get();
  rpc_context->hooks.pool_next_nonce = [pool](const Hash256& account, uint32_t state_nonce) {
    return pool->next_nonce(account, state_nonce);
  };
  auto registry = std::make_shared<::canary::rpc::MethodRegistry>();
  rpc::register_node_methods(*registry, *rpc_context);
  author_context = std::make_unique<AuthorContext>(
      AuthorContext{*rpc_context, *transactions, *keystore, grandpa.get()});
  register_author_methods(*registry, *author_context);
  register_grandpa_methods(*registry, *chain, grandpa.get());
  // Addresses in the chain's format (Substrate's default SS58 version once the CLI set it).
  uint16_t ss58_format = 42;
  if (const auto it = rpc_context->info.properties.find("ss58Format");
      it != rpc_context->info.properties.end() && it->is_number_unsigned() &&
      it->get<uint64_t>() <= 16383) {
    ss58_format = static_cast<uint16_t>(it->get<uint64_t>());
  }
  register_babe_methods(*registry, *chain, *babe, *keystore, ss58_format);
  register_sync_state_methods(*registry, *chain, *babe, config.chain_spec_json);
  register_offchain_methods(*registry, offchain_storage);
  auto server = ::canary::rpc::Server::start(*config.rpc, registry);
  if (!server) {
    return unexpected("the JSON-RPC server on " + config.rpc->address + ":" +
                      std::to_string(config.rpc->port) + ": " + server.error().detail);
  }
  rpc_server = std::move(*server);
  log::info("rpc", "Running JSON-RPC server: addr={}:{}, allowed origins={}", config.rpc->address,
            rpc_server->port(), config.dev ? "*" : "default");
  return {};
}

Result<void, std::string> NodeService::Impl::open_chain() {
  auto genesis = blockchain::make_genesis_block(config.spec);
  if (!genesis) return unexpected("the chain spec's genesis: " + genesis.error().message());
  state::DatabaseOptions options;
  options.pruning = config.pruning;
  options.set_trie_cache_bytes(config.trie_cache_bytes);
  options.db_cache_bytes = config.db_cache_bytes;
  auto opened = blockchain::open_chain(config.database_dir, *genesis, options, &genesis_written);
  if (!opened) return unexpected(opened.error().message());
  chain = std::move(*opened);
  return {};
}

Result<std::unique_ptr<NodeService>, std::string> NodeService::start(NodeConfig config) {
  auto impl = std::make_unique<Impl>();
  impl->config = std::move(config);
  NodeConfig& c = impl->config;
  log::info("canary", "Canary Node");
  log::info("canary", "📋 Chain specification: {}", c.spec.name);
  log::info("canary", "🏷  Node name: {}", c.node_name);
  log::info("canary", "👤 Role: {}", c.validator ? "AUTHORITY" : "FULL");
  log::info("canary", "💾 Database: RocksDB at {} (cache {} MiB, trie cache {:.1f} MiB)",
            c.database_dir.string(), c.db_cache_bytes >> 20,
            static_cast<double>(c.trie_cache_bytes) / (1 << 20));

  c.runtime.logger = &impl->runtime_logger;
  c.runtime.tiering = runtime_tiering_log();
  impl->signature_verifier = std::make_unique<executor::host::SignatureVerifier>(
      std::max(std::thread::hardware_concurrency(), 1U) - 1);
  c.runtime.signature_verifier = impl->signature_verifier.get();
  impl->host = std::make_unique<blockchain::RuntimeHost>(c.runtime);
  if (auto substituted = impl->host->set_code_substitutes(c.spec.code_substitutes); !substituted) {
    return unexpected("the chain spec's codeSubstitutes: " + substituted.error().detail);
  }
  for (const auto& [block, code] : c.spec.code_substitutes) {
    log::info("canary", "🔁 Code substitute from block #{} ({} bytes)", block, code.size());
  }
  if (auto opened = impl->open_chain(); !opened) return unexpected(std::move(opened).error());
  blockchain::Chain& chain = *impl->chain;
  if (impl->genesis_written) {
    log::info("canary", "🔨 Initializing Genesis block/state (state: {}, header-hash: {})",
              log::short_hash(chain.header(chain.genesis().hash).value().value().state_root),
              log::short_hash(chain.genesis().hash));
  } else {
    log::info("canary", "📦 Loaded chain at #{} ({}), finalized #{}", chain.best().number,
              log::short_hash(chain.best().hash), chain.finalized().number);
  }

  auto babe = BabeState::open(chain, *impl->host);
  if (!babe) return unexpected("BABE: " + babe.error().message());
  impl->babe = std::move(*babe);
  log::info("babe", "👶 Starting BABE Authorship worker (slot duration {} ms, epochs of {} slots)",
            impl->babe->slot_duration_ms(), impl->babe->configuration().epoch_length);

  impl->metrics.set_const_labels({{"chain", c.spec.id}});
  impl->importer = std::make_unique<BlockImporter>(chain, *impl->host, *impl->babe);
  impl->importer->set_metrics(&impl->metrics);
  impl->importer->set_offchain_indexing(c.offchain_indexing);
  if (std::thread::hardware_concurrency() > 1) {
    impl->prefetcher = std::make_unique<StatePrefetcher>(chain.database());
    impl->importer->set_state_prefetcher(impl->prefetcher.get());
  }
  if (c.offchain_indexing) log::info("canary", "🗂  Offchain indexing enabled");
  impl->transactions =
      std::make_unique<TransactionService>(chain, *impl->host, txpool::PoolOptions{}, unix_ms);
  TransactionService* transactions = impl->transactions.get();
  impl->report_pool = std::make_unique<OffchainTransactionPool>(*transactions);
  impl->equivocation_reporter =
      std::make_unique<EquivocationReporter>(chain, *impl->host, *impl->report_pool);
  impl->importer->set_equivocation_handler([reporter = impl->equivocation_reporter.get()](
                                               const consensus::babe::EquivocationProof& proof) {
    reporter->report(babe_report(proof));
  });
  Impl* self = impl.get();
  const auto major_syncing = [self] {
    NetworkService* net = self->network_view.load();
    const auto status = net != nullptr ? net->sync_status() : std::nullopt;
    return status && status->is_major_syncing();
  };
  impl->author = std::make_unique<BabeAuthor>(
      chain, *impl->host, *impl->babe, *impl->importer,
      [transactions](blockchain::BlockBuilder& builder,
                     std::chrono::steady_clock::time_point deadline) {
        return transactions->fill_block(builder, deadline);
      },
      major_syncing);
  impl->author->set_metrics(&impl->metrics);
  impl->informant.major_syncing = major_syncing;
  chain.add_observer(&impl->informant);
  impl->runtime_preloader = std::make_unique<RuntimePreloader>(chain, *impl->host);
  chain.add_observer(impl->runtime_preloader.get());
  if (auto opened = impl->open_keystore(); !opened) return unexpected(std::move(opened).error());
  impl->offchain_storage = std::make_shared<blockchain::DatabaseOffchainStorage>(
      chain.database(),
      [](const std::string& message) { log::error("offchain-worker::storage", "{}", message); });
  if (offchain_workers_enabled(c.offchain_worker, c.validator)) {
    impl->offchain_pool = std::make_unique<OffchainTransactionPool>(*transactions);
    impl->offchain_workers = std::make_unique<OffchainWorkers>(
        chain, *impl->host,
        OffchainWorkerServices{impl->offchain_storage.get(), impl->offchain_pool.get(),
                               impl->keystore.get()},
        OffchainWorkersConfig{.is_validator = c.validator}, major_syncing);
    chain.add_observer(impl->offchain_workers.get());
    log::info("offchain-worker", "🔧 Offchain workers enabled (--offchain-worker {})",
              to_string(c.offchain_worker));
  }
  // Our keys are looked up in the keystore when they are needed, as Substrate does (BABE at each
  // slot, GRANDPA when a voter starts), so that keys made by author_rotateKeys or inserted by
  // author_insertKey author and vote as soon as the chain makes them authorities.
  GrandpaService::LocalKeyLookup grandpa_key;
  if (c.validator) {
    if (impl->babe_keys().empty()) {
      log::warn("babe", "No BABE key in the keystore yet: not authoring until one is an authority");
    }
    grandpa_key = [keystore = impl->keystore.get()](const consensus::grandpa::AuthorityList& set)
        -> std::optional<crypto::ed25519::Keypair> {
      for (const auto& [id, weight] : set) {
        auto pair = keystore->key_pair(keys::Scheme::kEd25519, key_type_id("gran"), id);
        if (pair && pair->ed25519()) return *pair->ed25519();
      }
      return std::nullopt;
    };
  }
  auto grandpa = GrandpaService::open(chain, *impl->host, std::move(grandpa_key), unix_ms());
  if (!grandpa) return unexpected("GRANDPA: " + grandpa.error());
  impl->grandpa = std::move(*grandpa);
  impl->grandpa->set_equivocation_listener(
      [reporter = impl->equivocation_reporter.get()](
          consensus::grandpa::SetId set_id, const consensus::grandpa::Equivocation& equivocation) {
        reporter->report(grandpa_report(set_id, equivocation));
      });
  if (c.network) {
    if (auto started = impl->start_network(); !started) {
      return unexpected(std::move(started).error());
    }
  }

  const blockchain::BlockRef best = chain.best();
  const blockchain::BlockRef finalized = chain.finalized();
  log::info("canary", "📦 Highest known block at #{} ({}), finalized #{}", best.number,
            log::short_hash(best.hash), finalized.number);

  if (c.rpc) {
    if (auto started = impl->start_rpc(); !started) return unexpected(std::move(started).error());
  }
  impl->started_at_s = unix_ms() / 1000;
  impl->register_metrics();
  if (impl->network) impl->task_spawned("network-worker", "networking");
  if (impl->authority_discovery) impl->task_spawned("authority-discovery-worker", "networking");
  if (c.prometheus) {
    MetricsRegistry* registry = &impl->metrics;
    auto exporter = PrometheusExporter::start(c.prometheus->first, c.prometheus->second,
                                              [registry] { return registry->render(); });
    if (!exporter) return unexpected("Prometheus: " + exporter.error());
    impl->prometheus = std::move(*exporter);
    log::info("prometheus", "〽️ Prometheus exporter started at {}:{}", c.prometheus->first,
              impl->prometheus->port());
    impl->task_spawned("prometheus-endpoint", "default");
  }
  impl->task_spawned("chain", "canary");
  impl->chain_thread = std::thread([raw = impl.get()] {
    raw->run_chain_thread();
    raw->task_ended("chain", "canary");
  });
  return std::unique_ptr<NodeService>(new NodeService(std::move(impl)));
}

// Substrate's names, HELP texts and labels (sc-service metrics.rs, sc-network, sc-network-sync,
// sc-transaction-pool, sc-consensus-grandpa, sc-consensus, sc-basic-authorship), each with
// `chain="<chain id>"` after its own labels. Values the node already keeps are read at each
// scrape; the import and proposer histograms are recorded by the importer and the author.
void NodeService::Impl::register_metrics() {
  MetricsRegistry& m = metrics;
  m.declare("substrate_block_height", MetricType::kGauge, "Block height info of the chain");
  m.declare("substrate_number_leaves", MetricType::kGauge,
            "Number of known chain leaves (aka forks)");
  m.declare("substrate_ready_transactions_number", MetricType::kGauge,
            "Number of transactions in the ready queue");
  m.declare("canary_future_transactions_number", MetricType::kGauge,
            "Number of transactions in the future queue");
  m.declare("substrate_build_info", MetricType::kGauge,
            "A metric with a constant '1' value labeled by name, version");
  m.declare("substrate_process_start_time_seconds", MetricType::kGauge,
            "Number of seconds between the UNIX epoch and the moment the process started");
  m.declare("substrate_sub_libp2p_peers_count", MetricType::kGauge, "Number of connected peers");
  m.declare("substrate_sync_peers", MetricType::kGauge, "Number of peers we sync with");
  m.declare("substrate_finality_grandpa_round", MetricType::kGauge,
            "Highest completed GRANDPA round.");
  m.declare("substrate_tasks_spawned_total", MetricType::kCounter,
            "Total number of tasks that have been spawned on the Service");
  m.declare("substrate_tasks_ended_total", MetricType::kCounter,
            "Total number of tasks for which Future::poll has returned Ready(()) or panicked");
  register_process_metrics(m);
  m.set("substrate_build_info",
        {{"name", config.node_name}, {"version", std::string(cli::kVersionString)}}, 1);
  m.set("substrate_process_start_time_seconds", {}, static_cast<double>(started_at_s));
  m.add_collector([this](MetricsRegistry& r) {
    const blockchain::BlockRef best = chain->best();
    r.set("substrate_block_height", {{"status", "best"}}, static_cast<double>(best.number));
    r.set("substrate_block_height", {{"status", "finalized"}},
          static_cast<double>(chain->finalized().number));
    r.set("substrate_number_leaves", {}, static_cast<double>(chain->leaves().size()));
    const txpool::PoolStatus pool = transactions->status();
    r.set("substrate_ready_transactions_number", {}, static_cast<double>(pool.ready));
    r.set("canary_future_transactions_number", {}, static_cast<double>(pool.future));
    // The median of the peers' best blocks when sync has seen one above ours; else our best
    // (there is nothing higher to reach).
    const auto sync = network ? network->sync_status() : std::nullopt;
    const block::BlockNumber target =
        sync && sync->best_seen_block ? std::max(*sync->best_seen_block, best.number) : best.number;
    r.set("substrate_block_height", {{"status", "sync_target"}}, static_cast<double>(target));
    r.set("substrate_sub_libp2p_peers_count", {}, static_cast<double>(peer_count()));
    r.set("substrate_sync_peers", {},
          static_cast<double>(network ? network->sync_peers().size() : 0));
    // The voter's current round follows the last completed one.
    const auto round = grandpa->round_state().best.round;
    r.set("substrate_finality_grandpa_round", {}, static_cast<double>(round > 0 ? round - 1 : 0));
  });
}

void NodeService::Impl::task_spawned(const std::string& name, const std::string& group) {
  metrics.add("substrate_tasks_spawned_total",
              {{"task_name", name}, {"task_group", group}, {"kind", "blocking"}});
  // The ended series exists from the start, at 0, as the task's spawned one does.
  metrics.add(
      "substrate_tasks_ended_total",
      {{"task_name", name}, {"reason", "finished"}, {"task_group", group}, {"kind", "blocking"}},
      0);
}

void NodeService::Impl::task_ended(const std::string& name, const std::string& group) {
  metrics.add(
      "substrate_tasks_ended_total",
      {{"task_name", name}, {"reason", "finished"}, {"task_group", group}, {"kind", "blocking"}});
}

// sc-informant's status line: "⚙️  Syncing …" with the import speed while catching up, else
// "💤 Idle".
void NodeService::Impl::status_line() {
  const blockchain::BlockRef best = chain->best();
  const blockchain::BlockRef fin = chain->finalized();
  const txpool::PoolStatus pool = transactions->status();
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - last_status_at).count();
  const double bps = last_status_at.time_since_epoch().count() != 0 && seconds > 0 &&
                             best.number >= last_status_best
                         ? static_cast<double>(best.number - last_status_best) / seconds
                         : 0.0;
  last_status_at = now;
  last_status_best = best.number;
  const auto sync = network ? network->sync_status() : std::nullopt;
  if (sync && sync->is_major_syncing()) {
    log::info("canary",
              "⚙️  Syncing {:.1f} bps, target=#{} ({} peers), best: #{} ({}), finalized #{} ({})",
              bps, sync->target, peer_count(), best.number, log::short_hash(best.hash), fin.number,
              log::short_hash(fin.hash));
    return;
  }
  log::info("canary",
            "💤 Idle ({} peers), best: #{} ({}), finalized #{} ({}), txpool: {} ready, {} future",
            peer_count(), best.number, log::short_hash(best.hash), fin.number,
            log::short_hash(fin.hash), pool.ready, pool.future);
}

void NodeService::Impl::run_chain_thread() {
  using namespace std::chrono;
  const consensus::babe::SlotClock slot_clock =
      *consensus::babe::SlotClock::create(babe->slot_duration_ms());
  uint64_t last_slot = 0;
  auto next_status = steady_clock::now() + seconds(5);
  for (;;) {
    {
      UniqueLock lock(mutex);
      if (stopping) return;
    }
    const uint64_t now = unix_ms();
    const uint64_t slot = slot_clock.slot_at(now);
    if (config.validator && slot > last_slot) {
      last_slot = slot;
      auto authored = author->on_slot(slot, babe_keys(), now);
      if (!authored) {
        log::warn("babe", "Slot {}: block authoring failed: {}", slot, authored.error().message());
      } else if (*authored) {
        log::info("babe",
                  "🎁 Prepared block for proposing at {} ({:.0f} ms) [hash: {}; extrinsics ({})]",
                  (*authored)->block.number, (*authored)->build_ms,
                  log::short_hash((*authored)->block.hash), (*authored)->extrinsics);
      }
    }
    transactions->maintain();
    const uint64_t grandpa_wake = grandpa->poll(unix_ms());
    if (steady_clock::now() >= next_status) {
      status_line();
      next_status = steady_clock::now() + seconds(5);
    }
    // Sleep until the next slot starts (or the status line is due), unless woken. Not when a slot
    // after the last one is already in progress: authoring (or importing) ran past its slot.
    const uint64_t at = unix_ms();
    const uint64_t until_slot = config.validator ? slot_clock.ms_until_slot_after(last_slot, at)
                                                 : slot_clock.ms_until_next_slot(at);
    const uint64_t until_grandpa = grandpa_wake > at ? grandpa_wake - at : 0;
    const auto until = std::min(
        {steady_clock::now() + milliseconds(std::min(until_slot, until_grandpa)), next_status});
    UniqueLock lock(mutex);
    wake.wait_until(lock.native(), until, [this]() REQUIRES(mutex) { return stopping; });
  }
}

// ---- peer-to-peer networking ---------------------------------------------------------------

Result<void, std::string> NodeService::Impl::start_network() {
  if (!config.network) return {};
  NetworkServiceConfig network_config;
  network_config.network = *config.network;
  // sc-network: "<client version> (<node name>)".
  const std::string_view version = cli::kVersionString.substr(cli::kVersionString.find(' ') + 1);
  network_config.agent_version = fmt::format("canary/{} ({})", version, config.node_name);
  network_config.authority = config.validator;
  network_config.spec = &config.spec;
  // sc-authority-discovery runs on every polkadot-sdk validator (Role::PublishAndDiscover) and on
  // collators (Role::Discover: they reach the validators, e.g. to recover a PoV); its DHT judge
  // and listener are part of the network from the first peer on.
  if (config.validator || config.collator) {
    AuthorityDiscoveryServiceConfig discovery_config;
    discovery_config.node_key = config.network->node_key;
    discovery_config.worker.role = config.validator
                                       ? network::authority_discovery::Role::kPublishAndDiscover
                                       : network::authority_discovery::Role::kDiscover;
    // polkadot-service: publish non-global addresses when they may enter the DHT.
    discovery_config.worker.publish_non_global_ips = config.network->allow_non_globals_in_dht;
    discovery_config.worker.seed = std::random_device{}();
    authority_discovery = std::make_unique<AuthorityDiscoveryService>(
        std::move(discovery_config),
        AuthorityDiscoveryServiceParts{*chain, *host, *keystore, &metrics});
    network_config.record_validator = authority_discovery->record_validator();
    network_config.on_record_event = authority_discovery->record_listener();
  }
  if (config.validator || config.collator) {
    CANARY_TRY_ASSIGN(parachains,
                      ParachainService::create(
                          ParachainServiceConfig{config.validator, config.collator,
                                                 config.pvf_worker_program, config.pvf_cache_dir},
                          ParachainServiceParts{*chain, *host, *keystore, config.spec,
                                                authority_discovery.get()}));
    parachains->add_protocols(network_config);
  }
  CANARY_TRY_ASSIGN(
      auto started,
      NetworkService::start(std::move(network_config),
                            NetworkServiceParts{*chain, *importer, *grandpa, *transactions, *host,
                                                [this] { wake.notify_all(); }}));
  network = std::move(started);
  network_view = network.get();
  if (parachains) {
    parachains->start(*network);
    if (config.validator) {
      author->set_parachains_inherent([p = parachains.get()](const block::Header& parent) {
        return p->parachains_inherent(parent);
      });
    }
  }
  if (authority_discovery) {
    authority_discovery->start(network->kademlia(),
                               [net = network.get()] { return net->listen_addresses(); });
  }
  return {};
}

size_t NodeService::Impl::peer_count() const {
  return network ? network->peer_count() : 0;
}

NodeService::NodeService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

NodeService::~NodeService() {
  stop();
}

void NodeService::wait() {
  UniqueLock lock(impl_->mutex);
  impl_->wake.wait(lock.native(), [this]() REQUIRES(impl_->mutex) { return impl_->stopped; });
}

void NodeService::stop() {
  {
    MutexLock lock(impl_->mutex);
    if (impl_->stopping) return;
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->chain_thread.joinable()) impl_->chain_thread.join();
  if (impl_->offchain_workers) {
    impl_->chain->remove_observer(impl_->offchain_workers.get());
    impl_->offchain_workers->stop();
  }
  if (impl_->rpc_server) impl_->rpc_server->stop();
  if (impl_->prometheus) {
    impl_->prometheus->stop();
    impl_->task_ended("prometheus-endpoint", "default");
  }
  if (impl_->authority_discovery) {
    impl_->authority_discovery->stop();
    impl_->task_ended("authority-discovery-worker", "networking");
  }
  if (impl_->parachains) impl_->parachains->stop();
  if (impl_->network) {
    impl_->network->stop();
    impl_->task_ended("network-worker", "networking");
  }
  impl_->grandpa.reset();
  if (impl_->equivocation_reporter) impl_->equivocation_reporter->stop();
  if (impl_->chain) {
    impl_->chain->remove_observer(&impl_->informant);
    if (impl_->runtime_preloader) impl_->chain->remove_observer(impl_->runtime_preloader.get());
  }
  {
    MutexLock lock(impl_->mutex);
    impl_->stopped = true;
  }
  impl_->wake.notify_all();
  log::info("canary", "Shutting down: the database is closed cleanly");
}

uint16_t NodeService::rpc_port() const {
  return impl_->rpc_server ? impl_->rpc_server->port() : 0;
}

}  // namespace canary::node
