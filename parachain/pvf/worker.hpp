// The worker side of the PVF host: the loop `canary pvf-worker` runs. It enters its sandbox,
// says it is ready, then serves one job at a time from its socket until the host hangs up.
// An execute worker keeps the last PVF it compiled (a warm worker: the next candidate of the
// same PVF skips compilation).
#pragma once

#include <string>

namespace canary::parachain::pvf {

enum class WorkerKind : uint8_t { kPrepare, kExecute };

struct WorkerOptions {
  int fd = 3;  // the socket to the host
  WorkerKind kind = WorkerKind::kExecute;
  std::string dir;  // the only directory the worker may touch (the artifact cache)
  bool sandbox = true;
};

// Returns the process exit code: 0 when the host hung up, 1 on a broken channel.
int run_worker(const WorkerOptions& options);

}  // namespace canary::parachain::pvf
