// The thin process adapter under the PVF host: spawns a `canary pvf-worker` child with only its
// socket, an empty environment and a memory limit, runs one job at a time on it with a CPU-time
// and a wall-clock limit, and kills it when it overruns. Everything a worker says is decoded as
// hostile input. Not thread-safe: the host serialises jobs.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "parachain/pvf/worker.hpp"
#include "parachain/pvf/worker_protocol.hpp"
#include "primitives/util/result.hpp"
#include "primitives/util/sanitizers.hpp"

namespace canary::parachain::pvf {

// Whether a worker runs under its memory_limit. Not in AddressSanitizer builds: ASan reserves
// terabytes of address space for its shadow memory at start-up, which no RLIMIT_AS leaves room
// for (the worker would abort before its first message).
inline constexpr bool kWorkerMemoryLimitEnforced = !kAddressSanitizer;

struct WorkerSpawnConfig {
  std::string program;  // the `canary` binary
  WorkerKind kind = WorkerKind::kExecute;
  std::string dir;  // the artifact cache: the worker's only directory
  // RLIMIT_AS of the worker: its address space, so Wasm memories, stacks and the compiler's
  // allocations all count (unless kWorkerMemoryLimitEnforced is false).
  uint64_t memory_limit = uint64_t{4} << 30;
  bool sandbox = true;
};

enum class JobFailureKind : uint8_t {
  kHardTimeout,  // over its CPU time (or wall-clock) limit: killed
  kDied,         // the worker exited or was killed while working (OOM, seccomp, crash)
  kProtocol,     // it answered something that does not decode
  kGone,         // it had already ended before the job reached it: the job never ran
};

struct JobFailure {
  JobFailureKind kind = JobFailureKind::kDied;
  std::string detail;
};

class WorkerProcess {
 public:
  static Result<std::unique_ptr<WorkerProcess>, std::string> spawn(const WorkerSpawnConfig& config);
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& sandbox() const { return sandbox_; }

  // The worker's CPU time of this job is measured from the kernel's per-process clock
  // (polkadot-sdk measures CPU time too, so a loaded machine does not make a candidate invalid);
  // the wall-clock limit catches a worker that sleeps.
  Result<WorkerResponse, JobFailure> run(const WorkerRequest& request,
                                         std::chrono::milliseconds cpu_limit,
                                         std::chrono::milliseconds wall_limit);

 private:
  WorkerProcess(pid_t pid, int fd) : pid_(pid), fd_(fd) {}
  // Kills (if still running) and reaps the child; describes how it ended.
  std::string kill_and_reap();

  pid_t pid_ = -1;
  int fd_ = -1;
  FrameReader reader_;
  std::string sandbox_;
};

}  // namespace canary::parachain::pvf
