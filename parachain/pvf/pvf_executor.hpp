// The PVF execution environment, in process: how a PVF is prepared (decompressed, validated,
// instrumented, compiled) and how `validate_block` runs, with polkadot-sdk's deterministic
// configuration (`polkadot/node/core/pvf/common/src/executor_interface.rs` DEFAULT_CONFIG and
// params_to_wasmtime_semantics; parachain-facts §1.13, §6.1). The workers (worker.hpp) call these
// inside their sandboxes; tests and benchmarks may call them directly.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "executor/engine.hpp"
#include "executor/execution_error.hpp"
#include "parachain/primitives/executor_params.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain::pvf {

// polkadot-node-primitives: VALIDATION_CODE_BOMB_LIMIT = 4 × MAX_CODE_SIZE (3 MiB).
inline constexpr size_t kValidationCodeBombLimit = size_t{12} * 1024 * 1024;
// executor_interface.rs: DEFAULT_HEAP_PAGES_ESTIMATE (data + shadow stack) + EXTRA_HEAP_PAGES.
inline constexpr uint32_t kDefaultHeapPagesEstimate = 32;
inline constexpr uint32_t kExtraHeapPages = 2048;

// What the executor parameters change in our executor.
struct PvfExecutorConfig {
  // HeapAllocStrategy::Dynamic { maximum_pages }: MaxMemoryPages(x) gives x + 32.
  uint32_t max_memory_pages = kDefaultHeapPagesEstimate + kExtraHeapPages;
  // DeterministicStackLimit::logical_max (StackLogicalMax).
  uint32_t stack_logical_max = kDefaultLogicalStackMax;
  // WasmExtBulkMemory: our validator accepts MVP + sign-ext + mutable globals only, so a session
  // enabling bulk memory cannot be served (preparation fails with kUnsupportedConfig).
  bool bulk_memory = false;
};
PvfExecutorConfig executor_config(const ExecutorParams& params);

// The engine PVFs run on: the baseline JIT on x86-64 (compiles in time linear in the code, a few
// ms for the adder, ~60 ms for a 1 MB runtime; README "Engine"), else the fast interpreter.
std::unique_ptr<executor::Engine> make_pvf_engine();
std::string_view pvf_engine_name();
// Bumped when anything that changes an artifact's meaning changes (instrumentation, engine).
inline constexpr uint32_t kPvfEngineVersion = 1;

enum class PrepareErrorKind : uint8_t {
  kPrevalidation,      // not decompressible, a bomb, or not Wasm we accept (invalid PVF)
  kPreparation,        // valid Wasm that our engine could not compile (invalid PVF)
  kUnsupportedConfig,  // the executor parameters ask for what we do not implement
  kTimedOut,           // the preparation job ran out of time (host side)
  kOutOfMemory,        // the preparation job hit its memory limit (host side)
  kIoError,            // the artifact could not be written or read back (host side)
  kWorkerDied,         // the prepare worker died for another reason (host side)
};
const char* to_string(PrepareErrorKind kind);
// polkadot-sdk's PrepareError::is_deterministic: only these mean the PVF itself is bad.
bool is_deterministic(PrepareErrorKind kind);

struct PrepareError {
  PrepareErrorKind kind = PrepareErrorKind::kPreparation;
  std::string message;
};

// The result of preparing a PVF: the validated wasm, decompressed (see artifact.hpp for why the
// artifact holds wasm, not machine code), and what it took.
struct PreparedPvf {
  Bytes wasm;
  double compile_ms = 0;
};

// Decompress (bomb limit 12 MiB), validate + instrument (prepare_module with the config's stack
// limit) and compile once on the PVF engine, so that preparation fails here and not during a
// candidate's execution.
Result<PreparedPvf, PrepareError> prepare_pvf(ByteSpan code, const ExecutorParams& params);

// The host functions offered to PVFs (executor_interface.rs HostFunctions): misc, crypto,
// hashing, allocator, logging, panic handler, trie, and storage + child storage, which fail when
// called (a PVF has no storage: no HostContext service backs them). Other imports are stubs that
// fail when called (allow_missing_func_imports).
const executor::HostFunctionTable& pvf_host_functions();

// A compiled PVF with one warm instance, for repeated `validate_block` calls.
class PvfRuntime {
 public:
  // `wasm` as prepare_pvf produced it.
  static Result<std::unique_ptr<PvfRuntime>, executor::ExecutionError> load(
      ByteSpan wasm, const ExecutorParams& params);

  // Runs `validate_block` on SCALE(ValidationParams) and returns the raw output bytes. A trap or
  // a host error (with the PVF's last error log line or panic message, when it gave one) is the
  // error: the candidate is invalid.
  Result<Bytes, std::string> validate_block(ByteSpan params);

 private:
  PvfRuntime() = default;
  std::shared_ptr<const executor::Module> module_;
  std::unique_ptr<executor::Instance> instance_;
};

}  // namespace canary::parachain::pvf
