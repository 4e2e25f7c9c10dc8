// Typed access to a call's params (by position or by the Rust argument name, as jsonrpsee
// accepts both) with Substrate's input rules: bytes, keys and hashes are "0x"-prefixed hex
// (sp-core `bytes::deserialize`, impl-serde for H256, which refuse a missing prefix), hashes are
// exactly 32 bytes, integers are JSON numbers in range. A wrong or missing required param is
// jsonrpsee's -32602 "Invalid params" with what was wrong as data; an absent or null optional
// param is nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

}  // namespace canary::node::rpc
