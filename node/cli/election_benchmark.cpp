#include "node/cli/election_benchmark.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "blockchain/chain.hpp"
#include "blockchain/genesis.hpp"
#include "blockchain/runtime_host.hpp"
#include "executor/offchain/memory_offchain_storage.hpp"
#include "executor/offchain/transaction_pool.hpp"
#include "node/chain/embedded_runtime.hpp"
#include "node/cli/bench_node.hpp"
#include "node/cli/benchmark_support.hpp"
#include "node/cli/transfer_blocks.hpp"
#include "node/service/block_importer.hpp"
#include "node/service/offchain_workers.hpp"
#include "node/service/unix_time.hpp"
#include "primitives/block/block.hpp"
#include "primitives/hash/storage_hasher.hpp"
#include "primitives/keys/key_pair.hpp"
#include "runtime/tools/election_reference.hpp"

namespace canary::cli {

namespace {

namespace tools = rt::tools;

// The issue's targets.
constexpr double kPhragmenTargetMs = 2'000;
constexpr double kMinerRatioTarget = 2;

// The offchain worker's transaction pool: keeps what the runtime submits.
class CapturingPool final : public executor::offchain::TransactionPool {
 public:
  bool submit_transaction(ByteSpan extrinsic) override {
    submitted.emplace_back(extrinsic.begin(), extrinsic.end());
    return true;
  }
  std::vector<Bytes> submitted;
};

// The least of `repeat` runs of `run` (thread CPU, wall beside it); stops at the first error.
template <class F>
Result<Elapsed, std::string> best_of(size_t repeat, F&& run) {
  Elapsed best{std::numeric_limits<double>::infinity(), 0, std::numeric_limits<double>::infinity()};
  for (size_t i = 0; i < repeat; ++i) {
    const Stopwatch start;
    CANARY_TRY(run());
    const Elapsed took = Elapsed::since(start);
    if (took.thread_cpu_ms < best.thread_cpu_ms) best = took;
  }
  return best;
}

std::string score_text(const tools::Score& s) {
  return "(" + std::to_string(static_cast<uint64_t>(s.minimal_stake)) + ", " +
         std::to_string(static_cast<double>(s.sum_stake)) + ", " +
         std::to_string(static_cast<double>(s.sum_stake_squared)) + ")";
}

}  // namespace

int run_election_benchmark(const ElectionBenchmarkOptions& options) {
  auto code = node::embedded_runtime();
  if (!code) return bench_fail(node::kNoEmbeddedRuntimeMessage);
  if (options.validators == 0 || options.validators > options.candidates) {
    return bench_fail("--validators must be between 1 and --candidates");
  }
  const bool compiled = !options.interpreted;
  const size_t repeat = std::max<size_t>(options.repeat, 1);

  // 1. The election.
  progress("[1/5] Generating the election: " + grouped(static_cast<double>(options.voters)) +
           " voters with up to 24 nominations over " +
           grouped(static_cast<double>(options.candidates)) + " candidates, electing " +
           grouped(options.validators));
  const tools::ElectionInput input =
      tools::random_election(options.voters, options.candidates, options.validators);
  const tools::NativeElection native(input);

  // 2. The native reference.
  progress("[2/5] Reference: seq-Phragmén and the runtime's miner natively, best of " +
           std::to_string(repeat));
  auto phragmen = best_of(repeat, [&]() -> Result<void, std::string> {
    CANARY_TRY(native.seq_phragmen());
    return {};
  });
  if (!phragmen) return bench_fail("natively: " + phragmen.error());
  std::optional<tools::SolutionSummary> mined;
  auto miner = best_of(repeat, [&]() -> Result<void, std::string> {
    CANARY_TRY_ASSIGN(auto summary, native.mine());
    mined = summary;
    return {};
  });
  if (!miner) return bench_fail("the native miner: " + miner.error());

  // 3. The chain whose genesis holds the election in an open unsigned phase.
  const blockchain::RuntimeHostConfig host_config =
      benchmark_host_config(compiled, options.aot_cache_dir);
  auto build_host = std::make_unique<blockchain::RuntimeHost>(host_config);
  auto engine = warm_first_runtime(*build_host, *code, host_config);
  if (!engine) return bench_fail(engine.error());
  progress("[3/5] The development chain with the election's snapshot in an unsigned phase, on " +
           *engine);
  auto spec = dev_spec_with_accounts(*build_host, *code, {}, 0);
  if (!spec) return bench_fail(spec.error());
  for (auto& [key, value] : native.open_unsigned_phase_storage(0)) {
    spec->top[std::move(key)] = std::move(value);
  }
  auto genesis = blockchain::make_genesis_block(*spec);
  if (!genesis) return bench_fail("the genesis block: " + genesis.error().message());
  auto builder = open_bench_node(std::move(build_host), *code, *spec, *genesis, compiled);
  if (!builder) return bench_fail(builder.error());
  BenchNode& build_node = **builder;
  engine = build_node.engine;

  // 4. The offchain worker mines, checks and submits.
  progress("[4/5] The runtime's offchain worker mines on " + *engine + ", best of " +
           std::to_string(repeat));
  Bytes submission;
  std::optional<tools::SolutionSummary> submitted;
  auto ocw = best_of(repeat, [&]() -> Result<void, std::string> {
    executor::offchain::MemoryOffchainStorage storage(
        executor::offchain::MemoryOffchainStorage::Local::kUnavailable);
    CapturingPool pool;
    node::OffchainWorkers workers(*build_node.chain, *build_node.host,
                                  {.storage = &storage, .pool = &pool}, {.is_validator = true});
    auto outcome = workers.run(genesis->header);
    workers.stop();
    if (!outcome) return unexpected("the offchain worker: " + outcome.error());
    if (*outcome != node::OffchainRunOutcome::kRan) {
      return unexpected(std::string("the runtime has no offchain worker"));
    }
    if (pool.submitted.size() != 1) {
      return unexpected("the offchain worker submitted " + std::to_string(pool.submitted.size()) +
                        " extrinsics, not one solution");
    }
    CANARY_TRY_ASSIGN(auto summary, tools::decode_unsigned_submission(pool.submitted[0]));
    submitted = summary;
    submission = std::move(pool.submitted[0]);
    return {};
  });
  if (!ocw) return bench_fail(ocw.error());
  if (submitted->score != mined->score || submitted->voters != mined->voters ||
      submitted->round != 1) {
    return bench_fail("the runtime's solution (score " + score_text(submitted->score) + ", " +
                      std::to_string(submitted->voters) + " voters, round " +
                      std::to_string(submitted->round) + ") is not the native miner's (score " +
                      score_text(mined->score) + ", " + std::to_string(mined->voters) + " voters)");
  }

  // 5. The solution in a block, imported by a fresh node.
  progress("[5/5] A block with the solution and an empty one, imported by a fresh node");
  auto alice = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice");
  if (!alice) return bench_fail("//Alice: " + std::string(keys::to_string(alice.error())));
  const uint64_t slot_ms = build_node.slot_ms();
  const std::optional<ByteSpan> inner = block::opaque_extrinsic_bytes(submission);
  if (!inner) return bench_fail("the submission is not an opaque extrinsic");
  const std::vector<Bytes> extrinsics{Bytes(inner->begin(), inner->end())};
  BuildOptions build;
  constexpr size_t kMostBlocks = 4;
  build.first_slot = node::unix_ms() / slot_ms - kMostBlocks - 1;
  build.max_blocks = kMostBlocks;
  build.min_blocks = 1;
  auto built = build_transfer_blocks(*build_node.chain, *build_node.host, extrinsics,
                                     *alice->sr25519(), build);
  if (!built) return bench_fail("building the solution's block: " + built.error());
  // One empty block after the solution's: the reference.
  build.first_slot = built->back().slot + 1;
  build.min_blocks = 1;
  auto empty_built =
      build_transfer_blocks(*build_node.chain, *build_node.host, {}, *alice->sr25519(), build);
  if (!empty_built) return bench_fail("building the empty block: " + empty_built.error());
  std::vector<SealedBlock> blocks = std::move(*built);
  for (SealedBlock& b : *empty_built) blocks.push_back(std::move(b));
  builder->reset();

  auto fresh_node = open_bench_node(std::make_unique<blockchain::RuntimeHost>(host_config), *code,
                                    *spec, *genesis, compiled);
  if (!fresh_node) return bench_fail(fresh_node.error());
  BenchNode& fresh = **fresh_node;
  engine = fresh.engine;
  node::BlockImporter importer(*fresh.chain, *fresh.host, *fresh.babe);
  const uint64_t now_ms = (blocks.back().slot + 1) * slot_ms;
  double solution_block_ms = 0;
  double empty_block_ms = 0;
  uint64_t solution_weight_ps = 0;
  uint32_t solution_block = 0;
  for (const SealedBlock& b : blocks) {
    auto imported = importer.import_block(b.header, b.extrinsics, std::nullopt, now_ms);
    if (!imported) {
      return bench_fail("importing block #" + std::to_string(b.header.number) + ": " +
                        imported.error().message());
    }
    const double runtime_ms = ms(imported->timings.runtime);
    if (b.transfers == 0) {
      empty_block_ms = runtime_ms;
      continue;
    }
    solution_block = static_cast<uint32_t>(b.header.number);
    solution_block_ms = runtime_ms;
    // Unsigned submit_unsigned counts in the operational class.
    auto weight = block_weight(*fresh.chain, imported->block.hash);
    if (!weight) return bench_fail(weight.error());
    solution_weight_ps = weight->operational;
  }
  auto queued = read_storage(*fresh.chain, fresh.chain->best().hash,
                             hash::storage_prefix("ElectionProviderMultiPhase", "QueuedSolution"));
  if (!queued) return bench_fail(queued.error());
  if (!*queued) return bench_fail("no ElectionProviderMultiPhase.QueuedSolution after the block");

  const double declared_ms = static_cast<double>(solution_weight_ps) / 1e9;
  const double block_share = static_cast<double>(solution_weight_ps) / kMaxBlockRefTimePs;
  const double ratio = ocw->thread_cpu_ms / miner->thread_cpu_ms;
  const bool phragmen_pass = phragmen->thread_cpu_ms <= kPhragmenTargetMs;
  const bool ratio_pass = ratio <= kMinerRatioTarget;
  const bool block_pass = block_share <= 1 && solution_block_ms <= declared_ms &&
                          solution_block_ms <= kMaxBlockRefTimePs / 1e9;
  const bool pass = phragmen_pass && ratio_pass && block_pass;

  if (options.json) {
    nlohmann::ordered_json out;
    out["benchmark"] = "election";
    out["engine"] = *engine;
    out["voters"] = options.voters;
    out["candidates"] = options.candidates;
    out["validators"] = options.validators;
    out["solution"] = {{"voters", submitted->voters},
                       {"winners", submitted->winners},
                       {"bytes", submitted->encoded_bytes},
                       {"trimmedForWeight", mined->trimmed_for_weight},
                       {"trimmedForLength", mined->trimmed_for_length},
                       {"minimalStake", static_cast<double>(submitted->score.minimal_stake)}};
    out["native"] = {{"seqPhragmenCpuMs", phragmen->thread_cpu_ms},
                     {"seqPhragmenWallMs", phragmen->wall_ms},
                     {"minerCpuMs", miner->thread_cpu_ms},
                     {"minerWallMs", miner->wall_ms}};
    out["runtime"] = {
        {"offchainWorkerCpuMs", ocw->thread_cpu_ms},   {"offchainWorkerWallMs", ocw->wall_ms},
        {"offchainWorkerPerNativeMiner", ratio},       {"solutionBlock", solution_block},
        {"solutionBlockRuntimeMs", solution_block_ms}, {"solutionBlockDeclaredMs", declared_ms},
        {"solutionBlockShare", block_share},           {"emptyBlockRuntimeMs", empty_block_ms}};
    out["pass"] = pass;
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  const auto verdict = [](bool ok) { return ok ? "PASS" : "FAIL"; };
  std::cout << "Election:   " << grouped(static_cast<double>(options.voters)) << " voters over "
            << grouped(static_cast<double>(options.candidates)) << " candidates, electing "
            << grouped(options.validators) << "\n"
            << "Engine:     " << *engine << "\n"
            << "Solution:   " << submitted->voters << " voters (" << mined->trimmed_for_weight
            << " trimmed for weight, " << mined->trimmed_for_length << " for length), "
            << submitted->winners << " winners, " << grouped(submitted->encoded_bytes)
            << " bytes; score " << score_text(submitted->score) << "\n"
            << "Native:     seq-Phragmén " << fixed(phragmen->thread_cpu_ms, 1)
            << " ms CPU (target at most " << grouped(kPhragmenTargetMs)
            << " ms: " << verdict(phragmen_pass)
            << "); the miner as the offchain worker runs it (decode, mine, check, encode) "
            << fixed(miner->thread_cpu_ms, 1) << " ms CPU\n"
            << "Runtime:    the offchain worker does the same and submits in "
            << fixed(ocw->thread_cpu_ms, 1) << " ms CPU = " << fixed(ratio, 2)
            << "x the native miner (target at most " << fixed(kMinerRatioTarget, 0)
            << "x: " << verdict(ratio_pass) << ")\n"
            << "On chain:   block #" << solution_block << " with the solution executes in "
            << fixed(solution_block_ms, 1) << " ms against " << fixed(declared_ms, 1)
            << " ms declared (operational) = " << fixed(100 * block_share, 1) << " % of the block ("
            << verdict(block_pass) << "); an empty block " << fixed(empty_block_ms, 1) << " ms\n"
            << "Target:     " << verdict(pass) << "\n";
  return 0;
}

}  // namespace canary::cli
