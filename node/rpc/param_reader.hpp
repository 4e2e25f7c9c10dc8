// Typed access to a call's params (by position or by the Rust argument name, as jsonrpsee
// accepts both) with Substrate's input rules: bytes, keys and hashes are "0x"-prefixed hex
// (sp-core `bytes::deserialize`, impl-serde for H256, which refuse a missing prefix), hashes are
// exactly 32 bytes, integers are JSON numbers in range. A wrong or missing required param is
// jsonrpsee's -32602 "Invalid params" with what was wrong as data; an absent or null optional
// param is nullopt.
//
// A method reads all of its params at once with `read_params<T...>(params, {names…})` (or
// registers a handler made by `with_params<T...>`, registration.hpp): each T is read by
// ParamType<T>, in order, and the first invalid param is the answer, as the code jsonrpsee
// generates for a Substrate method parses its params before the method runs. Params beyond the
// method's are ignored, as jsonrpsee's ParamsSequence ignores them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "rpc/jsonrpc/error.hpp"
#include "rpc/jsonrpc/params.hpp"

namespace canary::node::rpc {

using ::canary::rpc::Error;
using ::canary::rpc::Json;
using ::canary::rpc::Params;

// "0x"-prefixed, even-length hex; the error says what is wrong.
Result<Bytes, std::string> parse_hex_bytes(const Json& value);
Result<Hash256, std::string> parse_hash(const Json& value);

class ParamReader {
 public:
  explicit ParamReader(const Params& params) : params_(params) {}

  const Json* raw(size_t position, std::string_view name) const {
    return params_.get(position, name);
  }

  Result<Hash256, Error> hash(size_t position, std::string_view name) const;
  Result<std::optional<Hash256>, Error> optional_hash(size_t position, std::string_view name) const;
  Result<Bytes, Error> bytes(size_t position, std::string_view name) const;
  Result<std::optional<Bytes>, Error> optional_bytes(size_t position, std::string_view name) const;
  Result<std::vector<Bytes>, Error> bytes_list(size_t position, std::string_view name) const;
  Result<std::string, Error> string(size_t position, std::string_view name) const;
  Result<uint64_t, Error> u64(size_t position, std::string_view name) const;
  Result<uint32_t, Error> u32(size_t position, std::string_view name) const;
  Result<bool, Error> boolean(size_t position, std::string_view name) const;

 private:
  const Params& params_;
};

// How one param is read as T: `static Result<T, Error> read(reader, position, name)`. The types
// of this header are below; spec_v2_params.hpp adds those of the rpc-spec-v2 methods.
template <typename T>
struct ParamType;

template <>
struct ParamType<Hash256> {
  static Result<Hash256, Error> read(const ParamReader& p, size_t i, std::string_view name) {
    return p.hash(i, name);
  }
};
template <>
struct ParamType<std::optional<Hash256>> {
  static Result<std::optional<Hash256>, Error> read(const ParamReader& p, size_t i,
                                                    std::string_view name) {
    return p.optional_hash(i, name);
  }
};
template <>
struct ParamType<Bytes> {
  static Result<Bytes, Error> read(const ParamReader& p, size_t i, std::string_view name) {
    return p.bytes(i, name);
  }
};
template <>
struct ParamType<std::optional<Bytes>> {
  static Result<std::optional<Bytes>, Error> read(const ParamReader& p, size_t i,
                                                  std::string_view name) {
    return p.optional_bytes(i, name);
  }
};
template <>
struct ParamType<std::vector<Bytes>> {
  static Result<std::vector<Bytes>, Error> read(const ParamReader& p, size_t i,
                                                std::string_view name) {
    return p.bytes_list(i, name);
  }
};
template <>
struct ParamType<std::string> {
  static Result<std::string, Error> read(const ParamReader& p, size_t i, std::string_view name) {
    return p.string(i, name);
  }
};
template <>
struct ParamType<uint64_t> {
  static Result<uint64_t, Error> read(const ParamReader& p, size_t i, std::string_view name) {
    return p.u64(i, name);
  }
};
template <>
struct ParamType<uint32_t> {
  static Result<uint32_t, Error> read(const ParamReader& p, size_t i, std::string_view name) {
    return p.u32(i, name);
  }
};
template <>
struct ParamType<bool> {
  static Result<bool, Error> read(const ParamReader& p, size_t i, std::string_view name) {
    return p.boolean(i, name);
  }
};

// The params at positions 0, 1, … (or named `names`) as Ts, read in order; the first one that
// is missing or invalid is the error.
template <typename... Ts>
Result<std::tuple<Ts...>, Error> read_params(
    const Params& params, const std::array<std::string_view, sizeof...(Ts)>& names) {
  const ParamReader reader(params);
  std::tuple<std::optional<Ts>...> read;
  std::optional<Error> error;
  const auto read_one = [&]<size_t I>() {
    using T = std::tuple_element_t<I, std::tuple<Ts...>>;
    auto value = ParamType<T>::read(reader, I, names[I]);
    if (!value) {
      error = std::move(value).error();
      return false;
    }
    std::get<I>(read).emplace(std::move(*value));
    return true;
  };
  return [&]<size_t... I>(std::index_sequence<I...>) -> Result<std::tuple<Ts...>, Error> {
    (void)(read_one.template operator()<I>() && ...);
    if (error) return unexpected(std::move(*error));
    return std::tuple<Ts...>(std::move(*std::get<I>(read))...);
  }(std::index_sequence_for<Ts...>{});
}

}  // namespace canary::node::rpc
