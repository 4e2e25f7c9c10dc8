// The JSON form in which the interop helper exchanges SCALE values with the Node.js tests. It is
// deliberately plain and lossless, so that the JS side can compare values with deepStrictEqual
// after converting polkadot.js codecs into the same form:
//   integers (any width, incl. compact)  decimal strings ("-5",
//   "340282366920938463463374607431768211455") bool                                 true / false
//   Text (std::string)                   string
//   Vec<u8>, [u8; N]                     "0x…" hex
//   Vec<T>, [T; N], tuples               arrays
//   Option<T>                            null or the value
//   Result<T, E>                         {"Ok": v} or {"Err": e}
//   BTreeMap<K, V>                       array of [k, v] pairs in key order (keys need not be
//   strings) BitVec                               array of bools
//   () (std::monostate)                  null
// Integers are strings because JSON numbers lose precision above 2^53 in JavaScript. Conversion
// errors throw JsonValueError; the helper turns them into {"error": …} responses.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::interop {

using Json = nlohmann::json;

struct JsonValueError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// ---- 128-bit decimal text ----------------------------------------------------------------------

inline std::string u128_to_decimal(u128 v) {
  if (v == 0) return "0";
  std::string digits;
  while (v != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return {digits.rbegin(), digits.rend()};
}

inline std::string i128_to_decimal(i128 v) {
  if (v >= 0) return u128_to_decimal(static_cast<u128>(v));
  // Negate in unsigned arithmetic: -INT128_MIN does not fit i128.
  return "-" + u128_to_decimal(~static_cast<u128>(v) + 1);
}

// Parses an optionally signed decimal magnitude; throws on anything else or on overflow of u128.
inline std::pair<bool, u128> parse_decimal(const std::string& text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  if (i == text.size()) throw JsonValueError("empty integer '" + text + "'");
  u128 v = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c < '0' || c > '9') throw JsonValueError("not a decimal integer: '" + text + "'");
    u128 digit = static_cast<u128>(c - '0');
    if (v > (~u128{0} - digit) / 10) throw JsonValueError("integer out of range: " + text);
    v = v * 10 + digit;
  }
  return {negative, v};
}

// ---- value → JSON ------------------------------------------------------------------------------

namespace detail {
template <class T>
struct is_compact : std::false_type {};
template <class T>
struct is_compact<scale::Compact<T>> : std::true_type {};
}  // namespace detail

// Every overload is declared before any is defined: the containers call each other through
// unqualified lookup, which (for std types) only sees what is declared at the definition.
template <class T>
Json to_json_value(const T& v);
template <class T>
Json to_json_value(const std::optional<T>& v);
template <class T>
Json to_json_value(const std::vector<T>& v);
template <class T, size_t N>
Json to_json_value(const std::array<T, N>& v);
template <class... T>
Json to_json_value(const std::tuple<T...>& v);
template <class K, class V>
Json to_json_value(const std::map<K, V>& v);
template <class T, class E>
Json to_json_value(const Result<T, E>& v);

template <class T>
void from_json_value(const Json& j, T& out);
template <class T>
void from_json_value(const Json& j, std::optional<T>& out);
template <class T>
void from_json_value(const Json& j, std::vector<T>& out);
template <class T, size_t N>
void from_json_value(const Json& j, std::array<T, N>& out);
template <class... T>
void from_json_value(const Json& j, std::tuple<T...>& out);
template <class K, class V>
void from_json_value(const Json& j, std::map<K, V>& out);
template <class T, class E>
void from_json_value(const Json& j, Result<T, E>& out);

template <class T>
Json to_json_value(const std::optional<T>& v) {
  return v ? to_json_value(*v) : Json(nullptr);
}

template <class T>
Json to_json_value(const std::vector<T>& v) {
  if constexpr (std::is_same_v<T, uint8_t>) {
    return to_hex(v);
  } else {
    Json out = Json::array();
    for (const auto& e : v) out.push_back(to_json_value(e));
    return out;
  }
}

template <class T, size_t N>
Json to_json_value(const std::array<T, N>& v) {
  if constexpr (std::is_same_v<T, uint8_t>) {
    return to_hex(ByteSpan(v.data(), v.size()));
  } else {
    Json out = Json::array();
    for (const auto& e : v) out.push_back(to_json_value(e));
    return out;
  }
}

template <class... T>
Json to_json_value(const std::tuple<T...>& v) {
  Json out = Json::array();
  std::apply([&out](const auto&... e) { (out.push_back(to_json_value(e)), ...); }, v);
  return out;
}

template <class K, class V>
Json to_json_value(const std::map<K, V>& v) {
  Json out = Json::array();
  for (const auto& [key, value] : v)
    out.push_back(Json::array({to_json_value(key), to_json_value(value)}));
  return out;
}

template <class T, class E>
Json to_json_value(const Result<T, E>& v) {
  if (v.has_value()) return Json{{"Ok", to_json_value(*v)}};
  return Json{{"Err", to_json_value(v.error())}};
}

template <class T>
Json to_json_value(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v;
  } else if constexpr (std::is_same_v<T, u128> || std::is_unsigned_v<T>) {
    return u128_to_decimal(static_cast<u128>(v));
  } else if constexpr (std::is_same_v<T, i128> || std::is_signed_v<T>) {
    return i128_to_decimal(static_cast<i128>(v));
  } else if constexpr (std::is_same_v<T, std::string>) {
    return v;
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return nullptr;
  } else if constexpr (std::is_same_v<T, scale::OptionBool>) {
    return v.value ? Json(*v.value) : Json(nullptr);
  } else if constexpr (std::is_same_v<T, scale::BitVec>) {
    Json out = Json::array();
    for (size_t i = 0; i < v.size(); ++i) out.push_back(v.get(i));
    return out;
  } else if constexpr (detail::is_compact<T>::value) {
    return to_json_value(v.value);
  } else {
    // Structs and enums of the helper's type table provide their own to_json_value overloads.
    static_assert(sizeof(T) == 0, "no JSON form for this type");
  }
}

// ---- JSON → value ------------------------------------------------------------------------------

template <class T>
void from_json_value(const Json& j, std::optional<T>& out) {
  if (j.is_null()) {
    out.reset();
    return;
  }
  T inner{};
  from_json_value(j, inner);
  out = std::move(inner);
}

inline Bytes bytes_from_json(const Json& j) {
  if (!j.is_string()) throw JsonValueError("expected a hex string, got " + j.dump());
  auto bytes = from_hex(j.get<std::string>());
  if (!bytes) throw JsonValueError("invalid hex: " + j.dump());
  return *bytes;
}

template <class T>
void from_json_value(const Json& j, std::vector<T>& out) {
  if constexpr (std::is_same_v<T, uint8_t>) {
    out = bytes_from_json(j);
  } else {
    if (!j.is_array()) throw JsonValueError("expected an array, got " + j.dump());
    out.clear();
    for (const auto& e : j) from_json_value(e, out.emplace_back());
  }
}

template <class T, size_t N>
void from_json_value(const Json& j, std::array<T, N>& out) {
  if constexpr (std::is_same_v<T, uint8_t>) {
    Bytes bytes = bytes_from_json(j);
    if (bytes.size() != N) throw JsonValueError("expected " + std::to_string(N) + " bytes");
    std::copy(bytes.begin(), bytes.end(), out.begin());
  } else {
    if (!j.is_array() || j.size() != N) {
      throw JsonValueError("expected an array of " + std::to_string(N) + ", got " + j.dump());
    }
    for (size_t i = 0; i < N; ++i) from_json_value(j[i], out[i]);
  }
}

template <class... T>
void from_json_value(const Json& j, std::tuple<T...>& out) {
  if (!j.is_array() || j.size() != sizeof...(T)) {
    throw JsonValueError("expected a tuple of " + std::to_string(sizeof...(T)) + ", got " +
                         j.dump());
  }
  size_t i = 0;
  std::apply([&](auto&... e) { (from_json_value(j[i++], e), ...); }, out);
}

template <class K, class V>
void from_json_value(const Json& j, std::map<K, V>& out) {
  if (!j.is_array()) throw JsonValueError("expected an array of [key, value], got " + j.dump());
  out.clear();
  for (const auto& entry : j) {
    if (!entry.is_array() || entry.size() != 2)
      throw JsonValueError("bad map entry " + entry.dump());
    K key{};
    V value{};
    from_json_value(entry[0], key);
    from_json_value(entry[1], value);
    out.insert_or_assign(std::move(key), std::move(value));
  }
}

template <class T, class E>
void from_json_value(const Json& j, Result<T, E>& out) {
  if (j.is_object() && j.size() == 1 && j.contains("Ok")) {
    T value{};
    from_json_value(j["Ok"], value);
    out = Result<T, E>(std::move(value));
  } else if (j.is_object() && j.size() == 1 && j.contains("Err")) {
    E error{};
    from_json_value(j["Err"], error);
    out = Result<T, E>(unexpected(std::move(error)));
  } else {
    throw JsonValueError("expected {\"Ok\": …} or {\"Err\": …}, got " + j.dump());
  }
}

template <class T>
T integer_from_json(const Json& j) {
  constexpr bool kSigned = std::is_same_v<T, i128> || std::is_signed_v<T>;
  std::pair<bool, u128> parsed;
  if (j.is_number_integer()) {
    parsed = j.is_number_unsigned() ? std::pair<bool, u128>{false, j.get<uint64_t>()}
                                    : parse_decimal(std::to_string(j.get<int64_t>()));
  } else if (j.is_string()) {
    parsed = parse_decimal(j.get<std::string>());
  } else {
    throw JsonValueError("expected an integer, got " + j.dump());
  }
  auto [negative, magnitude] = parsed;
  // The range of T as (largest magnitude of a negative value, largest positive value).
  constexpr u128 kMax =
      kSigned ? (static_cast<u128>(1) << (sizeof(T) * 8 - 1)) - 1 : static_cast<u128>(~T{0});
  constexpr u128 kMinMagnitude = kSigned ? kMax + 1 : 0;
  if (negative ? magnitude > kMinMagnitude : magnitude > kMax) {
    throw JsonValueError("integer out of range: " + j.dump());
  }
  if (negative) return static_cast<T>(~magnitude + 1);
  return static_cast<T>(magnitude);
}

template <class T>
void from_json_value(const Json& j, T& out) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) throw JsonValueError("expected a bool, got " + j.dump());
    out = j.get<bool>();
  } else if constexpr (std::is_same_v<T, u128> || std::is_same_v<T, i128> ||
                       std::is_integral_v<T>) {
    out = integer_from_json<T>(j);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) throw JsonValueError("expected a string, got " + j.dump());
    out = j.get<std::string>();
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    if (!j.is_null()) throw JsonValueError("expected null, got " + j.dump());
  } else if constexpr (std::is_same_v<T, scale::OptionBool>) {
    if (j.is_null()) {
      out.value.reset();
    } else if (j.is_boolean()) {
      out.value = j.get<bool>();
    } else {
      throw JsonValueError("expected a bool or null, got " + j.dump());
    }
  } else if constexpr (std::is_same_v<T, scale::BitVec>) {
    if (!j.is_array()) throw JsonValueError("expected an array of bools, got " + j.dump());
    out = scale::BitVec();
    for (const auto& bit : j) {
      if (!bit.is_boolean()) throw JsonValueError("expected a bool, got " + bit.dump());
      out.push_back(bit.get<bool>());
    }
  } else if constexpr (detail::is_compact<T>::value) {
    from_json_value(j, out.value);
  } else {
    static_assert(sizeof(T) == 0, "no JSON form for this type");
  }
}

}  // namespace canary::interop
