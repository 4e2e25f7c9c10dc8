// The Module and Instance of the ahead-of-time engine over a loaded AotLibrary. The engine
// primitives mirror the interpreter's (interpreter/interpreter_engine.cpp) exactly: the same
// instrumentation globals are reset before every call, traps are classified in the same order
// (host error, fuel, deterministic stack, then the trap itself), the memory is created by the host
// with min = max = initial + heap pages, and the start export runs after instantiation and resets.
//
// Each instance runs its code on its own native stack (native_stack.hpp). Host functions are
// reached from the generated import trampolines through a C callback that returns normally, with
// every C++ object it created destroyed, before the trampoline traps: the longjmp of a trap only
// ever unwinds C frames.
#pragma once

#include <memory>

#include "executor/aot/aot_library.hpp"
#include "executor/engine.hpp"

namespace canary::executor::aot {

std::shared_ptr<const Module> make_aot_module(std::shared_ptr<const PreparedModule> prepared,
                                              std::shared_ptr<const AotLibrary> library);

}  // namespace canary::executor::aot
