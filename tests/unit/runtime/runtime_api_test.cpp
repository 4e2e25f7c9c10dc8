// Runtime APIs declared once (framework/runtime_api/): a test API's methods are found by
// "<Api>_<method>", decode their arguments and encode their results as the functions' signatures
// say, panic on bad input as sp-api does, appear in metadata V15 with those same types, and give
// RuntimeVersion its (id, version) pairs; the export list check catches a missing, extra or
// repeated name.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>

#include "primitives/runtime/runtime_version.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/runtime_api/api_list.hpp"
#include "runtime/framework/runtime_api/method.hpp"
#include "runtime/framework/runtime_api/types.hpp"

namespace canary::rt {
namespace {

using runtime_api::DocLines;
using runtime_api::Encoded;
using runtime_api::InputNames;
using runtime_api::Method;
using runtime_api::Remainder;

uint64_t add(uint32_t a, const uint64_t& b) {
  return a + b;
}

std::optional<std::string> greet(const std::string& name, bool loud) {
  if (name.empty()) return std::nullopt;
  return (loud ? "HELLO " : "hello ") + name;
}

struct TestApi {
  static constexpr std::string_view kName = "TestApi";
  static constexpr uint32_t kVersion = 7;
  using Docs = DocLines<" A test API.", " Two lines.">;
  using Methods =
      std::tuple<Method<"add", &add, InputNames<"a", "b">, DocLines<" Adds two numbers.">>,
                 Method<"greet", &greet, InputNames<"name", "loud">>>;
};

int g_pinged = 0;
void ping() {
  ++g_pinged;
}

// The lengths of an encoded item and of what follows it.
std::tuple<uint32_t, uint32_t> split(Encoded<Bytes> item, Remainder<std::string> rest) {
  return {static_cast<uint32_t>(item.bytes.size()), static_cast<uint32_t>(rest.bytes.size())};
}

uint32_t answer_bad_input() {
  return 0xdead;
}
uint32_t length_of(const Bytes& bytes) {
  return static_cast<uint32_t>(bytes.size());
}

struct OtherApi {
  static constexpr std::string_view kName = "OtherApi";
  static constexpr uint32_t kVersion = 1;
  using Docs = DocLines<>;
  using Methods = std::tuple<
      Method<"ping", &ping>, Method<"split", &split, InputNames<"item", "rest">>,
      Method<"strict", &length_of, InputNames<"bytes">, DocLines<>,
             runtime_api::OnBadInput<&answer_bad_input>>,
      Method<"long", &length_of, InputNames<"bytes">, DocLines<>, runtime_api::MaxLengthOfInput>>;
};

using Apis = std::tuple<TestApi, OtherApi>;

// A type read one way and described another (DescribedAs), inside an optional.
uint32_t preset_length(const std::optional<runtime_api::PresetId>& id) {
  return id ? static_cast<uint32_t>(id->bytes.size()) : 0xffffffff;
}
struct PresetApi {
  static constexpr std::string_view kName = "PresetApi";
  static constexpr uint32_t kVersion = 2;
  using Docs = DocLines<>;
  using Methods = std::tuple<Method<"length", &preset_length, InputNames<"id">>>;
};

template <class T>
T decoded(const Bytes& bytes) {
  auto value = scale::decode<T>(bytes);
  EXPECT_TRUE(value.has_value());
  return value ? *value : T{};
}

TEST(RuntimeApi, DispatchesByApiAndMethodName) {
  const auto add_entry = runtime_api::find_entry_point<Apis>("TestApi_add");
  ASSERT_NE(add_entry, nullptr);
  EXPECT_EQ(decoded<uint64_t>(add_entry(scale::encode(std::tuple<uint32_t, uint64_t>{2, 40}))),
            42U);

  const auto greet_entry = runtime_api::find_entry_point<Apis>("TestApi_greet");
  ASSERT_NE(greet_entry, nullptr);
  EXPECT_EQ(decoded<std::optional<std::string>>(
                greet_entry(scale::encode(std::tuple<std::string, bool>{"bob", true}))),
            std::optional<std::string>("HELLO bob"));
  EXPECT_EQ(decoded<std::optional<std::string>>(
                greet_entry(scale::encode(std::tuple<std::string, bool>{"", false}))),
            std::nullopt);

  // A method without a result answers nothing.
  const auto ping_entry = runtime_api::find_entry_point<Apis>("OtherApi_ping");
  ASSERT_NE(ping_entry, nullptr);
  g_pinged = 0;
  EXPECT_TRUE(ping_entry({}).empty());
  EXPECT_EQ(g_pinged, 1);

  for (std::string_view unknown : {"TestApi_ping", "OtherApi_add", "TestApi", "TestApi_", "_add",
                                   "TestApiadd", "TestApi_add_", "Core_version", ""}) {
    EXPECT_EQ(runtime_api::find_entry_point<Apis>(unknown), nullptr) << unknown;
  }
}

TEST(RuntimeApiDeathTest, BadInputPanicsNamingTheMethod) {
  const auto add_entry = runtime_api::find_entry_point<Apis>("TestApi_add");
  ASSERT_NE(add_entry, nullptr);
  const Bytes short_input = scale::encode(uint32_t{2});  // b is missing
  EXPECT_DEATH(add_entry(short_input), "Bad input data provided to add: ");
  const auto greet_entry = runtime_api::find_entry_point<Apis>("TestApi_greet");
  ASSERT_NE(greet_entry, nullptr);
  const Bytes bad_bool = {0x00, 0x02};  // "" and a bool that is neither 0 nor 1
  EXPECT_DEATH(greet_entry(bad_bool), "Bad input data provided to greet: ");
}

TEST(RuntimeApi, SpecialInputHandling) {
  // Encoded<T>: one length-prefixed item, the prefix included; Remainder<T>: the rest.
  const auto split_entry = runtime_api::find_entry_point<Apis>("OtherApi_split");
  ASSERT_NE(split_entry, nullptr);
  Bytes input = scale::encode(Bytes{1, 2, 3});
  input.insert(input.end(), {9, 9});
  EXPECT_EQ((decoded<std::tuple<uint32_t, uint32_t>>(split_entry(input))),
            (std::tuple<uint32_t, uint32_t>{4, 2}));

  // OnBadInput: an answer instead of the panic, also for bytes left over.
  const auto strict = runtime_api::find_entry_point<Apis>("OtherApi_strict");
  ASSERT_NE(strict, nullptr);
  EXPECT_EQ(decoded<uint32_t>(strict(scale::encode(Bytes{1, 2}))), 2U);
  Bytes trailing = scale::encode(Bytes{1, 2});
  trailing.push_back(0);
  EXPECT_EQ(decoded<uint32_t>(strict(trailing)), 0xdeadU);
  EXPECT_EQ(decoded<uint32_t>(strict(Bytes{0x08, 1})), 0xdeadU);

  // MaxLengthOfInput: a byte vector longer than the decoder's default bound.
  const Bytes big(scale::Decoder::kDefaultMaxLength + 1, 7);
  const auto long_entry = runtime_api::find_entry_point<Apis>("OtherApi_long");
  ASSERT_NE(long_entry, nullptr);
  EXPECT_EQ(decoded<uint32_t>(long_entry(scale::encode(big))), big.size());
  // Without the option the default bound holds (here answered, as `strict` answers bad input).
  EXPECT_EQ(decoded<uint32_t>(strict(scale::encode(big))), 0xdeadU);
}

TEST(RuntimeApi, MetadataHasTheFunctionsTypes) {
  meta::Registry registry;
  const auto apis = runtime_api::apis_metadata<Apis>(registry);
  ASSERT_EQ(apis.size(), 2U);
  EXPECT_EQ(apis[0].name, "TestApi");
  EXPECT_EQ(apis[0].docs, (meta::Docs{" A test API.", " Two lines."}));
  ASSERT_EQ(apis[0].methods.size(), 2U);

  const meta::RuntimeApiMethod& add_method = apis[0].methods[0];
  EXPECT_EQ(add_method.name, "add");
  EXPECT_EQ(add_method.docs, (meta::Docs{" Adds two numbers."}));
  ASSERT_EQ(add_method.inputs.size(), 2U);
  EXPECT_EQ(add_method.inputs[0].name, "a");
  EXPECT_EQ(add_method.inputs[0].type, registry.id<uint32_t>());
  EXPECT_EQ(add_method.inputs[1].name, "b");
  EXPECT_EQ(add_method.inputs[1].type, registry.id<uint64_t>());
  EXPECT_EQ(add_method.output, registry.id<uint64_t>());
  EXPECT_NE(registry.id<uint32_t>(), registry.id<uint64_t>());

  const meta::RuntimeApiMethod& greet_method = apis[0].methods[1];
  EXPECT_EQ(greet_method.name, "greet");
  EXPECT_TRUE(greet_method.docs.empty());
  ASSERT_EQ(greet_method.inputs.size(), 2U);
  EXPECT_EQ(greet_method.inputs[0].type, registry.id<std::string>());
  EXPECT_EQ(greet_method.inputs[1].name, "loud");
  EXPECT_EQ(greet_method.inputs[1].type, registry.id<bool>());
  EXPECT_EQ(greet_method.output, registry.id<std::optional<std::string>>());

  // No result is the unit type; Encoded<T> and Remainder<T> are described as T.
  EXPECT_EQ(apis[1].name, "OtherApi");
  ASSERT_EQ(apis[1].methods.size(), 4U);
  EXPECT_EQ(apis[1].methods[0].output, registry.id<std::monostate>());
  EXPECT_TRUE(apis[1].methods[0].inputs.empty());
  ASSERT_EQ(apis[1].methods[1].inputs.size(), 2U);
  EXPECT_EQ(apis[1].methods[1].inputs[0].type, registry.id<Bytes>());
  EXPECT_EQ(apis[1].methods[1].inputs[1].type, registry.id<std::string>());
}

TEST(RuntimeApi, DescribedAsNamesTheMetadataTypeOnly) {
  using Apis1 = std::tuple<PresetApi>;
  static_assert(runtime_api::api_versions<Apis1>()[0].second == 2);
  meta::Registry registry;
  const auto apis = runtime_api::apis_metadata<Apis1>(registry);
  ASSERT_EQ(apis.size(), 1U);
  ASSERT_EQ(apis[0].methods.size(), 1U);
  ASSERT_EQ(apis[0].methods[0].inputs.size(), 1U);
  EXPECT_EQ(apis[0].methods[0].inputs[0].type, registry.id<std::optional<std::string>>());

  // Read as bytes: an id that is not UTF-8 is still an id (a `str` would be bad input).
  const auto entry = runtime_api::find_entry_point<Apis1>("PresetApi_length");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(decoded<uint32_t>(entry(Bytes{0x01, 0x08, 0xff, 0x00})), 2U);
  EXPECT_EQ(decoded<uint32_t>(entry(Bytes{0x00})), 0xffffffffU);
}

TEST(RuntimeApi, VersionsListEachApiIdAndVersion) {
  constexpr auto versions = runtime_api::api_versions<Apis>();
  static_assert(versions.size() == 2);
  EXPECT_EQ(versions[0].first, runtime::api_id("TestApi"));
  EXPECT_EQ(versions[0].second, 7U);
  EXPECT_EQ(versions[1].first, runtime::api_id("OtherApi"));
  EXPECT_EQ(versions[1].second, 1U);
  EXPECT_NE(versions[0].first, versions[1].first);

  static_assert(runtime_api::same_apis<Apis, std::tuple<OtherApi, TestApi>>());
  static_assert(!runtime_api::same_apis<Apis, std::tuple<TestApi>>());
  static_assert(!runtime_api::same_apis<Apis, std::tuple<TestApi, TestApi>>());
}

TEST(RuntimeApi, ExportListMustNameEveryMethodOnce) {
  constexpr std::string_view kAll[] = {"TestApi_add",    "TestApi_greet",   "OtherApi_ping",
                                       "OtherApi_split", "OtherApi_strict", "OtherApi_long"};
  static_assert(runtime_api::exports_match<Apis>(kAll));
  constexpr std::string_view kMissing[] = {"TestApi_add", "TestApi_greet", "OtherApi_ping",
                                           "OtherApi_split", "OtherApi_strict"};
  static_assert(!runtime_api::exports_match<Apis>(kMissing));
  constexpr std::string_view kRepeated[] = {"TestApi_add",    "TestApi_greet",   "OtherApi_ping",
                                            "OtherApi_split", "OtherApi_strict", "TestApi_add"};
  static_assert(!runtime_api::exports_match<Apis>(kRepeated));
  constexpr std::string_view kUnknown[] = {"TestApi_add",    "TestApi_greet",   "OtherApi_ping",
                                           "OtherApi_split", "OtherApi_strict", "OtherApi_pong"};
  static_assert(!runtime_api::exports_match<Apis>(kUnknown));
  EXPECT_TRUE(runtime_api::exports_match<Apis>(kAll));
}

}  // namespace
}  // namespace canary::rt
