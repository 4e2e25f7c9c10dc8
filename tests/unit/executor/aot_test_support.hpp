// The ahead-of-time engine in tests: one cache directory per build tree
// (CANARY_AOT_TEST_CACHE_DIR), so that every test process after the first loads each compiled
// module instead of compiling it.
#pragma once

#include <string>

#include "executor/aot/aot_engine.hpp"
#include "executor/optimizing/optimizing_tier.hpp"

namespace canary::executor::testing {

// -O1: half the compile time of the default -O2 (Kusama's genesis runtime: 22 s against 38 s on
// two cores) for the same semantics.
inline aot::AotConfig aot_test_config() {
  aot::AotConfig config;
  config.cache_dir = CANARY_AOT_TEST_CACHE_DIR;
  config.optimization = "-O1";
  return config;
}

// The optimizing tier's C, at -O1 too, in the same cache directory.
inline optimizing::OptimizingConfig optimizing_test_config() {
  optimizing::OptimizingConfig config;
  config.cache_dir = CANARY_AOT_TEST_CACHE_DIR;
  config.optimization = "-O1";
  return config;
}

}  // namespace canary::executor::testing
