#include "node/cli/benchmark_support.hpp"

#include <dlfcn.h>
#include <malloc.h>
#include <sys/resource.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <system_error>

#include "blockchain/block_state.hpp"
#include "executor/aot/aot_config.hpp"
#include "executor/runtime_code.hpp"
#include "primitives/scale/compact.hpp"
#include "primitives/scale/decoder.hpp"
#include "primitives/util/hex.hpp"

namespace canary::cli {

int bench_fail(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

double ms(BenchClock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double ms_since(BenchClock::time_point start) {
  return ms(BenchClock::now() - start);
}

void progress(const std::string& line) {
  std::cerr << line << '\n';
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string grouped(double value) {
  std::string digits = fixed(value, 0);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    if (digits[static_cast<size_t>(i) - 1] == '-') break;
    digits.insert(static_cast<size_t>(i), ",");
  }
  return digits;
}

Result<std::optional<Bytes>, std::string> read_storage(const blockchain::Chain& chain,
                                                       const block::BlockHash& at, ByteSpan key) {
  auto state = blockchain::BlockState::at(chain, at);
  if (!state) return unexpected(state.error().message());
  auto value = state->get(key);
  if (!value) return unexpected(value.error().message());
  return std::move(*value);
}

Result<ClassWeights, std::string> block_weight(const blockchain::Chain& chain,
                                               const block::BlockHash& at) {
  CANARY_TRY_ASSIGN(auto value,
                    read_storage(chain, at, hash::storage_prefix("System", "BlockWeight")));
  if (!value) return unexpected(std::string("no System.BlockWeight"));
  // PerDispatchClass<Weight>: normal, operational, mandatory; Weight { ref_time: Compact<u64>,
  // proof_size: Compact<u64> }.
  scale::Decoder in(*value);
  std::array<uint64_t, 3> ref_time{};
  for (uint64_t& ref : ref_time) {
    ref = scale::decode_compact<uint64_t>(in);
    (void)scale::decode_compact<uint64_t>(in);
  }
  if (!in.ok() || in.remaining() != 0) {
    return unexpected("System.BlockWeight does not decode: " + to_hex(*value));
  }
  return ClassWeights{ref_time[0], ref_time[1], ref_time[2]};
}

std::string decimal(u128 value) {
  std::string out;
  do {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  } while (value != 0);
  return out;
}

uint64_t directory_bytes(const std::filesystem::path& dir) {
  std::error_code ec;
  uint64_t total = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto size = it->file_size(size_ec);
      if (!size_ec) total += size;
    }
  }
  return total;
}

namespace {

// A "Name:   123 kB" line of /proc/self/status, in bytes.
std::optional<uint64_t> status_kb(const std::string& name) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(name + ":")) {
      return std::stoull(line.substr(name.size() + 1)) * 1024;
    }
  }
  return std::nullopt;
}

}  // namespace

double mib(uint64_t bytes) {
  return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

uint64_t peak_rss_bytes() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // kilobytes on Linux
}

uint64_t thread_page_faults() {
  rusage usage{};
  if (getrusage(RUSAGE_THREAD, &usage) != 0) return 0;
  return static_cast<uint64_t>(usage.ru_minflt) + static_cast<uint64_t>(usage.ru_majflt);
}

uint64_t current_rss_bytes() {
  return status_kb("VmRSS").value_or(0);
}

uint64_t current_rss_file_bytes() {
  return status_kb("RssFile").value_or(0);
}

uint64_t current_rss_anon_bytes() {
  return status_kb("RssAnon").value_or(0);
}

bool reset_peak_rss() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

std::optional<uint64_t> peak_rss_since_reset_bytes() {
  return status_kb("VmHWM");
}

namespace {

using Mallctl = int (*)(const char*, void*, size_t*, void*, size_t);

// jemalloc's control interface, looked up rather than linked: only the canary binary links
// jemalloc (node/CMakeLists.txt).
Mallctl jemalloc_mallctl() {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): dlsym returns void*.
  return reinterpret_cast<Mallctl>(::dlsym(RTLD_DEFAULT, "mallctl"));
}

}  // namespace

void release_free_memory() {
  if (const Mallctl mallctl = jemalloc_mallctl()) {
    // MALLCTL_ARENAS_ALL (4096): every arena.
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
    return;
  }
  malloc_trim(0);
}

std::optional<HeapStats> heap_stats() {
  const Mallctl mallctl = jemalloc_mallctl();
  if (mallctl == nullptr) return std::nullopt;
  // The statistics are a snapshot taken when the epoch advances.
  uint64_t epoch = 1;
  size_t epoch_size = sizeof epoch;
  if (mallctl("epoch", &epoch, &epoch_size, &epoch, epoch_size) != 0) return std::nullopt;
  auto read = [&](const char* name) -> std::optional<uint64_t> {
    size_t value = 0;
    size_t size = sizeof value;
    if (mallctl(name, &value, &size, nullptr, 0) != 0) return std::nullopt;
    return value;
  };
  const std::optional<uint64_t> allocated = read("stats.allocated");
  const std::optional<uint64_t> resident = read("stats.resident");
  if (!allocated || !resident) return std::nullopt;
  return HeapStats{*allocated, *resident};
}

blockchain::RuntimeHostConfig benchmark_host_config(bool compiled, std::string aot_cache_dir,
                                                    bool optimizing) {
  return {.compiled = compiled,
          .optimizing_tier = optimizing,
          .aot_cache_dir = std::move(aot_cache_dir)};
}

namespace {

Result<std::shared_ptr<executor::Runtime>, std::string> load_runtime(blockchain::RuntimeHost& host,
                                                                     ByteSpan code,
                                                                     const state::ChainSpec* spec) {
  std::optional<ByteSpan> pages;
  if (spec != nullptr) {
    if (auto found = spec->top.find(to_bytes(":heappages")); found != spec->top.end()) {
      pages = ByteSpan(found->second);
    }
  }
  auto runtime =
      host.runtime_for(executor::make_runtime_code(Bytes(code.begin(), code.end()), pages));
  if (!runtime) return unexpected(runtime.error().message());
  return std::move(*runtime);
}

}  // namespace

Result<std::string, std::string> warm_runtime(blockchain::RuntimeHost& host, ByteSpan code,
                                              const state::ChainSpec* spec, bool compiled,
                                              bool optimizing) {
  CANARY_TRY_ASSIGN(auto runtime, load_runtime(host, code, spec));
  if (!compiled) return std::string("interpreted (fast interpreter)");
  if (runtime->wait_compiled(kAotWait)) {
    return std::string(optimizing ? "compiled (optimizing tier)"
                                  : "compiled (wasm2c ahead of time)");
  }
  return std::string("interpreted (the compiled tier failed or timed out)");
}

Result<std::string, std::string> load_first_tier(blockchain::RuntimeHost& host, ByteSpan code,
                                                 const state::ChainSpec* spec) {
  CANARY_TRY(load_runtime(host, code, spec));
  return std::string("the baseline JIT (profiling for the optimizing tier)");
}

Result<std::string, std::string> warm_first_runtime(blockchain::RuntimeHost& host, ByteSpan code,
                                                    const blockchain::RuntimeHostConfig& config) {
  if (config.compiled) {
    progress("      waiting for the compiled runtime (cached in " +
             (config.aot_cache_dir.empty() ? executor::aot::AotConfig::default_cache_dir()
                                           : config.aot_cache_dir) +
             "; the first run compiles it, minutes on a busy machine)");
  }
  return warm_runtime(host, code, nullptr, config.compiled);
}

}  // namespace canary::cli
