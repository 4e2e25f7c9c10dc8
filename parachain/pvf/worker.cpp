#include "parachain/pvf/worker.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <variant>

#include "parachain/pvf/artifact.hpp"
#include "parachain/pvf/pvf_executor.hpp"
#include "parachain/pvf/sandbox.hpp"
#include "parachain/pvf/worker_channel.hpp"

namespace canary::parachain::pvf {

namespace {

// The one PVF an execute worker keeps compiled.
struct WarmRuntime {
  std::string artifact_path;
  Hash256 params_hash{};
  std::unique_ptr<PvfRuntime> runtime;
};

std::optional<Bytes> read_whole_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::stringstream content;
  content << file.rdbuf();
  if (file.bad()) return std::nullopt;
  const std::string text = content.str();
  return Bytes(text.begin(), text.end());
}

WorkerResponse prepare(const PrepareRequest& request) {
  auto prepared = prepare_pvf(request.code.data, request.executor_params);
  if (!prepared) {
    return PrepareFailed{static_cast<uint8_t>(prepared.error().kind), prepared.error().message};
  }
  const Bytes artifact =
      encode_artifact(ArtifactId::of(request.code, request.executor_params), prepared->wasm);
  std::FILE* file = std::fopen(request.artifact_path.c_str(), "wb");
  bool ok = file != nullptr;
  if (ok) {
    ok = std::fwrite(artifact.data(), 1, artifact.size(), file) == artifact.size();
    ok = (std::fclose(file) == 0) && ok;
  }
  if (!ok) {
    return PrepareFailed{static_cast<uint8_t>(PrepareErrorKind::kIoError),
                         "cannot write " + request.artifact_path};
  }
  return Prepared{artifact.size(), static_cast<uint64_t>(prepared->compile_ms * 1000)};
}

WorkerResponse execute(const ExecuteRequest& request, std::optional<WarmRuntime>& warm) {
  const Hash256 params_hash = request.executor_params.hash();
  if (!warm || warm->artifact_path != request.artifact_path || warm->params_hash != params_hash) {
    warm.reset();
    auto file = read_whole_file(request.artifact_path);
    if (!file) return ArtifactCorrupt{"cannot read " + request.artifact_path};
    const ArtifactId id{request.code_hash, request.executor_params.prep_hash()};
    auto wasm = decode_artifact(*file, id);
    if (!wasm) return ArtifactCorrupt{to_string(wasm.error())};
    auto runtime = PvfRuntime::load(*wasm, request.executor_params);
    // The artifact compiled during preparation, so what fails now is instantiation under this
    // session's parameters (e.g. more initial pages than MaxMemoryPages): the candidate's PVF
    // cannot run here, deterministically.
    if (!runtime) {
      // Except when the worker itself ran out of memory (its RLIMIT_AS): the node's limit, not
      // the candidate's fault, so no verdict on it.
      const executor::ExecutionError& error = runtime.error();
      if (error.message.find("cannot map") != std::string::npos) {
        return WorkerInternalError{"out of memory: " + error.message};
      }
      return ExecuteInvalid{"runtime construction: " + error.message};
    }
    warm = WarmRuntime{request.artifact_path, params_hash, std::move(*runtime)};
  }
  auto output = warm->runtime->validate_block(request.params);
  if (!output) return ExecuteInvalid{output.error()};
  return Executed{std::move(*output)};
}

}  // namespace

int run_worker(const WorkerOptions& options) {
  if (options.parent_pid) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    // The parent may have died before the line above: then the worker belongs to another process.
    if (::getppid() != *options.parent_pid) return 127;
  }
  if (options.memory_limit) {
    const rlimit limit{*options.memory_limit, *options.memory_limit};
    if (::setrlimit(RLIMIT_AS, &limit) != 0) return 127;
  }
  std::string sandbox = "off (--no-sandbox)";
  if (options.sandbox) {
    sandbox = enter_sandbox(options.dir, options.kind == WorkerKind::kPrepare).summary;
  }
  if (!write_frame(options.fd, scale::encode(WorkerResponse{WorkerReady{sandbox}}))) return 1;
  FrameReader reader;
  std::optional<WarmRuntime> warm;
  while (true) {
    Bytes payload;
    const ReadStatus status = read_frame(options.fd, reader, std::nullopt, payload);
    if (status == ReadStatus::kClosed) return 0;
    if (status != ReadStatus::kFrame) return 1;
    auto request = decode_request(payload);
    if (!request) return 1;
    WorkerResponse response = WorkerInternalError{"wrong job for this worker"};
    const auto* prepare_job = std::get_if<PrepareRequest>(&*request);
    const auto* execute_job = std::get_if<ExecuteRequest>(&*request);
    if (prepare_job != nullptr && options.kind == WorkerKind::kPrepare) {
      response = prepare(*prepare_job);
    } else if (execute_job != nullptr && options.kind == WorkerKind::kExecute) {
      response = execute(*execute_job, warm);
    }
    if (!write_frame(options.fd, scale::encode(response))) return 1;
  }
}

}  // namespace canary::parachain::pvf
