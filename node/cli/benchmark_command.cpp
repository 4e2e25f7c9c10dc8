#include "node/cli/benchmark_command.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "blockchain/block_state.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/genesis.hpp"
#include "blockchain/runtime_host.hpp"
#include "executor/aot/aot_config.hpp"
#include "executor/host/signature_verifier.hpp"
#include "executor/runtime_version_call.hpp"
#include "node/chain/base_path.hpp"
#include "node/chain/embedded_runtime.hpp"
#include "node/cli/benchmark_support.hpp"
#include "node/cli/full_sync_benchmark.hpp"
#include "node/cli/large_genesis.hpp"
#include "node/cli/transfer_blocks.hpp"
#include "node/cli/window_report.hpp"
#include "node/service/babe_state.hpp"
#include "node/service/block_importer.hpp"
#include "node/service/state_prefetcher.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/hex.hpp"
#include "state/storage/database.hpp"

namespace canary::cli {

namespace {

using Clock = BenchClock;

// Issue 23's targets at 1,000,000 accounts (compared with Polkadot's sTPS measurements: under
// 1,000 transfers per second per core): 10,000 transfers/s on one core, and 1.8 times that on
// two or more.
constexpr double kTargetOneCore = 10'000;
constexpr double kTargetMultiCoreFactor = 1.8;

double target_transfers_per_second(size_t threads) {
  return threads == 1 ? kTargetOneCore : kTargetOneCore * kTargetMultiCoreFactor;
}
// How far finality trails the imported head (GRANDPA on a healthy network).
constexpr size_t kFinalityLag = 2;
constexpr u128 kEndowment = u128{1} << 60;           // as the dev accounts (~1.15 million KSM)
constexpr u128 kTransferAmount = 1'000'000'000'000;  // 1 KSM

int fail(const std::string& message) {
  return bench_fail(message);
}

// The import's reads through the database's shared caches (state/storage/README.md, "Caching").
struct CacheCounts {
  uint64_t node_hits = 0;
  uint64_t node_misses = 0;
  uint64_t value_hits = 0;
  uint64_t value_misses = 0;
  state::Database::NodeReads database_node_reads;

  CacheCounts operator-(const CacheCounts& o) const {
    return {node_hits - o.node_hits,
            node_misses - o.node_misses,
            value_hits - o.value_hits,
            value_misses - o.value_misses,
            {.count = database_node_reads.count - o.database_node_reads.count,
             .nanoseconds = database_node_reads.nanoseconds - o.database_node_reads.nanoseconds}};
  }
};

CacheCounts cache_counts(const state::Database& db) {
  return {db.node_cache().hits(), db.node_cache().misses(), db.value_cache().hits(),
          db.value_cache().misses(), db.node_reads()};
}

// The process's memory at one point of the run: the heap as jemalloc counts it (none on another
// allocator) and the anonymous resident memory, of which what the heap does not explain is the
// mappings made apart from it (Wasm instances' memories and native stacks, machine code, threads'
// stacks).
struct MemorySnapshot {
  std::optional<HeapStats> heap;
  uint64_t rss_anon = 0;

  // After handing the allocator's free pages back to the OS: jemalloc's resident figure also
  // counts dirty pages it has not purged yet, which would be taken for the heap's.
  static MemorySnapshot now() {
    release_free_memory();
    return {heap_stats(), current_rss_anon_bytes()};
  }
  uint64_t allocated() const { return heap ? heap->allocated : 0; }
  uint64_t outside_heap() const {
    const uint64_t heap_resident = heap ? heap->resident : 0;
    return rss_anon > heap_resident ? rss_anon - heap_resident : 0;
  }
};

// `after` less `before`, or 0 when it shrank.
uint64_t grown(uint64_t before, uint64_t after) {
  return after > before ? after - before : 0;
}

// The encoded blocks the benchmark holds for the import (headers apart).
uint64_t extrinsic_bytes(const std::vector<SealedBlock>& blocks) {
  uint64_t total = 0;
  for (const SealedBlock& b : blocks) {
    for (const Bytes& extrinsic : b.extrinsics) total += extrinsic.size();
  }
  return total;
}

// hits / (hits + misses), or 0 with no lookups.
double hit_rate(uint64_t hits, uint64_t misses) {
  return hits + misses == 0 ? 0 : static_cast<double>(hits) / static_cast<double>(hits + misses);
}

struct Reference {
  Elapsed sr25519;            // every transfer's signature verified one by one, natively
  double sr25519_one_us = 0;  // one sr25519 verification (thread CPU)
  // The same signatures as the import checks them: each block's as one batch
  // (sr25519::verify_batch, what the host does with a block's batch, executor/host/).
  Elapsed sr25519_batched;
  double sr25519_batched_us = 0;  // per signature
  double ed25519_us = 0;          // one libsodium ed25519 verification (sanity; thread CPU)
};

// `block_sizes`: the transfers of each block, in the order of `signed_xts`.
Result<Reference, std::string> measure_reference(const std::vector<SignedTransfer>& signed_xts,
                                                 const std::vector<size_t>& block_sizes) {
  Reference out;
  const Stopwatch sr_start;
  size_t good = 0;
  for (const SignedTransfer& t : signed_xts) {
    good += crypto::sr25519::verify(t.signature, t.payload, t.signer) ? 1 : 0;
  }
  out.sr25519 = Elapsed::since(sr_start);
  if (good != signed_xts.size()) {
    return unexpected(std::to_string(signed_xts.size() - good) + " signatures do not verify");
  }
  out.sr25519_one_us = out.sr25519.thread_cpu_ms * 1000 / static_cast<double>(signed_xts.size());

  std::vector<std::vector<crypto::sr25519::SignedMessage>> batches;
  batches.reserve(block_sizes.size());
  size_t next = 0;
  for (const size_t size : block_sizes) {
    auto& batch = batches.emplace_back();
    batch.reserve(size);
    for (size_t i = 0; i < size && next < signed_xts.size(); ++i, ++next) {
      const SignedTransfer& t = signed_xts[next];
      batch.push_back({t.signature, t.payload, t.signer});
    }
  }
  const Stopwatch batched_start;
  bool all_valid = true;
  for (const auto& batch : batches) all_valid = crypto::sr25519::verify_batch(batch) && all_valid;
  out.sr25519_batched = Elapsed::since(batched_start);
  if (!all_valid) return unexpected(std::string("a block's signatures do not verify as a batch"));
  out.sr25519_batched_us =
      out.sr25519_batched.thread_cpu_ms * 1000 / static_cast<double>(signed_xts.size());

  // libsodium's ed25519 on payloads of the same size: the cheapest common signature check.
  if (sodium_init() < 0) return unexpected(std::string("libsodium does not initialize"));
  const size_t count = std::min<size_t>(signed_xts.size(), 2'000);
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  unsigned char seed[crypto_sign_SEEDBYTES] = {1};
  crypto_sign_seed_keypair(pk, sk, seed);
  std::vector<std::array<unsigned char, crypto_sign_BYTES>> signatures(count);
  for (size_t i = 0; i < count; ++i) {
    const Bytes& m = signed_xts[i].payload;
    crypto_sign_detached(signatures[i].data(), nullptr, m.data(), m.size(), sk);
  }
  const Stopwatch ed_start;
  good = 0;
  for (size_t i = 0; i < count; ++i) {
    const Bytes& m = signed_xts[i].payload;
    good += crypto_sign_verify_detached(signatures[i].data(), m.data(), m.size(), pk) == 0 ? 1 : 0;
  }
  out.ed25519_us = Elapsed::since(ed_start).thread_cpu_ms * 1000 / static_cast<double>(count);
  if (good != count) return unexpected(std::string("libsodium refuses its own signatures"));
  return out;
}

// The options every benchmark has: the engine, where compiled runtimes are cached, the output.
void add_engine_and_output_options(CLI::App& command, bool& interpreted, std::string& aot_cache_dir,
                                   bool& json) {
  command.add_flag("--interpreted", interpreted,
                   "Build and import on the interpreter instead of the compiled tier");
  command.add_option("--aot-cache-dir", aot_cache_dir,
                     "Where compiled runtimes are cached (default: " +
                         executor::aot::AotConfig::default_cache_dir() + ")");
  command.add_flag("--json", json, "Print the figures as JSON");
}

}  // namespace

BenchmarkCommand::BenchmarkCommand(CLI::App& app) {
  benchmark_ = app.add_subcommand("benchmark", "Benchmarks of the node (figures with a reference)");
  benchmark_->require_subcommand(1);

  block_import_ = benchmark_->add_subcommand(
      "block-import",
      "Import blocks full of signed transfer_keep_alive on a fresh node and time it");
  block_import_->add_option("--transfers", transfers_, "Transfers in all")
      ->check(CLI::Range(size_t{1}, size_t{10'000'000}))
      ->capture_default_str();
  block_import_
      ->add_option("--block-transfers", block_transfers_,
                   "Transfers per block at most (default: until the block is full)")
      ->check(CLI::Range(size_t{1}, size_t{10'000'000}));
  block_import_
      ->add_option("--accounts", accounts_,
                   "Pre-funded accounts, half senders, half receivers (default: two per "
                   "transfer, so that all are distinct)")
      ->check(CLI::Range(size_t{2}, size_t{20'000'000}));
  block_import_
      ->add_option("--threads", threads_,
                   "Import threads: the importing one, and the others verifying the blocks' "
                   "signatures while it executes them (default: all cores)")
      ->check(CLI::Range(size_t{1}, size_t{256}));
  block_import_
      ->add_option("--window", window_,
                   "Blocks per window of the sustained rate: a long import is also reported "
                   "per window, the slowest against the fastest")
      ->check(CLI::Range(size_t{1}, size_t{1'000'000}))
      ->capture_default_str();
  caches_.add_to(block_import_);
  // A developer option: accounts per chunk of the genesis state written into the database; 0
  // builds the whole genesis with one GenesisBuilder call (as before issue 23; tests compare).
  block_import_->add_option("--genesis-chunk", genesis_chunk_)->group("");
  block_import_
      ->add_option("--wasm-compiler", wasm_compiler_,
                   "The compiled tier to import on: wasm2c (the whole runtime, waited for) or "
                   "optimizing (the node's default: the blocks are built on the profiling "
                   "baseline JIT, whose hot functions are then compiled and kept for the "
                   "importing node)")
      ->check(CLI::IsMember({"wasm2c", "optimizing"}))
      ->capture_default_str();
  add_engine_and_output_options(*block_import_, interpreted_, aot_cache_dir_, json_);

  full_sync_ = benchmark_->add_subcommand(
      "full-sync", "Sync a chain of blocks with transfers from a peer over loopback and time it");
  FullSyncOptions& sync = full_sync_options_;
  full_sync_->add_option("--blocks", sync.blocks, "Blocks of the source chain")
      ->check(CLI::Range(size_t{1}, size_t{1'000'000}))
      ->capture_default_str();
  full_sync_
      ->add_option("--transfers-per-block", sync.transfers_per_block,
                   "Signed transfer_keep_alive in each block")
      ->check(CLI::Range(size_t{1}, size_t{1'000}))
      ->capture_default_str();
  full_sync_->add_flag("--full-blocks", sync.full_blocks,
                       "Fill each block with as many transfers as the runtime accepts, instead of "
                       "--transfers-per-block");
  full_sync_
      ->add_option("--window", sync.window,
                   "Blocks per window of the sustained rate, the slowest against the fastest")
      ->check(CLI::Range(size_t{1}, size_t{1'000'000}))
      ->capture_default_str();
  add_engine_and_output_options(*full_sync_, sync.interpreted, sync.aot_cache_dir, sync.json);

  governance_ = benchmark_->add_subcommand(
      "governance",
      "Referenda deciding and a block of conviction votes: declared weights against execution");
  GovernanceBenchmarkOptions& gov = governance_options_;
  governance_->add_option("--votes", gov.votes, "Conviction votes, all in one block")
      ->check(CLI::Range(size_t{1}, size_t{10'000}))
      ->capture_default_str();
  governance_
      ->add_option("--referenda", gov.referenda,
                   "Referenda deciding on the referendum_canceller track (at most 1,000 decide)")
      ->check(CLI::Range(size_t{1}, size_t{1'000}))
      ->capture_default_str();
  add_engine_and_output_options(*governance_, gov.interpreted, gov.aot_cache_dir, gov.json);

  election_ = benchmark_->add_subcommand(
      "election",
      "The staking election at Kusama's bounds: the runtime's offchain miner against native, and "
      "the on-chain feasibility check against its declared weight");
  ElectionBenchmarkOptions& election = election_options_;
  election_->add_option("--voters", election.voters, "Voters, each nominating up to 24")
      ->check(CLI::Range(size_t{1}, size_t{100'000}))
      ->capture_default_str();
  election_->add_option("--candidates", election.candidates, "Validator candidates")
      ->check(CLI::Range(size_t{1}, size_t{10'000}))
      ->capture_default_str();
  election_->add_option("--validators", election.validators, "Validators to elect")
      ->check(CLI::Range(uint32_t{1}, uint32_t{2'000}))
      ->capture_default_str();
  election_->add_option("--repeat", election.repeat, "Runs of each timed step (the best counts)")
      ->check(CLI::Range(size_t{1}, size_t{100}))
      ->capture_default_str();
  add_engine_and_output_options(*election_, election.interpreted, election.aot_cache_dir,
                                election.json);

  staking_ = benchmark_->add_subcommand(
      "staking",
      "Blocks full of bond + nominate and payout_stakers of a page of nominators: declared "
      "weights against execution");
  StakingBenchmarkOptions& staking = staking_options_;
  staking_->add_option("--bonders", staking.bonders, "Accounts that bond and nominate")
      ->check(CLI::Range(size_t{1}, size_t{100'000}))
      ->capture_default_str();
  staking_
      ->add_option("--nominators", staking.nominators,
                   "Nominators of Alice's stash in era 0's exposure (one page: at most 512)")
      ->check(CLI::Range(size_t{1}, size_t{512}))
      ->capture_default_str();
  add_engine_and_output_options(*staking_, staking.interpreted, staking.aot_cache_dir,
                                staking.json);
}

bool BenchmarkCommand::selected() const {
  return benchmark_->parsed();
}

int BenchmarkCommand::execute() const {
  if (full_sync_->parsed()) return run_full_sync_benchmark(full_sync_options_);
  if (governance_->parsed()) return run_governance_benchmark(governance_options_);
  if (election_->parsed()) return run_election_benchmark(election_options_);
  if (staking_->parsed()) return run_staking_benchmark(staking_options_);
  return block_import();
}

int BenchmarkCommand::block_import() const {
  const size_t threads =
      threads_ != 0 ? threads_ : std::max<size_t>(std::thread::hardware_concurrency(), 1);
  auto code = node::embedded_runtime();
  if (!code) return fail(node::kNoEmbeddedRuntimeMessage);
  const size_t n = transfers_;
  const size_t k = accounts_ != 0 ? accounts_ : 2 * n;
  const size_t senders = k / 2;
  const size_t receivers = k - senders;
  const bool compiled = !interpreted_;
  // Transfer i goes from sender i mod S (nonce i div S) to receiver i mod R: these are the
  // accounts that take part.
  const size_t signing = std::min(n, senders);
  const size_t receiving = std::min(n, receivers);

  // 1. Accounts and genesis. Only the senders that sign need keypairs (sr25519 derivation is
  // ~50 us each, minutes at ten million); every other account is a 32-byte id nobody signs for.
  progress("[1/6] Deriving " + grouped(static_cast<double>(signing)) + " sender keypairs of " +
           grouped(static_cast<double>(k)) + " accounts");
  std::vector<crypto::sr25519::Keypair> keypairs;
  keypairs.reserve(signing);
  for (size_t i = 0; i < signing; ++i) keypairs.push_back(bench_account(i));
  auto account_id = [&](size_t i) -> crypto::sr25519::PublicKey {
    return i < signing ? keypairs[i].public_key : bench_account_id(i);
  };
  std::vector<crypto::sr25519::PublicKey> receiver_ids;
  receiver_ids.reserve(receiving);
  for (size_t r = 0; r < receiving; ++r) receiver_ids.push_back(account_id(senders + r));
  // The builder's node: a runtime host (compiled, once ready) for the genesis and the blocks.
  const bool optimizing = compiled && wasm_compiler_ == "optimizing";
  const blockchain::RuntimeHostConfig host_config =
      benchmark_host_config(compiled, aot_cache_dir_, optimizing);
  // The builder profiles its own blocks (a hot set some node kept for this runtime may be another
  // workload's); the importing node then loads the set the builder kept.
  blockchain::RuntimeHostConfig build_config = host_config;
  build_config.reuse_hot_set = false;
  auto build_host = std::make_unique<blockchain::RuntimeHost>(build_config);
  auto build_engine = optimizing ? load_first_tier(*build_host, *code, nullptr)
                                 : warm_first_runtime(*build_host, *code, host_config);
  if (!build_engine) return fail(build_engine.error());

  // The genesis goes into the builder's database once; the importing node gets a checkpoint of
  // it (hard links), so both start from the same state without building it twice.
  auto build_dir = node::BasePath::temporary();
  if (!build_dir) return fail(build_dir.error());
  auto import_dir = node::BasePath::temporary();
  if (!import_dir) return fail(import_dir.error());
  const std::filesystem::path import_db_dir = import_dir->path() / "db";
  auto build_db = state::Database::open((build_dir->path() / "db").string(), {});
  if (!build_db) return fail("the builder's database: " + build_db.error().message());
  auto started = Clock::now();
  std::optional<state::ChainSpec> spec;
  block::Header genesis_header;
  if (genesis_chunk_ == 0) {
    progress("[2/6] Building the genesis: the development preset and " +
             grouped(static_cast<double>(k)) + " endowed accounts in one GenesisBuilder call, on " +
             *build_engine);
    std::vector<crypto::sr25519::PublicKey> all;
    all.reserve(k);
    for (size_t i = 0; i < k; ++i) all.push_back(account_id(i));
    auto built = dev_spec_with_accounts(*build_host, *code, all, kEndowment);
    if (!built) return fail(built.error());
    spec = std::move(*built);
    auto genesis = blockchain::make_genesis_block(*spec);
    if (!genesis) return fail("the genesis block: " + genesis.error().message());
    state::BlockCommit commit;
    commit.header = genesis->header;
    commit.body = scale::encode(std::vector<Bytes>{});
    commit.new_nodes = &genesis->nodes;
    auto written = (*build_db)->commit(commit);
    if (!written) return fail("writing the genesis block: " + written.error().message());
    genesis_header = genesis->header;
  } else {
    progress("[2/6] Building the genesis: the development preset on " + *build_engine + ", then " +
             grouped(static_cast<double>(k)) + " endowed accounts written into the database in " +
             "chunks of " + grouped(static_cast<double>(genesis_chunk_)));
    // Account 0 with every account's endowment: the runtime's genesis sees the final issuance.
    const crypto::sr25519::PublicKey first = account_id(0);
    auto built = dev_spec_with_accounts(*build_host, *code, std::span(&first, 1),
                                        kEndowment * static_cast<u128>(k));
    if (!built) return fail(built.error());
    spec = std::move(*built);
    GenesisChunkOptions options;
    options.accounts_per_chunk = genesis_chunk_;
    const auto chunks_started = Clock::now();
    options.on_chunk = [&](size_t written) {
      progress("      " + grouped(static_cast<double>(written)) + " / " +
               grouped(static_cast<double>(k)) + " accounts (" +
               fixed(ms_since(chunks_started) / 1000, 1) + " s)");
    };
    auto genesis =
        write_genesis_with_accounts(**build_db, *spec, k, account_id, kEndowment, options);
    if (!genesis) return fail(genesis.error());
    genesis_header = genesis->header;
  }
  const block::BlockHash genesis_hash = block::hash_of(genesis_header);
  if (auto copied = (*build_db)->checkpoint(import_db_dir.string()); !copied) {
    return fail("copying the genesis database: " + copied.error().message());
  }
  const double genesis_ms = ms_since(started);
  const uint64_t genesis_disk_bytes = directory_bytes(import_db_dir);

  // 2. The transfers: transfer i from sender i mod S (nonce i div S) to receiver i mod R.
  auto version = executor::runtime_version_of_code(*code);
  if (!version) return fail("the embedded runtime's version: " + version.error().message);
  const TransferSigning signing_data{version->spec_version, version->transaction_version,
                                     genesis_hash};
  progress("[3/6] Signing " + grouped(static_cast<double>(n)) + " transfer_keep_alive");
  std::vector<SignedTransfer> signed_xts;
  std::vector<Bytes> extrinsics;
  signed_xts.reserve(n);
  extrinsics.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    signed_xts.push_back(
        sign_transfer_keep_alive(signing_data, keypairs[i % senders], receiver_ids[i % receivers],
                                 static_cast<uint32_t>(i / senders), kTransferAmount));
    extrinsics.push_back(signed_xts.back().extrinsic);
  }

  // 3. Build and seal the blocks (Alice, the dev chain's only BABE authority).
  auto alice = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice");
  if (!alice) return fail("//Alice: " + std::string(keys::to_string(alice.error())));
  std::vector<SealedBlock> blocks;
  double build_ms = 0;
  {
    // The builder's database goes away with the scope.
    auto chain = blockchain::Chain::open(std::move(*build_db));
    if (!chain) return fail(chain.error().message());
    // The genesis state's runtime (its :heappages may make it another one than the genesis
    // builder's).
    build_engine = optimizing ? load_first_tier(*build_host, *code, &*spec)
                              : warm_runtime(*build_host, *code, &*spec, compiled);
    if (!build_engine) return fail(build_engine.error());
    progress("[4/6] Building blocks on " + *build_engine);
    BuildOptions options;
    options.max_transfers_per_block = block_transfers_;
    options.on_block = [](const SealedBlock& b) {
      progress("      block #" + std::to_string(b.header.number) + ": " +
               grouped(static_cast<double>(b.transfers)) + " transfers");
    };
    started = Clock::now();
    auto built =
        build_transfer_blocks(**chain, *build_host, extrinsics, *alice->sr25519(), options);
    if (!built) return fail(built.error());
    build_ms = ms_since(started);
    blocks = std::move(*built);
    if (optimizing) {
      // Building profiled the runtime: its hot functions compile now, and the set is kept in the
      // cache, where the importing node's runtime finds it and compiles (loads) it at once.
      progress("      compiling the functions the building ran hot (the optimizing tier)");
      auto hot = warm_runtime(*build_host, *code, &*spec, compiled, optimizing);
      if (!hot) return fail(hot.error());
    }
  }
  build_host.reset();

  // 4. Import them on a fresh node (the genesis checkpoint, cold caches), timed. The node's
  // verifier checks each block's signatures on the other threads while the runtime runs on.
  executor::host::SignatureVerifier verifier(threads - 1);
  blockchain::RuntimeHostConfig import_config = host_config;
  import_config.signature_verifier = &verifier;
  // The heap before the importing node exists (the benchmark's own: the blocks to import), and
  // what its runtime adds (code in each tier, instances, their memories), so that the resident
  // memory after the import can be told apart.
  const MemorySnapshot before_node = MemorySnapshot::now();
  blockchain::RuntimeHost host(import_config);
  auto engine = warm_runtime(host, *code, &*spec, compiled, optimizing);
  if (!engine) return fail(engine.error());
  const MemorySnapshot with_runtime = MemorySnapshot::now();
  state::DatabaseOptions import_options;
  import_options.expected_genesis = genesis_hash;
  import_options.db_cache_bytes = caches_.db_cache_bytes();
  import_options.set_trie_cache_bytes(caches_.trie_cache_bytes());
  auto import_db = state::Database::open(import_db_dir.string(), import_options);
  if (!import_db) return fail("the importing node's database: " + import_db.error().message());
  auto chain = blockchain::Chain::open(std::move(*import_db));
  if (!chain) return fail(chain.error().message());
  auto babe = node::BabeState::open(**chain, host);  // also instantiates the runtime
  if (!babe) return fail("BABE's genesis configuration: " + babe.error().message());
  node::BlockImporter importer(**chain, host, **babe);
  // With two threads or more, the signers' accounts are also read ahead of the runtime, as the
  // node does (node::StatePrefetcher).
  std::optional<node::StatePrefetcher> prefetcher;
  if (threads > 1) {
    prefetcher.emplace((*chain)->database());
    importer.set_state_prefetcher(&*prefetcher);
  }
  const uint64_t import_now_ms = (blocks.back().slot + 1) * (*babe)->slot_duration_ms();
  progress("[5/6] Importing " + std::to_string(blocks.size()) + " blocks on " + *engine);
  const state::Database& db = (*chain)->database();
  const uint64_t setup_peak_rss = peak_rss_bytes();
  // The builder's memory (its trie chunks, blocks, database) is freed; hand it back to the OS so
  // that the import's resident memory is the importing node's, not the heap the allocator keeps.
  release_free_memory();
  const bool peak_reset = reset_peak_rss();
  const CacheCounts caches_before = cache_counts(db);
  node::ImportTimings split;
  double finality_ms = 0;
  std::vector<ImportedBlockTiming> timings;
  timings.reserve(blocks.size());
  const Stopwatch import_start;
  CacheCounts caches_at_block = caches_before;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const SealedBlock& b = blocks[i];
    const uint64_t faults_before = thread_page_faults();
    const auto block_start = Clock::now();
    auto imported = importer.import_block(b.header, b.extrinsics, std::nullopt, import_now_ms);
    if (!imported) {
      return fail("importing block #" + std::to_string(b.header.number) + ": " +
                  imported.error().message());
    }
    const node::ImportTimings& t = imported->timings;
    split.verify += t.verify;
    split.execute += t.execute;
    split.runtime += t.runtime;
    split.state_root += t.state_root;
    split.commit += t.commit;
    // GRANDPA on a healthy network finalizes two blocks behind the head; the database then
    // prunes the states that left its window, as a node's does over a long import.
    if (i >= kFinalityLag) {
      const auto finality_start = Clock::now();
      auto finalized = (*chain)->finalize(block::hash_of(blocks[i - kFinalityLag].header));
      if (!finalized) return fail("finalizing: " + finalized.error().message());
      finality_ms += ms_since(finality_start);
    }
    const double block_ms = ms_since(block_start);
    const CacheCounts caches_now = cache_counts(db);
    const CacheCounts block_caches = caches_now - caches_at_block;
    caches_at_block = caches_now;
    timings.push_back(
        {.transfers = b.transfers,
         .wall_ms = block_ms,
         .split = ImportSplit{
             .runtime_ms = ms(t.runtime),
             .commit_ms = ms(t.commit),
             .node_cache_hits = block_caches.node_hits,
             .node_cache_misses = block_caches.node_misses,
             .database_node_reads = block_caches.database_node_reads.count,
             .database_node_read_ms =
                 static_cast<double>(block_caches.database_node_reads.nanoseconds) / 1e6,
             .page_faults = thread_page_faults() - faults_before}});
    // The database's growth per window (compaction shows as a window whose size drops), outside
    // the block's own time.
    if (window_ > 0 && (i + 1) % window_ == 0) {
      timings.back().disk_bytes = directory_bytes(import_db_dir);
      timings.back().level0_files = db.node_level0_files();
    }
  }
  const Elapsed import = Elapsed::since(import_start);
  const uint64_t prefetched_keys = prefetcher ? prefetcher->keys_read() : 0;
  const WindowReport windows = WindowReport::of(timings, window_);
  const CacheCounts caches = cache_counts(db) - caches_before;
  const size_t trie_cache_used = db.node_cache().size_bytes() + db.value_cache().size_bytes();
  const state::Database::RocksDbMemory rocksdb_memory = db.rocksdb_memory();
  const MemorySnapshot after_import = MemorySnapshot::now();  // first: it purges the free pages
  const auto heap_figure = [&](uint64_t bytes) {
    return after_import.heap ? nlohmann::ordered_json(bytes) : nlohmann::ordered_json(nullptr);
  };
  const uint64_t rss = current_rss_bytes();
  const uint64_t rss_file = current_rss_file_bytes();
  const uint64_t runtime_heap = grown(before_node.allocated(), with_runtime.allocated());
  // What the heap holds beyond the benchmark's own part, the runtime and the caches' accounted
  // bytes (RocksDB's cache, memtables included, is on the heap too): the importing node's
  // working memory (the block tree, the overlays, the state root's work) and the caches'
  // bookkeeping beyond their accounting.
  const uint64_t heap_other =
      grown(before_node.allocated() + runtime_heap + trie_cache_used + rocksdb_memory.cache_bytes,
            after_import.allocated());
  const std::optional<uint64_t> import_peak_rss =
      peak_reset ? peak_rss_since_reset_bytes() : std::nullopt;
  // ru_maxrss follows the kernel's high-water mark, updated lazily (and reset with VmHWM): the
  // run's peak is the largest of what was seen.
  const uint64_t peak_rss =
      std::max({setup_peak_rss, peak_rss_bytes(), import_peak_rss.value_or(0), rss});
  const uint64_t disk_bytes = directory_bytes(import_db_dir);

  // 5. The result must be right: the chain ends at the built block, every balance moved, and an
  // account no transfer touched kept its endowment.
  if ((*chain)->best().hash != block::hash_of(blocks.back().header)) {
    return fail("the imported chain's best block is not the last built block");
  }
  auto final_state = blockchain::BlockState::at(**chain, (*chain)->best().hash);
  if (!final_state) return fail(final_state.error().message());
  for (size_t s = 0; s < signing; ++s) {
    const size_t sent = n / senders + (s < n % senders ? 1 : 0);
    auto account = account_state(*final_state, keypairs[s].public_key);
    if (!account) return fail(account.error());
    if (account->nonce != sent || account->free > kEndowment - kTransferAmount * sent) {
      return fail("sender " + std::to_string(s) + " has nonce " + std::to_string(account->nonce) +
                  " after " + std::to_string(sent) + " transfers, or too much left");
    }
  }
  for (size_t r = 0; r < receiving; ++r) {
    const size_t received = n / receivers + (r < n % receivers ? 1 : 0);
    auto account = account_state(*final_state, receiver_ids[r]);
    if (!account) return fail(account.error());
    if (account->free != kEndowment + kTransferAmount * received) {
      return fail("receiver " + std::to_string(r) + " does not have its " +
                  std::to_string(received) + " transfers");
    }
  }
  for (const size_t idle : {senders - 1, k - 1}) {
    if ((idle < senders && idle < signing) || (idle >= senders && idle - senders < receiving)) {
      continue;
    }
    auto account = account_state(*final_state, account_id(idle));
    if (!account) return fail(account.error());
    if (account->nonce != 0 || account->free != kEndowment) {
      return fail("account " + std::to_string(idle) + ", which no transfer touched, changed");
    }
  }

  // 6. The reference, in this run: the same signatures verified natively.
  progress("[6/6] Reference: verifying the " + grouped(static_cast<double>(n)) +
           " signatures natively");
  std::vector<size_t> block_sizes;
  block_sizes.reserve(blocks.size());
  for (const auto& b : blocks) block_sizes.push_back(b.transfers);
  auto reference = measure_reference(signed_xts, block_sizes);
  if (!reference) return fail(reference.error());

  // The target is judged on wall time: what a node importing these blocks sees. The process's CPU
  // time (one thread's work plus RocksDB's) is printed beside it: the same on an idle machine,
  // shorter than the wall time on a busy one.
  const double tps = static_cast<double>(n) * 1000 / import.wall_ms;
  const double bps = static_cast<double>(blocks.size()) * 1000 / import.wall_ms;
  const double tps_cpu = static_cast<double>(n) * 1000 / import.process_cpu_ms;
  const double bps_cpu = static_cast<double>(blocks.size()) * 1000 / import.process_cpu_ms;
  const double cpu_share = import.thread_cpu_ms / import.wall_ms;
  // The import's split, from the importer's own (wall) timings.
  const double import_ms = import.wall_ms;
  const double verify_ms = ms(split.verify);
  const double runtime_ms = ms(split.runtime);
  const double root_ms = ms(split.state_root);
  const double session_ms = ms(split.execute) - runtime_ms - root_ms;
  const double commit_ms = ms(split.commit);
  const double other_ms = import_ms - verify_ms - ms(split.execute) - commit_ms - finality_ms;
  // Against the signatures checked one by one (the issue's measure), and against them checked as
  // the import does, each block's as one batch.
  const double ratio = import.process_cpu_ms / reference->sr25519.thread_cpu_ms;
  const double ratio_batched = import.process_cpu_ms / reference->sr25519_batched.thread_cpu_ms;
  const double target = target_transfers_per_second(threads);
  const bool pass = tps >= target;
  const size_t most =
      std::max_element(blocks.begin(), blocks.end(), [](const auto& a, const auto& b) {
        return a.transfers < b.transfers;
      })->transfers;

  if (json_) {
    nlohmann::ordered_json out;
    out["benchmark"] = "block-import";
    out["engine"] = *engine;
    out["transfers"] = n;
    out["accounts"] = k;
    out["blocks"] = blocks.size();
    out["transfersPerBlockMax"] = most;
    out["genesisMs"] = genesis_ms;
    out["buildMs"] = build_ms;
    out["import"] = {{"wallMs", import.wall_ms},
                     {"processCpuMs", import.process_cpu_ms},
                     {"threadCpuMs", import.thread_cpu_ms}};
    // Wall time; transfersPerSecondWall is kept for scripts that read it.
    out["transfersPerSecond"] = tps;
    out["blocksPerSecond"] = bps;
    out["transfersPerSecondWall"] = tps;
    out["transfersPerSecondCpu"] = tps_cpu;
    out["blocksPerSecondCpu"] = bps_cpu;
    out["split"] = {{"babeVerifyMs", verify_ms}, {"runtimeMs", runtime_ms},
                    {"stateRootMs", root_ms},    {"sessionMs", session_ms},
                    {"commitMs", commit_ms},     {"finalityMs", finality_ms},
                    {"otherMs", other_ms}};
    out["reference"] = {{"sr25519VerifyAllCpuMs", reference->sr25519.thread_cpu_ms},
                        {"sr25519VerifyAllWallMs", reference->sr25519.wall_ms},
                        {"sr25519VerifyUs", reference->sr25519_one_us},
                        {"sr25519BatchedCpuMs", reference->sr25519_batched.thread_cpu_ms},
                        {"sr25519BatchedUs", reference->sr25519_batched_us},
                        {"ed25519LibsodiumVerifyUs", reference->ed25519_us},
                        {"importOverSignatureChecks", ratio},
                        {"importOverBatchedSignatureChecks", ratio_batched}};
    out["target"] = {{"transfersPerSecond", target}, {"pass", pass}};
    // Issue 23: the import's threads, the state on disk, the caches and the memory.
    out["threads"] = threads;
    // The signers' accounts read ahead of the runtime (node::StatePrefetcher; two threads or more).
    out["prefetchedKeys"] = prefetched_keys;
    // The imported chain's head: the block the builder sealed (checked above), whatever the
    // threads.
    out["bestHash"] = to_hex((*chain)->best().hash);
    out["genesis"] = {{"hash", to_hex(genesis_hash)},
                      {"stateRoot", to_hex(genesis_header.state_root)},
                      {"accountsPerChunk", genesis_chunk_}};
    out["disk"] = {{"genesisBytes", genesis_disk_bytes}, {"afterImportBytes", disk_bytes}};
    out["caches"] = {{"node",
                      {{"hits", caches.node_hits},
                       {"misses", caches.node_misses},
                       {"hitRate", hit_rate(caches.node_hits, caches.node_misses)},
                       {"capacityBytes", db.node_cache().capacity_bytes()}}},
                     {"value",
                      {{"hits", caches.value_hits},
                       {"misses", caches.value_misses},
                       {"hitRate", hit_rate(caches.value_hits, caches.value_misses)},
                       {"capacityBytes", db.value_cache().capacity_bytes()}}}};
    out["finalized"] = (*chain)->finalized().number;
    // Issue 23's sustained import: the rate per window of blocks (whole windows only), and the
    // slowest window against the fastest (absent with fewer than two windows).
    out["windows"] = window_report_json(windows, blocks);
    out["memory"] = {
        {"peakRssBytes", peak_rss},
        {"importPeakRssBytes", import_peak_rss ? nlohmann::ordered_json(*import_peak_rss)
                                               : nlohmann::ordered_json(nullptr)},
        {"rssBytes", rss},
        {"rssFileBytes", rss_file},
        {"trieCacheBytes", import_options.trie_cache_bytes()},
        {"trieCacheUsedBytes", trie_cache_used},
        {"dbCacheBytes", import_options.db_cache_bytes},
        {"dbCacheUsedBytes", rocksdb_memory.cache_bytes},
        {"memtableBytes", rocksdb_memory.memtable_bytes},
        {"rssAnonBytes", after_import.rss_anon},
        // jemalloc's figures, null on another allocator (the sanitizers' builds): what is
        // allocated and the heap's resident pages after the import; the heap's parts: the
        // benchmark's own before the importing node (its blocks' extrinsics are blocksBytes of
        // it), the runtime's, the caches' (above), the rest; the anonymous memory beside it.
        {"heapAllocatedBytes", heap_figure(after_import.allocated())},
        {"heapResidentBytes", heap_figure(after_import.heap ? after_import.heap->resident : 0)},
        {"benchmarkHeapBytes", heap_figure(before_node.allocated())},
        {"blocksBytes", extrinsic_bytes(blocks)},
        {"runtimeHeapBytes", heap_figure(runtime_heap)},
        {"otherHeapBytes", heap_figure(heap_other)},
        {"outsideHeapBytes", heap_figure(after_import.outside_heap())}};
    std::cout << out.dump(2) << "\n";
    return 0;
  }

  auto line = [&](const char* what, double part_ms, const std::string& note = "") {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "  %-18s %9.1f ms %6.1f %%", what, part_ms,
                  100 * part_ms / import_ms);
    std::cout << buffer << (note.empty() ? "" : "  " + note) << "\n";
  };
  std::cout << "Block import: " << grouped(static_cast<double>(n)) << " transfer_keep_alive in "
            << blocks.size() << " blocks (up to " << grouped(static_cast<double>(most))
            << " per block), " << grouped(static_cast<double>(k)) << " accounts\n"
            << "Engine:       " << *engine << "\n"
            << "Setup:        genesis " << fixed(genesis_ms, 0) << " ms, build "
            << fixed(build_ms, 0) << " ms (not timed as import)\n"
            << "Import:       " << fixed(import.wall_ms, 1) << " ms wall: " << grouped(tps)
            << " transfers/s, " << fixed(bps, 2) << " blocks/s\n"
            << "              (CPU " << fixed(import.process_cpu_ms, 1)
            << " ms: " << grouped(tps_cpu) << " transfers/s, " << fixed(bps_cpu, 2)
            << " blocks/s; the importing thread had a core " << fixed(100 * cpu_share, 0)
            << " % of the time)\n"
            << "Split (wall):\n";
  line("BABE verification", verify_ms);
  line("runtime", runtime_ms, "Core_execute_block, signature checks included");
  line("state root", root_ms, "the new state's trie nodes (the root: runtime's storage_root)");
  line("session", session_ms, "runtime instance, :code");
  line("database commit", commit_ms);
  line("finality", finality_ms, "each block finalized two behind the head, with pruning");
  line("other", other_ms);
  std::cout << "Threads:      " << threads
            << (threads == 1 ? " (import on one thread)\n"
                             : " (the importing thread, and " + std::to_string(threads - 1) +
                                   " verifying the blocks' signatures meanwhile; beside them " +
                                   grouped(static_cast<double>(prefetched_keys)) +
                                   " signers' accounts read ahead of the runtime)\n")
            << "State:        " << fixed(mib(genesis_disk_bytes), 1) << " MiB on disk at genesis, "
            << fixed(mib(disk_bytes), 1) << " MiB after the import (the database directory)\n"
            << "Caches:       node "
            << fixed(100 * hit_rate(caches.node_hits, caches.node_misses), 1) << " % hits ("
            << grouped(static_cast<double>(caches.node_hits)) << " of "
            << grouped(static_cast<double>(caches.node_hits + caches.node_misses)) << "), value "
            << fixed(100 * hit_rate(caches.value_hits, caches.value_misses), 1) << " % hits ("
            << grouped(static_cast<double>(caches.value_hits)) << " of "
            << grouped(static_cast<double>(caches.value_hits + caches.value_misses))
            << "), during the import, from cold\n"
            << "Memory:       resident " << fixed(mib(rss), 0) << " MiB after the import ("
            << fixed(mib(rss_file), 0) << " MiB of it mapped files: the database's tables, the "
            << "binary), peak "
            << (import_peak_rss ? fixed(mib(*import_peak_rss), 0) + " MiB during it, " : "")
            << fixed(mib(peak_rss), 0) << " MiB over the whole run\n"
            << "              (the node's caches: trie " << fixed(mib(trie_cache_used), 0) << " of "
            << fixed(mib(import_options.trie_cache_bytes()), 0) << " MiB, database "
            << fixed(mib(rocksdb_memory.cache_bytes), 0) << " of "
            << fixed(mib(import_options.db_cache_bytes), 0) << " MiB with "
            << fixed(mib(rocksdb_memory.memtable_bytes), 0) << " MiB of memtables)\n";
  if (after_import.heap) {
    std::cout << "              anonymous " << fixed(mib(after_import.rss_anon), 0)
              << " MiB: the heap's resident " << fixed(mib(after_import.heap->resident), 0)
              << " MiB (" << fixed(mib(after_import.heap->allocated), 0)
              << " MiB allocated: the caches, the benchmark's own "
              << fixed(mib(before_node.allocated()), 0) << " with "
              << fixed(mib(extrinsic_bytes(blocks)), 0) << " of blocks, the runtime "
              << fixed(mib(runtime_heap), 0) << ", the rest " << fixed(mib(heap_other), 0)
              << "), beside it " << fixed(mib(after_import.outside_heap()), 0)
              << " MiB of other mappings (Wasm instances' memories and stacks, machine code, "
                 "threads' stacks)\n";
  }
  print_window_report(std::cout, windows, blocks);
  std::cout << "Reference:    " << grouped(static_cast<double>(n))
            << " sr25519 signatures checked natively as the import does (each block's as one "
               "batch): "
            << fixed(reference->sr25519_batched.thread_cpu_ms, 1) << " ms CPU ("
            << fixed(reference->sr25519_batched_us, 1) << " us each; one by one "
            << fixed(reference->sr25519_one_us, 1)
            << " us; libsodium ed25519: " << fixed(reference->ed25519_us, 1) << " us)\n"
            << "Ratio:        import = " << fixed(ratio, 2)
            << "x bare signature checks one by one, " << fixed(ratio_batched, 2)
            << "x the batches (CPU time; 1 would be a free runtime)\n"
            << "Target:       >= " << grouped(target) << " transfers/s on "
            << (threads == 1 ? "one core" : std::to_string(threads) + " threads")
            << ", wall time (sTPS reference: under 1,000): " << (pass ? "PASS" : "FAIL") << " ("
            << grouped(tps) << ")\n";
  return 0;
}

}  // namespace canary::cli
