// Every abort in wasm32 code is a trap: the host sees it as a runtime panic.
#include <__config>
#include <cstdint>

extern "C" [[noreturn]] void abort() {
  __builtin_trap();
}

_LIBCPP_BEGIN_NAMESPACE_STD
// libc++ 19 declares this without noexcept; it must live in the ABI namespace (std::__2 here).
[[noreturn]] void __libcpp_verbose_abort(const char*, ...) {
  __builtin_trap();
}
_LIBCPP_END_NAMESPACE_STD

// Debian builds compiler-rt's builtins (e.g. the 128-bit division the runtime's balances use) with
// the stack protector: it needs a guard value and a failure handler. A smashed stack traps.
extern "C" {
uintptr_t __stack_chk_guard = 0x63616e61;  // "cana": any non-zero value works
[[noreturn]] void __stack_chk_fail() {
  __builtin_trap();
}
}
