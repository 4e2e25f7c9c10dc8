// The Canary runtime applying signed balances.transfer_keep_alive extrinsics, one
// BlockBuilder_apply_extrinsic call each, on the development genesis:
//  - Aot: the build's blob on the ahead-of-time engine, as a block author runs it;
//  - Native: the same runtime compiled for the host over the same kind of overlay, the reference
//    that shows what the Wasm engine costs.
// Counters, per extrinsic:
//  - apply_us: the whole runtime call (on Wasm: instance reset, input copy, signature check,
//    dispatch, fee, events);
//  - call_overhead_us: a trivial call (Core_version) on the same instance, measured alongside;
//  - sr25519_verify_us: one signature check done natively, the host function's cost;
//  - transfer_us = apply - call overhead - signature check: the runtime's own work (target on the
//    ahead-of-time engine: under 20 µs);
//  - transfer_per_verify: transfer_us over sr25519_verify_us, the machine's speed cancelled out;
//  - transfer_kinstr: the same difference in instructions (where perf events are allowed), which
//    does not move with the machine's load or clock, to compare two builds;
//  - transfer_kcycles: the same in core cycles, which do not move with the clock (but do with
//    what else shares the caches).
// The runtime blob is the build's; the compiled module is cached in the engine's default cache.
#include <benchmark/benchmark.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "executor/aot/aot_engine.hpp"
#include "executor/host/host_api.hpp"
#include "executor/host/host_context.hpp"
#include "executor/runtime_api/runtime_api.hpp"
#include "executor/runtime_blob.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/canary/api.hpp"
#include "runtime/canary/dev_accounts.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/io/native_context.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie_hasher.hpp"

namespace {

namespace ex = canary::executor;
namespace cr = canary::rt::canary_runtime;
using canary::Bytes;
using canary::ByteSpan;
using Clock = std::chrono::steady_clock;

// Minor page faults of this process so far: an instance reset gives its touched memory back to the
// kernel, so each page a call touches again costs a fault.
long minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// A hardware event counted for this thread in user space, where the kernel lets the process
// count it: instructions retired do not move with the machine's load or clock, so two builds
// compare to the per-mille; core cycles do not move with the clock.
class PerfCounter {
 public:
  explicit PerfCounter(uint64_t event) {
    perf_event_attr attr{};
    attr.type = PERF_TYPE_HARDWARE;
    attr.size = sizeof(attr);
    attr.config = event;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    fd_ = static_cast<int>(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
  }
  ~PerfCounter() {
    if (fd_ >= 0) close(fd_);
  }
  PerfCounter(const PerfCounter&) = delete;
  PerfCounter& operator=(const PerfCounter&) = delete;

  bool available() const { return fd_ >= 0; }
  uint64_t read_now() const {
    uint64_t count = 0;
    if (fd_ < 0 || ::read(fd_, &count, sizeof(count)) != sizeof(count)) return 0;
    return count;
  }

 private:
  int fd_ = -1;
};

// The two counters read around each measured stretch.
struct Counted {
  uint64_t instructions = 0;
  uint64_t cycles = 0;
  Counted& operator+=(const Counted& other) {
    instructions += other.instructions;
    cycles += other.cycles;
    return *this;
  }
};
class PerfCounters {
 public:
  bool available() const { return instructions_.available() && cycles_.available(); }
  Counted now() const { return {instructions_.read_now(), cycles_.read_now()}; }
  Counted since(const Counted& start) const {
    const Counted end = now();
    return {end.instructions - start.instructions, end.cycles - start.cycles};
  }

 private:
  PerfCounter instructions_{PERF_COUNT_HW_INSTRUCTIONS};
  PerfCounter cycles_{PERF_COUNT_HW_CPU_CYCLES};
};

// With CANARY_BENCH_PERF_FIFO naming the control FIFO of `perf record -D -1 --control
// fifo:<path>`, perf samples only the applies (not the signing, set-up and reference runs around
// them), so a profile shows where the measured time goes.
class PerfControl {
 public:
  PerfControl() {
    const char* path = std::getenv("CANARY_BENCH_PERF_FIFO");
    if (path != nullptr) fifo_.open(path);
  }
  void enable() { send("enable\n"); }
  void disable() { send("disable\n"); }

 private:
  void send(const char* command) {
    if (fifo_.is_open()) fifo_ << command << std::flush;
  }
  std::ofstream fifo_;
};

// CANARY_BENCH_RUNTIME_BLOB overrides the build's blob (e.g. one linked with its name section, so
// profiles of the compiled runtime show function names).
Bytes runtime_blob() {
  const char* path = std::getenv("CANARY_BENCH_RUNTIME_BLOB");
  std::ifstream in(path != nullptr ? path : CANARY_RUNTIME_BLOB, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A signed transfer_keep_alive of 1 KSM from Alice to Bob with `nonce`, immortal, for the chain
// whose block 0 hash is `genesis` (what the runtime's CheckGenesis/CheckMortality read at block 1).
Bytes transfer(const canary::keys::KeyPair& alice, const canary::rt::AccountId32& bob,
               uint32_t nonce, const canary::rt::H256& genesis) {
  using canary::rt::canary_runtime::Runtime;
  const auto call =
      Runtime::Pallets::Call::of<Runtime::Balances>(typename Runtime::Balances::transfer_keep_alive{
          canary::rt::MultiAddress::id(bob), cr::kUnits});
  Runtime::SignedExtra extra;
  std::get<canary::rt::pallets::system::CheckNonce<Runtime>>(extra).nonce = nonce;
  const canary::runtime::RuntimeVersion& version = Runtime::version();
  const auto implicit = std::make_tuple(
      std::monostate{}, version.spec_version, version.transaction_version, genesis, genesis,
      std::monostate{}, std::monostate{}, std::monostate{}, std::optional<canary::Hash256>{});
  const Bytes payload = canary::rt::signing_payload(call, extra, implicit);
  const Bytes signature = alice.sign(payload);
  canary::rt::MultiSignature::Sr25519 sr;
  std::copy(signature.begin(), signature.end(), sr.signature.bytes.begin());
  cr::Executive::Extrinsic xt;
  xt.signature = cr::Executive::Extrinsic::SignaturePart{
      canary::rt::MultiAddress::id(canary::rt::AccountId32{alice.account_id()}),
      canary::rt::MultiSignature{sr}, extra};
  xt.function = call;
  return canary::scale::encode(xt);
}

// What a runtime call returned, decoded as T; nullopt if the call failed or does not decode.
template <class T>
std::optional<T> decoded(const canary::Result<Bytes, std::string>& output) {
  if (!output) return std::nullopt;
  auto value = canary::scale::decode<T>(*output);
  if (!value) return std::nullopt;
  return std::move(*value);
}

// One way of calling the runtime: a runtime API by name, SCALE in and out, on the overlay it was
// made for.
using RuntimeCall = std::function<canary::Result<Bytes, std::string>(std::string_view, ByteSpan)>;

// Block 0's header as the benchmark has it: any header does, as long as block 1's parent hash and
// the parachains inherent's parent header agree.
const canary::block::Header& test_genesis_header() {
  static const canary::block::Header kGenesis{};
  return kGenesis;
}
canary::rt::H256 test_genesis_hash() {
  return canary::rt::H256{canary::block::hash_of(test_genesis_header())};
}

// The development genesis and block 1's start on `call`'s state; false after SkipWithError.
bool start_block_one(benchmark::State& state, const RuntimeCall& call,
                     const canary::rt::H256& genesis) {
  const Bytes name = canary::to_bytes("development");
  auto preset =
      call("GenesisBuilder_get_preset", canary::scale::encode(std::optional<Bytes>(name)));
  auto preset_json = decoded<std::optional<Bytes>>(preset);
  if (!preset_json || !*preset_json) {
    state.SkipWithError("no development preset");
    return false;
  }
  auto built = call("GenesisBuilder_build_state", canary::scale::encode(**preset_json));
  auto built_ok = decoded<canary::Result<void, std::string>>(built);
  if (!built_ok || !*built_ok) {
    state.SkipWithError("genesis failed");
    return false;
  }
  canary::block::Header header;
  header.number = 1;
  header.parent_hash = genesis.bytes;
  canary::rt::pallets::babe::PreDigest pre;
  constexpr uint64_t kSlot = 1'000;
  pre.value = canary::rt::pallets::babe::PreDigest::SecondaryPlain{
      {0, canary::rt::pallets::babe::Slot{kSlot}}};
  header.digest.push_back(
      canary::block::DigestPreRuntime{canary::block::kBabeEngineId, canary::scale::encode(pre)});
  if (!call("Core_initialize_block", canary::scale::encode(header))) {
    state.SkipWithError("initialize_block failed");
    return false;
  }
  canary::runtime::InherentData data;
  data[canary::runtime::kTimestampInherent] = canary::scale::encode(uint64_t{kSlot * 6'000});
  data[canary::runtime::kParachainsInherent] =
      canary::runtime::parachains_inherent_without_content(test_genesis_header());
  auto inherents_out = call("BlockBuilder_inherent_extrinsics", canary::scale::encode(data));
  auto inherents = decoded<std::vector<Bytes>>(inherents_out);
  if (!inherents) {
    state.SkipWithError("inherent_extrinsics failed");
    return false;
  }
  for (const Bytes& inherent : *inherents) {
    if (!call("BlockBuilder_apply_extrinsic", inherent)) {
      state.SkipWithError("an inherent failed");
      return false;
    }
  }
  return true;
}

// Applies transfers on `call` (set up by start_block_one) and reports the counters above;
// `overhead` is the trivial call measured alongside.
void run_transfers(benchmark::State& state, const RuntimeCall& call,
                   const canary::rt::H256& genesis) {
  if (!start_block_one(state, call, genesis)) return;
  const auto alice =
      canary::keys::KeyPair::from_suri(canary::keys::Scheme::kSr25519, "//Alice").value();
  const canary::rt::AccountId32 bob{
      canary::from_hex_fixed<32>(cr::kDevAccounts[1].sr25519).value()};
  constexpr uint32_t kPerIteration = 100;
  uint32_t nonce = 0;
  double apply_seconds = 0;
  double overhead_seconds = 0;
  double verify_seconds = 0;
  long apply_faults = 0;
  long overhead_faults = 0;
  const PerfCounters counters;
  PerfControl perf;
  Counted apply_counted;
  Counted overhead_counted;
  Counted verify_counted;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    state.PauseTiming();
    std::vector<Bytes> xts;
    xts.reserve(kPerIteration);
    for (uint32_t i = 0; i < kPerIteration; ++i)
      xts.push_back(transfer(alice, bob, nonce++, genesis));
    state.ResumeTiming();
    long faults = minor_faults();
    Counted counted = counters.now();
    perf.enable();
    auto start = Clock::now();
    for (const Bytes& xt : xts) {
      auto applied = call("BlockBuilder_apply_extrinsic", xt);
      auto result = decoded<canary::runtime::ApplyExtrinsicResult>(applied);
      if (!result || !result->has_value() || !(*result)->has_value()) {
        return state.SkipWithError("a transfer was not applied");
      }
    }
    apply_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    perf.disable();
    apply_counted += counters.since(counted);
    apply_faults += minor_faults() - faults;
    faults = minor_faults();
    counted = counters.now();
    start = Clock::now();
    for (uint32_t i = 0; i < kPerIteration; ++i) (void)call("Core_version", {});
    overhead_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    overhead_counted += counters.since(counted);
    overhead_faults += minor_faults() - faults;
    // The host's signature check of one transfer, natively.
    const Bytes message(64, 7);
    const Bytes signed_bytes = alice.sign(message);
    canary::crypto::sr25519::Signature signature;
    std::copy(signed_bytes.begin(), signed_bytes.end(), signature.begin());
    counted = counters.now();
    start = Clock::now();
    for (uint32_t i = 0; i < kPerIteration; ++i) {
      benchmark::DoNotOptimize(
          canary::crypto::sr25519::verify(signature, message, alice.account_id()));
    }
    verify_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    verify_counted += counters.since(counted);
  }
  const double n = static_cast<double>(kPerIteration) * static_cast<double>(state.iterations());
  const double apply_us = apply_seconds / n * 1e6;
  const double overhead_us = overhead_seconds / n * 1e6;
  const double verify_us = verify_seconds / n * 1e6;
  state.counters["apply_us"] = apply_us;
  state.counters["call_overhead_us"] = overhead_us;
  state.counters["sr25519_verify_us"] = verify_us;
  state.counters["transfer_us"] = apply_us - overhead_us - verify_us;
  // The same against the signature check timed in the same run: a figure the machine's speed of
  // the moment (a shared VM's clock and neighbours) does not move.
  state.counters["transfer_per_verify"] = (apply_us - overhead_us - verify_us) / verify_us;
  state.counters["apply_faults"] = static_cast<double>(apply_faults) / n;
  state.counters["call_overhead_faults"] = static_cast<double>(overhead_faults) / n;
  if (counters.available()) {
    // The same difference as transfer_us, in thousands of instructions and of core cycles.
    const auto per_transfer = [&](uint64_t apply, uint64_t overhead, uint64_t verify) {
      return (static_cast<double>(apply) - static_cast<double>(overhead) -
              static_cast<double>(verify)) /
             n / 1000;
    };
    state.counters["transfer_kinstr"] = per_transfer(
        apply_counted.instructions, overhead_counted.instructions, verify_counted.instructions);
    state.counters["transfer_kcycles"] =
        per_transfer(apply_counted.cycles, overhead_counted.cycles, verify_counted.cycles);
    state.counters["sr25519_verify_kinstr"] =
        static_cast<double>(verify_counted.instructions) / n / 1000;
  }
}

// The development chain's state, as the node's block builder has it.
struct ChainState {
  ChainState()
      : backend(canary::state::empty_trie_root(canary::state::TrieHasher::kBlake2b256), store),
        overlay(backend) {}
  canary::state::MemoryNodeStore store;
  canary::state::TrieBackend backend;
  canary::state::OverlayedChanges overlay;
};

void BM_RuntimeTransferKeepAliveAot(benchmark::State& state) {
  const Bytes blob = runtime_blob();
  if (blob.empty()) return state.SkipWithError("the runtime blob is missing");
  auto wasm = ex::uncompress_code(blob);
  if (!wasm) return state.SkipWithError("the runtime blob does not decompress");
  auto module = ex::aot::AotEngine().compile(*wasm);
  if (!module) return state.SkipWithError(module.error().describe().c_str());
  const ex::HostFunctionTable host = ex::host::host_api();
  auto instance = (*module)->instantiate(host);
  if (!instance) return state.SkipWithError(instance.error().describe().c_str());

  ChainState chain;
  ex::host::HostContext context;
  context.storage = &chain.overlay;
  ex::RuntimeApi api(**instance, context);
  const RuntimeCall call = [&](std::string_view method,
                               ByteSpan input) -> canary::Result<Bytes, std::string> {
    auto out = api.call(method, input);
    if (!out) return canary::unexpected(out.error().describe());
    return std::move(*out);
  };
  run_transfers(state, call, test_genesis_hash());
}
BENCHMARK(BM_RuntimeTransferKeepAliveAot)->Unit(benchmark::kMillisecond)->Iterations(15);

// The reference: the same runtime compiled for the host, on the same kind of overlay, with its
// io calls reaching the overlay and the crypto directly. The Wasm engine's cost is the ratio.
void BM_RuntimeTransferKeepAliveNative(benchmark::State& state) {
  ChainState chain;
  canary::rt::io::NativeContext context;
  context.storage = &chain.overlay;
  context.max_log_level = 0;
  const RuntimeCall call = [&](std::string_view method,
                               ByteSpan input) -> canary::Result<Bytes, std::string> {
    const cr::RuntimeApiFunction function = cr::runtime_api(method);
    if (function == nullptr) return canary::unexpected("no runtime API " + std::string(method));
    canary::rt::io::NativeContextScope scope(context);
    return function(input);
  };
  run_transfers(state, call, test_genesis_hash());
}
BENCHMARK(BM_RuntimeTransferKeepAliveNative)->Unit(benchmark::kMillisecond)->Iterations(15);

}  // namespace
