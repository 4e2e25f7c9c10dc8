#include "executor/aot/worker_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace canary::executor::aot {

namespace {

// Exit codes of the worker (the forked driver of the stages).
constexpr int kExitCommandFailed = 1;
constexpr int kExitCommandSignalled = 2;
constexpr int kExitCpuLimit = 3;
constexpr int kExitExecFailed = 4;
constexpr int kExitSetupFailed = 5;

// Everything the forked child touches is prepared before fork(): after fork() in a multi-threaded
// process only async-signal-safe functions may run (no malloc), so the child only uses syscalls.
struct PreparedCommand {
  std::vector<std::string> storage;
  std::vector<char*> argv;
  std::string label;  // "`program` " for the worker's own messages
};

void write_text(int fd, const char* text) {
  size_t length = std::strlen(text);
  while (length > 0) {
    const ssize_t n = ::write(fd, text, length);
    if (n <= 0) return;
    text += n;
    length -= static_cast<size_t>(n);
  }
}

// Async-signal-safe decimal formatting.
void write_number(int fd, int value) {
  char digits[16];
  int i = sizeof digits - 1;
  digits[i] = '\0';
  bool negative = value < 0;
  unsigned magnitude = negative ? 0u - static_cast<unsigned>(value) : static_cast<unsigned>(value);
  do {
    digits[--i] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0 && i > 1);
  if (negative) digits[--i] = '-';
  write_text(fd, digits + i);
}

[[noreturn]] void run_command(const PreparedCommand& command, const rlimit& memory,
                              const rlimit& cpu) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  ::setrlimit(RLIMIT_AS, &memory);
  ::setrlimit(RLIMIT_CPU, &cpu);
  ::execve(command.argv[0], command.argv.data(), environ);
  write_text(2, "canary aot worker: cannot execute ");
  write_text(2, command.label.c_str());
  write_text(2, "\n");
  ::_exit(127);
}

[[noreturn]] void run_stages(const std::vector<std::vector<PreparedCommand>>& stages,
                             const rlimit& memory, const rlimit& cpu, int log_fd, int null_fd) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The tools must not inherit signals the calling thread had blocked.
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  if (::dup2(null_fd, 0) < 0 || ::dup2(log_fd, 1) < 0 || ::dup2(log_fd, 2) < 0) {
    ::_exit(kExitSetupFailed);
  }
  pid_t pids[64];
  for (const std::vector<PreparedCommand>& stage : stages) {
    size_t started = 0;
    for (const PreparedCommand& command : stage) {
      const pid_t pid = ::fork();
      if (pid < 0) ::_exit(kExitSetupFailed);
      if (pid == 0) run_command(command, memory, cpu);
      pids[started++] = pid;
    }
    int outcome = 0;
    for (size_t i = 0; i < started; ++i) {
      int status = 0;
      while (::waitpid(pids[i], &status, 0) < 0 && errno == EINTR) {
      }
      const PreparedCommand& command = stage[i];
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) continue;
      write_text(2, "canary aot worker: ");
      write_text(2, command.label.c_str());
      if (WIFEXITED(status)) {
        write_text(2, "exited with status ");
        write_number(2, WEXITSTATUS(status));
        if (outcome == 0) {
          outcome = WEXITSTATUS(status) == 127 ? kExitExecFailed : kExitCommandFailed;
        }
      } else if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        write_text(2, "was killed by signal ");
        write_number(2, signal);
        const bool cpu_limit = signal == SIGXCPU;
        if (outcome == 0 || cpu_limit) outcome = cpu_limit ? kExitCpuLimit : kExitCommandSignalled;
      }
      write_text(2, "\n");
    }
    if (outcome != 0) ::_exit(outcome);
  }
  ::_exit(0);
}

bool mentions_memory_exhaustion(const std::string& log) {
  for (const char* sign : {"out of memory", "Out of memory", "Cannot allocate memory",
                           "std::bad_alloc", "memory exhausted"}) {
    if (log.find(sign) != std::string::npos) return true;
  }
  return false;
}

AotError failure(AotErrorKind kind, const std::string& what, const std::string& log_path) {
  std::string message = what;
  const std::string tail = file_tail(log_path, 2048);
  if (!tail.empty()) message += "; output ends with:\n" + tail;
  return AotError::make(kind, std::move(message));
}

}  // namespace

std::optional<std::string> find_program(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    if (::access(name.c_str(), X_OK) == 0) return name;
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    std::string candidate = dir;
    candidate += '/';
    candidate += name;
    struct stat info{};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

std::string file_tail(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return {};
  const std::streamoff size = in.tellg();
  const std::streamoff start = size > static_cast<std::streamoff>(max_bytes)
                                   ? size - static_cast<std::streamoff>(max_bytes)
                                   : 0;
  in.seekg(start);
  std::string text(static_cast<size_t>(size - start), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  return text;
}

Result<void, AotError> run_worker(const std::vector<WorkerStage>& stages,
                                  const WorkerLimits& limits, const std::string& log_path,
                                  const std::stop_token& stop) {
  std::vector<std::vector<PreparedCommand>> prepared;
  for (const WorkerStage& stage : stages) {
    if (stage.empty() || stage.size() > 64) {
      return unexpected(AotError::make(AotErrorKind::kInternal, "bad worker stage"));
    }
    std::vector<PreparedCommand>& commands = prepared.emplace_back();
    for (const Command& command : stage) {
      if (command.empty()) {
        return unexpected(AotError::make(AotErrorKind::kInternal, "empty command"));
      }
      PreparedCommand& entry = commands.emplace_back();
      entry.storage = command;
      for (std::string& arg : entry.storage) entry.argv.push_back(arg.data());
      entry.argv.push_back(nullptr);
      entry.label = "`" + command[0] + "` ";
    }
  }
  // The CPU limit backs up the wall-clock one should the worker outlive the node's timer.
  const auto cpu_seconds = static_cast<rlim_t>(
      std::chrono::duration_cast<std::chrono::seconds>(limits.wall_time).count() + 1);
  const rlimit memory{limits.memory_bytes, limits.memory_bytes};
  const rlimit cpu{cpu_seconds, cpu_seconds + 5};

  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return unexpected(AotError::make(AotErrorKind::kCache,
                                     "cannot write " + log_path + ": " + std::strerror(errno)));
  }
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = null_fd < 0 ? -1 : ::fork();
  if (pid == 0) run_stages(prepared, memory, cpu, log_fd, null_fd);
  ::close(log_fd);
  if (null_fd >= 0) ::close(null_fd);
  if (pid < 0) {
    return unexpected(AotError::make(AotErrorKind::kWorkerFailed,
                                     std::string("cannot fork: ") + std::strerror(errno)));
  }
  // Also here, so that the group exists before we might kill it.
  ::setpgid(pid, pid);

  const auto deadline = std::chrono::steady_clock::now() + limits.wall_time;
  auto pause = std::chrono::milliseconds(2);
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      return unexpected(AotError::make(AotErrorKind::kWorkerFailed, "lost the worker"));
    }
    const bool cancelled = stop.stop_requested();
    if (cancelled || std::chrono::steady_clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      if (cancelled) return unexpected(AotError::make(AotErrorKind::kCancelled, "stopped"));
      return unexpected(failure(AotErrorKind::kTimeout,
                                "killed after " + std::to_string(limits.wall_time.count()) + " ms",
                                log_path));
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(20));
  }
  // Tools the worker started may still run if it died early; they belong to its group.
  ::kill(-pid, SIGKILL);

  if (WIFSIGNALED(status)) {
    return unexpected(failure(AotErrorKind::kWorkerFailed,
                              "worker killed by signal " + std::to_string(WTERMSIG(status)),
                              log_path));
  }
  const int code = WEXITSTATUS(status);
  if (code == 0) return {};
  const std::string log = file_tail(log_path, 1 << 16);
  switch (code) {
    case kExitCpuLimit:
      return unexpected(failure(AotErrorKind::kTimeout, "CPU time limit", log_path));
    case kExitExecFailed:
      return unexpected(failure(AotErrorKind::kToolMissing, "a tool could not run", log_path));
    case kExitSetupFailed:
      return unexpected(failure(AotErrorKind::kWorkerFailed, "worker setup failed", log_path));
    default:
      if (mentions_memory_exhaustion(log)) {
        return unexpected(failure(AotErrorKind::kOutOfMemory,
                                  "a tool ran out of memory (limit " +
                                      std::to_string(limits.memory_bytes >> 20) + " MiB)",
                                  log_path));
      }
      return unexpected(failure(AotErrorKind::kToolFailed, "a tool failed", log_path));
  }
}

}  // namespace canary::executor::aot
