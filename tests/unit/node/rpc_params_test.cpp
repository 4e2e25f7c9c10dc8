// The typed params of the node's methods (read_params, with_params, the rpc-spec-v2 param types),
// and the param errors of every method family on a real chain: jsonrpsee's -32602 for a wrong,
// missing or malformed param, checked before the method runs (so before any state or runtime
// error), extra params ignored.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "node/rpc/param_reader.hpp"
#include "node/rpc/registration.hpp"
#include "node/rpc/spec_v2_params.hpp"
#include "node/rpc/substrate_errors.hpp"
#include "tests/unit/node/rpc_test_fixture.hpp"

namespace canary::node::rpc::testing {
namespace {

using ::canary::rpc::kInvalidParamsCode;

const std::string kHash = "0x" + std::string(64, 'a');

Hash256 filled(uint8_t b) {
  Hash256 h{};
  h.fill(b);
  return h;
}

TEST(RpcParams, ReadsByPositionOrByName) {
  const Json positional = Json::array({kHash, "0x0102", 7});
  auto a = read_params<Hash256, Bytes, uint32_t>(Params(positional), {"hash", "key", "count"});
  ASSERT_TRUE(a);
  EXPECT_EQ(std::get<0>(*a), filled(0xaa));
  EXPECT_EQ(std::get<1>(*a), (Bytes{1, 2}));
  EXPECT_EQ(std::get<2>(*a), 7u);

  const Json named = {{"count", 7}, {"key", "0x0102"}, {"hash", kHash}};
  auto b = read_params<Hash256, Bytes, uint32_t>(Params(named), {"hash", "key", "count"});
  ASSERT_TRUE(b);
  EXPECT_EQ(*a, *b);
}

TEST(RpcParams, OptionalParamsMayBeAbsentOrNull) {
  const Json params = Json::array({"0x", nullptr});
  auto r = read_params<Bytes, std::optional<Hash256>, std::optional<Bytes>>(
      Params(params), {"key", "hash", "start_key"});
  ASSERT_TRUE(r);
  EXPECT_TRUE(std::get<0>(*r).empty());
  EXPECT_FALSE(std::get<1>(*r));
  EXPECT_FALSE(std::get<2>(*r));
  // No params at all (absent, or an empty array).
  const Json none;
  EXPECT_TRUE(read_params<std::optional<Hash256>>(Params(none), {"hash"}));
  EXPECT_TRUE(read_params<std::optional<Hash256>>(Params(Json::array()), {"hash"}));
}

TEST(RpcParams, TheFirstBadParamIsTheError) {
  const Json params = Json::array({"0x0", "zz", 1});
  auto r = read_params<Bytes, Bytes, Bytes>(Params(params), {"a", "b", "c"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, kInvalidParamsCode);
  EXPECT_EQ(r.error().message, "Invalid params");
  ASSERT_TRUE(r.error().data);
  EXPECT_NE(r.error().data->get<std::string>().find("`a`"), std::string::npos);

  auto missing = read_params<Bytes, Bytes>(Params(Json::array({"0x"})), {"key", "value"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(*missing.error().data, "missing value for required argument `value`");
}

TEST(RpcParams, ParamsBeyondTheMethodsAreIgnored) {
  const Json params = Json::array({kHash, "extra", 1, nullptr, Json::object()});
  auto r = read_params<Hash256>(Params(params), {"hash"});
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<0>(*r), filled(0xaa));
}

TEST(RpcParams, TypesAndRanges) {
  const auto error = [](const Json& value, auto type_tag) {
    using T = decltype(type_tag);
    const Json params = Json::array({value});
    auto r = read_params<T>(Params(params), {"x"});
    return r ? 0 : r.error().code;
  };
  // Hashes: 0x-prefixed, 32 bytes.
  EXPECT_EQ(error("0x1234", Hash256{}), kInvalidParamsCode);
  EXPECT_EQ(error(kHash.substr(2), Hash256{}), kInvalidParamsCode);
  EXPECT_EQ(error(kHash + "00", Hash256{}), kInvalidParamsCode);
  EXPECT_EQ(error(5, Hash256{}), kInvalidParamsCode);
  EXPECT_EQ(error(kHash, Hash256{}), 0);
  EXPECT_EQ(error("0X" + std::string(64, 'A'), Hash256{}), 0);
  // Bytes: even-length hex.
  EXPECT_EQ(error("0x123", Bytes{}), kInvalidParamsCode);
  EXPECT_EQ(error("0xzz", Bytes{}), kInvalidParamsCode);
  EXPECT_EQ(error(Json::array(), Bytes{}), kInvalidParamsCode);
  EXPECT_EQ(error(Json::array({"0x00", 1}), std::vector<Bytes>{}), kInvalidParamsCode);
  EXPECT_EQ(error("0x00", std::vector<Bytes>{}), kInvalidParamsCode);
  EXPECT_EQ(error(Json::array({"0x00", "0x"}), std::vector<Bytes>{}), 0);
  // Integers: non-negative, in range.
  EXPECT_EQ(error(-1, uint64_t{}), kInvalidParamsCode);
  EXPECT_EQ(error(1.5, uint64_t{}), kInvalidParamsCode);
  EXPECT_EQ(error("1", uint64_t{}), kInvalidParamsCode);
  EXPECT_EQ(error(UINT64_MAX, uint64_t{}), 0);
  EXPECT_EQ(error(uint64_t{4294967296}, uint32_t{}), kInvalidParamsCode);
  EXPECT_EQ(error(uint64_t{4294967295}, uint32_t{}), 0);
  // Strings and booleans.
  EXPECT_EQ(error(1, std::string{}), kInvalidParamsCode);
  EXPECT_EQ(error("yes", bool{}), kInvalidParamsCode);
  EXPECT_EQ(error(0, bool{}), kInvalidParamsCode);
  EXPECT_EQ(error(false, bool{}), 0);
}

TEST(RpcParams, SpecV2Types) {
  // parse_hex_param: "" is empty bytes, bad hex is "Invalid parameter: <text>".
  auto empty = read_params<SpecV2Hex>(Params(Json::array({""})), {"call_parameters"});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(std::get<0>(*empty).bytes.empty());
  auto bad = read_params<SpecV2Hex>(Params(Json::array({"zz"})), {"call_parameters"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, kInvalidParamsCode);
  EXPECT_EQ(bad.error().message, "Invalid parameter: zz");
  EXPECT_FALSE(read_params<SpecV2Hex>(Params(Json::array({7})), {"call_parameters"}));
  EXPECT_FALSE(read_params<SpecV2Hex>(Params(Json::array()), {"call_parameters"}));
  auto child = read_params<std::optional<SpecV2Hex>>(Params(Json::array()), {"child_trie"});
  ASSERT_TRUE(child);
  EXPECT_FALSE(std::get<0>(*child));

  // Storage items.
  const Json items = Json::array({Json::array(
      {{{"key", "0x01"}, {"type", "value"}}, {{"key", ""}, {"type", "descendantsHashes"}}})});
  auto ok = read_params<StorageItems>(Params(items), {"items"});
  ASSERT_TRUE(ok);
  ASSERT_EQ(std::get<0>(*ok).items.size(), 2u);
  EXPECT_EQ(std::get<0>(*ok).items[1].type, StorageQueryType::kDescendantsHashes);
  const Json bad_type = Json::array({Json::array({{{"key", "0x01"}, {"type", "values"}}})});
  auto unknown = read_params<StorageItems>(Params(bad_type), {"items"});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, kInvalidParamsCode);
  EXPECT_EQ(unknown.error().message.rfind("Invalid parameter: ", 0), 0u);
  EXPECT_FALSE(read_params<StorageItems>(Params(Json::array({"0x01"})), {"items"}));

  // One hash or a list of them.
  auto one = read_params<HashList>(Params(Json::array({kHash})), {"hash_or_hashes"});
  ASSERT_TRUE(one);
  EXPECT_EQ(std::get<0>(*one).hashes, std::vector<Hash256>{filled(0xaa)});
  auto list =
      read_params<HashList>(Params(Json::array({Json::array({kHash, kHash})})), {"hash_or_hashes"});
  ASSERT_TRUE(list);
  EXPECT_EQ(std::get<0>(*list).hashes.size(), 2u);
  EXPECT_FALSE(read_params<HashList>(Params(Json::array({Json::array({kHash, "0x00"})})),
                                     {"hash_or_hashes"}));
  EXPECT_FALSE(read_params<HashList>(Params(Json::array()), {"hash_or_hashes"}));
}

TEST(RpcParams, WithParamsRunsTheMethodOnlyWithValidParams) {
  int runs = 0;
  const MethodHandler handler = with_params<Bytes, std::optional<Hash256>>(
      {"key", "at"}, [&](const CallContext& call, Bytes key, std::optional<Hash256> at) {
        ++runs;
        return MethodResult(
            Json{{"len", key.size()}, {"at", at.has_value()}, {"connection", call.connection_id}});
      });
  const CallContext call{7, true};
  const Json one = Json::array({"0x0102"});
  auto ok = handler(Params(one), call);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, (Json{{"len", 2}, {"at", false}, {"connection", 7}}));
  const Json two = Json::array({"0x0102", "0x00"});
  auto bad = handler(Params(two), call);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, kInvalidParamsCode);
  EXPECT_EQ(runs, 1);
}

// --- Every family, on the development chain.

using RpcParamErrors = RpcFixture;

TEST_F(RpcParamErrors, MalformedParamsAreInvalidParamsBeforeAnythingElse) {
  const std::string unknown = "0x" + std::string(64, '1');  // no such block
  const std::string child = to_hex(to_bytes(":child_storage:default:x"));
  struct Case {
    const char* method;
    Json params;
  } cases[] = {
      {"chain_getHeader", Json::array({"0x1234"})},
      {"chain_getBlock", Json::array({Json::array()})},
      {"state_getStorage", Json::array({"0x00", "0x00"})},
      {"state_getStorageHash", Json::array({1})},
      {"state_getStorageSize", Json::array()},
      {"state_getKeys", Json::array({"zz"})},
      // The count is checked after the params parsed (4002 otherwise), as in Substrate.
      {"state_getKeysPaged", Json::array({"0x", 5000, nullptr, "0x00"})},
      {"state_getKeysPaged", Json::array({"0x", "ten"})},
      {"state_getReadProof", Json::array({"0x00"})},
      {"state_getChildReadProof", Json::array({child, Json::array({"0x0"})})},
      // A child key without the default prefix is a 4003 client error, but only once the other
      // params parsed.
      {"state_getChildReadProof", Json::array({"0x00", "0x00"})},
      {"state_call", Json::array({"Core_version", 5})},
      {"state_getMetadata", Json::array({"0x00"})},
      {"state_getRuntimeVersion", Json::array({true})},
      {"state_queryStorageAt", Json::array({Json::array({"0x00"}), unknown + "0"})},
      {"state_subscribeStorage", Json::array({"0x00"})},
      {"childstate_getStorage", Json::array({child, "0x0"})},
      {"childstate_getStorageHash", Json::array({child})},
      {"childstate_getStorageSize", Json::array({"0x00", "0x00", 3})},
      {"childstate_getStorageEntries", Json::array({child, "0x00"})},
      {"childstate_getKeys", Json::array({child, nullptr})},
      {"childstate_getKeysPaged", Json::array({child, nullptr, -1})},
      {"chainHead_v1_follow", Json::array()},
      {"chainHead_v1_header", Json::array({"sub", "0x00"})},
      {"chainHead_v1_body", Json::array({1, unknown})},
      {"chainHead_v1_call", Json::array({"sub", unknown, "Core_version", "zz"})},
      {"chainHead_v1_storage", Json::array({"sub", unknown, "0x00"})},
      {"chainHead_v1_storage",
       Json::array({"sub", unknown, Json::array({{{"key", "0x00"}, {"type", "x"}}})})},
      {"chainHead_v1_unpin", Json::array({"sub", Json::array({unknown, 1})})},
      {"chainHead_v1_continue", Json::array({"sub"})},
      {"chainHead_v1_stopOperation", Json::array({"sub", 1})},
      {"archive_v1_hashByHeight", Json::array({-1})},
      {"archive_v1_header", Json::array()},
      {"archive_v1_body", Json::array({"0x00"})},
      {"archive_v1_call", Json::array({unknown, "Core_version", 1})},
      {"archive_v1_storage", Json::array({unknown, Json::object()})},
      {"system_accountNextIndex", Json::array({"0x00"})},
      {"payment_queryInfo", Json::array({"0x00", "0x00"})},
      {"payment_queryFeeDetails", Json::array()},
  };
  for (const Case& c : cases) {
    const Json e = error(c.method, c.params);
    EXPECT_EQ(e["code"], kInvalidParamsCode)
        << c.method << " " << c.params.dump() << " -> " << e.dump();
  }
  // With every param valid, the state's own errors come through.
  EXPECT_EQ(error("state_getKeysPaged", Json::array({"0x", 5000}))["code"], kStateInvalidCountCode);
  EXPECT_EQ(error("state_getChildReadProof", Json::array({"0x00", Json::array()}))["code"],
            kStateClientCode);
  EXPECT_EQ(error("state_getStorage", Json::array({"0x00", unknown}))["code"], kStateClientCode);
}

TEST_F(RpcParamErrors, NamedParamsAndExtraParams) {
  const std::string genesis = to_hex(genesis_->hash);
  EXPECT_EQ(result("chain_getHeader", Json{{"hash", genesis}})["number"], "0x0");
  EXPECT_EQ(result("chain_getHeader", Json::array({genesis, 1, "more"}))["number"], "0x0");
  EXPECT_EQ(error("chain_getHeader", Json{{"hash", "0x00"}})["code"], kInvalidParamsCode);
  const Json keys = result("state_getKeysPaged", Json{{"prefix", "0x"}, {"count", 2}});
  EXPECT_EQ(keys.size(), 2u);
  EXPECT_EQ(error("state_getKeysPaged", Json{{"prefix", "0x"}})["code"], kInvalidParamsCode);
}

}  // namespace
}  // namespace canary::node::rpc::testing
