#include "executor/linear_memory.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

namespace canary::executor {

const char* to_string(MemoryAccessError e) {
  switch (e) {
    case MemoryAccessError::kOutOfBounds:
      return "memory access out of bounds";
  }
  return "unknown memory access error";
}

namespace {

bool in_bounds(uint64_t offset, uint64_t length, uint64_t size) {
  return offset <= size && length <= size - offset;
}

}  // namespace

Result<uint64_t, MemoryAccessError> LinearMemory::read_u64_le(uint64_t offset) const {
  CANARY_TRY_ASSIGN(auto span, view(offset, 8));
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | (span)[static_cast<size_t>(i)];
  return value;
}

Result<void, MemoryAccessError> LinearMemory::write_u64_le(uint64_t offset, uint64_t value) {
  CANARY_TRY_ASSIGN(auto span, view_mut(offset, 8));
  for (size_t i = 0; i < 8; ++i) (span)[i] = static_cast<uint8_t>(value >> (8 * i));
  return {};
}

Result<ByteSpan, MemoryAccessError> LinearMemory::view(uint64_t offset, uint64_t length) const {
  MutableByteSpan all = bytes();
  if (!in_bounds(offset, length, all.size())) return unexpected(MemoryAccessError::kOutOfBounds);
  return ByteSpan(all.subspan(offset, length));
}

Result<MutableByteSpan, MemoryAccessError> LinearMemory::view_mut(uint64_t offset,
                                                                  uint64_t length) {
  MutableByteSpan all = bytes();
  if (!in_bounds(offset, length, all.size())) return unexpected(MemoryAccessError::kOutOfBounds);
  return all.subspan(offset, length);
}

Result<Bytes, MemoryAccessError> LinearMemory::read(uint64_t offset, uint64_t length) const {
  CANARY_TRY_ASSIGN(auto span, view(offset, length));
  return Bytes(span.begin(), span.end());
}

Result<void, MemoryAccessError> LinearMemory::write(uint64_t offset, ByteSpan data) {
  CANARY_TRY_ASSIGN(auto span, view_mut(offset, data.size()));
  if (!data.empty()) std::memcpy(span.data(), data.data(), data.size());
  return {};
}

void zero_fill(MutableByteSpan bytes) {
  // Below this, memset is cheaper than a system call.
  constexpr size_t kMadviseThreshold = size_t{1} << 20;
  if (bytes.size() < kMadviseThreshold) {
    if (!bytes.empty()) std::memset(bytes.data(), 0, bytes.size());
    return;
  }
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto address = reinterpret_cast<uintptr_t>(bytes.data());
  // Offsets of the first and past-the-last whole pages inside `bytes`.
  const size_t head = ((address + page - 1) & ~(page - 1)) - address;
  const size_t tail = ((address + bytes.size()) & ~(page - 1)) - address;
  // Heap memory is private and anonymous on Linux whichever allocator handed it out, so after
  // MADV_DONTNEED the kernel maps zero pages back in on the next access. The partial pages at
  // both ends may share their page with other objects and are written instead.
  if (madvise(bytes.data() + head, tail - head, MADV_DONTNEED) != 0) {
    std::memset(bytes.data(), 0, bytes.size());
    return;
  }
  std::memset(bytes.data(), 0, head);
  std::memset(bytes.data() + tail, 0, bytes.size() - tail);
}

}  // namespace canary::executor
