#include "executor/allocator/freeing_bump.hpp"

#include <algorithm>
#include <bit>

namespace canary::executor {

const char* to_string(AllocatorError e) {
  switch (e) {
    case AllocatorError::kPoisoned:
      return "the allocator has been poisoned";
    case AllocatorError::kRequestedTooLarge:
      return "requested allocation too large";
    case AllocatorError::kOutOfSpace:
      return "allocator out of space";
    case AllocatorError::kMemoryShrunk:
      return "the memory shrank since the previous allocator call";
    case AllocatorError::kInvalidFreeListHead:
      return "invalid header pointer detected";
    case AllocatorError::kFreeListCorrupted:
      return "free list points to an occupied header";
    case AllocatorError::kHeaderOutOfBounds:
      return "allocation header out of heap bounds";
    case AllocatorError::kInvalidOrder:
      return "invalid order in an allocation header";
    case AllocatorError::kInvalidPointer:
      return "invalid pointer for deallocation";
    case AllocatorError::kNotAllocated:
      return "the allocation points to an empty header";
    case AllocatorError::kAccountingUnderflow:
      return "underflow of the currently allocated bytes count";
  }
  return "unknown allocator error";
}

namespace {

constexpr uint64_t kOccupiedBit = uint64_t{1} << 32;

uint32_t order_size(uint32_t order) {
  return FreeingBumpAllocator::kMinAllocation << order;
}

}  // namespace

// The arithmetic on the heap base, the bumper and the statistics wraps modulo 2^32 where the
// reference's u32 arithmetic would (its release builds do not check overflow). It can only
// happen with a 4 GiB memory, but then the behaviour still matches.
FreeingBumpAllocator::FreeingBumpAllocator(uint32_t heap_base, AllocationContext context)
    : original_heap_base_((heap_base + kAlignment - 1) / kAlignment * kAlignment),
      bumper_(original_heap_base_),
      max_allocation_(context == AllocationContext::kOnchain ? kMaxAllocationOnchain
                                                             : kMaxAllocationOffchain),
      max_orders_(context == AllocationContext::kOnchain ? kOrdersOnchain : kOrdersOffchain) {
  free_lists_.fill(kNil);
}

Result<uint32_t, AllocatorError> FreeingBumpAllocator::allocate(LinearMemory& memory,
                                                                uint32_t size) {
  if (poisoned_) return unexpected(AllocatorError::kPoisoned);
  auto result = allocate_unpoisoned(memory, size);
  if (!result) poisoned_ = true;
  return result;
}

Result<void, AllocatorError> FreeingBumpAllocator::deallocate(LinearMemory& memory, uint32_t ptr) {
  if (poisoned_) return unexpected(AllocatorError::kPoisoned);
  auto result = deallocate_unpoisoned(memory, ptr);
  if (!result) poisoned_ = true;
  return result;
}

Result<uint32_t, AllocatorError> FreeingBumpAllocator::allocate_unpoisoned(LinearMemory& memory,
                                                                           uint32_t size) {
  if (auto observed = observe_memory_size(memory); !observed) return unexpected(observed.error());
  if (size > max_allocation_) return unexpected(AllocatorError::kRequestedTooLarge);
  const uint32_t rounded = std::bit_ceil(std::max(size, kMinAllocation));
  const auto order = static_cast<uint32_t>(std::countr_zero(rounded) - 3);
  const uint32_t block = order_size(order);

  uint32_t header_ptr = 0;
  const uint32_t head = free_lists_[order];
  if (head != kNil) {
    if (uint64_t{head} + block + kHeaderSize > memory.size()) {
      return unexpected(AllocatorError::kInvalidFreeListHead);
    }
    auto raw = memory.read_u64_le(head);
    if (!raw) return unexpected(AllocatorError::kHeaderOutOfBounds);
    if ((*raw & kOccupiedBit) != 0) {
      // The reference decodes the header first, so a bad order wins over "occupied".
      return unexpected(static_cast<uint32_t>(*raw) < max_orders_
                            ? AllocatorError::kFreeListCorrupted
                            : AllocatorError::kInvalidOrder);
    }
    free_lists_[order] = static_cast<uint32_t>(*raw);
    header_ptr = head;
  } else {
    CANARY_TRY_ASSIGN(auto bumped, bump(memory, block + kHeaderSize));
    header_ptr = bumped;
  }

  if (!memory.write_u64_le(header_ptr, kOccupiedBit | order)) {
    return unexpected(AllocatorError::kHeaderOutOfBounds);
  }
  stats_.bytes_allocated += block + kHeaderSize;
  stats_.bytes_allocated_sum += block + kHeaderSize;
  stats_.bytes_allocated_peak = std::max(stats_.bytes_allocated_peak, stats_.bytes_allocated);
  stats_.address_space_used = bumper_ - original_heap_base_;
  return header_ptr + kHeaderSize;
}

Result<void, AllocatorError> FreeingBumpAllocator::deallocate_unpoisoned(LinearMemory& memory,
                                                                         uint32_t ptr) {
  if (auto observed = observe_memory_size(memory); !observed) return unexpected(observed.error());
  if (ptr < kHeaderSize) return unexpected(AllocatorError::kInvalidPointer);
  const uint32_t header_ptr = ptr - kHeaderSize;
  auto raw = memory.read_u64_le(header_ptr);
  if (!raw) return unexpected(AllocatorError::kHeaderOutOfBounds);
  const auto data = static_cast<uint32_t>(*raw);
  if ((*raw & kOccupiedBit) == 0) return unexpected(AllocatorError::kNotAllocated);
  if (data >= max_orders_) return unexpected(AllocatorError::kInvalidOrder);
  const uint32_t order = data;

  // Same order of effects as the reference: the block joins its list before the accounting check.
  const uint32_t previous_head = free_lists_[order];
  free_lists_[order] = header_ptr;
  if (!memory.write_u64_le(header_ptr, previous_head)) {
    return unexpected(AllocatorError::kHeaderOutOfBounds);
  }
  const uint32_t block = order_size(order) + kHeaderSize;
  if (stats_.bytes_allocated < block) return unexpected(AllocatorError::kAccountingUnderflow);
  stats_.bytes_allocated -= block;
  return {};
}

Result<void, AllocatorError> FreeingBumpAllocator::observe_memory_size(const LinearMemory& memory) {
  const uint64_t size = memory.size();
  if (size < last_observed_memory_size_) return unexpected(AllocatorError::kMemoryShrunk);
  last_observed_memory_size_ = size;
  return {};
}

Result<uint32_t, AllocatorError> FreeingBumpAllocator::bump(LinearMemory& memory, uint32_t size) {
  const uint64_t required_size = uint64_t{bumper_} + size;
  if (required_size > memory.size()) {
    const uint64_t required_pages = (required_size + kWasmPageSize - 1) / kWasmPageSize;
    const uint32_t current_pages = memory.pages();
    const uint32_t max_pages = memory.max_pages().value_or(kMaxWasmPages);
    if (current_pages >= max_pages || required_pages > max_pages) {
      return unexpected(AllocatorError::kOutOfSpace);
    }
    // Double the memory where the maximum allows, or grow to what is needed if that is more.
    uint64_t next_pages = std::min<uint64_t>(uint64_t{current_pages} * 2, max_pages);
    next_pages = std::max(next_pages, required_pages);
    if (!memory.grow(static_cast<uint32_t>(next_pages - current_pages))) {
      return unexpected(AllocatorError::kOutOfSpace);
    }
  }
  const uint32_t result = bumper_;
  bumper_ += size;
  return result;
}

}  // namespace canary::executor
