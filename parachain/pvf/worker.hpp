// The worker side of the PVF host: the loop `canary pvf-worker` runs. It enters its sandbox,
// says it is ready, then serves one job at a time from its socket until the host hangs up.
// An execute worker keeps the last PVF it compiled (a warm worker: the next candidate of the
// same PVF skips compilation).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace canary::parachain::pvf {

enum class WorkerKind : uint8_t { kPrepare, kExecute };

struct WorkerOptions {
  int fd = 3;  // the socket to the host
  WorkerKind kind = WorkerKind::kExecute;
  std::string dir;  // the only directory the worker may touch (the artifact cache)
  bool sandbox = true;
  // Set by the host, which starts the worker with posix_spawn (which can set neither): the worker
  // dies with this process (PR_SET_PDEATHSIG; it exits at once if that parent is already gone),
  // and its address space is limited to this many bytes (RLIMIT_AS), before it reads anything.
  std::optional<int> parent_pid;
  std::optional<uint64_t> memory_limit;
};

// Returns the process exit code: 0 when the host hung up, 1 on a broken channel, 127 when the
// parent is gone or the memory limit cannot be set.
int run_worker(const WorkerOptions& options);

}  // namespace canary::parachain::pvf
