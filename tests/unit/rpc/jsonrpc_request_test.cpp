// Parsing of JSON-RPC 2.0 messages and the text of responses (jsonrpc.org/specification,
// section 7's examples; codes and messages as jsonrpsee answers).
#include <gtest/gtest.h>

#include "rpc/jsonrpc/request.hpp"
#include "rpc/jsonrpc/response.hpp"

namespace canary::rpc {
namespace {

TEST(JsonRpcRequest, ParsesPositionalAndNamedParamsAndIds) {
  auto m = parse_message(R"({"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1})", {});
  ASSERT_TRUE(m);
  ASSERT_FALSE(m->batch);
  ASSERT_TRUE(m->calls[0]);
  EXPECT_EQ(m->calls[0]->method, "subtract");
  EXPECT_EQ(m->calls[0]->params, Json::parse("[42,23]"));
  EXPECT_EQ(*m->calls[0]->id, Json(1));

  m = parse_message(R"({"jsonrpc":"2.0","method":"m","params":{"a":1},"id":"abc"})", {});
  ASSERT_TRUE(m && m->calls[0]);
  EXPECT_EQ(*m->calls[0]->id, Json("abc"));
  EXPECT_TRUE(m->calls[0]->params.is_object());

  m = parse_message(R"({"jsonrpc":"2.0","method":"m","id":null})", {});
  ASSERT_TRUE(m && m->calls[0]);
  EXPECT_TRUE(m->calls[0]->id->is_null());
  EXPECT_FALSE(m->calls[0]->is_notification());

  m = parse_message(R"({"jsonrpc":"2.0","method":"m"})", {});
  ASSERT_TRUE(m && m->calls[0]);
  EXPECT_TRUE(m->calls[0]->is_notification());
}

TEST(JsonRpcRequest, RejectsInvalidJsonAsParseError) {
  auto m = parse_message(R"({"jsonrpc":"2.0","method":"foobar,"params":"bar","baz])", {});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, kParseErrorCode);
  EXPECT_EQ(m.error().message, "Parse error");
  EXPECT_FALSE(parse_message("", {}));
  EXPECT_FALSE(parse_message("\xff\xfe", {}));
  // JSON that is neither an object nor an array is no call at all: jsonrpsee looks at the first
  // character that is not whitespace and answers anything but '{' or '[' with a parse error.
  for (const char* text : {"1", " \"x\"", "null", "true", "\n\t 2.5"}) {
    auto scalar = parse_message(text, {});
    ASSERT_FALSE(scalar) << text;
    EXPECT_EQ(scalar.error().code, kParseErrorCode) << text;
  }
}

TEST(JsonRpcRequest, InvalidCallsKeepTheirIdWhenItIsValid) {
  struct Case {
    const char* text;
    Json id;
    int code;
  } cases[] = {
      {R"({"jsonrpc":"2.0","method":1,"params":"bar"})", Json(nullptr), kInvalidRequestCode},
      {R"({"jsonrpc":"1.0","method":"m","id":7})", Json(7), kInvalidRequestCode},
      {R"({"method":"m","id":"x"})", Json("x"), kInvalidRequestCode},
      {R"({"jsonrpc":"2.0","method":"m","id":1.5})", Json(nullptr), kInvalidRequestCode},
      {R"({"jsonrpc":"2.0","method":"m","id":[1]})", Json(nullptr), kInvalidRequestCode},
      {R"({"jsonrpc":"2.0","method":"m","params":5,"id":2})", Json(2), kInvalidParamsCode},
      {" {}", Json(nullptr), kInvalidRequestCode},
  };
  for (const Case& c : cases) {
    auto m = parse_message(c.text, {});
    ASSERT_TRUE(m) << c.text;
    ASSERT_FALSE(m->calls[0]) << c.text;
    EXPECT_EQ(m->calls[0].error().id, c.id) << c.text;
    EXPECT_EQ(m->calls[0].error().error.code, c.code) << c.text;
  }
}

TEST(JsonRpcRequest, BatchesAndTheirLimits) {
  auto m = parse_message(
      R"([{"jsonrpc":"2.0","method":"a","id":1},1,{"jsonrpc":"2.0","method":"b"}])", {});
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->batch);
  ASSERT_EQ(m->calls.size(), 3u);
  EXPECT_TRUE(m->calls[0]);
  EXPECT_FALSE(m->calls[1]);
  EXPECT_TRUE(m->calls[2] && m->calls[2]->is_notification());

  auto empty = parse_message("[]", {});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, kInvalidRequestCode);

  ParseLimits limits;
  limits.max_batch_len = 2;
  auto big =
      parse_message(R"([{"jsonrpc":"2.0","method":"a","id":1},{"jsonrpc":"2.0","method":"a","id":2},
                               {"jsonrpc":"2.0","method":"a","id":3}])",
                    limits);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, kTooBigBatchRequestCode);
  EXPECT_EQ(big.error().data, Json("Exceeded max limit of 2"));
}

TEST(JsonRpcRequest, DeepNestingIsAParseErrorNotAStackOverflow) {
  const std::string deep = R"({"jsonrpc":"2.0","method":"m","params":[)" + std::string(200, '[') +
                           std::string(200, ']') + R"(],"id":1})";
  auto m = parse_message(deep, {});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, kParseErrorCode);
  EXPECT_FALSE(parse_message(std::string(100000, '['), {}));
  // Brackets inside strings (escaped quotes included) do not count.
  const std::string in_string =
      R"({"jsonrpc":"2.0","method":"m","params":["\")" + std::string(300, '[') + R"("],"id":1})";
  auto ok = parse_message(in_string, {});
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->calls[0]);
  const std::string nested_ok = R"({"jsonrpc":"2.0","method":"m","params":)" +
                                std::string(127, '[') + std::string(127, ']') + R"(,"id":1})";
  EXPECT_TRUE(parse_message(nested_ok, {}));
}

TEST(JsonRpcRequest, OversizedRequestIsRefusedBeforeParsing) {
  ParseLimits limits;
  limits.max_request_size = 10;
  auto m = parse_message(R"({"jsonrpc":"2.0","method":"m","id":1})", limits);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, kOversizedRequestCode);
  EXPECT_EQ(m.error().message, "Request is too big");
}

TEST(JsonRpcResponse, TextMatchesJsonrpsee) {
  EXPECT_EQ(success_response(Json(1), Json("0x00")), R"({"jsonrpc":"2.0","result":"0x00","id":1})");
  EXPECT_EQ(error_response(Json(nullptr), parse_error()),
            R"({"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null})");
  EXPECT_EQ(error_response(Json("a"), oversized_response(5)),
            R"({"jsonrpc":"2.0","error":{"code":-32008,"message":"Response is too big",)"
            R"("data":"Exceeded max limit of 5"},"id":"a"})");
  EXPECT_EQ(subscription_notification("chain_newHead", "abc", Json{{"number", "0x1"}}),
            R"({"jsonrpc":"2.0","method":"chain_newHead","params":{"subscription":"abc",)"
            R"("result":{"number":"0x1"}}})");
  // Invalid UTF-8 from a handler is repaired, not thrown.
  EXPECT_NO_FATAL_FAILURE(success_response(Json(1), Json(std::string("\xff"))));
}

}  // namespace
}  // namespace canary::rpc
