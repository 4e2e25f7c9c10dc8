// The linear memory of a Wasm instance as the host sees it. Both engines implement this interface,
// and everything that is not engine-specific (the freeing-bump allocator, the calling convention,
// the host functions) only goes through it.
#pragma once

#include <cstdint>
#include <optional>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor {

inline constexpr uint32_t kWasmPageSize = 65536;
// wasm32 addresses 4 GiB at most.
inline constexpr uint32_t kMaxWasmPages = 65536;

enum class MemoryAccessError : uint8_t {
  kOutOfBounds,
};

const char* to_string(MemoryAccessError e);

// One contiguous byte range that grows by whole pages and never shrinks.
class LinearMemory {
 public:
  virtual ~LinearMemory() = default;

  virtual uint32_t pages() const = 0;
  // The most pages the memory may ever have, if it has a limit.
  virtual std::optional<uint32_t> max_pages() const = 0;
  // Adds `delta` pages (zeroed). False, with the memory unchanged, if that would pass the maximum.
  virtual bool grow(uint32_t delta) = 0;
  // All bytes. The span is invalidated by grow().
  virtual MutableByteSpan bytes() const = 0;

  uint64_t size() const { return uint64_t{pages()} * kWasmPageSize; }

  // Bounds-checked access; offsets are 64-bit so that ptr + len never wraps.
  Result<uint64_t, MemoryAccessError> read_u64_le(uint64_t offset) const;
  Result<void, MemoryAccessError> write_u64_le(uint64_t offset, uint64_t value);
  Result<ByteSpan, MemoryAccessError> view(uint64_t offset, uint64_t length) const;
  Result<MutableByteSpan, MemoryAccessError> view_mut(uint64_t offset, uint64_t length);
  Result<Bytes, MemoryAccessError> read(uint64_t offset, uint64_t length) const;
  Result<void, MemoryAccessError> write(uint64_t offset, ByteSpan data);
};

// Sets bytes to zero. Large page-aligned stretches are handed back to the kernel instead of being
// written, so resetting a 130 MiB heap between runtime calls only costs what was touched.
void zero_fill(MutableByteSpan bytes);

}  // namespace canary::executor
