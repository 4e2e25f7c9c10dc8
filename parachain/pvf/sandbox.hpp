// The PVF workers' sandbox on Linux, best effort (polkadot-sdk `pvf/common/src/worker/security/`:
// seccomp.rs, landlock.rs; parachain-facts §6.1). A worker calls enter_sandbox once, before it
// reads its first job, and reports what got enabled to the host, which logs it.
//   - no_new_privs, then a seccomp filter that kills the process on socket, socketpair, connect,
//     io_uring_setup/enter/register (and on any x32 or non-x86-64 system call), x86-64 only;
//   - landlock ABI v1 where the kernel has it: the file system is closed except the worker's
//     directory (read only for execution, read-write for preparation);
//   - the host (pvf_host.cpp) already gave the worker an empty environment, no file descriptor
//     but stdio and its channel, and its memory limit.
// Not done: the new user/mount namespace with pivot_root that polkadot-sdk also uses.
#pragma once

#include <string>

namespace canary::parachain::pvf {

struct SandboxReport {
  bool no_new_privs = false;
  bool seccomp = false;
  bool landlock = false;
  std::string summary;  // one line, for the host's log
};

SandboxReport enter_sandbox(const std::string& worker_dir, bool writable);

}  // namespace canary::parachain::pvf
