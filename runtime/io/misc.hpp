// Miscellaneous host services for the runtime (sp-io `misc`).
#pragma once

#include <optional>

#include "primitives/util/bytes.hpp"

namespace canary::rt::io::misc {

// The SCALE-encoded RuntimeVersion of a runtime blob (`:code` form), as the node reads it: what
// System::set_code checks before accepting new code. None if the blob has no readable version.
std::optional<Bytes> runtime_version(ByteSpan code);

}  // namespace canary::rt::io::misc
