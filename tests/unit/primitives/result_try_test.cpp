// CANARY_TRY and CANARY_TRY_ASSIGN: the value flows on, the first error returns from the
// enclosing function (converted to its error type), and the expression is evaluated once.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "primitives/util/result.hpp"

namespace canary {
namespace {

Result<int, std::string> parse_digit(char c) {
  if (c < '0' || c > '9') return unexpected(std::string("not a digit: ") + c);
  return c - '0';
}

Result<int, std::string> sum_of_digits(const std::string& text, int& evaluated) {
  int sum = 0;
  for (char c : text) {
    CANARY_TRY_ASSIGN(const int digit, (++evaluated, parse_digit(c)));
    sum += digit;
  }
  return sum;
}

Result<void, std::string> all_digits(const std::string& text) {
  for (char c : text) CANARY_TRY(parse_digit(c));
  return {};
}

Result<std::unique_ptr<int>, std::string> boxed(int v) {
  return std::make_unique<int>(v);
}

Result<int, std::string> unbox(int v) {
  CANARY_TRY_ASSIGN(auto box, boxed(v));  // a move-only value is moved out
  return *box;
}

TEST(ResultTry, ValuesFlowOnAndTheFirstErrorReturns) {
  int evaluated = 0;
  EXPECT_EQ(sum_of_digits("123", evaluated).value(), 6);
  EXPECT_EQ(evaluated, 3);
  evaluated = 0;
  auto failed = sum_of_digits("1x3", evaluated);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error(), "not a digit: x");
  EXPECT_EQ(evaluated, 2);  // stopped at the error

  EXPECT_TRUE(all_digits("0987"));
  ASSERT_FALSE(all_digits("09a"));
  EXPECT_EQ(all_digits("09a").error(), "not a digit: a");
  EXPECT_EQ(unbox(7).value(), 7);
}

}  // namespace
}  // namespace canary
