// RuntimeVersion (sp-version): what `Core_version` returns and the `runtime_version` custom section
// holds. Its layout grew over time, so decoding takes the Core API version as a hint: Core < 3 has
// no transaction_version (default 1), Core < 4 no system_version (default 0)
// (sp-version `RuntimeVersion::decode_with_version_hint`).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "primitives/hash/blake2b_portable.hpp"
#include "primitives/scale/decode_error.hpp"
#include "primitives/scale/decoder.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::runtime {

using ApiId = std::array<uint8_t, 8>;

struct RuntimeVersion {
  std::string spec_name;
  std::string impl_name;
  uint32_t authoring_version = 0;
  uint32_t spec_version = 0;
  uint32_t impl_version = 0;
  std::vector<std::pair<ApiId, uint32_t>> apis;
  uint32_t transaction_version = 1;
  uint8_t system_version = 0;  // formerly state_version: 0 → state V0, ≥ 1 → V1

  bool operator==(const RuntimeVersion&) const = default;

  std::optional<uint32_t> api_version(const ApiId& id) const;
  // The trie version of the state; the extrinsics root uses V1 only from system_version 2.
  uint8_t state_version() const { return system_version == 0 ? 0 : 1; }
  uint8_t extrinsics_root_state_version() const { return system_version >= 2 ? 1 : 0; }
};

// blake2b-64 of the API name, e.g. "Core" → df6acb689907609b; a compile-time constant for a
// constant name, as sp-api's are.
constexpr ApiId api_id(std::string_view api_name) {
  return hash::portable::blake2b_of_name<8>(api_name);
}

inline constexpr ApiId kCoreApiId = api_id("Core");
// sp-api's id of Core, as every node and client knows it: checks the compile-time BLAKE2b.
static_assert(kCoreApiId == ApiId{0xdf, 0x6a, 0xcb, 0x68, 0x99, 0x07, 0x60, 0x9b});

// Encodes the current (Core ≥ 4) layout.
Bytes encode(const RuntimeVersion& version);

// Decodes the whole input. Without a hint the Core version is read from the decoded `apis`.
Result<RuntimeVersion, scale::DecodeError> decode_runtime_version(
    ByteSpan bytes, std::optional<uint32_t> core_version_hint = std::nullopt);

// Parses the `runtime_apis` custom section: a bare concatenation of 12-byte (id, u32 LE) entries.
Result<std::vector<std::pair<ApiId, uint32_t>>, scale::DecodeError> decode_runtime_apis_section(
    ByteSpan section);

}  // namespace canary::runtime
