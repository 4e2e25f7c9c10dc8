// Every abort in wasm32 code is a trap: the host sees it as a runtime panic.
#include <__config>

extern "C" [[noreturn]] void abort() {
  __builtin_trap();
}

_LIBCPP_BEGIN_NAMESPACE_STD
// libc++ 19 declares this without noexcept; it must live in the ABI namespace (std::__2 here).
[[noreturn]] void __libcpp_verbose_abort(const char*, ...) {
  __builtin_trap();
}
_LIBCPP_END_NAMESPACE_STD
