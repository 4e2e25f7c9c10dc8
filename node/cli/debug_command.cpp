#include "node/cli/debug_command.hpp"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "executor/aot/aot_engine.hpp"
#include "executor/baseline_jit/baseline_jit_engine.hpp"
#include "executor/fast_interpreter/fast_interpreter_engine.hpp"
#include "executor/host/host_api.hpp"
#include "executor/host/host_context.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/optimizing/optimizing_tier.hpp"
#include "executor/runtime_api/runtime_api.hpp"
#include "executor/runtime_blob.hpp"
#include "executor/runtime_code.hpp"
#include "executor/runtime_version_call.hpp"
#include "node/chain/builtin_chains.hpp"
#include "node/cli/benchmark_support.hpp"
#include "node/cli/block_fixture.hpp"
#include "node/cli/file_content.hpp"
#include "parachain/erasure_coding/chunk_proof.hpp"
#include "parachain/erasure_coding/erasure_coding.hpp"
#include "parachain/pvf/pvf_host.hpp"
#include "primitives/block/header.hpp"
#include "primitives/util/hex.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "state/chain_spec/genesis_state.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::cli {

namespace {

using Clock = std::chrono::steady_clock;

int fail(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

// The runtime APIs a Polkadot-SDK runtime may declare, to name the ids of a version's `apis`.
const std::map<runtime::ApiId, std::string>& known_apis() {
  static const std::map<runtime::ApiId, std::string> kApis = [] {
    std::map<runtime::ApiId, std::string> out;
    for (const char* name : {"Core",
                             "Metadata",
                             "BlockBuilder",
                             "TaggedTransactionQueue",
                             "OffchainWorkerApi",
                             "BabeApi",
                             "GrandpaApi",
                             "SessionKeys",
                             "AccountNonceApi",
                             "TransactionPaymentApi",
                             "TransactionPaymentCallApi",
                             "ParachainHost",
                             "AuthorityDiscoveryApi",
                             "BeefyApi",
                             "BeefyMmrApi",
                             "MmrApi",
                             "GenesisBuilder",
                             "NominationPoolsApi",
                             "StakingApi",
                             "DryRunApi",
                             "XcmPaymentApi",
                             "LocationToAccountApi",
                             "TrustedQueryApi",
                             "ContractsApi",
                             "AuraApi",
                             "CollectCollationInfo",
                             "Benchmark",
                             "TryRuntime",
                             "FungiblesApi",
                             "RuntimeViewFunction",
                             "ValidateStatement",
                             "AssetConversionApi"}) {
      out.emplace(runtime::api_id(name), name);
    }
    return out;
  }();
  return kApis;
}

std::unique_ptr<executor::Engine> make_engine(const std::string& name,
                                              const std::string& aot_cache_dir) {
  if (name == "interpreted" || name == "interpreted-i-know-what-i-do") {
    return std::make_unique<executor::InterpreterEngine>();
  }
  if (name == "fast-interpreter") return std::make_unique<executor::FastInterpreterEngine>();
  if (name == "baseline-jit") return std::make_unique<executor::BaselineJitEngine>();
  if (name == "compiled") {
    executor::aot::AotConfig config;
    if (!aot_cache_dir.empty()) config.cache_dir = aot_cache_dir;
    // A runtime not yet in the cache takes tens of seconds to compile: say so.
    std::cerr << "Compiling the runtime ahead of time (cached in " << config.cache_dir
              << "; the first time takes a while)...\n";
    return std::make_unique<executor::aot::AotEngine>(config);
  }
  if (name == "optimizing") {
    executor::optimizing::OptimizingConfig config;
    if (!aot_cache_dir.empty()) config.cache_dir = aot_cache_dir;
    std::cerr << "Compiling the runtime with the optimizing tier (cached in " << config.cache_dir
              << "; the first time takes a while)...\n";
    return std::make_unique<executor::optimizing::OptimizingEngine>(config);
  }
  return nullptr;
}

// The optimizing tier as a node uses it: the first tier (the baseline JIT, with a profile) runs
// `workload` once, then the functions that took 99% of its instructions are compiled. The note
// says how long each tier took to be ready and how much went into C.
struct OptimizedRuntime {
  std::shared_ptr<const executor::Module> module;
  std::string note;
};

Result<OptimizedRuntime, std::string> optimize_after_profile(
    ByteSpan wasm, const executor::HostFunctionTable& host, const executor::InstanceConfig& config,
    const std::string& cache_dir,
    const std::function<Result<void, std::string>(executor::Instance&)>& workload) {
  const auto first_start = Clock::now();
  auto prepared = executor::prepare_module(wasm);
  if (!prepared) return unexpected("cannot load the runtime: " + prepared.error().describe());
  auto shared = std::make_shared<const executor::PreparedModule>(std::move(*prepared));
  auto profiled = executor::compile_profiled_jit(shared);
  if (!profiled) return unexpected("cannot load the runtime: " + profiled.error().describe());
  const double first_ms = ms_since(first_start);
  auto first = profiled->module->instantiate(host, config);
  if (!first) return unexpected("cannot instantiate the runtime: " + first.error().describe());
  CANARY_TRY(workload(**first));
  const auto sizes = executor::optimizing::function_sizes(*profiled->compiled);
  const auto hot = executor::optimizing::hot_functions(profiled->code->profile(), sizes, {});
  uint64_t hot_words = 0;
  for (uint32_t f : hot) hot_words += sizes[f];
  executor::optimizing::OptimizingConfig optimizing;
  if (!cache_dir.empty()) optimizing.cache_dir = cache_dir;
  executor::optimizing::OptimizingStats stats;
  const auto optimize_start = Clock::now();
  auto optimized = executor::optimizing::compile_optimized(optimizing, std::move(shared),
                                                           profiled->compiled, hot, {}, &stats);
  if (!optimized) return unexpected("cannot optimize the runtime: " + optimized.error().describe());
  OptimizedRuntime out;
  out.module = std::move(*optimized);
  out.note = "baseline JIT in " + std::to_string(static_cast<int64_t>(first_ms)) + " ms; " +
             std::to_string(hot.size()) + " of " +
             std::to_string(profiled->compiled->functions.size()) + " functions (" +
             std::to_string(hot_words / 1000) + "k of " +
             std::to_string(profiled->compiled->code.size() / 1000) + "k words), " +
             std::to_string(stats.c_bytes / 1024) + " KiB of C, " +
             std::to_string(static_cast<int64_t>(ms_since(optimize_start))) + " ms" +
             (stats.cache_hit ? " (cached)" : "");
  return out;
}

// Prints the runtime's log lines at or above the chosen level to stderr.
class StderrLogger final : public executor::host::Logger {
 public:
  explicit StderrLogger(executor::host::LogFilter max) : max_(max) {}
  void log(executor::host::LogLevel level, std::string_view target,
           std::string_view message) override {
    std::cerr << "runtime " << executor::host::to_string(level) << " " << target << ": " << message
              << "\n";
  }
  executor::host::LogFilter max_level() const override { return max_; }

 private:
  executor::host::LogFilter max_;
};

executor::host::LogFilter parse_log_filter(const std::string& name) {
  using executor::host::LogFilter;
  static const std::map<std::string, LogFilter> kFilters = {
      {"off", LogFilter::kOff},   {"error", LogFilter::kError}, {"warn", LogFilter::kWarn},
      {"info", LogFilter::kInfo}, {"debug", LogFilter::kDebug}, {"trace", LogFilter::kTrace}};
  return kFilters.at(name);
}

}  // namespace

DebugCommand::DebugCommand(CLI::App& app) {
  debug_ = app.add_subcommand("debug", "Inspect runtimes and execute blocks outside a node");
  debug_->require_subcommand(1);

  runtime_version_ = debug_->add_subcommand(
      "runtime-version", "Print the version of a runtime blob (raw Wasm or zstd-compressed :code)");
  auto* wasm = runtime_version_->add_option("--wasm", wasm_path_, "Path of the runtime blob");
  auto* chain = runtime_version_->add_option(
      "--chain", chain_path_,
      "Path of a chain spec: its genesis :code (raw) or runtimeGenesis.code");
  wasm->excludes(chain);
  runtime_version_->add_option("--output-type", output_type_, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  execute_block_ = debug_->add_subcommand(
      "execute-block",
      "Execute a block fixture's block on its parent state and check the state root");
  execute_block_->add_option("--fixture", fixture_path_, "Path of a block fixture (JSON)")
      ->required();
  execute_block_
      ->add_option("--wasm-execution", wasm_execution_,
                   "Wasm engine: interpreted (wabt's reference interpreter), fast-interpreter (the "
                   "node's interpreter), baseline-jit (x86-64, experimental), compiled (ahead of "
                   "time), or optimizing (runs once on the profiling baseline JIT, then the hot "
                   "functions are compiled to C and it runs again, as a node tiers)")
      ->check(CLI::IsMember({"interpreted", "interpreted-i-know-what-i-do", "fast-interpreter",
                             "baseline-jit", "compiled", "optimizing"}))
      ->capture_default_str();
  execute_block_->add_option("--aot-cache-dir", aot_cache_dir_,
                             "Where compiled runtimes are cached (default: ~/.cache/canary/aot)");
  execute_block_->add_option("--repeat", repeat_, "Execute the block this many times (timing)")
      ->check(CLI::Range(1u, 100000u))
      ->capture_default_str();
  execute_block_
      ->add_option("--runtime-log-level", runtime_log_level_,
                   "The runtime's log lines printed to stderr")
      ->check(CLI::IsMember({"off", "error", "warn", "info", "debug", "trace"}))
      ->capture_default_str();
  execute_block_->add_option("--output-type", output_type_, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  call_ = debug_->add_subcommand(
      "call", "Call a runtime API of a blob over an empty state and print the encoded result");
  call_->add_option("--wasm", wasm_path_, "Path of the runtime blob")->required();
  call_->add_option("--method", method_, "Runtime API method, e.g. Metadata_metadata")->required();
  call_->add_option("--aot-cache-dir", aot_cache_dir_,
                    "Where compiled runtimes are cached (default: ~/.cache/canary/aot)");
  call_->add_option("--genesis-preset", genesis_preset_,
                    "First build the runtime's genesis preset (GenesisBuilder), e.g. development");
  call_->add_option("--input", input_hex_, "SCALE-encoded arguments, 0x-prefixed hex")
      ->capture_default_str();
  call_
      ->add_option("--wasm-execution", wasm_execution_,
                   "Wasm engine: interpreted (wabt's reference interpreter), fast-interpreter (the "
                   "node's interpreter), baseline-jit (x86-64, experimental), compiled (ahead of "
                   "time), or optimizing (runs once on the profiling baseline JIT, then the hot "
                   "functions are compiled to C and it runs again, as a node tiers)")
      ->check(CLI::IsMember({"interpreted", "interpreted-i-know-what-i-do", "fast-interpreter",
                             "baseline-jit", "compiled", "optimizing"}))
      ->capture_default_str();

  erasure_chunks_ = debug_->add_subcommand(
      "erasure-chunks",
      "Print the availability erasure chunks of some data (one hex line each, in validator "
      "order) and then their erasure root, as polkadot-erasure-coding computes them");
  erasure_chunks_->add_option("--validators", validators_, "Number of validators (2 to 65536)")
      ->required();
  erasure_chunks_
      ->add_option("--data", data_hex_,
                   "The data as hex, 0x optional (what a candidate's SCALE AvailableData would be)")
      ->required();

  validate_pvf_ = debug_->add_subcommand(
      "validate-pvf",
      "Run a PVF's validate_block on the PVF host (prepare and execute workers, time limits, "
      "sandbox) and print the ValidationResult as hex");
  validate_pvf_->add_option("--pvf", pvf_path_, "The PVF: Wasm, raw or zstd-compressed")
      ->required();
  validate_pvf_
      ->add_option("--params", params_path_,
                   "SCALE-encoded ValidationParams: a file of hex (0x optional) or raw bytes")
      ->required();
  validate_pvf_
      ->add_option("--exec-kind", exec_kind_, "Whose time limit: backing (2 s) or approval (12 s)")
      ->check(CLI::IsMember({"backing", "approval"}))
      ->capture_default_str();
  validate_pvf_->add_option("--cache-dir", pvf_cache_dir_,
                            "The artifact cache (default: a fresh temporary directory)");
  validate_pvf_->add_flag("--no-sandbox", no_sandbox_, "Run the workers without their sandbox");
}

bool DebugCommand::selected() const {
  return debug_->parsed();
}

int DebugCommand::execute() const {
  if (runtime_version_->parsed()) return runtime_version();
  if (call_->parsed()) return call();
  if (erasure_chunks_->parsed()) return erasure_chunks();
  if (validate_pvf_->parsed()) return validate_pvf();
  return execute_block();
}

int DebugCommand::runtime_version() const {
  if (wasm_path_.empty() && chain_path_.empty()) return fail("give --wasm FILE or --chain FILE");
  const std::string& path = wasm_path_.empty() ? chain_path_ : wasm_path_;
  auto blob = chain_path_.empty() ? read_file(path) : Result<Bytes, std::string>(Bytes{});
  if (!blob) return fail(blob.error());
  if (!chain_path_.empty()) {
    auto document = node::read_chain_spec_file(chain_path_);
    if (!document) return fail(document.error());
    if (document->runtime_genesis) {
      blob = std::move(document->runtime_genesis->code);
    } else {
      auto code = document->spec.top.find(to_bytes(":code"));
      if (code == document->spec.top.end()) {
        return fail(path + ": the genesis state has no :code");
      }
      blob = std::move(code->second);
    }
  }
  auto version = executor::runtime_version_of_code(*blob);
  if (!version) return fail(path + ": " + version.error().message);

  if (output_type_ == "json") {
    // The shape of state_getRuntimeVersion.
    nlohmann::ordered_json out;
    out["specName"] = version->spec_name;
    out["implName"] = version->impl_name;
    out["authoringVersion"] = version->authoring_version;
    out["specVersion"] = version->spec_version;
    out["implVersion"] = version->impl_version;
    nlohmann::ordered_json apis = nlohmann::ordered_json::array();
    for (const auto& [id, api_version] : version->apis) {
      apis.push_back(nlohmann::ordered_json::array({to_hex(id), api_version}));
    }
    out["apis"] = std::move(apis);
    out["transactionVersion"] = version->transaction_version;
    out["systemVersion"] = version->system_version;
    out["stateVersion"] = version->state_version();
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "Spec name:           " << version->spec_name << "\n"
            << "Impl name:           " << version->impl_name << "\n"
            << "Authoring version:   " << version->authoring_version << "\n"
            << "Spec version:        " << version->spec_version << "\n"
            << "Impl version:        " << version->impl_version << "\n"
            << "Transaction version: " << version->transaction_version << "\n"
            << "System version:      " << static_cast<unsigned>(version->system_version) << "\n"
            << "State version:       " << static_cast<unsigned>(version->state_version()) << "\n"
            << "APIs:                " << version->apis.size() << "\n";
  for (const auto& [id, api_version] : version->apis) {
    auto name = known_apis().find(id);
    std::cout << "  " << to_hex(id) << "  v" << api_version;
    if (name != known_apis().end()) std::cout << "  " << name->second;
    std::cout << "\n";
  }
  return 0;
}

int DebugCommand::execute_block() const {
  auto text = read_file(fixture_path_);
  if (!text) return fail(text.error());
  auto fixture = parse_block_fixture(
      std::string_view(reinterpret_cast<const char*>(text->data()), text->size()));
  if (!fixture) return fail(fixture_path_ + ": " + fixture.error());

  auto code_entry = fixture->main_trie.find(to_bytes(":code"));
  if (code_entry == fixture->main_trie.end()) return fail("the parent state has no :code");
  std::optional<ByteSpan> heap_pages;
  if (auto pages = fixture->main_trie.find(to_bytes(":heappages"));
      pages != fixture->main_trie.end()) {
    heap_pages = ByteSpan(pages->second);
  }
  const executor::RuntimeCode code = executor::make_runtime_code(code_entry->second, heap_pages);
  auto version = executor::runtime_version_of_code(code.code);
  if (!version) return fail("the parent state's runtime: " + version.error().message);
  const state::StateVersion state_version =
      version->state_version() == 1 ? state::StateVersion::kV1 : state::StateVersion::kV0;

  state::MemoryNodeStore store;
  const Hash256 parent_root =
      state::write_raw_state(fixture->main_trie, fixture->child_tries, state_version, store);

  // The seal is the author's signature over the header without it: the runtime never sees it.
  block::Block block = fixture->block;
  const block::BlockHash block_hash = block::hash_of(block.header);
  if (!block.header.digest.empty() &&
      std::holds_alternative<block::DigestSeal>(block.header.digest.back())) {
    block.header.digest.pop_back();
  }

  const std::unique_ptr<executor::Engine> engine = make_engine(wasm_execution_, aot_cache_dir_);
  if (!engine) return fail("--wasm-execution " + wasm_execution_ + " is not available yet");
  auto compile_start = Clock::now();
  auto wasm = executor::uncompress_code(code.code);
  if (!wasm) return fail(std::string("the runtime's code: ") + executor::to_string(wasm.error()));
  const executor::HostFunctionTable host = executor::host::host_api();
  executor::InstanceConfig config;
  config.heap_pages = code.heap_pages_or_default();
  StderrLogger logger(parse_log_filter(runtime_log_level_));
  executor::InterpreterCoreVersionCaller core_version;
  auto execute = [&](executor::Instance& instance) -> Result<Hash256, std::string> {
    state::TrieBackend backend(parent_root, store);
    state::OverlayedChanges overlay(backend);
    executor::host::HostContext context;
    context.storage = &overlay;
    context.logger = &logger;
    context.core_version = &core_version;
    executor::RuntimeApi api(instance, context);
    auto executed = api.core_execute_block(block);
    if (!executed) return unexpected("Core_execute_block failed: " + executed.error().describe());
    auto root = overlay.root(state_version);
    if (!root) {
      return unexpected(std::string("computing the state root: ") + state::to_string(root.error()));
    }
    return *root;
  };

  std::shared_ptr<const executor::Module> module;
  std::string tier_note;
  if (wasm_execution_ == "optimizing") {
    auto optimized =
        optimize_after_profile(*wasm, host, config, aot_cache_dir_,
                               [&](executor::Instance& first) -> Result<void, std::string> {
                                 CANARY_TRY(execute(first));
                                 return {};
                               });
    if (!optimized) return fail(optimized.error());
    module = std::move(optimized->module);
    tier_note = optimized->note;
  } else {
    auto compiled = engine->compile(*wasm);
    if (!compiled) return fail("cannot load the runtime: " + compiled.error().describe());
    module = std::move(*compiled);
  }
  auto instance = module->instantiate(host, config);
  if (!instance) return fail("cannot instantiate the runtime: " + instance.error().describe());
  const double compile_ms = ms_since(compile_start);

  std::vector<double> times;  // in the order of the executions
  std::vector<uint64_t> faults;
  Hash256 computed_root{};
  for (unsigned run = 0; run < repeat_; ++run) {
    const uint64_t faults_before = thread_page_faults();
    auto started = Clock::now();
    auto root = execute(**instance);
    times.push_back(ms_since(started));
    faults.push_back(thread_page_faults() - faults_before);
    if (!root) return fail(root.error());
    computed_root = *root;
  }
  // The first execution on a fresh instance also faults its memory in: reported apart.
  const double first_ms = times.front();
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  const double median_ms = sorted[sorted.size() / 2];
  const double min_ms = sorted.front();
  const bool matches = computed_root == block.header.state_root;

  if (output_type_ == "json") {
    nlohmann::ordered_json out;
    out["runtime"] = version->spec_name + " " + std::to_string(version->spec_version);
    out["engine"] = std::string(engine->name());
    out["stateVersion"] = static_cast<int>(version->state_version());
    out["parentStateRoot"] = to_hex(parent_root);
    out["blockNumber"] = block.header.number;
    out["blockHash"] = to_hex(block_hash);
    out["extrinsics"] = block.extrinsics.size();
    out["stateRoot"] = to_hex(computed_root);
    out["headerStateRoot"] = to_hex(block.header.state_root);
    out["matches"] = matches;
    out["compileMs"] = compile_ms;
    if (!tier_note.empty()) out["optimizingTier"] = tier_note;
    out["executeMsMedian"] = median_ms;
    out["executeMsMin"] = min_ms;
    out["executeMsFirst"] = first_ms;
    out["runs"] = times.size();
    // Each execution in order, and the page faults of this thread during it: where a fresh
    // instance stops faulting its memory in, and how the times settle after.
    out["executeMsEach"] = times;
    out["pageFaultsEach"] = faults;
    std::cout << out.dump(2) << "\n";
    return matches ? 0 : 1;
  }
  std::cout << "Runtime:           " << version->spec_name << " " << version->spec_version
            << " (state version " << static_cast<unsigned>(version->state_version()) << ")\n"
            << "Parent state root: " << to_hex(parent_root) << "\n"
            << "Block:             #" << block.header.number << " " << to_hex(block_hash) << ", "
            << block.extrinsics.size() << " extrinsics\n"
            << "Engine:            " << engine->name() << " (loaded in " << compile_ms << " ms)\n"
            << (tier_note.empty() ? "" : "Optimizing tier:   " + tier_note + "\n")
            << "Executed:          " << times.size() << "x, median " << median_ms << " ms, min "
            << min_ms << " ms, first " << first_ms << " ms\n"
            << "State root:        " << to_hex(computed_root) << "\n"
            << "Header state root: " << to_hex(block.header.state_root) << "\n"
            << "Result:            " << (matches ? "match" : "MISMATCH") << "\n";
  return matches ? 0 : 1;
}

int DebugCommand::erasure_chunks() const {
  auto data = from_hex(data_hex_);
  if (!data) return fail(std::string("--data: ") + to_string(data.error()));
  auto chunks = erasure_coding::obtain_chunks(validators_, *data);
  if (!chunks) return fail(erasure_coding::to_string(chunks.error()));
  for (const Bytes& chunk : *chunks) std::cout << to_hex(chunk) << "\n";
  std::cout << to_hex(erasure_coding::erasure_root(*chunks)) << "\n";
  return 0;
}

int DebugCommand::call() const {
  auto blob = read_file(wasm_path_);
  if (!blob) return fail(blob.error());
  auto input = from_hex(input_hex_);
  if (!input) return fail("--input is not 0x-prefixed hex");
  auto wasm = executor::uncompress_code(*blob);
  if (!wasm) return fail(wasm_path_ + ": " + executor::to_string(wasm.error()));
  const executor::HostFunctionTable host = executor::host::host_api();
  StderrLogger logger(parse_log_filter(runtime_log_level_));
  executor::InterpreterCoreVersionCaller core_version;
  // On a fresh, empty state each time: the optimizing tier runs the call twice.
  auto run = [&](executor::Instance& instance) -> Result<Bytes, std::string> {
    state::MemoryNodeStore store;
    state::TrieBackend backend(state::empty_trie_root(state::TrieHasher::kBlake2b256), store);
    state::OverlayedChanges overlay(backend);
    executor::host::HostContext context;
    context.storage = &overlay;
    context.logger = &logger;
    context.core_version = &core_version;
    executor::RuntimeApi api(instance, context);
    if (!genesis_preset_.empty()) {
      const Bytes name(genesis_preset_.begin(), genesis_preset_.end());
      auto preset = api.call_typed<std::optional<Bytes>>("GenesisBuilder_get_preset",
                                                         std::optional<Bytes>(name));
      if (!preset) return unexpected(preset.error().describe());
      if (!*preset)
        return unexpected("the runtime has no genesis preset `" + genesis_preset_ + "`");
      auto built =
          api.call_typed<Result<void, std::string>>("GenesisBuilder_build_state", **preset);
      if (!built) return unexpected(built.error().describe());
      if (!*built) return unexpected("the runtime refused its genesis preset: " + built->error());
    }
    auto output = api.call(method_, *input);
    if (!output) return unexpected(output.error().describe());
    return std::move(*output);
  };

  std::shared_ptr<const executor::Module> module;
  if (wasm_execution_ == "optimizing") {
    // The call itself is the profile: the tier compiles what it ran, and runs it again.
    auto optimized =
        optimize_after_profile(*wasm, host, {}, aot_cache_dir_,
                               [&](executor::Instance& first) -> Result<void, std::string> {
                                 CANARY_TRY(run(first));
                                 return {};
                               });
    if (!optimized) return fail(optimized.error());
    std::cerr << "Optimizing tier: " << optimized->note << "\n";
    module = std::move(optimized->module);
  } else {
    const std::unique_ptr<executor::Engine> engine = make_engine(wasm_execution_, aot_cache_dir_);
    if (!engine) return fail("--wasm-execution " + wasm_execution_ + " is not available yet");
    auto compiled = engine->compile(*wasm);
    if (!compiled) return fail("cannot load the runtime: " + compiled.error().describe());
    module = std::move(*compiled);
  }
  auto instance = module->instantiate(host);
  if (!instance) return fail("cannot instantiate the runtime: " + instance.error().describe());
  auto output = run(**instance);
  if (!output) return fail(output.error());
  std::cout << to_hex(*output) << "\n";
  return 0;
}

int DebugCommand::validate_pvf() const {
  auto code = read_file(pvf_path_);
  if (!code) return fail(code.error());
  auto params_file = read_file(params_path_);
  if (!params_file) return fail(params_file.error());
  const Bytes params = hex_or_raw(*params_file);

  std::string cache_dir = pvf_cache_dir_;
  bool temporary = false;
  if (cache_dir.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "canary-pvf-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return fail("cannot create a temporary directory");
    cache_dir = pattern;
    temporary = true;
  }
  parachain::pvf::PvfHostConfig config;
  config.worker_program = std::filesystem::read_symlink("/proc/self/exe").string();
  config.cache_dir = cache_dir;
  config.sandbox = !no_sandbox_;
  parachain::pvf::PvfVerdict verdict;
  {
    parachain::pvf::PvfHost host(config);
    verdict = host.validate(parachain::ValidationCode{std::move(*code)}, params,
                            parachain::ExecutorParams{},
                            exec_kind_ == "approval" ? parachain::PvfExecKind::kApproval
                                                     : parachain::PvfExecKind::kBacking);
  }
  if (temporary) {
    std::error_code ignored;
    std::filesystem::remove_all(cache_dir, ignored);
  }
  if (verdict.kind == parachain::pvf::VerdictKind::kValid) {
    std::cout << to_hex(verdict.output) << "\n";
    return 0;
  }
  std::string what = parachain::pvf::to_string(verdict.kind);
  if (verdict.kind == parachain::pvf::VerdictKind::kInvalid) {
    what += std::string(" (") + parachain::pvf::to_string(verdict.reason) + ")";
  }
  return fail(what + ": " + verdict.message);
}

}  // namespace canary::cli
