// What the `canary benchmark …` subcommands share: a runtime made ready the way a node that has
// been running for a while has it, wall and CPU stopwatches, and the formatting of their figures.
#pragma once

#include <time.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "primitives/block/header.hpp"
#include "primitives/hash/storage_hasher.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/chain_spec/chain_spec.hpp"

namespace canary::cli {

using BenchClock = std::chrono::steady_clock;

// The compiled tier of a runtime not yet in the cache takes a while on a busy machine.
inline constexpr std::chrono::minutes kAotWait{20};

int bench_fail(const std::string& message);
double ms(BenchClock::duration d);
double ms_since(BenchClock::time_point start);
// One line per phase on stderr (stdout carries the figures, or the JSON document).
void progress(const std::string& line);
std::string fixed(double value, int decimals);
// 12345 → "12,345".
std::string grouped(double value);
// A u128 in decimal digits (how genesis JSON writes balances).
std::string decimal(u128 value);

// The runtime host of a benchmark's nodes. With `compiled`, wasm2c's whole-module compilation
// unless `optimizing`: warm_runtime waits for it before anything is measured, where the optimizing
// tier (the node's default) compiles only once a workload has run on the first tier (or at once,
// when the cache keeps the hot set of an earlier run of the same runtime).
blockchain::RuntimeHostConfig benchmark_host_config(bool compiled, std::string aot_cache_dir,
                                                    bool optimizing = false);

// The runtime `code` (with the genesis' :heappages, when `spec` is given) loaded in `host` and,
// with the compiled tier, compiled: what a node that has been running for a while executes blocks
// with. Returns the engine's name.
Result<std::string, std::string> warm_runtime(blockchain::RuntimeHost& host, ByteSpan code,
                                              const state::ChainSpec* spec, bool compiled,
                                              bool optimizing = false);
// The runtime `code` loaded in `host` on its first tier, without waiting: what a benchmark profiles
// for the optimizing tier before warm_runtime waits for it.
Result<std::string, std::string> load_first_tier(blockchain::RuntimeHost& host, ByteSpan code,
                                                 const state::ChainSpec* spec);

// warm_runtime of a benchmark's first runtime (no chain spec yet), from the host's configuration;
// with the compiled tier, first says on stderr where compiled runtimes are cached and that the
// first run compiles this one.
Result<std::string, std::string> warm_first_runtime(blockchain::RuntimeHost& host, ByteSpan code,
                                                    const blockchain::RuntimeHostConfig& config);

// Storage reads of the benchmarks' checks and figures, in the state of block `at` of `chain`.
// The value under `key`, none if there is none.
Result<std::optional<Bytes>, std::string> read_storage(const blockchain::Chain& chain,
                                                       const block::BlockHash& at, ByteSpan key);

// System.BlockWeight: the ref_time (picoseconds) each dispatch class used in the block.
struct ClassWeights {
  uint64_t normal = 0;
  uint64_t operational = 0;
  uint64_t mandatory = 0;
  uint64_t total() const { return normal + operational + mandatory; }
};
Result<ClassWeights, std::string> block_weight(const blockchain::Chain& chain,
                                               const block::BlockHash& at);

// Kusama's (and Canary's) BlockWeights: 2 s of compute a block, 75 % of it for normal extrinsics
// (frame_system's NORMAL_DISPATCH_RATIO).
inline constexpr double kMaxBlockRefTimePs = 2e12;
inline constexpr double kNormalDispatchRatio = 0.75;

// The bytes of the files under `dir` (a database's size on disk), 0 if it cannot be read.
uint64_t directory_bytes(const std::filesystem::path& dir);

// Resident memory (Linux): the process's peak so far (getrusage ru_maxrss), the current resident
// set (VmRSS), and the peak since reset_peak_rss() (VmHWM after writing 5 to
// /proc/self/clear_refs), so that one phase's peak can be told from the whole run's.
uint64_t peak_rss_bytes();
// The page faults the calling thread has taken so far (minor and major): a first touch of a
// memory-mapped table file's page, or of fresh heap, costs one.
uint64_t thread_page_faults();
double mib(uint64_t bytes);
uint64_t current_rss_bytes();
// The part of the resident set that maps files (RssFile): the binary and libraries, and the
// database's table files, which RocksDB reads through memory maps; the kernel may drop these
// pages under pressure, unlike the heap's.
uint64_t current_rss_file_bytes();
// The anonymous part of the resident set (RssAnon): the heap, and the mappings made apart from it
// (Wasm instances' memories and native stacks, machine code, threads' stacks).
uint64_t current_rss_anon_bytes();
// The allocator's own figures when the process runs on jemalloc (the canary binary): what the
// program holds (stats.allocated) and the heap's resident pages (stats.resident: the allocated
// ones, free ones not yet returned, and jemalloc's metadata). None otherwise.
struct HeapStats {
  uint64_t allocated = 0;
  uint64_t resident = 0;
};
std::optional<HeapStats> heap_stats();
bool reset_peak_rss();
std::optional<uint64_t> peak_rss_since_reset_bytes();
// Hands the memory the allocator keeps free back to the OS, so that a phase's resident memory is
// what it uses: jemalloc's arenas purged when the process runs on jemalloc (the canary binary),
// glibc's heap trimmed otherwise.
void release_free_memory();

// Wall and CPU time together: on a shared machine the wall clock also counts the time spent
// waiting for a core, so the CPU times say what the cores did, with the wall time beside them.
struct Stopwatch {
  BenchClock::time_point wall = BenchClock::now();
  double process_cpu_ms = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);
  double thread_cpu_ms = cpu_ms(CLOCK_THREAD_CPUTIME_ID);

  static double cpu_ms(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
  }
};

struct Elapsed {
  double wall_ms = 0;
  double process_cpu_ms = 0;  // every thread of the process (RocksDB's included)
  double thread_cpu_ms = 0;   // the measuring thread

  static Elapsed since(const Stopwatch& start) {
    const Stopwatch now;
    return Elapsed{ms(now.wall - start.wall), now.process_cpu_ms - start.process_cpu_ms,
                   now.thread_cpu_ms - start.thread_cpu_ms};
  }
};

}  // namespace canary::cli
