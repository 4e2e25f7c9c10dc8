// The runtime's JSON reader and writer: the whole grammar, exact big integers, escapes and
// surrogates, bounded nesting and clear errors on malformed text.
#include "runtime/framework/json/json.hpp"

#include <gtest/gtest.h>

namespace canary::rt::json {
namespace {

TEST(Json, ParsesTheGrammar) {
  auto v = parse(R"( {"a": [1, -2.5e3, true, false, null], "b": {"c": "d\n\u00e9\ud83d\ude00"}} )");
  ASSERT_TRUE(v.has_value()) << v.error().message;
  const Value* a = v->find("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->array()->size(), 5u);
  EXPECT_EQ((*a->array())[0].unsigned_integer(), std::optional<u128>(1));
  EXPECT_EQ((*a->array())[1].unsigned_integer(), std::nullopt);  // negative, with exponent
  EXPECT_EQ((*a->array())[2].boolean(), std::optional<bool>(true));
  EXPECT_TRUE((*a->array())[4].is_null());
  EXPECT_EQ(*v->find("b")->find("c")->string(), "d\n\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(write(*v), R"({"a":[1,-2.5e3,true,false,null],"b":{"c":"d\né😀"}})");
}

TEST(Json, BigIntegersAreExact) {
  // u128::MAX parses; one more does not.
  auto max = parse("340282366920938463463374607431768211455");
  ASSERT_TRUE(max.has_value());
  EXPECT_EQ(max->unsigned_integer(), std::optional<u128>(~u128{0}));
  EXPECT_EQ(parse("340282366920938463463374607431768211456")->unsigned_integer(), std::nullopt);
  EXPECT_EQ(write(Value::of(u128{1'000'000'000'000} * 1'000'000'000'000)),
            "1000000000000000000000000");
  EXPECT_EQ(write(Value::of(u128{0})), "0");
}

TEST(Json, MalformedTextIsAnError) {
  for (std::string_view bad :
       {"", "{", "[1,]", "{\"a\" 1}", "{\"a\":}", "01", "1.", "1e", "-", "tru", "\"abc", "\"\\x\"",
        "\"\\ud800\"", "\"\\udc00\"", "\"a\nb\"", "[1] x", "{1:2}"}) {
    auto v = parse(bad);
    EXPECT_FALSE(v.has_value()) << bad;
  }
  std::string deep(kMaxDepth + 2, '[');
  deep += std::string(kMaxDepth + 2, ']');
  auto v = parse(deep);
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().message, "nested too deeply");
}

}  // namespace
}  // namespace canary::rt::json

#include "primitives/util/hex.hpp"
#include "runtime/framework/genesis.hpp"

namespace canary::rt {
namespace {

TEST(GenesisJson, AccountsAndAmounts) {
  const std::string alice = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
  for (const char* text :
       {"\"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\"",  // prefix 42
        "\"HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F\"",   // prefix 2
        "\"0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d\""}) {
    auto account = account_from_json(json::parse(text).value());
    ASSERT_TRUE(account.has_value()) << text << ": " << account.error();
    EXPECT_EQ(to_hex(account->bytes), alice);
  }
  EXPECT_FALSE(account_from_json(json::parse("\"5Grwva\"").value()).has_value());
  EXPECT_FALSE(account_from_json(json::parse("42").value()).has_value());
  EXPECT_EQ(*json::write(account_to_json(AccountId32{from_hex_fixed<32>(alice).value()})).data(),
            '"');
  EXPECT_EQ(amount_from_json(json::parse("1000000000000000000000").value()).value(),
            u128{1'000'000'000'000} * 1'000'000'000);
  EXPECT_EQ(amount_from_json(json::parse("\"12\"").value()).value(), u128{12});
  EXPECT_FALSE(amount_from_json(json::parse("-1").value()).has_value());
  EXPECT_FALSE(amount_from_json(json::parse("1.5").value()).has_value());
}

}  // namespace
}  // namespace canary::rt
