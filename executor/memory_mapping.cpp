#include "executor/memory_mapping.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace canary::executor {

MemoryMapping::~MemoryMapping() {
  if (data_ != nullptr) ::munmap(data_, size_);
}

Result<void, int> MemoryMapping::map(size_t size) {
  if (size == 0) return {};
  if (data_ != nullptr) return unexpected(EBUSY);
  const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  if (size > SIZE_MAX - kHugePageSize - page) return unexpected(ENOMEM);
  size = (size + page - 1) / page * page;
  constexpr int kProtection = PROT_READ | PROT_WRITE;
  constexpr int kFlags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
  if (size < kHugePageSize) {
    void* data = ::mmap(nullptr, size, kProtection, kFlags, -1, 0);
    if (data == MAP_FAILED) return unexpected(errno);
    data_ = static_cast<uint8_t*>(data);
    size_ = size;
    return {};
  }
  // A huge page must be 2 MiB-aligned in the address space: map one huge page more than needed,
  // then unmap what lies before the first boundary and after the end.
  void* raw = ::mmap(nullptr, size + kHugePageSize, kProtection, kFlags, -1, 0);
  if (raw == MAP_FAILED) return unexpected(errno);
  auto* const base = static_cast<uint8_t*>(raw);
  const size_t before =
      (kHugePageSize - reinterpret_cast<uintptr_t>(raw) % kHugePageSize) % kHugePageSize;
  if (before != 0) ::munmap(base, before);
  const size_t after = kHugePageSize - before;
  if (after != 0) ::munmap(base + before + size, after);
  data_ = base + before;
  size_ = size;
  // Advice only: a kernel without THP refuses it (EINVAL) and the mapping works as before.
  huge_pages_advised_ = ::madvise(data_, size_, MADV_HUGEPAGE) == 0;
  return {};
}

}  // namespace canary::executor
