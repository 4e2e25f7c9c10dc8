// A small JSON reader and writer for the runtime (genesis presets and `GenesisBuilder_build_state`,
// whose input is JSON as in Substrate). Numbers keep their text so that u128 balances stay exact;
// nesting is bounded so that hostile input cannot exhaust the Wasm stack. Errors are values.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::rt::json {

struct Value;
using Array = std::vector<Value>;
using Object = std::map<std::string, Value, std::less<>>;

struct Number {
  std::string text;  // as written (validated JSON number syntax)
};

struct Value {
  std::variant<std::monostate, bool, Number, std::string, Array, Object> data;

  bool is_null() const { return std::holds_alternative<std::monostate>(data); }
  const Object* object() const { return std::get_if<Object>(&data); }
  const Array* array() const { return std::get_if<Array>(&data); }
  const std::string* string() const { return std::get_if<std::string>(&data); }
  std::optional<bool> boolean() const;
  // An unsigned integer without fraction or exponent that fits; none otherwise.
  std::optional<u128> unsigned_integer() const;
  // A member of an object (none if this is not an object or has no such key).
  const Value* find(std::string_view key) const;

  static Value null() { return {}; }
  static Value of(bool b) { return {b}; }
  static Value of(std::string s) { return {std::move(s)}; }
  static Value of(u128 n);
  static Value of(Array a) { return {std::move(a)}; }
  static Value of(Object o) { return {std::move(o)}; }
};

struct ParseError {
  size_t offset = 0;
  std::string message;
};

inline constexpr size_t kMaxDepth = 64;

Result<Value, ParseError> parse(std::string_view text);

// Compact JSON (no spaces), object keys in sorted order.
std::string write(const Value& value);

}  // namespace canary::rt::json
