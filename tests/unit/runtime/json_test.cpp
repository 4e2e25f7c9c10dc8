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
#include "runtime/framework/arithmetic/fixed_point.hpp"
#include "runtime/framework/genesis.hpp"

namespace canary::rt {
namespace {

constexpr std::string_view kAlice =
    "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";

json::Value parsed(std::string_view text) {
  return json::parse(text).value();
}

// The error of decoding `text` as T (empty when it decodes).
template <class T>
std::string decode_error(std::string_view text, std::string path = {}) {
  T value{};
  auto decoded = json_decode_at(parsed(text), value, std::move(path));
  return decoded ? std::string() : decoded.error();
}

template <class T>
T decoded(std::string_view text) {
  T value{};
  auto result = json_decode(parsed(text), value);
  EXPECT_TRUE(result.has_value()) << text << ": " << result.error();
  return value;
}

// encode(decode(text)) == text, in json::write's form.
template <class T>
void expect_round_trip(std::string_view text) {
  EXPECT_EQ(json::write(json_encode(decoded<T>(text))), text);
}

// An enum with its JSON names (as sp_consensus_babe::AllowedSlots).
enum class Slots : uint8_t { kPrimary, kPlain, kVrf };
constexpr std::array<std::pair<Slots, std::string_view>, 3> json_names(Slots) {
  return {{{Slots::kPrimary, "PrimarySlots"},
           {Slots::kPlain, "PrimaryAndSecondaryPlainSlots"},
           {Slots::kVrf, "PrimaryAndSecondaryVRFSlots"}}};
}

struct EpochConfig {
  std::tuple<uint64_t, uint64_t> c{1, 4};
  Slots allowed_slots = Slots::kVrf;
  static constexpr auto json_fields() {
    return std::tuple{json_field("c", &EpochConfig::c),
                      json_field("allowed_slots", &EpochConfig::allowed_slots)};
  }
};

struct Key32 {
  ByteArray<32> bytes{};
};
struct Key33 {
  ByteArray<33> bytes{};
};

struct Keys {
  Key32 babe;
  Key33 beefy;
  static constexpr auto json_fields() {
    return std::tuple{json_required_field("babe", &Keys::babe),
                      json_required_field("beefy", &Keys::beefy)};
  }
};

struct Section {
  std::vector<std::pair<AccountId32, u128>> balances;
  std::vector<std::tuple<AccountId32, AccountId32, Keys>> keys;
  std::optional<AccountId32> key;
  std::optional<uint64_t> minimum_period;
  uint32_t count = 7;
  int64_t offset = -1;
  bool enabled = false;
  std::string name = "x";
  EpochConfig epoch_config;
  arithmetic::FixedU128 multiplier = arithmetic::FixedU128::one();
  static constexpr auto json_fields() {
    return std::tuple{json_field("balances", &Section::balances),
                      json_field("keys", &Section::keys),
                      json_field("key", &Section::key),
                      json_field("minimumPeriod", &Section::minimum_period),
                      json_field("count", &Section::count),
                      json_field("offset", &Section::offset),
                      json_field("enabled", &Section::enabled),
                      json_field("name", &Section::name),
                      json_field("epochConfig", &Section::epoch_config),
                      json_field("multiplier", &Section::multiplier)};
  }
};

TEST(JsonCodec, AccountsAndAmounts) {
  for (const char* text :
       {"\"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\"",  // prefix 42
        "\"HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F\"",   // prefix 2
        "\"0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d\""}) {
    EXPECT_EQ(to_hex(decoded<AccountId32>(text).bytes), kAlice) << text;
  }
  // Written as SS58 with the generic prefix.
  EXPECT_EQ(json::write(json_encode(AccountId32{from_hex_fixed<32>(kAlice).value()})),
            "\"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\"");
  EXPECT_EQ(decode_error<AccountId32>("\"5Grwva\""), "not an SS58 account: 5Grwva");
  EXPECT_EQ(decode_error<AccountId32>("42"), "an account must be a string");
  EXPECT_EQ(decode_error<AccountId32>("\"0x" + std::string(64, 'z') + "\""),
            "not a 32-byte hex account: 0x" + std::string(64, 'z'));

  EXPECT_EQ(decoded<u128>("1000000000000000000000"), u128{1'000'000'000'000} * 1'000'000'000);
  EXPECT_EQ(decoded<u128>("\"12\""), u128{12});
  EXPECT_EQ(json::write(json_encode(u128{1} << 100)), "1267650600228229401496703205376");
  for (const char* bad :
       {"-1", "1.5", "\"1e3\"", "\"\"", "null", "340282366920938463463374607431768211456"}) {
    EXPECT_EQ(decode_error<u128>(bad), "an amount must be a non-negative integer") << bad;
  }
}

TEST(JsonCodec, Integers) {
  EXPECT_EQ(decoded<uint64_t>("18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(decoded<uint8_t>("255"), 255);
  EXPECT_EQ(decoded<int64_t>("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(decoded<int32_t>("2147483647"), INT32_MAX);
  EXPECT_EQ(decoded<int8_t>("-128"), -128);
  EXPECT_EQ(decode_error<uint64_t>("18446744073709551616"), "expected an unsigned 64-bit integer");
  EXPECT_EQ(decode_error<uint8_t>("256"), "expected an unsigned 8-bit integer");
  EXPECT_EQ(decode_error<uint32_t>("-1"), "expected an unsigned 32-bit integer");
  EXPECT_EQ(decode_error<uint32_t>("\"1\""), "expected an unsigned 32-bit integer");
  EXPECT_EQ(decode_error<uint32_t>("1.0"), "expected an unsigned 32-bit integer");
  EXPECT_EQ(decode_error<int8_t>("128"), "expected a signed 8-bit integer");
  EXPECT_EQ(decode_error<int8_t>("-129"), "expected a signed 8-bit integer");
  EXPECT_EQ(json::write(json_encode(int64_t{-42})), "-42");
  EXPECT_EQ(json::write(json_encode(INT64_MIN)), "-9223372036854775808");
  EXPECT_EQ(json::write(json_encode(uint16_t{65535})), "65535");
  EXPECT_EQ(decode_error<bool>("1"), "expected true or false");
  EXPECT_EQ(decode_error<std::string>("1"), "expected a string");
  expect_round_trip<bool>("true");
  expect_round_trip<std::string>("\"a\\\"b\"");
}

TEST(JsonCodec, KeysAndByteArrays) {
  expect_round_trip<Key32>("\"" + std::string(kAlice) + "\"");
  // A 32-byte key may be SS58 too (written back as hex).
  EXPECT_EQ(to_hex(decoded<Key32>("\"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\"").bytes),
            kAlice);
  const std::string beefy =
      "\"0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1\"";
  expect_round_trip<Key33>(beefy);
  expect_round_trip<ByteArray<4>>("\"0x01020304\"");
  EXPECT_EQ(decode_error<Key33>("\"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\""),
            "not a 33-byte key");
  EXPECT_EQ(decode_error<Key32>("\"0x01\""), "not a 32-byte key");
  EXPECT_EQ(decode_error<ByteArray<4>>("4"), "expected a key (0x-prefixed hex)");
}

TEST(JsonCodec, ContainersAndEnums) {
  expect_round_trip<std::vector<uint32_t>>("[1,2,3]");
  expect_round_trip<std::vector<uint32_t>>("[]");
  expect_round_trip<std::pair<uint32_t, bool>>("[1,false]");
  expect_round_trip<std::tuple<uint64_t, uint64_t>>("[1,4]");
  expect_round_trip<std::optional<uint32_t>>("null");
  expect_round_trip<std::optional<uint32_t>>("5");
  EXPECT_EQ(decode_error<std::vector<uint32_t>>("{}"), "expected an array");
  EXPECT_EQ(decode_error<std::vector<uint32_t>>("[1,\"2\"]"),
            "[1]: expected an unsigned 32-bit integer");
  EXPECT_EQ((decode_error<std::pair<uint32_t, bool>>("[1]")), "expected an array of 2 elements");
  EXPECT_EQ((decode_error<std::tuple<uint32_t, bool, bool>>("[1, true, 2]")),
            "[2]: expected true or false");
  EXPECT_EQ(decoded<Slots>("\"PrimarySlots\""), Slots::kPrimary);
  expect_round_trip<Slots>("\"PrimaryAndSecondaryPlainSlots\"");
  EXPECT_EQ(decode_error<Slots>("\"AllSlots\""),
            "expected one of PrimarySlots, PrimaryAndSecondaryPlainSlots, "
            "PrimaryAndSecondaryVRFSlots");
}

TEST(JsonCodec, FixedU128IsItsInnerValueAsAString) {
  EXPECT_EQ(json::write(json_encode(arithmetic::FixedU128::one())), "\"1000000000000000000\"");
  expect_round_trip<arithmetic::FixedU128>("\"1500000000000000000\"");
  EXPECT_EQ(decoded<arithmetic::FixedU128>("\"0\"").inner, u128{0});
  for (const char* bad : {"1000000000000000000", "\"1.5\"", "\"-1\"", "null"}) {
    EXPECT_EQ(decode_error<arithmetic::FixedU128>(bad),
              "expected a FixedU128 (its inner u128 as a string)")
        << bad;
  }
  // Inside a struct: the path comes first.
  EXPECT_EQ(decode_error<Section>(R"({"multiplier": 1})", "transactionPayment"),
            "transactionPayment.multiplier: expected a FixedU128 (its inner u128 as a string)");
}

TEST(JsonCodec, StructsFromTheirDeclaredFields) {
  // Missing fields keep their defaults; every field is written.
  const Section defaults = decoded<Section>("{}");
  EXPECT_EQ(defaults.count, 7u);
  EXPECT_EQ(defaults.name, "x");
  EXPECT_EQ(json::write(json_encode(defaults)),
            R"({"balances":[],"count":7,"enabled":false,"epochConfig":{"allowed_slots":)"
            R"("PrimaryAndSecondaryVRFSlots","c":[1,4]},"key":null,"keys":[],)"
            R"("minimumPeriod":null,"multiplier":"1000000000000000000","name":"x","offset":-1})");
  const std::string full =
      R"({"balances":[["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",1000]],"count":1,)"
      R"("enabled":true,"epochConfig":{"allowed_slots":"PrimarySlots","c":[2,3]},)"
      R"("key":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",)"
      R"("keys":[["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",)"
      R"("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",{"babe":)"
      R"("0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d","beefy":)"
      R"("0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1"}]],)"
      R"("minimumPeriod":500,"multiplier":"2000000000000000000","name":"y","offset":-5})";
  expect_round_trip<Section>(full);
  const Section section = decoded<Section>(full);
  EXPECT_EQ(section.minimum_period, std::optional<uint64_t>(500));
  EXPECT_EQ(std::get<1>(section.epoch_config.c), 3u);
  // null is none for an optional member.
  EXPECT_EQ(decoded<Section>(R"({"minimumPeriod": null, "key": null})").minimum_period,
            std::nullopt);
}

TEST(JsonCodec, ErrorsNameTheirPath) {
  const struct {
    const char* text;
    const char* error;
  } kBad[] = {
      {R"(500)", "timestamp: expected an object"},
      {R"({"minimumPeriods": 500})", "timestamp: unknown field `minimumPeriods`"},
      {R"({"minimumPeriod": "500"})",
       "timestamp.minimumPeriod: expected an unsigned 64-bit integer"},
      {R"({"balances": [["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 1], 2]})",
       "timestamp.balances[1]: expected an array of 2 elements"},
      {R"({"balances": [["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", -1]]})",
       "timestamp.balances[0][1]: an amount must be a non-negative integer"},
      {R"({"balances": [["nope", 1]]})", "timestamp.balances[0][0]: not an SS58 account: nope"},
      {R"({"keys": [["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
                     "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", {"babe": "0x01"}]]})",
       "timestamp.keys[0][2].babe: not a 32-byte key"},
      {R"({"keys": [["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
                     "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
                     {"babe": "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"}]]})",
       "timestamp.keys[0][2].beefy: missing"},
      {R"({"epochConfig": {"c": [1]}})",
       "timestamp.epochConfig.c: expected an array of 2 elements"},
      {R"({"epochConfig": {"allowed_slots": 2}})",
       "timestamp.epochConfig.allowed_slots: expected one of PrimarySlots, "
       "PrimaryAndSecondaryPlainSlots, PrimaryAndSecondaryVRFSlots"},
      {R"({"key": 5})", "timestamp.key: an account must be a string"},
      {R"({"offset": 1.5})", "timestamp.offset: expected a signed 64-bit integer"},
  };
  for (const auto& bad : kBad) {
    EXPECT_EQ(decode_error<Section>(bad.text, "timestamp"), bad.error) << bad.text;
  }
  // Without a path of the caller's, the error starts at the first member.
  EXPECT_EQ(decode_error<Section>(R"({"count": true})"),
            "count: expected an unsigned 32-bit integer");
  EXPECT_EQ(decode_error<Section>("[]"), "expected an object");
}

}  // namespace
}  // namespace canary::rt
