#include "node/rpc/param_reader.hpp"

#include <limits>
#include <utility>

#include "primitives/util/hex.hpp"

namespace canary::node::rpc {
namespace {

Error missing(std::string_view name) {
  return ::canary::rpc::invalid_params("missing value for required argument `" + std::string(name) +
                                       "`");
}

Error bad(std::string_view name, const std::string& why) {
  return ::canary::rpc::invalid_params("invalid value for `" + std::string(name) + "`: " + why);
}

}  // namespace

Result<Bytes, std::string> parse_hex_bytes(const Json& value) {
  if (!value.is_string()) return unexpected(std::string("expected a 0x-prefixed hex string"));
  const std::string& text = value.get_ref<const std::string&>();
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return unexpected(std::string("missing 0x prefix"));
  }
  auto bytes = from_hex(text);
  if (!bytes) return unexpected(std::string(to_string(bytes.error())));
  return std::move(*bytes);
}

Result<Hash256, std::string> parse_hash(const Json& value) {
  auto bytes = parse_hex_bytes(value);
  if (!bytes) return unexpected(std::move(bytes).error());
  if (bytes->size() != 32) {
    return unexpected("invalid length " + std::to_string(bytes->size()) + ", expected 32 bytes");
  }
  Hash256 out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

Result<Hash256, Error> ParamReader::hash(size_t position, std::string_view name) const {
  const Json* v = raw(position, name);
  if (v == nullptr) return unexpected(missing(name));
  auto h = parse_hash(*v);
  if (!h) return unexpected(bad(name, h.error()));
  return *h;
}

Result<std::optional<Hash256>, Error> ParamReader::optional_hash(size_t position,
                                                                 std::string_view name) const {
  const Json* v = raw(position, name);
  if (v == nullptr) return std::optional<Hash256>{};
  auto h = parse_hash(*v);
  if (!h) return unexpected(bad(name, h.error()));
  return std::optional<Hash256>(*h);
}

Result<Bytes, Error> ParamReader::bytes(size_t position, std::string_view name) const {
  const Json* v = raw(position, name);
  if (v == nullptr) return unexpected(missing(name));
  auto b = parse_hex_bytes(*v);
  if (!b) return unexpected(bad(name, b.error()));
  return std::move(*b);
}

Result<std::optional<Bytes>, Error> ParamReader::optional_bytes(size_t position,
                                                                std::string_view name) const {
  const Json* v = raw(position, name);
  if (v == nullptr) return std::optional<Bytes>{};
  auto b = parse_hex_bytes(*v);
  if (!b) return unexpected(bad(name, b.error()));
  return std::optional<Bytes>(std::move(*b));
}

Result<std::vector<Bytes>, Error> ParamReader::bytes_list(size_t position,
                                                          std::string_view name) const {
  const Json* v = raw(position, name);
  if (v == nullptr) return unexpected(missing(name));
  if (!v->is_array()) return unexpected(bad(name, "expected an array of hex strings"));
  std::vector<Bytes> out;
  out.reserve(v->size());
  for (const Json& item : *v) {
    auto b = parse_hex_bytes(item);
    if (!b) return unexpected(bad(name, b.error()));
    out.push_back(std::move(*b));
  }
  return out;
}

Result<std::string, Error> ParamReader::string(size_t position, std::string_view name) const {
  const Json* v = raw(position, name);
  if (v == nullptr) return unexpected(missing(name));
  if (!v->is_string()) return unexpected(bad(name, "expected a string"));
  return v->get<std::string>();
}

Result<uint64_t, Error> ParamReader::u64(size_t position, std::string_view name) const {
  const Json* v = raw(position, name);
  if (v == nullptr) return unexpected(missing(name));
  // The parser makes every non-negative integer "number_unsigned"; a value built in code may be a
  // signed one. A negative integer or a fraction ("number_float") does not fit.
  if (!v->is_number_integer() || (!v->is_number_unsigned() && v->get<int64_t>() < 0)) {
    return unexpected(bad(name, "expected a non-negative integer"));
  }
  return v->get<uint64_t>();
}

Result<uint32_t, Error> ParamReader::u32(size_t position, std::string_view name) const {
  CANARY_TRY_ASSIGN(auto v, u64(position, name));
  if (v > std::numeric_limits<uint32_t>::max()) {
    return unexpected(bad(name, "the integer does not fit in u32"));
  }
  return static_cast<uint32_t>(v);
}

Result<bool, Error> ParamReader::boolean(size_t position, std::string_view name) const {
  const Json* v = raw(position, name);
  if (v == nullptr) return unexpected(missing(name));
  if (!v->is_boolean()) return unexpected(bad(name, "expected a boolean"));
  return v->get<bool>();
}

}  // namespace canary::node::rpc
