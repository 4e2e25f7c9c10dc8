#include "parachain/pvf/worker_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "parachain/pvf/worker_channel.hpp"

namespace canary::parachain::pvf {

namespace {

constexpr int kChannelFd = 3;
constexpr std::chrono::seconds kStartupTimeout{20};
// How often a running job's CPU time is looked at.
constexpr std::chrono::milliseconds kCpuPollInterval{10};

std::chrono::nanoseconds cpu_time_of(clockid_t clock) {
  timespec ts{};
  if (::clock_gettime(clock, &ts) != 0) return std::chrono::nanoseconds::zero();
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    std::string name = ::strsignal(sig) != nullptr ? ::strsignal(sig) : "?";
    if (sig == SIGSYS) name += ", a system call the sandbox forbids";
    return "killed by signal " + std::to_string(sig) + " (" + name + ")";
  }
  return "ended";
}

// Starts `argv` with `channel` as its fd 3 (close-on-exec cleared), stdin from /dev/null and no
// other descriptor but stdio. The caller keeps `channel` open and closes it.
Result<pid_t, std::string> spawn_with_channel(char* const* argv, char* const* envp, int channel) {
  // dup2 onto itself would keep close-on-exec, so a socket that already is fd 3 moves first.
  int moved = -1;
  if (channel == kChannelFd) {
    moved = ::fcntl(channel, F_DUPFD_CLOEXEC, kChannelFd + 1);
    if (moved < 0) return unexpected(std::string("fcntl: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  pid_t pid = -1;
  int error = posix_spawn_file_actions_init(&actions);
  if (error == 0) {
    error = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (error == 0) {
      error = posix_spawn_file_actions_adddup2(&actions, moved >= 0 ? moved : channel, kChannelFd);
    }
    if (error == 0) error = posix_spawn_file_actions_addclosefrom_np(&actions, kChannelFd + 1);
    if (error == 0) error = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
  }
  if (moved >= 0) ::close(moved);
  if (error != 0) return unexpected(std::string("posix_spawn: ") + std::strerror(error));
  return pid;
}

}  // namespace

Result<std::unique_ptr<WorkerProcess>, std::string> WorkerProcess::spawn(
    const WorkerSpawnConfig& config) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return unexpected(std::string("socketpair: ") + std::strerror(errno));
  }
  // posix_spawn, not fork: a fork of the node marks every page of its heap copy-on-write, and each
  // page it then writes takes a fault and a TLB shootdown (1.5 s for 256 MiB on this VM, even
  // with the child gone to exec at once). What fork's child did before exec, the worker does
  // first thing from its arguments: PR_SET_PDEATHSIG, the parent check, RLIMIT_AS.
  std::vector<std::string> args = {
      config.program, "pvf-worker",
      "--kind",       config.kind == WorkerKind::kPrepare ? "prepare" : "execute",
      "--dir",        config.dir,
      "--parent-pid", std::to_string(::getpid())};
  if constexpr (kWorkerMemoryLimitEnforced) {
    args.insert(args.end(), {"--memory-limit", std::to_string(config.memory_limit)});
  }
  if (!config.sandbox) args.emplace_back("--no-sandbox");
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  char* envp[] = {nullptr};  // a worker sees none of the node's environment

  auto spawned = spawn_with_channel(argv.data(), envp, fds[1]);
  ::close(fds[1]);
  if (!spawned) {
    ::close(fds[0]);
    return unexpected(spawned.error());
  }
  const pid_t pid = *spawned;
  std::unique_ptr<WorkerProcess> worker(new WorkerProcess(pid, fds[0]));
  Bytes payload;
  const ReadStatus status = read_frame(worker->fd_, worker->reader_, kStartupTimeout, payload);
  if (status != ReadStatus::kFrame) {
    return unexpected("the worker did not start: " + worker->kill_and_reap());
  }
  auto ready = decode_response(payload);
  if (!ready || !std::holds_alternative<WorkerReady>(*ready)) {
    return unexpected("the worker did not say it is ready: " + worker->kill_and_reap());
  }
  worker->sandbox_ = std::get<WorkerReady>(*ready).sandbox;
  return worker;
}

WorkerProcess::~WorkerProcess() {
  kill_and_reap();
}

std::string WorkerProcess::kill_and_reap() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (pid_ <= 0) return "already reaped";
  int status = 0;
  // A worker that already ended tells how; a running one is killed.
  pid_t reaped = ::waitpid(pid_, &status, WNOHANG);
  if (reaped == 0) {
    ::kill(pid_, SIGKILL);
    reaped = ::waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  return reaped > 0 ? describe_status(status) : "lost";
}

Result<WorkerResponse, JobFailure> WorkerProcess::run(const WorkerRequest& request,
                                                      std::chrono::milliseconds cpu_limit,
                                                      std::chrono::milliseconds wall_limit) {
  if (pid_ <= 0) return unexpected(JobFailure{JobFailureKind::kDied, "no worker"});
  // A worker that died while idle (killed, OOM killer) has not seen this job: say so, so that
  // the host runs it on a new worker instead of blaming the candidate.
  int idle_status = 0;
  if (::waitpid(pid_, &idle_status, WNOHANG) == pid_) {
    pid_ = -1;
    kill_and_reap();
    return unexpected(JobFailure{JobFailureKind::kGone, describe_status(idle_status)});
  }
  clockid_t clock{};
  if (::clock_getcpuclockid(pid_, &clock) != 0) {
    return unexpected(JobFailure{JobFailureKind::kDied, "no CPU clock: " + kill_and_reap()});
  }
  const auto cpu_start = cpu_time_of(clock);
  const auto wall_start = std::chrono::steady_clock::now();
  if (auto sent = write_frame(fd_, scale::encode(request)); !sent) {
    // The worker died between jobs and the job never reached it.
    return unexpected(JobFailure{JobFailureKind::kGone, sent.error() + ", " + kill_and_reap()});
  }
  while (true) {
    Bytes payload;
    const ReadStatus status = read_frame(fd_, reader_, kCpuPollInterval, payload);
    if (status == ReadStatus::kFrame) {
      auto response = decode_response(payload);
      if (!response) {
        return unexpected(
            JobFailure{JobFailureKind::kProtocol, "undecodable answer, " + kill_and_reap()});
      }
      return std::move(*response);
    }
    if (status == ReadStatus::kClosed || status == ReadStatus::kError) {
      return unexpected(JobFailure{JobFailureKind::kDied, kill_and_reap()});
    }
    const auto cpu = cpu_time_of(clock) - cpu_start;
    const auto wall = std::chrono::steady_clock::now() - wall_start;
    if (cpu > cpu_limit || wall > wall_limit) {
      const std::string what = cpu > cpu_limit ? "CPU time" : "wall-clock time";
      kill_and_reap();
      return unexpected(
          JobFailure{JobFailureKind::kHardTimeout,
                     what + " over the limit of " + std::to_string(cpu_limit.count()) + " ms"});
    }
  }
}

}  // namespace canary::parachain::pvf
