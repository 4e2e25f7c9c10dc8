// Helper ops on RFC-0078 merkleized metadata (runtime/framework/metadata/merkleized_metadata):
// Canary's digest of given metadata V15, and the hand-built sample metadata of the unit tests with
// their digests, so that the interop test can put them next to @polkadot-api/merkleize-metadata.
#pragma once

#include <string>

#include "tests/interop/helper/json_value.hpp"

namespace canary::interop {

// Handles `op` if it is a metadata op: fills `out` and returns true; false for any other op.
bool dispatch_metadata_op(const std::string& op, const Json& request, Json& out);

}  // namespace canary::interop
