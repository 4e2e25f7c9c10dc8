// Runs external tools (wasm2c, the C compiler) in a worker process that cannot hurt the node: a
// process group of its own with a wall-clock limit (the group is killed when it passes), an
// address-space and a CPU-time limit on every tool, killed with the node if the node dies. The
// tools read untrusted code: wasm2c builds wabt's recursive IR (deep nesting can exhaust its native
// stack) and compilers can need unbounded time and memory on huge functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "executor/aot/aot_error.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::aot {

// argv; argv[0] is the full path of the program (find_program).
using Command = std::vector<std::string>;
// The commands of a stage run in parallel; stages run one after another.
using WorkerStage = std::vector<Command>;

struct WorkerLimits {
  std::chrono::milliseconds wall_time{std::chrono::minutes(10)};
  uint64_t memory_bytes = uint64_t{4} << 30;  // RLIMIT_AS of each command
};

// Runs the stages in a worker (a shell started with posix_spawn: the node is not forked, so its
// memory is not shared copy-on-write with the worker); the commands' stdout and stderr go to
// `log_path`. Fails with kTimeout, kOutOfMemory (recognised from the tools' messages), kToolFailed
// (the end of the log in the message), kWorkerFailed or kCancelled (`stop` requested; the worker
// is killed).
Result<void, AotError> run_worker(const std::vector<WorkerStage>& stages,
                                  const WorkerLimits& limits, const std::string& log_path,
                                  const std::stop_token& stop = {});

// The full path of `name` (searched on PATH unless it contains a slash), if it is executable.
std::optional<std::string> find_program(const std::string& name);

// The last `max_bytes` of a file (empty if unreadable).
std::string file_tail(const std::string& path, size_t max_bytes);

}  // namespace canary::executor::aot
