// The PVF host with real worker processes (the `canary` binary's `pvf-worker`): the adder's known
// answer, a bad block, and malicious PVFs (tests/wasm/pvf/*.wat and modules built here) that must
// each end in polkadot-sdk's verdict within the limits, after which the host still validates the
// adder correctly.
#include "parachain/pvf/pvf_host.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zstd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "executor/runtime_blob.hpp"
#include "parachain/pvf/sandbox.hpp"
#include "parachain/pvf/worker_process.hpp"
#include "tests/unit/parachain/pvf/pvf_test_support.hpp"

namespace canary::parachain::pvf {
namespace {

class PvfHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "pvf-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    host_ = std::make_unique<PvfHost>(config());
  }
  void TearDown() override {
    host_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  PvfHostConfig config() const {
    PvfHostConfig config;
    config.worker_program = CANARY_PVF_WORKER_BINARY;
    config.cache_dir = dir_;
    return config;
  }

  PvfVerdict run(const Bytes& code, const Bytes& params, PvfExecKind kind = PvfExecKind::kBacking,
                 const ExecutorParams& executor_params = {}) {
    return host_->validate(ValidationCode{code}, params, executor_params, kind);
  }

  // The host still gives the adder's known answer.
  void expect_adder_still_valid() {
    const PvfVerdict verdict = run(testing::adder_code(), testing::adder_params());
    ASSERT_EQ(verdict.kind, VerdictKind::kValid) << verdict.message;
    EXPECT_EQ(to_hex(verdict.output), testing::kAdderResult);
  }

  std::string dir_;
  std::unique_ptr<PvfHost> host_;
};

TEST_F(PvfHostTest, AdderKnownAnswerOnAWarmWorker) {
  for (int i = 0; i < 3; ++i) {
    const PvfVerdict verdict = run(testing::adder_code(), testing::adder_params());
    ASSERT_EQ(verdict.kind, VerdictKind::kValid) << verdict.message;
    EXPECT_EQ(to_hex(verdict.output), testing::kAdderResult);
    ASSERT_TRUE(verdict.result.has_value());
    EXPECT_EQ(verdict.result->hrmp_watermark, 1u);
  }
  // One prepare and one execute worker, kept warm across the three candidates.
  EXPECT_EQ(host_->workers_spawned(), 2u);
  EXPECT_FALSE(host_->sandbox_summary().empty());
  // The artifact is in the cache under its key.
  const ArtifactId id = ArtifactId::of(ValidationCode{testing::adder_code()}, {});
  EXPECT_TRUE(std::filesystem::is_regular_file(host_->artifact_path(id)));
}

TEST_F(PvfHostTest, ZstdCompressedAdderGivesTheSameAnswer) {
  const Bytes wasm = testing::adder_code();
  Bytes compressed(ZSTD_compressBound(wasm.size()));
  const size_t size =
      ZSTD_compress(compressed.data(), compressed.size(), wasm.data(), wasm.size(), 3);
  ASSERT_FALSE(ZSTD_isError(size));
  Bytes code(executor::kZstdCodePrefix.begin(), executor::kZstdCodePrefix.end());
  code.insert(code.end(), compressed.begin(),
              compressed.begin() + static_cast<std::ptrdiff_t>(size));
  const PvfVerdict verdict = run(code, testing::adder_params());
  ASSERT_EQ(verdict.kind, VerdictKind::kValid) << verdict.message;
  EXPECT_EQ(to_hex(verdict.output), testing::kAdderResult);
}

TEST_F(PvfHostTest, AdderBadBlockIsInvalid) {
  const PvfVerdict verdict = run(testing::adder_code(), testing::adder_bad_params());
  EXPECT_EQ(verdict.kind, VerdictKind::kInvalid);
  EXPECT_EQ(verdict.reason, InvalidReason::kWorkerReportedInvalid) << verdict.message;
  expect_adder_still_valid();
}

TEST_F(PvfHostTest, InfiniteLoopIsAHardTimeout) {
  const auto start = std::chrono::steady_clock::now();
  const PvfVerdict verdict = run(testing::test_module("infinite_loop"), testing::adder_params());
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(verdict.kind, VerdictKind::kInvalid);
  EXPECT_EQ(verdict.reason, InvalidReason::kHardTimeout) << verdict.message;
  // Backing's 2 s of CPU time; on a loaded machine the wall clock runs ahead of it, up to its own
  // limit of 4 × 2 s (plus preparation and polling).
  EXPECT_GE(elapsed, std::chrono::milliseconds(2000));
  EXPECT_LT(elapsed, std::chrono::milliseconds(9000));
  expect_adder_still_valid();
}

TEST_F(PvfHostTest, SessionExecutionTimeoutApplies) {
  ExecutorParams params;
  params.params = {executor_param::PvfExecTimeout{PvfExecKind::kBacking, 300}};
  const auto start = std::chrono::steady_clock::now();
  const PvfVerdict verdict = run(testing::test_module("infinite_loop"), testing::adder_params(),
                                 PvfExecKind::kBacking, params);
  EXPECT_EQ(verdict.reason, InvalidReason::kHardTimeout) << verdict.message;
  // 300 ms of CPU time, 1.2 s of wall clock at most.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2500));
  expect_adder_still_valid();
}

TEST_F(PvfHostTest, UnboundedMemoryGrowthStopsAtTheHeapMaximum) {
  const PvfVerdict verdict = run(testing::test_module("memory_grow"), testing::adder_params());
  EXPECT_EQ(verdict.kind, VerdictKind::kInvalid);
  EXPECT_EQ(verdict.reason, InvalidReason::kWorkerReportedInvalid) << verdict.message;
  EXPECT_NE(verdict.message.find("unreachable"), std::string::npos) << verdict.message;
  expect_adder_still_valid();
}

TEST_F(PvfHostTest, WorkerMemoryLimitIsAnInternalError) {
  // A worker allowed less address space than the PVF heap's maximum needs (2080 pages, 130 MiB,
  // beside the binary and the stacks) cannot set the PVF up: that is the node's limit, not the
  // candidate's fault, so the verdict is an internal error (the validator abstains), not invalid.
  if (!kWorkerMemoryLimitEnforced) GTEST_SKIP() << "no RLIMIT_AS under AddressSanitizer";
  PvfHostConfig small = config();
  small.worker_memory_limit = uint64_t{150} << 20;
  host_ = std::make_unique<PvfHost>(small);
  const PvfVerdict verdict = run(testing::test_module("memory_grow"), testing::adder_params());
  EXPECT_EQ(verdict.kind, VerdictKind::kInternalError)
      << to_string(verdict.reason) << ": " << verdict.message;
  EXPECT_NE(verdict.message.find("out of memory"), std::string::npos) << verdict.message;
  host_ = std::make_unique<PvfHost>(config());
  expect_adder_still_valid();
}

TEST_F(PvfHostTest, DeepRecursionHitsTheStackLimit) {
  const PvfVerdict verdict = run(testing::test_module("deep_recursion"), testing::adder_params());
  EXPECT_EQ(verdict.kind, VerdictKind::kInvalid);
  EXPECT_EQ(verdict.reason, InvalidReason::kWorkerReportedInvalid) << verdict.message;
  EXPECT_NE(verdict.message.find("stack"), std::string::npos) << verdict.message;
  expect_adder_still_valid();
}

TEST_F(PvfHostTest, StorageFunctionsFail) {
  const PvfVerdict verdict = run(testing::test_module("storage_access"), testing::adder_params());
  EXPECT_EQ(verdict.kind, VerdictKind::kInvalid);
  EXPECT_EQ(verdict.reason, InvalidReason::kWorkerReportedInvalid) << verdict.message;
  expect_adder_still_valid();
}

TEST_F(PvfHostTest, MissingImportsTrapWhenCalled) {
  const PvfVerdict verdict = run(testing::test_module("missing_import"), testing::adder_params());
  EXPECT_EQ(verdict.kind, VerdictKind::kInvalid);
  EXPECT_EQ(verdict.reason, InvalidReason::kWorkerReportedInvalid) << verdict.message;
  expect_adder_still_valid();
}

TEST_F(PvfHostTest, ZipBombIsAPrepareError) {
  // 64 MiB of zeros compress to a few KiB: past the 12 MiB bomb limit once decompressed.
  const Bytes zeros(size_t{64} << 20, 0);
  Bytes compressed(ZSTD_compressBound(zeros.size()));
  const size_t size =
      ZSTD_compress(compressed.data(), compressed.size(), zeros.data(), zeros.size(), 1);
  ASSERT_FALSE(ZSTD_isError(size));
  Bytes code(executor::kZstdCodePrefix.begin(), executor::kZstdCodePrefix.end());
  code.insert(code.end(), compressed.begin(),
              compressed.begin() + static_cast<std::ptrdiff_t>(size));
  ASSERT_LT(code.size(), size_t{1} << 20);
  const PvfVerdict verdict = run(code, testing::adder_params());
  EXPECT_EQ(verdict.kind, VerdictKind::kInvalid);
  EXPECT_EQ(verdict.reason, InvalidReason::kPrepareError) << verdict.message;
  EXPECT_NE(verdict.message.find("bomb"), std::string::npos) << verdict.message;
  // Remembered: the second attempt fails the same way without a worker.
  const uint32_t spawned = host_->workers_spawned();
  EXPECT_EQ(run(code, testing::adder_params()).reason, InvalidReason::kPrepareError);
  EXPECT_EQ(host_->workers_spawned(), spawned);
  expect_adder_still_valid();
}

// A module with one function of `body_size` bytes of `nop`s then `i64.const 0`, exported as
// validate_block, with a memory and __heap_base.
Bytes huge_code_module(size_t body_size) {
  Bytes m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  auto leb = [](Bytes& out, uint64_t v) {
    do {
      uint8_t byte = v & 0x7f;
      v >>= 7;
      if (v != 0) byte |= 0x80;
      out.push_back(byte);
    } while (v != 0);
  };
  auto section = [&](uint8_t id, const Bytes& payload) {
    m.push_back(id);
    leb(m, payload.size());
    m.insert(m.end(), payload.begin(), payload.end());
  };
  section(1, {0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7e});  // (i32, i32) -> i64
  section(3, {0x01, 0x00});
  section(5, {0x01, 0x00, 0x11});                                // memory 17
  section(6, {0x01, 0x7f, 0x00, 0x41, 0x80, 0x80, 0x04, 0x0b});  // i32 const 65536
  Bytes exports = {0x03};
  for (const auto& [name, kind] :
       {std::pair<std::string, uint8_t>{"memory", 2}, {"__heap_base", 3}, {"validate_block", 0}}) {
    leb(exports, name.size());
    exports.insert(exports.end(), name.begin(), name.end());
    exports.push_back(kind);
    exports.push_back(0);
  }
  section(7, exports);
  Bytes body = {0x00};  // no locals
  body.insert(body.end(), body_size, 0x01);
  body.insert(body.end(), {0x42, 0x00, 0x0b});
  Bytes code = {0x01};
  leb(code, body.size());
  code.insert(code.end(), body.begin(), body.end());
  section(10, code);
  return m;
}

TEST_F(PvfHostTest, HugeCodeSectionIsBounded) {
  // 16 MiB of code (over MAX_CODE_SIZE, which only the relay chain enforces): preparation either
  // refuses it or compiles it within its limits; running it returns an empty output, which is
  // no ValidationResult. The execute worker compiles the checked artifact when it loads it, on
  // the job's CPU time: where that is slow (sanitizer builds) the job is a hard timeout instead,
  // bounded all the same.
  const auto start = std::chrono::steady_clock::now();
  const PvfVerdict verdict = run(huge_code_module(size_t{16} << 20), testing::adder_params());
  EXPECT_EQ(verdict.kind, VerdictKind::kInvalid) << verdict.message;
  EXPECT_TRUE(verdict.reason == InvalidReason::kPrepareError ||
              verdict.reason == InvalidReason::kWorkerReportedInvalid ||
              verdict.reason == InvalidReason::kHardTimeout)
      << to_string(verdict.reason) << ": " << verdict.message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
  expect_adder_still_valid();
}

TEST_F(PvfHostTest, GarbageCodeIsAPrepareError) {
  const PvfVerdict verdict = run(Bytes{1, 2, 3, 4}, testing::adder_params());
  EXPECT_EQ(verdict.kind, VerdictKind::kInvalid);
  EXPECT_EQ(verdict.reason, InvalidReason::kPrepareError) << verdict.message;
  expect_adder_still_valid();
}

TEST_F(PvfHostTest, CorruptArtifactIsPreparedAgain) {
  expect_adder_still_valid();
  const ArtifactId id = ArtifactId::of(ValidationCode{testing::adder_code()}, {});
  const std::string path = host_->artifact_path(id);
  const auto size = std::filesystem::file_size(path);
  // Truncated (a crash while writing) and then flipped bytes: both detected by a fresh worker.
  std::filesystem::resize_file(path, size / 2);
  host_ = std::make_unique<PvfHost>(config());
  expect_adder_still_valid();
  EXPECT_EQ(std::filesystem::file_size(path), size);
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(size - 10));
    file.put('\xff');
  }
  host_ = std::make_unique<PvfHost>(config());
  expect_adder_still_valid();
}

// The pids of this process's children running `pvf-worker --kind <kind>`, from /proc.
std::vector<pid_t> workers_of_kind(const std::string& kind) {
  std::vector<pid_t> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream status(entry.path() / "stat");
    std::string pid, comm, state;
    pid_t ppid = 0;
    status >> pid >> comm >> state >> ppid;
    if (ppid != ::getpid() || state == "Z") continue;
    std::ifstream cmdline(entry.path() / "cmdline");
    std::string args((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
    if (args.find("pvf-worker") == std::string::npos || args.find(kind) == std::string::npos) {
      continue;
    }
    out.push_back(std::stoi(name));
  }
  return out;
}

// Kills `pid` and waits until it is a zombie (dead, not yet reaped by the host).
void kill_and_wait_dead(pid_t pid) {
  ::kill(pid, SIGKILL);
  for (int i = 0; i < 500; ++i) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/stat");
    std::string id, comm, state;
    status >> id >> comm >> state;
    if (state == "Z" || state.empty()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

TEST_F(PvfHostTest, WorkerKilledWhileIdleIsReplacedWithoutAVerdict) {
  expect_adder_still_valid();
  const auto idle = workers_of_kind("execute");
  ASSERT_EQ(idle.size(), 1u);
  kill_and_wait_dead(idle[0]);
  // The job never reached the dead worker: it runs on a new one, and the candidate is valid.
  const uint32_t spawned = host_->workers_spawned();
  expect_adder_still_valid();
  EXPECT_EQ(host_->workers_spawned(), spawned + 1);
}

TEST_F(PvfHostTest, WorkerKilledWhileExecutingIsAnAmbiguousDeath) {
  expect_adder_still_valid();
  PvfVerdict verdict;
  std::thread job([&] {
    verdict =
        run(testing::test_module("infinite_loop"), testing::adder_params(), PvfExecKind::kApproval);
  });
  // Wait for the new PVF's job to be running (the worker's CPU time grows), then kill it.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto busy = workers_of_kind("execute");
  ASSERT_EQ(busy.size(), 1u);
  kill_and_wait_dead(busy[0]);
  job.join();
  EXPECT_EQ(verdict.kind, VerdictKind::kInvalid);
  EXPECT_EQ(verdict.reason, InvalidReason::kAmbiguousWorkerDeath) << verdict.message;
  EXPECT_NE(verdict.message.find("signal 9"), std::string::npos) << verdict.message;
  expect_adder_still_valid();
}

// The host starts its workers with posix_spawn, not fork(): afterwards its own pages are not
// copy-on-write, so writing them costs no page faults (with fork and exec, one fault each).
TEST(PvfWorkerSpawn, TheNodeIsNotForkedSoItsWritesDoNotFault) {
  constexpr size_t kHeap = size_t{64} << 20;
  std::vector<uint8_t> heap(kHeap, 1);  // resident before the worker starts
  std::string pattern = (std::filesystem::temp_directory_path() / "pvf-spawn-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  WorkerSpawnConfig config;
  config.program = CANARY_PVF_WORKER_BINARY;
  config.dir = pattern;
  config.sandbox = false;
  auto worker = WorkerProcess::spawn(config);
  ASSERT_TRUE(worker.has_value()) << worker.error();
  rusage before{};
  rusage after{};
  ::getrusage(RUSAGE_THREAD, &before);
  for (size_t offset = 0; offset < kHeap; offset += 4096) heap[offset] = 2;
  ::getrusage(RUSAGE_THREAD, &after);
  size_t twos = 0;  // read back, so that the writes cannot be optimised away
  for (size_t offset = 0; offset < kHeap; offset += 4096) twos += heap[offset] == 2 ? 1 : 0;
  EXPECT_EQ(twos, kHeap / 4096);
  EXPECT_LT(after.ru_minflt - before.ru_minflt, 1000);  // 16,384 pages
  worker->reset();
  std::error_code ignored;
  std::filesystem::remove_all(pattern, ignored);
}

// What fork's child did before exec, the worker now does itself from its arguments: a worker whose
// parent is not the process it was told (the node died before it started) ends at once.
TEST(PvfWorkerSpawn, AWorkerWhoseParentIsGoneEndsAtOnce) {
  const std::string command = std::string(CANARY_PVF_WORKER_BINARY) +
                              " pvf-worker --kind execute --dir /nonexistent --no-sandbox "
                              "--parent-pid 1 3</dev/null";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 127);
}

TEST(PvfSandbox, SeccompKillsSocketCalls) {
#if defined(__x86_64__)
  std::string pattern = (std::filesystem::temp_directory_path() / "pvf-sandbox-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const SandboxReport report = enter_sandbox(pattern, false);
    if (!report.seccomp) ::_exit(3);
    // Landlock (where the kernel has it) closes everything outside the worker directory.
    if (report.landlock && std::fopen("/etc/hostname", "r") != nullptr) ::_exit(4);
    ::socket(AF_INET, SOCK_STREAM, 0);  // killed here
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  std::filesystem::remove_all(pattern);
  ASSERT_TRUE(WIFSIGNALED(status)) << "exit code " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGSYS);
#else
  GTEST_SKIP() << "the seccomp filter is x86-64 only";
#endif
}

}  // namespace
}  // namespace canary::parachain::pvf
