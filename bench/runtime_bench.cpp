// The Canary runtime applying signed balances.transfer_keep_alive extrinsics, one
// BlockBuilder_apply_extrinsic call each, on the ahead-of-time engine (as a block author runs
// them), on the development genesis. Counters, per extrinsic:
//  - apply_us: the whole runtime call (instance reset, input copy, signature check, dispatch,
//    fee, events);
//  - call_overhead_us: a trivial call on the same instance (reset + copy), measured alongside;
//  - sr25519_verify_us: one signature check done natively, the host function's cost;
//  - transfer_us = apply - call overhead - signature check: the runtime's own work (target:
//    under 20 µs).
// The runtime blob is the build's; the compiled module is cached in the engine's default cache.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <vector>

#include "executor/aot/aot_engine.hpp"
#include "executor/host/host_api.hpp"
#include "executor/host/host_context.hpp"
#include "executor/runtime_api/runtime_api.hpp"
#include "executor/runtime_blob.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/canary/dev_accounts.hpp"
#include "runtime/canary/runtime.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie_hasher.hpp"

namespace {

namespace ex = canary::executor;
namespace cr = canary::rt::canary_runtime;
using canary::Bytes;
using Clock = std::chrono::steady_clock;

// Minor page faults of this process so far: an instance reset gives its touched memory back to the
// kernel, so each page a call touches again costs a fault.
long minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

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

  canary::state::MemoryNodeStore store;
  canary::state::TrieBackend backend(
      canary::state::empty_trie_root(canary::state::TrieHasher::kBlake2b256), store);
  canary::state::OverlayedChanges overlay(backend);
  ex::host::HostContext context;
  context.storage = &overlay;
  ex::RuntimeApi api(**instance, context);

  // Genesis (development preset), then block 1 with its inherents.
  const Bytes name = canary::to_bytes("development");
  auto preset =
      api.call_typed<std::optional<Bytes>>("GenesisBuilder_get_preset", std::optional<Bytes>(name));
  if (!preset || !*preset) return state.SkipWithError("no development preset");
  if (!api.call_typed<canary::Result<void, std::string>>("GenesisBuilder_build_state", **preset)) {
    return state.SkipWithError("genesis failed");
  }
  canary::rt::H256 genesis;
  genesis.bytes.fill(0x42);
  canary::block::Header header;
  header.number = 1;
  header.parent_hash = genesis.bytes;
  canary::rt::pallets::babe::PreDigest pre;
  constexpr uint64_t kSlot = 1'000;
  pre.value = canary::rt::pallets::babe::PreDigest::SecondaryPlain{
      {0, canary::rt::pallets::babe::Slot{kSlot}}};
  header.digest.push_back(
      canary::block::DigestPreRuntime{canary::block::kBabeEngineId, canary::scale::encode(pre)});
  if (!api.core_initialize_block(header)) return state.SkipWithError("initialize_block failed");
  canary::runtime::InherentData data;
  data[canary::runtime::kTimestampInherent] = canary::scale::encode(uint64_t{kSlot * 6'000});
  auto inherents = api.inherent_extrinsics(data);
  if (!inherents) return state.SkipWithError("inherent_extrinsics failed");
  for (const Bytes& inherent : *inherents) {
    auto applied = api.call("BlockBuilder_apply_extrinsic", canary::scale::encode(inherent));
    if (!applied) return state.SkipWithError("an inherent failed");
  }

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
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    state.PauseTiming();
    std::vector<Bytes> xts;
    for (uint32_t i = 0; i < kPerIteration; ++i)
      xts.push_back(transfer(alice, bob, nonce++, genesis));
    state.ResumeTiming();
    long faults = minor_faults();
    auto start = Clock::now();
    for (const Bytes& xt : xts) {
      auto applied = api.apply_extrinsic(canary::scale::decode<Bytes>(xt).value());
      if (!applied || !applied->has_value() || !(*applied)->has_value()) {
        return state.SkipWithError("a transfer was not applied");
      }
    }
    apply_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    apply_faults += minor_faults() - faults;
    faults = minor_faults();
    start = Clock::now();
    for (uint32_t i = 0; i < kPerIteration; ++i) (void)api.call("Core_version", {});
    overhead_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    overhead_faults += minor_faults() - faults;
    // The host's signature check of one transfer, natively.
    const Bytes message(64, 7);
    const Bytes signed_bytes = alice.sign(message);
    canary::crypto::sr25519::Signature signature;
    std::copy(signed_bytes.begin(), signed_bytes.end(), signature.begin());
    start = Clock::now();
    for (uint32_t i = 0; i < kPerIteration; ++i) {
      benchmark::DoNotOptimize(
          canary::crypto::sr25519::verify(signature, message, alice.account_id()));
    }
    verify_seconds += std::chrono::duration<double>(Clock::now() - start).count();
  }
  const double n = static_cast<double>(kPerIteration) * static_cast<double>(state.iterations());
  const double apply_us = apply_seconds / n * 1e6;
  const double overhead_us = overhead_seconds / n * 1e6;
  const double verify_us = verify_seconds / n * 1e6;
  state.counters["apply_us"] = apply_us;
  state.counters["call_overhead_us"] = overhead_us;
  state.counters["sr25519_verify_us"] = verify_us;
  state.counters["transfer_us"] = apply_us - overhead_us - verify_us;
  state.counters["apply_faults"] = static_cast<double>(apply_faults) / n;
  state.counters["call_overhead_faults"] = static_cast<double>(overhead_faults) / n;
}
BENCHMARK(BM_RuntimeTransferKeepAliveAot)->Unit(benchmark::kMillisecond)->Iterations(15);

}  // namespace
