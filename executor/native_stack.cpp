#include "executor/native_stack.hpp"

#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "primitives/util/sanitizers.hpp"

#ifdef CANARY_ADDRESS_SANITIZER
#include <sanitizer/common_interface_defs.h>
#endif

namespace canary::executor {

namespace {

struct Switch {
  void (*function)(void*);
  void* argument;
  ucontext_t caller;
  ucontext_t callee;
  // AddressSanitizer must be told about stack switches, or it mistakes the other stack's frames
  // for overflows (its fiber annotations).
  void* fake_stack = nullptr;
  const void* caller_bottom = nullptr;
  size_t caller_size = 0;
};

// makecontext passes int arguments only: the pointer travels in two halves.
void entry(unsigned low, unsigned high) {
  // NOLINTNEXTLINE(performance-no-int-to-ptr): the pointer's two halves, put back together.
  auto* call = reinterpret_cast<Switch*>((uintptr_t{high} << 32) | uintptr_t{low});
#ifdef CANARY_ADDRESS_SANITIZER
  __sanitizer_finish_switch_fiber(nullptr, &call->caller_bottom, &call->caller_size);
#endif
  call->function(call->argument);
#ifdef CANARY_ADDRESS_SANITIZER
  __sanitizer_start_switch_fiber(nullptr, call->caller_bottom, call->caller_size);
#endif
  // Returning resumes uc_link, the caller.
}

}  // namespace

Result<std::unique_ptr<NativeStack>, int> NativeStack::create(size_t size) {
  const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const size_t mapped = (size + page - 1) / page * page + page;
  void* base = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (base == MAP_FAILED) return unexpected(errno);
  // The guard page: an overflow faults instead of running into whatever lies below.
  if (::mprotect(base, page, PROT_NONE) != 0) {
    const int error = errno;
    ::munmap(base, mapped);
    return unexpected(error);
  }
  return std::unique_ptr<NativeStack>(new NativeStack(base, mapped));
}

NativeStack::~NativeStack() {
  ::munmap(base_, mapped_);
}

void NativeStack::run(void (*function)(void*), void* argument) {
  Switch call{function, argument, {}, {}};
  ::getcontext(&call.callee);
  call.callee.uc_stack.ss_sp = base_;
  call.callee.uc_stack.ss_size = mapped_;
  call.callee.uc_link = &call.caller;
  const auto address = reinterpret_cast<uintptr_t>(&call);
  ::makecontext(&call.callee, reinterpret_cast<void (*)()>(&entry), 2,
                static_cast<unsigned>(address & 0xffffffffu), static_cast<unsigned>(address >> 32));
#ifdef CANARY_ADDRESS_SANITIZER
  __sanitizer_start_switch_fiber(&call.fake_stack, base_, mapped_);
#endif
  ::swapcontext(&call.caller, &call.callee);
#ifdef CANARY_ADDRESS_SANITIZER
  __sanitizer_finish_switch_fiber(call.fake_stack, nullptr, nullptr);
#endif
}

}  // namespace canary::executor
