#include "node/rpc/spec_v2_params.hpp"

#include <string>
#include <utility>

#include "node/rpc/substrate_errors.hpp"

namespace canary::node::rpc {
namespace {

Error missing(std::string_view name) {
  return ::canary::rpc::invalid_params("missing value for required argument `" + std::string(name) +
                                       "`");
}

Result<SpecV2Hex, Error> hex_of(const Json& value, std::string_view name) {
  if (!value.is_string()) {
    return unexpected(
        ::canary::rpc::invalid_params("`" + std::string(name) + "` must be a string"));
  }
  const std::string& text = value.get_ref<const std::string&>();
  if (text.empty()) return SpecV2Hex{};
  auto bytes = parse_hex_bytes(value);
  if (!bytes) return unexpected(spec_v2_invalid_param(text));
  return SpecV2Hex{std::move(*bytes)};
}

}  // namespace

Result<SpecV2Hex, Error> ParamType<SpecV2Hex>::read(const ParamReader& p, size_t i,
                                                    std::string_view name) {
  const Json* value = p.raw(i, name);
  if (value == nullptr) return unexpected(missing(name));
  return hex_of(*value, name);
}

Result<std::optional<SpecV2Hex>, Error> ParamType<std::optional<SpecV2Hex>>::read(
    const ParamReader& p, size_t i, std::string_view name) {
  const Json* value = p.raw(i, name);
  if (value == nullptr) return std::optional<SpecV2Hex>{};
  CANARY_TRY_ASSIGN(auto hex, hex_of(*value, name));
  return std::optional<SpecV2Hex>(std::move(hex));
}

Result<StorageItems, Error> ParamType<StorageItems>::read(const ParamReader& p, size_t i,
                                                          std::string_view name) {
  const Json* value = p.raw(i, name);
  if (value == nullptr || !value->is_array()) {
    return unexpected(
        ::canary::rpc::invalid_params("`" + std::string(name) + "` must be an array"));
  }
  StorageItems out;
  out.items.reserve(value->size());
  for (const Json& item : *value) {
    auto query = parse_storage_query(item);
    if (!query) return unexpected(spec_v2_invalid_param(query.error()));
    out.items.push_back(std::move(*query));
  }
  return out;
}

Result<HashList, Error> ParamType<HashList>::read(const ParamReader& p, size_t i,
                                                  std::string_view name) {
  const Json* value = p.raw(i, name);
  if (value == nullptr) return unexpected(missing(name));
  HashList out;
  const auto add = [&](const Json& item) -> Result<void, Error> {
    auto hash = parse_hash(item);
    if (!hash) return unexpected(::canary::rpc::invalid_params(hash.error()));
    out.hashes.push_back(*hash);
    return {};
  };
  if (value->is_array()) {
    for (const Json& item : *value) {
      if (auto added = add(item); !added) return unexpected(std::move(added).error());
    }
  } else if (auto added = add(*value); !added) {
    return unexpected(std::move(added).error());
  }
  return out;
}

}  // namespace canary::node::rpc
