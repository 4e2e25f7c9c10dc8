// The fast interpreter's own cases: what the shared engine suites (engines_test.cpp,
// host_runtime_test.cpp, ...) do not reach, checked against the wabt interpreter.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>

#include "executor/fast_interpreter/fast_interpreter_engine.hpp"
#include "executor/fast_interpreter/machine.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor_test_support.hpp"

namespace canary::executor {
namespace {

// CANARY_FAST_DUMP=file.wasm prints the code the fast interpreter makes of a module.
TEST(FastInterpreter, DISABLED_Dump) {
  const char* path = std::getenv("CANARY_FAST_DUMP");
  ASSERT_NE(path, nullptr);
  std::ifstream file(path, std::ios::binary);
  const Bytes wasm((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto prepared = prepare_module(wasm);
  ASSERT_TRUE(prepared.has_value()) << prepared.error().describe();
  auto code = fast::compile_module(*prepared);
  ASSERT_TRUE(code.has_value()) << code.error().describe();
  std::cout << fast::disassemble(*code);
}

}  // namespace
}  // namespace canary::executor
