// The Canary runtime's metadata (V14 and V15), built from the pallets' declarations, the extrinsic
// format and the runtime API descriptions.
#pragma once

#include <optional>

#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"

namespace canary::rt::canary_runtime {

meta::RuntimeMetadata build_metadata();

// The encoded metadata of a version (14 or 15), none for others.
std::optional<Bytes> metadata_at_version(uint32_t version);

}  // namespace canary::rt::canary_runtime
