#include "node/chain/embedded_runtime.hpp"

#include <cstddef>
#include <cstdint>

// Defined by the source that node/CMakeLists.txt generates (embedded_runtime_blob.cpp): the
// blob's first byte and its size, or a null pointer and 0 in builds without the runtime.
extern "C" const uint8_t* canary_embedded_runtime_blob(size_t* size);

namespace canary::node {

std::optional<ByteSpan> embedded_runtime() {
  size_t size = 0;
  const uint8_t* data = canary_embedded_runtime_blob(&size);
  if (data == nullptr || size == 0) return std::nullopt;
  return ByteSpan(data, size);
}

}  // namespace canary::node
