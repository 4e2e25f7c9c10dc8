#include "node/cli/full_sync_benchmark.hpp"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "blockchain/chain.hpp"
#include "blockchain/genesis.hpp"
#include "blockchain/open_chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "executor/runtime_version_call.hpp"
#include "network/libp2p/multiaddr.hpp"
#include "node/chain/base_path.hpp"
#include "node/chain/embedded_runtime.hpp"
#include "node/cli/benchmark_support.hpp"
#include "node/cli/transfer_blocks.hpp"
#include "node/cli/window_report.hpp"
#include "node/service/babe_state.hpp"
#include "node/service/block_importer.hpp"
#include "node/service/grandpa_service.hpp"
#include "node/service/log.hpp"
#include "node/service/network_service.hpp"
#include "node/service/transaction_service.hpp"
#include "node/service/unix_time.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/keys/key_pair.hpp"

namespace canary::cli {

namespace {

// The networking issue's target (blocks of a few transfers).
constexpr double kTargetBlocksPerSecond = 500;
// Issue 23's target (full blocks).
constexpr double kTargetTransfersPerSecond = 5'000;
// Senders (and as many receivers): each sends every S-th transfer, so that a block never holds two
// transfers of one sender (a full block holds ~2,400), and the genesis stays small whatever N is.
constexpr size_t kMaxSenders = 4'000;
// Transfers signed per block with --full-blocks: more than a block takes (2,393 today); the
// builder stops each block where the runtime says it is full, the rest are not used.
constexpr size_t kFullBlockBound = 2'600;
constexpr u128 kEndowment = u128{1} << 60;           // as the dev accounts (~1.15 million KSM)
constexpr u128 kTransferAmount = 1'000'000'000'000;  // 1 KSM
// A sync that makes no progress for this long has failed.
constexpr std::chrono::seconds kStallTimeout{120};
// Blocks between two progress lines while building.
constexpr size_t kProgressEvery = 1'000;

// One node: what node_service.cpp wires for a full node that neither authors nor serves RPC (the
// runtime host, the chain, BABE's state, the importer, the transaction pool and GRANDPA, and a
// chain thread that lets the pool and GRANDPA act on what was imported), plus its
// NetworkService once started.
class BenchNode {
 public:
  static Result<std::unique_ptr<BenchNode>, std::string> open(
      std::unique_ptr<blockchain::RuntimeHost> host, std::unique_ptr<blockchain::Chain> chain) {
    std::unique_ptr<BenchNode> node(new BenchNode());
    node->host_ = std::move(host);
    node->chain_ = std::move(chain);
    auto babe = node::BabeState::open(*node->chain_, *node->host_);
    if (!babe) return unexpected("BABE: " + babe.error().message());
    node->babe_ = std::move(*babe);
    node->importer_ =
        std::make_unique<node::BlockImporter>(*node->chain_, *node->host_, *node->babe_);
    node->transactions_ = std::make_unique<node::TransactionService>(
        *node->chain_, *node->host_, txpool::PoolOptions{}, node::unix_ms);
    auto grandpa =
        node::GrandpaService::open(*node->chain_, *node->host_, nullptr, node::unix_ms());
    if (!grandpa) return unexpected("GRANDPA: " + grandpa.error());
    node->grandpa_ = std::move(*grandpa);
    node->chain_thread_ = std::thread([raw = node.get()] { raw->run_chain_thread(); });
    return node;
  }

  ~BenchNode() {
    if (network_) network_->stop();
    {
      MutexLock lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (chain_thread_.joinable()) chain_thread_.join();
    network_.reset();
    grandpa_.reset();
    transactions_.reset();
  }
  BenchNode(const BenchNode&) = delete;
  BenchNode& operator=(const BenchNode&) = delete;

  // Listens on 127.0.0.1 (any port), with `boot_nodes` to connect to.
  Result<void, std::string> start_network(const state::ChainSpec& spec,
                                          std::vector<network::Multiaddr> boot_nodes,
                                          const std::string& name) {
    node::NetworkServiceConfig config;
    randombytes_buf(config.network.node_key.data(), config.network.node_key.size());
    config.network.listen_addresses = {
        network::Multiaddr::from_string("/ip4/127.0.0.1/tcp/0").value()};
    config.network.boot_nodes = std::move(boot_nodes);
    config.agent_version = "canary-benchmark (" + name + ")";
    config.spec = &spec;
    auto started = node::NetworkService::start(
        std::move(config), node::NetworkServiceParts{.chain = *chain_,
                                                     .importer = *importer_,
                                                     .grandpa = *grandpa_,
                                                     .transactions = *transactions_,
                                                     .runtime = *host_,
                                                     .wake_chain = [this] { wake(); }});
    if (!started) return unexpected(std::move(started).error());
    network_ = std::move(*started);
    return {};
  }

  // Where peers reach it: the listen address with its PeerId.
  Result<network::Multiaddr, std::string> dial_address() const {
    const auto addresses = network_->listen_addresses();
    if (addresses.empty()) return unexpected(std::string("the source node does not listen"));
    auto full = addresses.front().with_p2p(network_->local_peer_id());
    if (!full) return unexpected(std::string("the source node's address"));
    return *full;
  }

  blockchain::Chain& chain() { return *chain_; }
  node::BlockImporter& importer() { return *importer_; }

 private:
  BenchNode() = default;

  void wake() {
    {
      MutexLock lock(mutex_);
      woken_ = true;
    }
    wake_.notify_all();
  }

  // The node's chain thread without authoring: the pool and GRANDPA act on imports.
  void run_chain_thread() {
    for (;;) {
      transactions_->maintain();
      const uint64_t grandpa_wake = grandpa_->poll(node::unix_ms());
      const uint64_t now = node::unix_ms();
      const auto sleep = std::chrono::milliseconds(
          std::min<uint64_t>(grandpa_wake > now ? grandpa_wake - now : 0, 1'000));
      UniqueLock lock(mutex_);
      wake_.wait_for(lock.native(), sleep,
                     [this]() REQUIRES(mutex_) { return stopping_ || woken_; });
      if (stopping_) return;
      woken_ = false;
    }
  }

  // Declared in the order they are built; destroyed in reverse.
  std::unique_ptr<blockchain::RuntimeHost> host_;
  std::unique_ptr<blockchain::Chain> chain_;
  std::unique_ptr<node::BabeState> babe_;
  std::unique_ptr<node::BlockImporter> importer_;
  std::unique_ptr<node::TransactionService> transactions_;
  std::unique_ptr<node::GrandpaService> grandpa_;
  std::unique_ptr<node::NetworkService> network_;
  Mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ GUARDED_BY(mutex_) = false;
  bool woken_ GUARDED_BY(mutex_) = false;
  std::thread chain_thread_;
};

struct Figures {
  size_t blocks = 0;
  size_t transfers_per_block = 0;
  size_t transfers = 0;
  size_t accounts = 0;
  std::string engine;
  double genesis_ms = 0;
  double build_ms = 0;
  Elapsed local;            // the reference: import without the network
  Elapsed sync;             // over the network, from the syncing node's start to best #N
  double connected_ms = 0;  // of which until the first block was imported
  WindowReport windows;     // the sync's rate per window of blocks
  // Resident memory of this process (both nodes and the benchmark's blocks): after the sync, and
  // its peak during the sync when the kernel lets the peak be reset.
  uint64_t rss_bytes = 0;
  std::optional<uint64_t> sync_peak_rss_bytes;
};

// Items per second of wall time.
double rate(size_t count, const Elapsed& elapsed) {
  return static_cast<double>(count) * 1000 / elapsed.wall_ms;
}

std::string per_block(const Figures& f) {
  if (f.transfers_per_block != 0) return std::to_string(f.transfers_per_block) + " per block";
  return "full blocks: " +
         grouped(static_cast<double>(f.transfers) / static_cast<double>(f.blocks)) +
         " per block on average";
}

void print(const Figures& f, std::span<const SealedBlock> blocks) {
  const double n = static_cast<double>(f.blocks);
  const double sync_bps = rate(f.blocks, f.sync);
  const double local_bps = rate(f.blocks, f.local);
  const double sync_tps = rate(f.transfers, f.sync);
  const double local_tps = rate(f.transfers, f.local);
  const double ratio = sync_bps / local_bps;
  const double transfers = static_cast<double>(f.transfers);
  const bool pass = sync_bps >= kTargetBlocksPerSecond;
  const bool transfers_pass = sync_tps >= kTargetTransfersPerSecond;
  std::cout << "Full sync:    " << grouped(n) << " blocks, " << grouped(transfers)
            << " transfer_keep_alive (" << per_block(f) << "; a session's first block holds none), "
            << grouped(static_cast<double>(f.accounts)) << " accounts\n"
            << "Engine:       " << f.engine << "\n"
            << "Setup:        genesis " << fixed(f.genesis_ms, 0) << " ms, build "
            << fixed(f.build_ms, 0) << " ms (not timed)\n"
            << "Network:      " << fixed(f.sync.wall_ms, 1) << " ms wall: " << fixed(sync_bps, 1)
            << " blocks/s, " << grouped(sync_tps)
            << " transfers/s over loopback (first block after " << fixed(f.connected_ms, 1)
            << " ms: connection, handshakes, first response)\n"
            << "              process CPU " << fixed(f.sync.process_cpu_ms, 1)
            << " ms (both nodes, every thread: " << fixed(f.sync.process_cpu_ms / f.sync.wall_ms, 2)
            << " cores busy on average)\n"
            << "Reference:    local import of the same blocks: " << fixed(f.local.wall_ms, 1)
            << " ms wall, " << fixed(local_bps, 1) << " blocks/s, " << grouped(local_tps)
            << " transfers/s (process CPU " << fixed(f.local.process_cpu_ms, 1) << " ms)\n"
            << "Ratio:        over the network = " << fixed(ratio, 2)
            << "x the local import's blocks/s (1 would be a free network)\n"
            << "Target:       >= " << grouped(kTargetBlocksPerSecond)
            << " blocks/s from a peer on loopback: " << (pass ? "PASS" : "FAIL") << " ("
            << fixed(sync_bps, 1) << ")\n";
  // Issue 23's target is about full blocks: a run of a few transfers per block says nothing of it.
  if (f.transfers_per_block == 0) {
    std::cout << "              >= " << grouped(kTargetTransfersPerSecond)
              << " transfers/s with full blocks (issue 23): " << (transfers_pass ? "PASS" : "FAIL")
              << " (" << grouped(sync_tps) << ")\n";
  }
  std::cout << "Memory:       resident " << fixed(mib(f.rss_bytes), 0) << " MiB after the sync"
            << (f.sync_peak_rss_bytes
                    ? ", peak " + fixed(mib(*f.sync_peak_rss_bytes), 0) + " MiB during it"
                    : std::string())
            << " (both nodes and the benchmark's blocks share this process)\n";
  print_window_report(std::cout, f.windows, blocks);
}

void print_json(const Figures& f, std::span<const SealedBlock> blocks) {
  const double sync_bps = rate(f.blocks, f.sync);
  const double local_bps = rate(f.blocks, f.local);
  const double sync_tps = rate(f.transfers, f.sync);
  const double local_tps = rate(f.transfers, f.local);
  nlohmann::ordered_json out;
  out["benchmark"] = "full-sync";
  out["engine"] = f.engine;
  out["blocks"] = f.blocks;
  // 0 with --full-blocks (as many as fit: transfers / blocks on average).
  out["transfersPerBlock"] = f.transfers_per_block;
  out["transfers"] = f.transfers;
  out["accounts"] = f.accounts;
  out["genesisMs"] = f.genesis_ms;
  out["buildMs"] = f.build_ms;
  out["sync"] = {{"wallMs", f.sync.wall_ms},
                 {"processCpuMs", f.sync.process_cpu_ms},
                 {"firstBlockMs", f.connected_ms},
                 {"blocksPerSecond", sync_bps},
                 {"transfersPerSecond", sync_tps}};
  out["reference"] = {{"localImportWallMs", f.local.wall_ms},
                      {"localImportProcessCpuMs", f.local.process_cpu_ms},
                      {"blocksPerSecond", local_bps},
                      {"transfersPerSecond", local_tps},
                      {"syncOverLocal", sync_bps / local_bps}};
  out["target"] = {{"blocksPerSecond", kTargetBlocksPerSecond},
                   {"pass", sync_bps >= kTargetBlocksPerSecond}};
  // Only with full blocks (null otherwise), as the text.
  out["transfersTarget"] =
      f.transfers_per_block == 0
          ? nlohmann::ordered_json{{"transfersPerSecond", kTargetTransfersPerSecond},
                                   {"pass", sync_tps >= kTargetTransfersPerSecond}}
          : nlohmann::ordered_json(nullptr);
  out["windows"] = window_report_json(f.windows, blocks);
  out["memory"] = {
      {"rssBytes", f.rss_bytes},
      {"syncPeakRssBytes", f.sync_peak_rss_bytes ? nlohmann::ordered_json(*f.sync_peak_rss_bytes)
                                                 : nlohmann::ordered_json(nullptr)}};
  std::cout << out.dump(2) << "\n";
}

}  // namespace

int run_full_sync_benchmark(const FullSyncOptions& options) {
  auto code = node::embedded_runtime();
  if (!code) return bench_fail(node::kNoEmbeddedRuntimeMessage);
  if (sodium_init() < 0) return bench_fail("libsodium does not initialize");
  // The nodes' own lines (identity, listening) would drown the progress lines.
  node::log::set_max_level(node::log::Level::kWarn);

  Figures figures;
  figures.blocks = options.blocks;
  figures.transfers_per_block = options.full_blocks ? 0 : options.transfers_per_block;
  const size_t n =
      options.blocks * (options.full_blocks ? kFullBlockBound : options.transfers_per_block);
  const size_t senders = std::min(n, kMaxSenders);
  figures.accounts = 2 * senders;
  const bool compiled = !options.interpreted;
  const blockchain::RuntimeHostConfig host_config =
      benchmark_host_config(compiled, options.aot_cache_dir);

  // 1. Accounts, genesis, transfers.
  progress("[1/5] Deriving " + grouped(static_cast<double>(figures.accounts)) + " accounts");
  std::vector<crypto::sr25519::Keypair> accounts;
  std::vector<crypto::sr25519::PublicKey> public_keys;
  for (size_t i = 0; i < figures.accounts; ++i) {
    accounts.push_back(bench_account(i));
    public_keys.push_back(accounts.back().public_key);
  }
  auto source_host = std::make_unique<blockchain::RuntimeHost>(host_config);
  auto engine = warm_first_runtime(*source_host, *code, host_config);
  if (!engine) return bench_fail(engine.error());
  progress("[2/5] Building the genesis and signing " + grouped(static_cast<double>(n)) +
           " transfers, on " + *engine);
  auto started = BenchClock::now();
  auto spec = dev_spec_with_accounts(*source_host, *code, public_keys, kEndowment);
  if (!spec) return bench_fail(spec.error());
  auto genesis = blockchain::make_genesis_block(*spec);
  if (!genesis) return bench_fail("the genesis block: " + genesis.error().message());
  figures.genesis_ms = ms_since(started);
  auto version = executor::runtime_version_of_code(*code);
  if (!version) return bench_fail("the embedded runtime's version: " + version.error().message);
  const TransferSigning signing{version->spec_version, version->transaction_version, genesis->hash};
  std::vector<Bytes> extrinsics;
  extrinsics.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    extrinsics.push_back(
        sign_transfer_keep_alive(signing, accounts[i % senders], public_keys[senders + i % senders],
                                 static_cast<uint32_t>(i / senders), kTransferAmount)
            .extrinsic);
  }

  // 2. The source chain, on slots that are all in the past.
  auto source_dir = node::BasePath::temporary();
  if (!source_dir) return bench_fail(source_dir.error());
  auto source_chain = blockchain::open_chain(source_dir->path() / "db", *genesis);
  if (!source_chain) return bench_fail(source_chain.error().message());
  engine = warm_runtime(*source_host, *code, &*spec, compiled);
  if (!engine) return bench_fail(engine.error());
  auto alice = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice");
  if (!alice) return bench_fail("//Alice: " + std::string(keys::to_string(alice.error())));
  figures.engine = *engine;
  progress("[3/5] Building " + grouped(static_cast<double>(options.blocks)) + " blocks on " +
           *engine);
  std::vector<SealedBlock> blocks;
  {
    // The slot duration, to start far enough in the past.
    uint64_t slot_ms = 0;
    {
      auto babe = node::BabeState::open(**source_chain, *source_host);
      if (!babe) return bench_fail("BABE: " + babe.error().message());
      slot_ms = (*babe)->slot_duration_ms();
    }
    BuildOptions build;
    build.first_slot = node::unix_ms() / slot_ms - options.blocks - 1;
    build.max_transfers_per_block = options.full_blocks ? 0 : options.transfers_per_block;
    build.max_blocks = options.blocks;
    build.on_block = [&](const SealedBlock& b) {
      if (b.header.number % kProgressEvery == 0 || b.header.number == options.blocks) {
        progress("      block #" + grouped(static_cast<double>(b.header.number)) + " (" +
                 fixed(ms_since(started) / 1000, 1) + " s)");
      }
    };
    started = BenchClock::now();
    auto built =
        build_transfer_blocks(**source_chain, *source_host, extrinsics, *alice->sr25519(), build);
    if (!built) return bench_fail(built.error());
    figures.build_ms = ms_since(started);
    blocks = std::move(*built);
  }
  if (blocks.size() != options.blocks) {
    return bench_fail("built " + std::to_string(blocks.size()) + " blocks instead of " +
                      std::to_string(options.blocks));
  }
  const block::BlockHash last = block::hash_of(blocks.back().header);
  for (const SealedBlock& b : blocks) figures.transfers += b.transfers;

  // 3. The reference: the same blocks imported without the network.
  progress("[4/5] Reference: importing the " + grouped(static_cast<double>(blocks.size())) +
           " blocks into a fresh chain, without the network");
  {
    auto dir = node::BasePath::temporary();
    if (!dir) return bench_fail(dir.error());
    auto host = std::make_unique<blockchain::RuntimeHost>(host_config);
    if (auto warm = warm_runtime(*host, *code, &*spec, compiled); !warm) {
      return bench_fail(warm.error());
    }
    auto chain = blockchain::open_chain(dir->path() / "db", *genesis);
    if (!chain) return bench_fail(chain.error().message());
    auto local = BenchNode::open(std::move(host), std::move(*chain));
    if (!local) return bench_fail(local.error());
    const Stopwatch start;
    for (const SealedBlock& b : blocks) {
      auto imported =
          (*local)->importer().import_block(b.header, b.extrinsics, std::nullopt, node::unix_ms());
      if (!imported) {
        return bench_fail("importing block #" + std::to_string(b.header.number) + ": " +
                          imported.error().message());
      }
    }
    figures.local = Elapsed::since(start);
    if ((*local)->chain().best().hash != last) {
      return bench_fail("the locally imported chain does not end at the built block");
    }
  }

  // 4. Over the network.
  progress("[5/5] Syncing the " + grouped(static_cast<double>(blocks.size())) +
           " blocks from the source node over loopback");
  auto source = BenchNode::open(std::move(source_host), std::move(*source_chain));
  if (!source) return bench_fail(source.error());
  if (auto up = (*source)->start_network(*spec, {}, "source"); !up) return bench_fail(up.error());
  auto source_address = (*source)->dial_address();
  if (!source_address) return bench_fail(source_address.error());

  auto sync_dir = node::BasePath::temporary();
  if (!sync_dir) return bench_fail(sync_dir.error());
  auto sync_host = std::make_unique<blockchain::RuntimeHost>(host_config);
  if (auto warm = warm_runtime(*sync_host, *code, &*spec, compiled); !warm) {
    return bench_fail(warm.error());
  }
  auto sync_chain = blockchain::open_chain(sync_dir->path() / "db", *genesis);
  if (!sync_chain) return bench_fail(sync_chain.error().message());
  auto syncing = BenchNode::open(std::move(sync_host), std::move(*sync_chain));
  if (!syncing) return bench_fail(syncing.error());

  // Memory freed by the setup goes back to the system first, so that the peak is the sync's.
  release_free_memory();
  const bool peak_reset = reset_peak_rss();
  const Stopwatch start;
  if (auto up = (*syncing)->start_network(*spec, {*source_address}, "syncing"); !up) {
    return bench_fail(up.error());
  }
  blockchain::Chain& synced = (*syncing)->chain();
  block::BlockNumber seen = 0;
  auto last_progress = BenchClock::now();
  // Each block's share of the time since the best block last moved (the sync imports in batches).
  std::vector<ImportedBlockTiming> timings;
  timings.reserve(blocks.size());
  auto next_line = BenchClock::now() + std::chrono::seconds(5);
  while (synced.best().number < options.blocks) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const block::BlockNumber best = synced.best().number;
    const auto now = BenchClock::now();
    if (best != seen) {
      if (seen == 0) figures.connected_ms = ms(now - start.wall);
      const double share = ms(now - (seen == 0 ? start.wall : last_progress)) / (best - seen);
      for (block::BlockNumber b = seen; b < best && b < blocks.size(); ++b) {
        timings.push_back({.transfers = blocks[b].transfers, .wall_ms = share});
      }
      seen = best;
      last_progress = now;
    } else if (now - last_progress > kStallTimeout) {
      return bench_fail("the sync stalled at block #" + std::to_string(best));
    }
    if (now >= next_line) {
      progress("      best #" + grouped(static_cast<double>(best)) + " after " +
               fixed(ms(now - start.wall) / 1000, 1) + " s");
      next_line = now + std::chrono::seconds(5);
    }
  }
  figures.sync = Elapsed::since(start);
  figures.windows = WindowReport::of(timings, options.window);
  figures.rss_bytes = current_rss_bytes();
  if (peak_reset) figures.sync_peak_rss_bytes = peak_rss_since_reset_bytes();
  if (synced.best().hash != last) {
    return bench_fail("the synced chain's best block is not the source's #" +
                      std::to_string(options.blocks));
  }
  syncing->reset();
  source->reset();

  if (options.json) {
    print_json(figures, blocks);
  } else {
    print(figures, blocks);
  }
  return 0;
}

}  // namespace canary::cli
