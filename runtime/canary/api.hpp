// The Canary runtime's API entry points by name (declared in apis.hpp, api.cpp). The wasm32 blob
// exports each of them; natively the very same functions are found here, so that tests call the
// runtime natively as the node calls the blob: SCALE-encoded arguments in, SCALE-encoded result out
// (tests/unit/runtime/runtime_driver.hpp).
#pragma once

#include <string_view>

#include "primitives/util/bytes.hpp"

namespace canary::rt::canary_runtime {

using RuntimeApiFunction = Bytes (*)(ByteSpan input);

#if !defined(__wasm32__)
// The entry point the blob exports as `name` (e.g. "Core_version"); null if there is none. Inputs
// that do not decode panic, as in the blob. Runs on the current thread's io::NativeContext.
RuntimeApiFunction runtime_api(std::string_view name);
#endif

}  // namespace canary::rt::canary_runtime
