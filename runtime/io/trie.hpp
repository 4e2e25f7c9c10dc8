// Trie roots for the runtime (sp-io `trie`): the extrinsics root of a block is the ordered root of
// its encoded extrinsics.
#pragma once

#include <vector>

#include "primitives/util/bytes.hpp"
#include "runtime/io/storage.hpp"

namespace canary::rt::io::trie {

// The root of the trie mapping Compact(i) to values[i], with BLAKE2b-256.
Hash256 blake2_256_ordered_root(const std::vector<Bytes>& values, StateVersion version);

}  // namespace canary::rt::io::trie
