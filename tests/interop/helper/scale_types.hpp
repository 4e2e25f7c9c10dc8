// The SCALE types the interop tests exchange with @polkadot/types, by their polkadot.js names.
// Each entry binds a type name to Canary's codec for the matching C++ type; values travel in the
// JSON form of json_value.hpp.
#pragma once

#include <string>
#include <vector>

#include "tests/interop/helper/json_value.hpp"

namespace canary::interop {

struct ScaleCodec {
  // Throws JsonValueError when `value` is not a value of the type.
  Bytes (*encode)(const Json& value);
  // {"value": …} on success, {"error": "<DecodeError>"} when Canary rejects the bytes.
  Json (*decode)(ByteSpan bytes);
};

// nullptr for an unknown name.
const ScaleCodec* find_scale_codec(const std::string& type_name);
std::vector<std::string> scale_type_names();

}  // namespace canary::interop
