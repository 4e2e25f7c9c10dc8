// The Canary runtime inside the `canary` binary, as Substrate nodes carry theirs (the
// `WASM_BINARY` constant that substrate-wasm-builder generates): the built-in `dev` and `local`
// chains are made from it, so `canary --dev` and `canary build-spec --chain dev` work from any
// directory. The bytes are the packed blob of the build (runtime/CMakeLists.txt,
// canary_runtime.compact.compressed.wasm), linked in by node/CMakeLists.txt with the assembler's
// `.incbin`.
#pragma once

#include <optional>

#include "primitives/util/bytes.hpp"

namespace canary::node {

// The embedded runtime blob; none when the build had no wasm32 toolchain (-DCANARY_WASM32=OFF).
std::optional<ByteSpan> embedded_runtime();

// What to tell the user when embedded_runtime() is none.
inline constexpr const char* kNoEmbeddedRuntimeMessage =
    "this canary binary was built without the wasm32 runtime (-DCANARY_WASM32=OFF), so it has no "
    "built-in chains; rebuild with the wasm32 toolchain or pass --chain with a chain spec file";

}  // namespace canary::node
