// The wire forms of the runtime's answers about transactions and dispatches (sp-runtime
// transaction_validity.rs, DispatchError, ApplyExtrinsicResult), byte for byte, and the rejection
// of indices the types do not have.
#include <gtest/gtest.h>

#include "primitives/runtime/dispatch_error.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::runtime {
namespace {

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}

TEST(ApplyExtrinsicResult, WireForms) {
  // Ok(Ok(())): applied, the call succeeded.
  auto ok = scale::decode<ApplyExtrinsicResult>(hex("0x0000"));
  ASSERT_TRUE(ok.has_value());
  ASSERT_TRUE(ok->has_value());
  EXPECT_TRUE((*ok)->has_value());

  // Ok(Err(Module { index: 4, error: [2, 0, 0, 0] })): Balances' third error.
  auto module =
      scale::decode<ApplyExtrinsicResult>(hex("0x00010304"
                                              "02000000"));
  ASSERT_TRUE(module.has_value());
  ASSERT_TRUE(module->has_value());
  ASSERT_FALSE((*module)->has_value());
  const DispatchError& error = (*module)->error();
  EXPECT_EQ(error.kind, DispatchError::Kind::kModule);
  EXPECT_EQ(error.module.index, 4);
  EXPECT_EQ(to_string(error), "Module { index: 4, error: 0x02000000 }");
  EXPECT_EQ(scale::encode(ApplyExtrinsicResult(DispatchOutcome(unexpected(error)))),
            hex("0x0001030402000000"));

  // Err(Invalid(Payment)) and Err(Invalid(Custom(5))), Err(Unknown(NoUnsignedValidator)).
  auto payment = scale::decode<ApplyExtrinsicResult>(hex("0x010001"));
  ASSERT_TRUE(payment.has_value());
  ASSERT_FALSE(payment->has_value());
  EXPECT_EQ(to_string(payment->error()), "Invalid(Payment)");
  auto custom = scale::decode<ApplyExtrinsicResult>(hex("0x01000705"));
  ASSERT_TRUE(custom.has_value());
  EXPECT_EQ(to_string(custom->error()), "Invalid(Custom(5))");
  auto unknown = scale::decode<ApplyExtrinsicResult>(hex("0x010101"));
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(to_string(unknown->error()), "Unknown(NoUnsignedValidator)");
}

TEST(DispatchError, NestedErrorsRoundTrip) {
  for (std::string_view wire : {"0x00", "0x02", "0x0700", "0x0709", "0x0801", "0x0901", "0x0d",
                                "0x0e0c", "0x03ff01020304"}) {
    auto error = scale::decode<DispatchError>(hex(wire));
    ASSERT_TRUE(error.has_value()) << wire;
    EXPECT_EQ(to_hex(scale::encode(*error)), wire);
  }
  EXPECT_EQ(to_string(scale::decode<DispatchError>(hex("0x0700")).value()),
            "Token(FundsUnavailable)");
  EXPECT_EQ(to_string(scale::decode<DispatchError>(hex("0x0802")).value()),
            "Arithmetic(DivisionByZero)");
  // Indices past the last variant, at both levels; truncated module errors.
  for (std::string_view bad : {"0x0f", "0x070a", "0x0803", "0x0902", "0x0e0e", "0x0301020304"}) {
    EXPECT_FALSE(scale::decode<DispatchError>(hex(bad)).has_value()) << bad;
  }
}

TEST(TransactionValidity, ValidTransactionLayout) {
  ValidTransaction valid;
  valid.priority = 0x0102;
  valid.requires_tags = {hex("0xaa")};
  valid.provides_tags = {hex("0xbbcc")};
  valid.longevity = 64;
  valid.propagate = true;
  const Bytes encoded = scale::encode(TransactionValidity(valid));
  EXPECT_EQ(to_hex(encoded),
            "0x00"              // Ok
            "0201000000000000"  // priority
            "0404aa"            // requires
            "0408bbcc"          // provides
            "4000000000000000"  // longevity
            "01");              // propagate
  auto back = scale::decode<TransactionValidity>(encoded);
  ASSERT_TRUE(back.has_value());
  ASSERT_TRUE(back->has_value());
  EXPECT_EQ(**back, valid);

  EXPECT_FALSE(scale::decode<TransactionValidity>(hex("0x01000d")).has_value());
  EXPECT_FALSE(scale::decode<TransactionValidity>(hex("0x010103")).has_value());
  EXPECT_FALSE(scale::decode<TransactionValidity>(hex("0x0100")).has_value());
}

TEST(InherentData, EncodesAsASortedMap) {
  InherentData data;
  data[kTimestampInherent] = scale::encode(uint64_t{1700000000000});
  data[kBabeSlotInherent] = scale::encode(uint64_t{7});
  const Bytes encoded = scale::encode(data);
  // Two entries, "babeslot" before "timstap0"; each value a Vec<u8> of 8 bytes.
  EXPECT_EQ(to_hex(ByteSpan(encoded).first(10)),
            "0x08626162657"
            "36c6f7420");
  auto back = scale::decode<InherentData>(encoded);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, data);
  CheckInherentsResult result;
  result.okay = false;
  result.fatal_error = true;
  EXPECT_EQ(to_hex(scale::encode(result)), "0x000100");
}

}  // namespace
}  // namespace canary::runtime
