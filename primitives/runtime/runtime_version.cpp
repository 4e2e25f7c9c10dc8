#include "primitives/runtime/runtime_version.hpp"

#include "primitives/hash/hash.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::runtime {

std::optional<uint32_t> RuntimeVersion::api_version(const ApiId& id) const {
  for (const auto& [api, version] : apis) {
    if (api == id) return version;
  }
  return std::nullopt;
}

Bytes encode(const RuntimeVersion& v) {
  scale::Encoder out;
  scale::encode_to(out, v.spec_name);
  scale::encode_to(out, v.impl_name);
  scale::encode_to(out, v.authoring_version);
  scale::encode_to(out, v.spec_version);
  scale::encode_to(out, v.impl_version);
  scale::encode_to(out, v.apis);
  scale::encode_to(out, v.transaction_version);
  scale::encode_to(out, v.system_version);
  return std::move(out).take();
}

Result<RuntimeVersion, scale::DecodeError> decode_runtime_version(
    ByteSpan bytes, std::optional<uint32_t> core_version_hint) {
  scale::Decoder in(bytes);
  RuntimeVersion v;
  scale::decode_from(in, v.spec_name);
  scale::decode_from(in, v.impl_name);
  scale::decode_from(in, v.authoring_version);
  scale::decode_from(in, v.spec_version);
  scale::decode_from(in, v.impl_version);
  scale::decode_from(in, v.apis);
  if (!in.ok()) return unexpected(in.error());
  uint32_t core = core_version_hint.value_or(v.api_version(kCoreApiId).value_or(1));
  if (core >= 3) scale::decode_from(in, v.transaction_version);
  if (core >= 4) scale::decode_from(in, v.system_version);
  if (!in.ok()) return unexpected(in.error());
  if (in.remaining() != 0) return unexpected(scale::DecodeError::kTrailingBytes);
  return v;
}

Result<std::vector<std::pair<ApiId, uint32_t>>, scale::DecodeError> decode_runtime_apis_section(
    ByteSpan section) {
  constexpr size_t kEntrySize = 12;
  if (section.size() % kEntrySize != 0) return unexpected(scale::DecodeError::kTrailingBytes);
  std::vector<std::pair<ApiId, uint32_t>> apis;
  apis.reserve(section.size() / kEntrySize);
  for (size_t at = 0; at < section.size(); at += kEntrySize) {
    ApiId id{};
    std::copy(section.begin() + static_cast<std::ptrdiff_t>(at),
              section.begin() + static_cast<std::ptrdiff_t>(at + 8), id.begin());
    uint32_t version = 0;
    for (size_t i = 0; i < 4; ++i) version |= static_cast<uint32_t>(section[at + 8 + i]) << (8 * i);
    apis.emplace_back(id, version);
  }
  return apis;
}

}  // namespace canary::runtime
