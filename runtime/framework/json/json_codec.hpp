// C++ values ↔ the JSON Substrate's serde writes for them (genesis configs, GenesisBuilder
// presets, build-spec): one overload set
//
//   Result<void, std::string> json_decode(const json::Value&, T&);
//   json::Value json_encode(const T&);
//
// for unsigned and signed integers (JSON integers), u128 (a JSON integer, or a string of decimal
// digits, as amounts are written), bool, std::string, AccountId32 (SS58 with any prefix, or 0x
// hex; written as SS58 with the generic prefix 42, as sp-core's serde does), ByteArray<N> and
// public keys (a struct whose only member is `ByteArray<N> bytes`): 0x hex, N == 32 also SS58;
// std::vector (an array), std::pair and std::tuple (an array of that length), std::optional (null
// is none), enums with a `json_names(E)` table found by ADL, and structs that declare
//
//   static constexpr auto json_fields() {
//     return std::tuple{json_field("minimumPeriod", &GenesisConfig::minimum_period), …};
//   }
//
// (a JSON object: a missing field keeps the member's default, unless declared with
// json_required_field; an unknown field is an error naming it). Other types take part with their
// own `json_encode` / `json_decode` overloads next to them, found by ADL (FixedU128,
// arithmetic/fixed_point.hpp). Errors carry the path of the bad value:
// "balances[2]: an amount must be a non-negative integer", "keys[0][2].babe: not a 32-byte key";
// json_decode_at prefixes a path of the caller's ("session").
#pragma once

#include <algorithm>
#include <array>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/ss58/ss58.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/hex.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt {

// One member of a struct's JSON object.
template <class T, class M>
struct JsonField {
  const char* name;
  M T::* member;
  bool required = false;
  using Member = M;
};

template <class T, class M>
constexpr JsonField<T, M> json_field(const char* name, M T::* member) {
  return {name, member, false};
}

// A member the JSON must give (serde's fields without `#[serde(default)]`).
template <class T, class M>
constexpr JsonField<T, M> json_required_field(const char* name, M T::* member) {
  return {name, member, true};
}

namespace json_detail {

template <class T>
struct IsVector : std::false_type {};
template <class T, class A>
struct IsVector<std::vector<T, A>> : std::true_type {};

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class T>
struct IsTupleLike : std::false_type {};
template <class... Ts>
struct IsTupleLike<std::tuple<Ts...>> : std::true_type {};
template <class A, class B>
struct IsTupleLike<std::pair<A, B>> : std::true_type {};

template <class T>
struct IsByteArray : std::false_type {};
template <size_t N>
struct IsByteArray<ByteArray<N>> : std::true_type {};

template <class T>
concept HasJsonFields = requires { T::json_fields(); };

template <class T>
concept HasJsonNames = std::is_enum_v<T> && requires(T value) { json_names(value); };

// A public key: a struct whose only member is `ByteArray<N> bytes` (AuthorityId, AppPublic).
template <class T>
concept KeyLike = !std::same_as<T, AccountId32> && requires(const T& key) {
  requires IsByteArray<std::remove_cvref_t<decltype(key.bytes)>>::value;
  requires sizeof(T) == sizeof(key.bytes);
};

template <class T>
concept Builtin =
    std::same_as<T, bool> || std::same_as<T, u128> || std::same_as<T, std::string> ||
    std::same_as<T, AccountId32> || (std::is_integral_v<T> && !std::same_as<T, char>) ||
    IsByteArray<T>::value || KeyLike<T> || IsVector<T>::value || IsOptional<T>::value ||
    IsTupleLike<T>::value || HasJsonNames<T> || HasJsonFields<T>;

inline std::string at(std::string_view path, std::string_view message) {
  if (path.empty()) return std::string(message);
  return std::string(path) + ": " + std::string(message);
}

inline std::string ordinal_path(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

inline std::string field_path(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

// An integer's JSON number (signed types may be negative).
template <class T>
std::optional<T> integer_of(const json::Value& value) {
  if constexpr (std::is_unsigned_v<T>) {
    const auto n = value.unsigned_integer();
    if (!n || *n > std::numeric_limits<T>::max()) return std::nullopt;
    return static_cast<T>(*n);
  } else {
    const auto* number = std::get_if<json::Number>(&value.data);
    if (number == nullptr) return std::nullopt;
    const bool negative = number->text.starts_with('-');
    const auto magnitude =
        json::Value{json::Number{negative ? number->text.substr(1) : number->text}}
            .unsigned_integer();
    if (!magnitude) return std::nullopt;
    using U = std::make_unsigned_t<T>;
    const u128 limit = negative ? u128{U(std::numeric_limits<T>::max())} + 1
                                : u128{U(std::numeric_limits<T>::max())};
    if (*magnitude > limit) return std::nullopt;
    if (!negative) return static_cast<T>(*magnitude);
    return static_cast<T>(static_cast<U>(U{0} - static_cast<U>(*magnitude)));
  }
}

inline Result<AccountId32, std::string> account_of(const json::Value& value) {
  const std::string* text = value.string();
  if (text == nullptr) return unexpected(std::string("an account must be a string"));
  if (text->size() == 66 && text->starts_with("0x")) {
    auto bytes = from_hex_fixed<32>(*text);
    if (!bytes) return unexpected("not a 32-byte hex account: " + *text);
    return AccountId32{*bytes};
  }
  auto decoded = ss58::decode(*text);
  if (!decoded || decoded->payload.size() != 32) {
    return unexpected("not an SS58 account: " + *text);
  }
  AccountId32 account;
  std::copy(decoded->payload.begin(), decoded->payload.end(), account.bytes.begin());
  return account;
}

template <size_t N>
Result<ByteArray<N>, std::string> key_of(const json::Value& value) {
  const std::string* text = value.string();
  if (text == nullptr) return unexpected(std::string("expected a key (0x-prefixed hex)"));
  if (auto bytes = from_hex_fixed<N>(*text)) return *bytes;
  if constexpr (N == 32) {
    if (auto account = account_of(value)) return account->bytes;
  }
  return unexpected("not a " + std::to_string(N) + "-byte key");
}

template <class T>
Result<void, std::string> decode(const json::Value& value, T& out, const std::string& path);

template <class Tuple, size_t... I>
Result<void, std::string> decode_elements(const json::Array& items, Tuple& out,
                                          const std::string& path, std::index_sequence<I...>) {
  Result<void, std::string> result;
  (
      [&] {
        if (!result) return;
        std::string element = ordinal_path(path, I);
        result = decode(items[I], std::get<I>(out), element);
      }(),
      ...);
  return result;
}

template <class T>
Result<void, std::string> decode_object(const json::Value& value, T& out, const std::string& path) {
  const json::Object* object = value.object();
  if (object == nullptr) return unexpected(at(path, "expected an object"));
  constexpr auto kFields = T::json_fields();
  for (const auto& [name, member] : *object) {
    (void)member;
    const bool known = std::apply(
        [&](const auto&... f) { return ((name == std::string_view(f.name)) || ... || false); },
        kFields);
    // A misspelt field would otherwise leave its default without a word.
    if (!known) return unexpected(at(path, "unknown field `" + name + "`"));
  }
  Result<void, std::string> result;
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              if (!result) return;
              std::string member_path = field_path(path, f.name);
              const json::Value* member = value.find(f.name);
              if (member == nullptr) {
                if (f.required) result = unexpected(at(member_path, "missing"));
                return;
              }
              result = decode(*member, out.*(f.member), member_path);
            }(),
            ...);
      },
      kFields);
  return result;
}

template <class T>
Result<void, std::string> decode(const json::Value& value, T& out, const std::string& path) {
  if constexpr (std::same_as<T, bool>) {
    const auto b = value.boolean();
    if (!b) return unexpected(at(path, "expected true or false"));
    out = *b;
  } else if constexpr (std::same_as<T, u128>) {
    std::optional<u128> n = value.unsigned_integer();
    if (const std::string* text = value.string(); text != nullptr) {
      n = json::Value{json::Number{*text}}.unsigned_integer();
    }
    if (!n) return unexpected(at(path, "an amount must be a non-negative integer"));
    out = *n;
  } else if constexpr (std::is_integral_v<T>) {
    const auto n = integer_of<T>(value);
    if (!n) {
      return unexpected(at(path, std::string("expected ") +
                                     (std::is_unsigned_v<T> ? "an unsigned " : "a signed ") +
                                     std::to_string(sizeof(T) * 8) + "-bit integer"));
    }
    out = *n;
  } else if constexpr (std::same_as<T, std::string>) {
    const std::string* text = value.string();
    if (text == nullptr) return unexpected(at(path, "expected a string"));
    out = *text;
  } else if constexpr (std::same_as<T, AccountId32>) {
    auto account = account_of(value);
    if (!account) return unexpected(at(path, account.error()));
    out = *account;
  } else if constexpr (IsByteArray<T>::value) {
    auto key = key_of<std::tuple_size_v<T>>(value);
    if (!key) return unexpected(at(path, key.error()));
    out = *key;
  } else if constexpr (HasJsonFields<T>) {
    return decode_object(value, out, path);
  } else if constexpr (KeyLike<T>) {
    auto key = key_of<std::tuple_size_v<decltype(out.bytes)>>(value);
    if (!key) return unexpected(at(path, key.error()));
    out.bytes = *key;
  } else if constexpr (IsOptional<T>::value) {
    if (value.is_null()) {
      out.reset();
      return {};
    }
    typename T::value_type inner{};
    if (auto decoded = decode(value, inner, path); !decoded) return decoded;
    out = std::move(inner);
  } else if constexpr (IsVector<T>::value) {
    const json::Array* items = value.array();
    if (items == nullptr) return unexpected(at(path, "expected an array"));
    T decoded;
    decoded.reserve(items->size());
    for (size_t i = 0; i < items->size(); ++i) {
      std::string element = ordinal_path(path, i);
      typename T::value_type item{};
      if (auto one = decode((*items)[i], item, element); !one) return one;
      decoded.push_back(std::move(item));
    }
    out = std::move(decoded);
  } else if constexpr (IsTupleLike<T>::value) {
    constexpr size_t kSize = std::tuple_size_v<T>;
    const json::Array* items = value.array();
    if (items == nullptr || items->size() != kSize) {
      return unexpected(at(path, "expected an array of " + std::to_string(kSize) + " elements"));
    }
    return decode_elements(*items, out, path, std::make_index_sequence<kSize>());
  } else if constexpr (HasJsonNames<T>) {
    const std::string* text = value.string();
    std::string known;
    for (const auto& [variant, name] : json_names(T{})) {
      if (text != nullptr && *text == name) {
        out = variant;
        return {};
      }
      known += (known.empty() ? "" : ", ") + std::string(name);
    }
    return unexpected(at(path, "expected one of " + known));
  } else {
    // A type with its own codec (found by argument-dependent lookup).
    if (auto decoded = json_decode(value, out); !decoded) {
      return unexpected(at(path, decoded.error()));
    }
  }
  return {};
}

template <class T>
json::Value encode(const T& value);

template <class Tuple, size_t... I>
json::Value encode_elements(const Tuple& value, std::index_sequence<I...>) {
  return json::Value::of(json::Array{json_detail::encode(std::get<I>(value))...});
}

template <class T>
json::Value encode(const T& value) {
  if constexpr (std::same_as<T, bool> || std::same_as<T, u128> || std::same_as<T, std::string>) {
    return json::Value::of(value);
  } else if constexpr (std::is_integral_v<T>) {
    return json::Value{json::Number{std::to_string(value)}};
  } else if constexpr (std::same_as<T, AccountId32>) {
    // SS58 with the generic prefix 42, as sp-core's serde writes accounts.
    return json::Value::of(ss58::encode(value.bytes, 42));
  } else if constexpr (IsByteArray<T>::value) {
    return json::Value::of(to_hex(value));
  } else if constexpr (HasJsonFields<T>) {
    json::Object object;
    std::apply(
        [&](const auto&... f) {
          (object.emplace(f.name, json_detail::encode(value.*(f.member))), ...);
        },
        T::json_fields());
    return json::Value::of(std::move(object));
  } else if constexpr (KeyLike<T>) {
    return json::Value::of(to_hex(value.bytes));
  } else if constexpr (IsOptional<T>::value) {
    return value ? json_detail::encode(*value) : json::Value::null();
  } else if constexpr (IsVector<T>::value) {
    json::Array items;
    items.reserve(value.size());
    for (const auto& item : value) items.push_back(json_detail::encode(item));
    return json::Value::of(std::move(items));
  } else if constexpr (IsTupleLike<T>::value) {
    return encode_elements(value, std::make_index_sequence<std::tuple_size_v<T>>());
  } else if constexpr (HasJsonNames<T>) {
    for (const auto& [variant, name] : json_names(T{})) {
      if (variant == value) return json::Value::of(std::string(name));
    }
    return json::Value::null();
  } else {
    return json_encode(value);
  }
}

}  // namespace json_detail

// The JSON types the codec knows itself (the others bring their own overloads).
template <class T>
concept JsonBuiltin = json_detail::Builtin<T>;

template <JsonBuiltin T>
Result<void, std::string> json_decode(const json::Value& value, T& out) {
  std::string path;
  return json_detail::decode(value, out, path);
}

// As json_decode, the errors under `path` ("balances" → "balances.balances[2]: …").
template <class T>
Result<void, std::string> json_decode_at(const json::Value& value, T& out,
                                         const std::string& path) {
  return json_detail::decode(value, out, path);
}

template <JsonBuiltin T>
json::Value json_encode(const T& value) {
  return json_detail::encode(value);
}

}  // namespace canary::rt
