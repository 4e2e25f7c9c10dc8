// A dedicated native stack for compiled Wasm code (the AOT engine's and the baseline JIT's). The
// deterministic stack limit bounds the depth and the frame sizes of a runtime's calls, not the
// native stack the compiled code needs for them (tens of thousands of frames); the calling
// thread's stack may be small (a worker thread) or already deep. Every call into a compiled module
// therefore switches to a stack of its own, with a guard page below, sized far beyond what the
// limit allows.
#pragma once

#include <cstddef>
#include <memory>

#include "primitives/util/result.hpp"

namespace canary::executor {

// 64 MiB of address space, committed only as far as it is used. The default limit of 65536 units
// allows at most 32768 live frames (a frame costs at least 2), and a frame's units bound its locals
// and operand stack, so the C frames need a few MiB at worst; recursion to the limit through
// call_indirect in traps.wat touches 172 KiB.
inline constexpr size_t kNativeStackSize = size_t{64} << 20;

class NativeStack {
 public:
  static Result<std::unique_ptr<NativeStack>, int> create(size_t size = kNativeStackSize);
  ~NativeStack();
  NativeStack(const NativeStack&) = delete;
  NativeStack& operator=(const NativeStack&) = delete;

  // Runs function(argument) on this stack and returns when it returns. `function` must return
  // normally (a trap is caught below it, in C).
  void run(void (*function)(void*), void* argument);

 private:
  NativeStack(void* base, size_t mapped) : base_(base), mapped_(mapped) {}

  void* base_;
  size_t mapped_;
};

}  // namespace canary::executor
