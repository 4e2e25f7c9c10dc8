#include "parachain/pvf/pvf_host.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>
#include <variant>

namespace canary::parachain::pvf {

namespace {

std::chrono::milliseconds execution_timeout(const ExecutorParams& params, PvfExecKind kind) {
  if (auto timeout = params.exec_timeout(kind)) return *timeout;
  return kind == PvfExecKind::kBacking ? kDefaultBackingExecutionTimeout
                                       : kDefaultApprovalExecutionTimeout;
}

std::chrono::milliseconds preparation_timeout(const ExecutorParams& params, PvfPrepKind kind) {
  if (auto timeout = params.prep_timeout(kind)) return *timeout;
  return kind == PvfPrepKind::kPrecheck ? kDefaultPrecheckPreparationTimeout
                                        : kDefaultLenientPreparationTimeout;
}

std::optional<Bytes> read_whole_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::stringstream content;
  content << file.rdbuf();
  if (file.bad()) return std::nullopt;
  const std::string text = content.str();
  return Bytes(text.begin(), text.end());
}

}  // namespace

PvfHost::PvfHost(PvfHostConfig config) : config_(std::move(config)) {
  std::error_code ignored;
  std::filesystem::create_directories(config_.cache_dir, ignored);
}

PvfHost::~PvfHost() = default;

uint32_t PvfHost::workers_spawned() const {
  MutexLock lock(mutex_);
  return spawned_;
}

std::string PvfHost::sandbox_summary() const {
  MutexLock lock(mutex_);
  return sandbox_;
}

std::string PvfHost::artifact_path(const ArtifactId& id) const {
  return (std::filesystem::path(config_.cache_dir) / id.file_name()).string();
}

Result<WorkerProcess*, std::string> PvfHost::worker(WorkerKind kind) {
  std::unique_ptr<WorkerProcess>& slot =
      kind == WorkerKind::kPrepare ? prepare_worker_ : execute_worker_;
  if (slot) return slot.get();
  WorkerSpawnConfig spawn;
  spawn.program = config_.worker_program;
  spawn.kind = kind;
  spawn.dir = config_.cache_dir;
  spawn.memory_limit = config_.worker_memory_limit;
  spawn.sandbox = config_.sandbox;
  CANARY_TRY_ASSIGN(slot, WorkerProcess::spawn(spawn));
  ++spawned_;
  if (sandbox_ != slot->sandbox()) {
    // Logged whenever it changes, so an operator sees what the kernel allowed.
    std::fprintf(stderr, "pvf: %s worker %d sandbox: %s\n",
                 kind == WorkerKind::kPrepare ? "prepare" : "execute", slot->pid(),
                 slot->sandbox().c_str());
    sandbox_ = slot->sandbox();
  }
  return slot.get();
}

Result<ArtifactId, PrepareError> PvfHost::prepare(const ValidationCode& code,
                                                  const ExecutorParams& executor_params,
                                                  PvfPrepKind kind) {
  MutexLock lock(mutex_);
  return ensure_artifact(code, executor_params, kind);
}

Result<ArtifactId, PrepareError> PvfHost::ensure_artifact(const ValidationCode& code,
                                                          const ExecutorParams& executor_params,
                                                          PvfPrepKind kind) {
  const ArtifactId id = ArtifactId::of(code, executor_params);
  if (auto failed = failed_.find(id); failed != failed_.end()) return unexpected(failed->second);
  const std::string path = artifact_path(id);
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error)) return id;

  // The worker writes a temporary file; only a checked artifact gets the real name, so a crash
  // halfway leaves nothing that could be mistaken for one.
  const std::string temp =
      (std::filesystem::path(config_.cache_dir) /
       ("tmp-" + std::to_string(::getpid()) + "-" + std::to_string(temp_counter_++) + ".pvf"))
          .string();
  const auto timeout = preparation_timeout(executor_params, kind);
  const PrepareRequest request{code, executor_params, temp};
  Result<WorkerResponse, JobFailure> response = unexpected(JobFailure{});
  // Twice at most: a worker that had ended while idle never saw the first attempt.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto prepare_worker = worker(WorkerKind::kPrepare);
    if (!prepare_worker) {
      return unexpected(PrepareError{PrepareErrorKind::kWorkerDied, prepare_worker.error()});
    }
    response = (*prepare_worker)->run(request, timeout, timeout * config_.wall_clock_factor);
    if (response || response.error().kind != JobFailureKind::kGone) break;
    prepare_worker_.reset();
  }
  const PreparationOutcome outcome = classify_preparation(response);
  if (outcome.drop_worker) prepare_worker_.reset();
  PrepareError failure;
  if (outcome.error) {
    std::filesystem::remove(temp, error);
    failure = *outcome.error;
  } else {
    auto written = read_whole_file(temp);
    if (written && decode_artifact(*written, id)) {
      std::filesystem::rename(temp, path, error);
      if (!error) return id;
    }
    std::filesystem::remove(temp, error);
    failure = PrepareError{PrepareErrorKind::kIoError, "the prepared artifact does not check"};
  }
  if (is_deterministic(failure.kind)) failed_.emplace(id, failure);
  return unexpected(std::move(failure));
}

PvfVerdict PvfHost::execute_once(const ArtifactId& id, ByteSpan params,
                                 const ExecutorParams& executor_params, PvfExecKind kind,
                                 bool& artifact_corrupt) {
  auto execute_worker = worker(WorkerKind::kExecute);
  if (!execute_worker) return PvfVerdict::internal_error(execute_worker.error());
  const auto timeout = execution_timeout(executor_params, kind);
  ExecuteRequest request{artifact_path(id), id.code_hash, executor_params,
                         Bytes(params.begin(), params.end())};
  ExecutionOutcome outcome = classify_execution(
      (*execute_worker)->run(request, timeout, timeout * config_.wall_clock_factor));
  if (outcome.drop_worker) execute_worker_.reset();
  if (outcome.retry) {
    execute_worker = worker(WorkerKind::kExecute);
    if (!execute_worker) return PvfVerdict::internal_error(execute_worker.error());
    outcome = classify_execution(
        (*execute_worker)->run(request, timeout, timeout * config_.wall_clock_factor));
    if (outcome.drop_worker) execute_worker_.reset();
  }
  artifact_corrupt = outcome.artifact_corrupt;
  return std::move(outcome.verdict);
}

PvfVerdict PvfHost::validate(const ValidationCode& code, ByteSpan params,
                             const ExecutorParams& executor_params, PvfExecKind kind) {
  MutexLock lock(mutex_);
  // Two rounds at most: a corrupt artifact is removed and prepared once more.
  for (int round = 0; round < 2; ++round) {
    auto id = ensure_artifact(code, executor_params, PvfPrepKind::kPrepare);
    if (!id) {
      return verdict_of_prepare_error(id.error());
    }
    bool corrupt = false;
    PvfVerdict verdict = execute_once(*id, params, executor_params, kind, corrupt);
    if (!corrupt) return verdict;
    std::error_code error;
    std::filesystem::remove(artifact_path(*id), error);
    if (round == 1) return verdict;
  }
  return PvfVerdict::internal_error("unreachable");
}

}  // namespace canary::parachain::pvf
