// The parachain primitives against the adder fixture's known answer
// (../shared/fixtures/parachains/adder/README.md, computed independently of our codec) and
// polkadot-sdk's ExecutorParams layout (executor_params.rs: indices 1..7, prep_hash exclusions).
#include <gtest/gtest.h>

#include "parachain/primitives/executor_params.hpp"
#include "parachain/primitives/validation_params.hpp"
#include "parachain/primitives/validation_result.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"

namespace canary::parachain {
namespace {

constexpr const char* kParentHead =
    "0x00000000000000000000000000000000000000000000000000000000000000000000000000000000011b4d03dd8c"
    "01f1049143cf9c4c817e4b167f1d1b83e5c6f0f10d89ba1e7bce";
constexpr const char* kParams =
    "0x21010000000000000000000000000000000000000000000000000000000000000000000000000000000001"
    "1b4d03dd8c01f1049143cf9c4c817e4b167f1d1b83e5c6f0f10d89ba1e7bce400000000000000000000200000000"
    "0000010000000000000000000000000000000000000000000000000000000000000000000000";
constexpr const char* kNewHead =
    "0x0100000000000000804df47c526d888b3f52091df4e253c821e9991ec88e342722cc485fda31747ea88d962ceb"
    "769d13dd202a8b8478e3a3f9d762a5702f76db9fd33d9f6af919ea";
constexpr const char* kResult =
    "0x21010100000000000000804df47c526d888b3f52091df4e253c821e9991ec88e342722cc485fda31747ea88d96"
    "2ceb769d13dd202a8b8478e3a3f9d762a5702f76db9fd33d9f6af919ea0000000000000001000000";

Bytes hex(const char* text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.has_value()) << text;
  return bytes.value_or(Bytes{});
}

TEST(ParachainPrimitives, AdderValidationParamsKnownAnswer) {
  ValidationParams params;
  params.parent_head.data = hex(kParentHead);
  params.block_data.data = hex("0x00000000000000000002000000000000");
  params.relay_parent_number = 1;
  EXPECT_EQ(to_hex(scale::encode(params)), kParams);

  auto decoded = scale::decode<ValidationParams>(hex(kParams));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, params);
}

TEST(ParachainPrimitives, AdderValidationResultKnownAnswer) {
  auto decoded = scale::decode<ValidationResult>(hex(kResult));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(to_hex(decoded->head_data.data), kNewHead);
  EXPECT_FALSE(decoded->new_validation_code.has_value());
  EXPECT_TRUE(decoded->upward_messages.empty());
  EXPECT_TRUE(decoded->horizontal_messages.empty());
  EXPECT_EQ(decoded->processed_downward_messages, 0u);
  EXPECT_EQ(decoded->hrmp_watermark, 1u);
  EXPECT_EQ(to_hex(scale::encode(*decoded)), kResult);
}

TEST(ParachainPrimitives, ValidationResultFieldOrderWithMessages) {
  ValidationResult result;
  result.head_data.data = {1};
  result.new_validation_code = ValidationCode{{2, 3}};
  result.upward_messages = {{4}};
  result.horizontal_messages = {{.recipient = 2000, .data = {5}}};
  result.processed_downward_messages = 6;
  result.hrmp_watermark = 7;
  // head ‖ Some(code) ‖ [ump] ‖ [(recipient, data)] ‖ processed ‖ watermark.
  EXPECT_EQ(to_hex(scale::encode(result)),
            "0x0401"
            "01080203"
            "040404"
            "04d00700000405"
            "06000000"
            "07000000");
  EXPECT_FALSE(scale::decode<ValidationResult>(hex("0x0401")).has_value());
}

TEST(ParachainPrimitives, HeadHashIsOverRawBytes) {
  HeadData head{hex(kNewHead)};
  EXPECT_EQ(head_data_hash(head), hash::blake2b_256(head.data));
}

TEST(ParachainPrimitives, ExecutorParamsEncoding) {
  ExecutorParams params;
  params.params = {executor_param::MaxMemoryPages{8192},
                   executor_param::PvfExecTimeout{PvfExecKind::kApproval, 15000},
                   executor_param::WasmExtBulkMemory{}};
  // Vec of 3: 01 ‖ u32 8192, 06 ‖ 01 ‖ u64 15000, 07.
  EXPECT_EQ(to_hex(scale::encode(params)), "0x0c01002000000601983a00000000000007");
  auto decoded = scale::decode<ExecutorParams>(scale::encode(params));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, params);
  EXPECT_EQ(decoded->exec_timeout(PvfExecKind::kApproval), std::chrono::milliseconds(15000));
  EXPECT_EQ(decoded->exec_timeout(PvfExecKind::kBacking), std::nullopt);
  EXPECT_EQ(decoded->max_memory_pages(), 8192u);
  EXPECT_TRUE(decoded->bulk_memory());
  // Index 0 and 8 are no ExecutorParam; a kind past Approval is refused.
  EXPECT_FALSE(scale::decode<ExecutorParams>(hex("0x0400")).has_value());
  EXPECT_FALSE(scale::decode<ExecutorParams>(hex("0x0408")).has_value());
  EXPECT_FALSE(scale::decode<ExecutorParams>(hex("0x0406020000000000000000")).has_value());
}

TEST(ParachainPrimitives, PrepHashIgnoresExecutionOnlyParams) {
  const ExecutorParams empty;
  // blake2_256(b"prep") for a set without preparation parameters.
  EXPECT_EQ(empty.prep_hash(), hash::blake2b_256(Bytes{'p', 'r', 'e', 'p'}));
  ExecutorParams exec_only;
  exec_only.params = {executor_param::MaxMemoryPages{1},
                      executor_param::PvfExecTimeout{PvfExecKind::kBacking, 1},
                      executor_param::StackNativeMax{1}, executor_param::PrecheckingMaxMemory{1}};
  EXPECT_EQ(exec_only.prep_hash(), empty.prep_hash());
  EXPECT_NE(exec_only.hash(), empty.hash());
  ExecutorParams a;
  a.params = {executor_param::StackLogicalMax{1}};
  ExecutorParams b;
  b.params = {executor_param::StackLogicalMax{2}};
  EXPECT_NE(a.prep_hash(), b.prep_hash());
  ExecutorParams c;
  c.params = {executor_param::PvfPrepTimeout{PvfPrepKind::kPrepare, 1}};
  ExecutorParams d;
  d.params = {executor_param::PvfPrepTimeout{PvfPrepKind::kPrepare, 2}};
  EXPECT_NE(c.prep_hash(), d.prep_hash());
  ExecutorParams bulk;
  bulk.params = {executor_param::WasmExtBulkMemory{}};
  EXPECT_NE(bulk.prep_hash(), empty.prep_hash());
}

TEST(ParachainPrimitives, ExecutorParamsConsistency) {
  EXPECT_TRUE(ExecutorParams{}.check_consistency().has_value());
  ExecutorParams dup;
  dup.params = {executor_param::MaxMemoryPages{1}, executor_param::MaxMemoryPages{2}};
  EXPECT_EQ(dup.check_consistency().error(), ExecutorParamsError::kDuplicatedParam);
  ExecutorParams zero_pages;
  zero_pages.params = {executor_param::MaxMemoryPages{0}};
  EXPECT_EQ(zero_pages.check_consistency().error(), ExecutorParamsError::kOutsideLimit);
  ExecutorParams small_native;
  small_native.params = {executor_param::StackNativeMax{128 * 65536 - 1}};
  EXPECT_EQ(small_native.check_consistency().error(), ExecutorParamsError::kIncompatibleValues);
  ExecutorParams slow_backing;
  slow_backing.params = {executor_param::PvfExecTimeout{PvfExecKind::kBacking, 12000}};
  EXPECT_EQ(slow_backing.check_consistency().error(), ExecutorParamsError::kIncompatibleValues);
  ExecutorParams both_kinds;
  both_kinds.params = {executor_param::PvfExecTimeout{PvfExecKind::kBacking, 1000},
                       executor_param::PvfExecTimeout{PvfExecKind::kApproval, 5000}};
  EXPECT_TRUE(both_kinds.check_consistency().has_value());
}

}  // namespace
}  // namespace canary::parachain
