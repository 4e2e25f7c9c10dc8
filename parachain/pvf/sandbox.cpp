#include "parachain/pvf/sandbox.hpp"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>

namespace canary::parachain::pvf {

namespace {

#if defined(__x86_64__)
// seccomp.rs: networking and io_uring (which could do networking behind the filter's back).
constexpr std::array<uint32_t, 6> kKilledSyscalls = {
    SYS_socket,         SYS_socketpair,     SYS_connect,
    SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register,
};

bool install_seccomp(std::string& why) {
  constexpr uint32_t kX32SyscallBit = 0x40000000;
  std::array<sock_filter, 5 + kKilledSyscalls.size() + 2> program{};
  size_t n = 0;
  const size_t kill_index = program.size() - 1;
  const auto jump_to_kill = [&](uint32_t code, uint32_t k) {
    const auto offset = static_cast<uint8_t>(kill_index - (n + 1));
    program[n] = BPF_JUMP(code, k, offset, 0);
    ++n;
  };
  program[n++] = BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch));
  program[n++] = BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
  program[n++] = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  program[n++] = BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr));
  jump_to_kill(BPF_JMP | BPF_JGE | BPF_K, kX32SyscallBit);
  for (uint32_t nr : kKilledSyscalls) jump_to_kill(BPF_JMP | BPF_JEQ | BPF_K, nr);
  program[n++] = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  program[n++] = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  sock_fprog fprog{static_cast<unsigned short>(n), program.data()};
  if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0) {
    why = std::strerror(errno);
    return false;
  }
  return true;
}
#else
bool install_seccomp(std::string& why) {
  why = "x86-64 only";
  return false;
}
#endif

bool install_landlock(const std::string& dir, bool writable, std::string& why) {
#if defined(SYS_landlock_create_ruleset)
  const long abi =
      ::syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  if (abi < 1) {
    why = std::string("not available: ") + std::strerror(errno);
    return false;
  }
  // Every right ABI v1 knows is handled, so everything not granted below is denied.
  landlock_ruleset_attr attr{};
  attr.handled_access_fs =
      LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |
      LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
      LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
      LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
      LANDLOCK_ACCESS_FS_MAKE_SYM;
  const int ruleset =
      static_cast<int>(::syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0));
  if (ruleset < 0) {
    why = std::string("create_ruleset: ") + std::strerror(errno);
    return false;
  }
  const int dir_fd = ::open(dir.c_str(), O_PATH | O_CLOEXEC);
  bool ok = dir_fd >= 0;
  if (ok) {
    landlock_path_beneath_attr rule{};
    rule.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
    if (writable) {
      rule.allowed_access |= LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_FILE |
                             LANDLOCK_ACCESS_FS_MAKE_REG;
    }
    rule.parent_fd = dir_fd;
    ok = ::syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) == 0 &&
         ::syscall(SYS_landlock_restrict_self, ruleset, 0) == 0;
  }
  if (!ok) why = std::strerror(errno);
  if (dir_fd >= 0) ::close(dir_fd);
  ::close(ruleset);
  return ok;
#else
  (void)dir;
  (void)writable;
  why = "not in the system headers";
  return false;
#endif
}

}  // namespace

SandboxReport enter_sandbox(const std::string& worker_dir, bool writable) {
  SandboxReport report;
  std::string seccomp_why;
  std::string landlock_why;
  report.no_new_privs = ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0;
  // Landlock first: its own system calls are not filtered, but nothing is needed after seccomp.
  report.landlock = install_landlock(worker_dir, writable, landlock_why);
  if (report.no_new_privs) {
    report.seccomp = install_seccomp(seccomp_why);
  } else {
    seccomp_why = "no_new_privs refused";
  }
  report.summary = std::string("seccomp: ") +
                   (report.seccomp ? "on" : "off (" + seccomp_why + ")") + ", landlock: " +
                   (report.landlock ? std::string(writable ? "on (worker dir read-write)"
                                                           : "on (worker dir read-only)")
                                    : "off (" + landlock_why + ")") +
                   ", namespaces: off";
  return report;
}

}  // namespace canary::parachain::pvf
