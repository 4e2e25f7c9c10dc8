// A PVF host whose workers are the `canary` binary, with its artifact cache in a fresh temporary
// directory (removed after the test), and a candidate-validation PvfRunner over it: the end-to-end
// tests of candidate validation and of the adder collator's candidates share it.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "parachain/candidate_validation/candidate_validation.hpp"
#include "parachain/pvf/pvf_host.hpp"

namespace canary::parachain::pvf::testing {

class WithPvfHost : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "pvf-host-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    PvfHostConfig config;
    config.worker_program = CANARY_PVF_WORKER_BINARY;
    config.cache_dir = dir_;
    host_ = std::make_unique<PvfHost>(config);
  }
  void TearDown() override {
    host_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  PvfRunner runner() {
    return
        [this](const ValidationCode& code, ByteSpan params, const ExecutorParams& executor_params,
               PvfExecKind kind) { return host_->validate(code, params, executor_params, kind); };
  }

  std::string dir_;
  std::unique_ptr<PvfHost> host_;
};

}  // namespace canary::parachain::pvf::testing
