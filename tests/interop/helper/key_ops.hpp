// Helper ops on secret URIs (keys::KeyPair): derivation paths, mnemonics and passwords, and the
// addresses of the derived keys.
#pragma once

#include <string>

#include "tests/interop/helper/json_value.hpp"

namespace canary::interop {

// Handles `op` if it is a key op: fills `out` and returns true; false for any other op.
bool dispatch_key_op(const std::string& op, const Json& request, Json& out);

}  // namespace canary::interop
