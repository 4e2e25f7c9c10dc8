// The PVF host (polkadot-sdk `polkadot/node/core/pvf/src/host.rs`, parachain-facts §6): validates
// candidates by running their PVF in worker processes. It keeps one warm prepare worker and one
// warm execute worker, an artifact cache on disk keyed by (code hash, executor parameters'
// prep_hash, engine + version), enforces the preparation and execution time limits (CPU time:
// backing 2 s, approval 12 s, precheck 60 s, lenient preparation 360 s, or the session's
// ExecutorParams) and a memory limit, and replaces a worker that died or overran. Every outcome
// is a verdict; nothing a PVF does reaches the caller as a crash.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "parachain/primitives/blobs.hpp"
#include "parachain/primitives/executor_params.hpp"
#include "parachain/primitives/validation_result.hpp"
#include "parachain/pvf/artifact.hpp"
#include "parachain/pvf/pvf_executor.hpp"
#include "parachain/pvf/verdict.hpp"
#include "parachain/pvf/worker_process.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::parachain::pvf {

struct PvfHostConfig {
  std::string worker_program;  // the `canary` binary (it has the hidden `pvf-worker` command)
  std::string cache_dir;       // artifacts; created if missing; the workers' only directory
  uint64_t worker_memory_limit = uint64_t{4} << 30;
  bool sandbox = true;
  // polkadot-sdk's JOB_TIMEOUT_WALL_CLOCK_FACTOR: a job's wall-clock limit is its CPU limit × 4.
  uint32_t wall_clock_factor = 4;
};

class PvfHost {
 public:
  explicit PvfHost(PvfHostConfig config);
  ~PvfHost();
  PvfHost(const PvfHost&) = delete;
  PvfHost& operator=(const PvfHost&) = delete;

  // Prepares (if its artifact is not cached yet) and runs `validate_block` on `params`
  // (SCALE ValidationParams).
  PvfVerdict validate(const ValidationCode& code, ByteSpan params,
                      const ExecutorParams& executor_params, PvfExecKind kind) EXCLUDES(mutex_);

  // Prepares the artifact (PVF pre-checking with kPrecheck's limits); the error says why not.
  Result<ArtifactId, PrepareError> prepare(const ValidationCode& code,
                                           const ExecutorParams& executor_params, PvfPrepKind kind)
      EXCLUDES(mutex_);

  // For tests and logs.
  uint32_t workers_spawned() const EXCLUDES(mutex_);
  std::string sandbox_summary() const EXCLUDES(mutex_);
  std::string artifact_path(const ArtifactId& id) const;

 private:
  Result<ArtifactId, PrepareError> ensure_artifact(const ValidationCode& code,
                                                   const ExecutorParams& executor_params,
                                                   PvfPrepKind kind) REQUIRES(mutex_);
  Result<WorkerProcess*, std::string> worker(WorkerKind kind) REQUIRES(mutex_);
  PvfVerdict execute_once(const ArtifactId& id, ByteSpan params,
                          const ExecutorParams& executor_params, PvfExecKind kind,
                          bool& artifact_corrupt) REQUIRES(mutex_);

  const PvfHostConfig config_;
  mutable Mutex mutex_;
  std::unique_ptr<WorkerProcess> prepare_worker_ GUARDED_BY(mutex_);
  std::unique_ptr<WorkerProcess> execute_worker_ GUARDED_BY(mutex_);
  // Deterministic preparation failures, not retried (polkadot-sdk retries after 15 min; a
  // restart does here).
  std::map<ArtifactId, PrepareError> failed_ GUARDED_BY(mutex_);
  uint32_t spawned_ GUARDED_BY(mutex_) = 0;
  std::string sandbox_ GUARDED_BY(mutex_);
  uint64_t temp_counter_ GUARDED_BY(mutex_) = 0;
};

}  // namespace canary::parachain::pvf
