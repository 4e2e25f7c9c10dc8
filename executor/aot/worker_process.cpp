#include "executor/aot/worker_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace canary::executor::aot {

namespace {

// Exit codes of the worker (the shell that drives the stages).
constexpr int kExitCommandFailed = 1;
constexpr int kExitCommandSignalled = 2;
constexpr int kExitCpuLimit = 3;
constexpr int kExitExecFailed = 4;
constexpr int kExitSetupFailed = 5;

// The worker is /bin/sh running a script made here, started with posix_spawn: the node is never
// forked. A fork() would share every page of the node's heap (hundreds of MiB to GiBs) copy-on-
// write with a worker that lives for the whole compilation, so each page the node then writes
// (importing blocks beside the compilation) faults, is copied and flushed from every core's TLB;
// and the fork itself copies the node's page tables. posix_spawn starts the shell without either.
constexpr const char* kShell = "/bin/sh";
// The prefix that makes the shell and each tool die with their parent (PR_SET_PDEATHSIG), with
// util-linux's setpriv (Debian: essential); without it they are still bounded by their CPU limit.
constexpr std::array<const char*, 4> kDieWithParent = {"/usr/bin/setpriv", "--pdeathsig", "KILL",
                                                       "--"};

std::string shell_quoted(const std::string& word) {
  std::string out = "'";
  for (const char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

// Runs the stages one after another, the commands of a stage in parallel, each with the limits
// (set by `ulimit` on the shell, inherited by the tools); ends with the first failed stage, with
// the exit codes above, after saying on stderr (the log) which command failed and how. A status
// above 128 is a signal (the shell's convention); 127 a command that could not be executed.
std::string worker_script(const std::vector<WorkerStage>& stages, const WorkerLimits& limits,
                          uint64_t cpu_seconds, bool setpriv) {
  std::string pdeath;
  if (setpriv) {
    for (const char* word : kDieWithParent) pdeath += shell_quoted(word) + " ";
  }
  std::string script =
      "ulimit -v " + std::to_string(std::max<uint64_t>(limits.memory_bytes >> 10, 1)) +
      " && ulimit -S -t " + std::to_string(cpu_seconds) + " && ulimit -H -t " +
      std::to_string(cpu_seconds + 5) + " || exit " + std::to_string(kExitSetupFailed) + "\n";
  for (const WorkerStage& stage : stages) {
    for (size_t i = 0; i < stage.size(); ++i) {
      script += pdeath;
      for (const std::string& arg : stage[i]) script += shell_quoted(arg) + " ";
      script += "& p" + std::to_string(i) + "=$!\n";
    }
    script += "o=0\n";
    for (size_t i = 0; i < stage.size(); ++i) {
      const std::string label = shell_quoted("`" + stage[i][0] + "` ");
      script += "wait $p" + std::to_string(i) + "; r=$?\n";
      script += "if [ $r -gt 128 ]; then echo \"canary aot worker: \"" + label +
                "\"was killed by signal $((r - 128))\" >&2; "
                "if [ $r -eq " +
                std::to_string(128 + SIGXCPU) + " ]; then o=" + std::to_string(kExitCpuLimit) +
                "; elif [ $o -eq 0 ]; then o=" + std::to_string(kExitCommandSignalled) + "; fi\n";
      script += "elif [ $r -ne 0 ]; then echo \"canary aot worker: \"" + label +
                "\"exited with status $r\" >&2; if [ $o -eq 0 ]; then if [ $r -eq 127 ]; then o=" +
                std::to_string(kExitExecFailed) + "; else o=" + std::to_string(kExitCommandFailed) +
                "; fi; fi\nfi\n";
    }
    script += "[ $o -eq 0 ] || exit $o\n";
  }
  script += "exit 0\n";
  return script;
}

// Starts the worker: its own process group, stdin from /dev/null, stdout and stderr to the log,
// no signal blocked, SIGPIPE at its default.
Result<pid_t, int> spawn_worker(const std::string& script, bool setpriv, int log_fd, int null_fd) {
  std::vector<std::string> words;
  if (setpriv) words.assign(kDieWithParent.begin(), kDieWithParent.end());
  words.insert(words.end(), {kShell, "-c", script});
  std::vector<char*> argv;
  argv.reserve(words.size() + 1);
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  if (posix_spawn_file_actions_init(&actions) != 0) return unexpected(ENOMEM);
  if (posix_spawnattr_init(&attributes) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    return unexpected(ENOMEM);
  }
  sigset_t none;
  sigset_t defaults;
  ::sigemptyset(&none);
  ::sigemptyset(&defaults);
  ::sigaddset(&defaults, SIGPIPE);
  int error = posix_spawn_file_actions_adddup2(&actions, null_fd, 0);
  if (error == 0) error = posix_spawn_file_actions_adddup2(&actions, log_fd, 1);
  if (error == 0) error = posix_spawn_file_actions_adddup2(&actions, log_fd, 2);
  if (error == 0) {
    error = posix_spawnattr_setflags(
        &attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }
  if (error == 0) error = posix_spawnattr_setpgroup(&attributes, 0);
  if (error == 0) error = posix_spawnattr_setsigmask(&attributes, &none);
  if (error == 0) error = posix_spawnattr_setsigdefault(&attributes, &defaults);
  pid_t pid = -1;
  if (error == 0) {
    error = ::posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), environ);
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (error != 0) return unexpected(error);
  return pid;
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
  for (const WorkerStage& stage : stages) {
    if (stage.empty() || stage.size() > 64) {
      return unexpected(AotError::make(AotErrorKind::kInternal, "bad worker stage"));
    }
    for (const Command& command : stage) {
      if (command.empty()) {
        return unexpected(AotError::make(AotErrorKind::kInternal, "empty command"));
      }
    }
  }
  // The CPU limit backs up the wall-clock one should the worker outlive the node's timer.
  const auto cpu_seconds = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(limits.wall_time).count() + 1);
  const bool setpriv = ::access(kDieWithParent[0], X_OK) == 0;
  const std::string script = worker_script(stages, limits, cpu_seconds, setpriv);

  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return unexpected(AotError::make(AotErrorKind::kCache,
                                     "cannot write " + log_path + ": " + std::strerror(errno)));
  }
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  auto spawned = null_fd < 0 ? Result<pid_t, int>(unexpected(errno))
                             : spawn_worker(script, setpriv, log_fd, null_fd);
  ::close(log_fd);
  if (null_fd >= 0) ::close(null_fd);
  if (!spawned) {
    return unexpected(
        AotError::make(AotErrorKind::kWorkerFailed,
                       std::string("cannot start the worker: ") + std::strerror(spawned.error())));
  }
  const pid_t pid = *spawned;

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
