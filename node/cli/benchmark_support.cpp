#include "node/cli/benchmark_support.hpp"

#include <cstdio>
#include <iostream>
#include <optional>

#include "executor/runtime_code.hpp"

namespace canary::cli {

int bench_fail(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

double ms(BenchClock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double ms_since(BenchClock::time_point start) {
  return ms(BenchClock::now() - start);
}

void progress(const std::string& line) {
  std::cerr << line << '\n';
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string grouped(double value) {
  std::string digits = fixed(value, 0);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    if (digits[static_cast<size_t>(i) - 1] == '-') break;
    digits.insert(static_cast<size_t>(i), ",");
  }
  return digits;
}

Result<std::string, std::string> warm_runtime(blockchain::RuntimeHost& host, ByteSpan code,
                                              const state::ChainSpec* spec, bool compiled) {
  std::optional<ByteSpan> pages;
  if (spec != nullptr) {
    if (auto found = spec->top.find(to_bytes(":heappages")); found != spec->top.end()) {
      pages = ByteSpan(found->second);
    }
  }
  auto runtime =
      host.runtime_for(executor::make_runtime_code(Bytes(code.begin(), code.end()), pages));
  if (!runtime) return unexpected(runtime.error().message());
  if (!compiled) return std::string("interpreted (fast interpreter)");
  if ((*runtime)->wait_compiled(kAotWait)) return std::string("compiled (wasm2c ahead of time)");
  return std::string("interpreted (the compiled tier failed or timed out)");
}

}  // namespace canary::cli
