// The PVF execution environment in process (parachain/pvf/pvf_executor.hpp) on the adder PVF
// compiled by polkadot-sdk (../shared/fixtures/parachains/adder): its README's known answer,
// reproduced byte for byte, and a bad block the PVF refuses.
#include "parachain/pvf/pvf_executor.hpp"

#include <gtest/gtest.h>

#include "parachain/primitives/validation_params.hpp"
#include "parachain/primitives/validation_result.hpp"
#include "tests/unit/parachain/pvf/pvf_test_support.hpp"

namespace canary::parachain::pvf {
namespace {

TEST(PvfExecutor, AdderKnownAnswer) {
  auto prepared = prepare_pvf(testing::adder_code(), {});
  ASSERT_TRUE(prepared.has_value())
      << to_string(prepared.error().kind) << ": " << prepared.error().message;
  auto runtime = PvfRuntime::load(prepared->wasm, {});
  ASSERT_TRUE(runtime.has_value()) << runtime.error().message;
  for (int i = 0; i < 3; ++i) {  // the instance is reused: each call starts fresh
    auto output = (*runtime)->validate_block(testing::adder_params());
    ASSERT_TRUE(output.has_value()) << output.error();
    EXPECT_EQ(to_hex(*output), testing::kAdderResult);
  }
}

TEST(PvfExecutor, AdderRefusesAStateMismatch) {
  auto prepared = prepare_pvf(testing::adder_code(), {});
  ASSERT_TRUE(prepared.has_value());
  auto runtime = PvfRuntime::load(prepared->wasm, {});
  ASSERT_TRUE(runtime.has_value());
  auto output = (*runtime)->validate_block(testing::adder_bad_params());
  ASSERT_FALSE(output.has_value());
  EXPECT_NE(output.error().find("unreachable"), std::string::npos) << output.error();
  // Still usable.
  auto good = (*runtime)->validate_block(testing::adder_params());
  ASSERT_TRUE(good.has_value()) << good.error();
  EXPECT_EQ(to_hex(*good), testing::kAdderResult);
}

}  // namespace
}  // namespace canary::parachain::pvf
