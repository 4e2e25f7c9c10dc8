// The JSON merge of runtime genesis patches (sc-chain-spec json_patch.rs `merge`, whose own tests
// these follow), and the genesis JSON reader that refuses integers it cannot keep exactly.
#include <gtest/gtest.h>

#include "node/chain/json_merge.hpp"

namespace canary::node {
namespace {

using Json = nlohmann::json;

Json merged(const char* target, const char* patch) {
  Json out = Json::parse(target);
  json_merge(out, Json::parse(patch));
  return out;
}

TEST(ChainJsonMerge, AddsMembers) {
  EXPECT_EQ(merged(R"({"a":123})", R"({"b":256})"), Json::parse(R"({"a":123,"b":256})"));
}

TEST(ChainJsonMerge, MergesNestedObjects) {
  EXPECT_EQ(merged(R"({"a":{"name":"xxx","value":123},"b":{"c":{"inner_name":"yyy"}}})",
                   R"({"a":{"keys":["a","b","c"]}})"),
            Json::parse(R"({"a":{"keys":["a","b","c"],"name":"xxx","value":123},
                            "b":{"c":{"inner_name":"yyy"}}})"));
}

TEST(ChainJsonMerge, ArraysAreReplacedNotMerged) {
  EXPECT_EQ(
      merged(R"({"a":{"name":"xxx","value":123,"keys":["d"]}})", R"({"a":{"keys":["a","b","c"]}})"),
      Json::parse(R"({"a":{"keys":["a","b","c"],"name":"xxx","value":123}})"));
}

TEST(ChainJsonMerge, OverridesDeeplyNestedValues) {
  EXPECT_EQ(
      merged(R"({"a":{"name":"xxx","value":123,"b":{"c":{"d":{"name":"yyy","value":256}}}}})",
             R"({"a":{"value":456,"b":{"c":{"d":{"name":"new_name"}}}}})"),
      Json::parse(
          R"({"a":{"name":"xxx","value":456,"b":{"c":{"d":{"name":"new_name","value":256}}}}})"));
}

TEST(ChainJsonMerge, NullRemovesMembers) {
  EXPECT_EQ(merged(R"({"a":{"name":"xxx","value":123,"enum_variant_1":{"name":"yyy"}}})",
                   R"({"a":{"value":456,"enum_variant_1":null,"enum_variant_2":32}})"),
            Json::parse(R"({"a":{"name":"xxx","value":456,"enum_variant_2":32}})"));
  // Removing what is not there is nothing.
  EXPECT_EQ(merged(R"({"a":1})", R"({"b":null})"), Json::parse(R"({"a":1})"));
}

TEST(ChainJsonMerge, NonObjectsReplaceWholesale) {
  EXPECT_EQ(merged(R"({"a":1})", R"([1,2])"), Json::parse(R"([1,2])"));
  EXPECT_EQ(merged(R"([1,2])", R"({"a":1})"), Json::parse(R"({"a":1})"));
  EXPECT_EQ(merged(R"({"a":{"b":1}})", R"({"a":7})"), Json::parse(R"({"a":7})"));
  EXPECT_EQ(merged(R"({"a":7})", R"({"a":{"b":1}})"), Json::parse(R"({"a":{"b":1}})"));
}

// Where sc-chain-spec and RFC 7396 part: an object patch over a non-object keeps its nulls
// (RFC 7396 would merge it into {} and drop them).
TEST(ChainJsonMerge, ObjectOverNonObjectKeepsNullsAsSubstrate) {
  EXPECT_EQ(merged(R"({"a":7})", R"({"a":{"b":null,"c":1}})"),
            Json::parse(R"({"a":{"b":null,"c":1}})"));
  EXPECT_EQ(merged(R"({})", R"({"a":{"b":null}})"), Json::parse(R"({"a":{"b":null}})"));
}

TEST(ChainJsonMerge, ParseKeeps64BitIntegers) {
  auto parsed =
      parse_genesis_json(R"({"a":18446744073709551615,"b":-9223372036854775808,"c":1.5})");
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ((*parsed)["a"].get<uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ((*parsed)["b"].get<int64_t>(), INT64_MIN);
  EXPECT_DOUBLE_EQ((*parsed)["c"].get<double>(), 1.5);
}

TEST(ChainJsonMerge, ParseRefusesIntegersBeyond64Bits) {
  auto parsed = parse_genesis_json(R"({"balances":[["5Grw",18446744073709551616]]})");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().find("18446744073709551616"), std::string::npos) << parsed.error();
  EXPECT_NE(parsed.error().find("string"), std::string::npos) << parsed.error();
  EXPECT_FALSE(parse_genesis_json("-340282366920938463463374607431768211455"));
  // Exponents and fractions are floats, not integers written out.
  EXPECT_TRUE(parse_genesis_json("1e30"));
}

TEST(ChainJsonMerge, ParseReportsSyntaxErrors) {
  EXPECT_FALSE(parse_genesis_json("{"));
  EXPECT_FALSE(parse_genesis_json(R"({"a":1} x)"));
  EXPECT_FALSE(parse_genesis_json(""));
}

}  // namespace
}  // namespace canary::node
