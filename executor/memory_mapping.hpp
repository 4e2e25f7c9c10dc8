// The anonymous private mapping behind an instance's linear memory (every engine but wabt's
// interpreter) and the slot engines' value stack: reserved once, so its base never moves, and
// untouched (so not resident) until used.
//
// A mapping of at least kHugePageSize starts on a 2 MiB boundary and asks the kernel for
// transparent huge pages (MADV_HUGEPAGE; Debian's default mode, `madvise`, gives them to the
// mappings that ask). A runtime's first block after instantiation faults in its heap one page at a
// time otherwise: thousands of 4 KiB faults, then as many again when the next call's reset zeroes
// what the allocator handed out but the runtime never wrote (executor/README.md, "Memory and the
// allocator", has the figures). Where the kernel has no huge page to give, or THP is off, the
// mapping simply uses 4 KiB pages.
#pragma once

#include <cstddef>
#include <cstdint>

#include "primitives/util/result.hpp"

namespace canary::executor {

inline constexpr size_t kHugePageSize = size_t{2} << 20;

class MemoryMapping {
 public:
  MemoryMapping() = default;
  MemoryMapping(const MemoryMapping&) = delete;
  MemoryMapping& operator=(const MemoryMapping&) = delete;
  ~MemoryMapping();

  // Maps `size` bytes (none for 0); errno on failure. Only once per object.
  Result<void, int> map(size_t size);
  uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  // Whether the kernel was asked for huge pages (it may still give 4 KiB ones).
  bool huge_pages_advised() const { return huge_pages_advised_; }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  bool huge_pages_advised_ = false;
};

}  // namespace canary::executor
