// The freeing-bump allocator that serves ext_allocator_malloc/free and the runtime call arguments.
// Its results are consensus: every pointer it returns, every error and the moment it starts
// failing must be those of Substrate's sc-allocator (substrate/client/allocator/src/
// freeing_bump.rs), because runtimes observe them.
//
// Layout: the heap starts at __heap_base rounded up to 8. Each block is a power of two from 8 B
// ("order" 0) to 32 MiB (order 22; 2 GiB / order 28 off chain) preceded by an 8-byte header, a
// little-endian u64: occupied = bit 32 set and the order in the low 32 bits; free = bit 32 clear
// and the header address of the next free block of that order in the low 32 bits (0xFFFFFFFF ends
// the list). Freed blocks go on a LIFO list per order and are reused only for that order; fresh
// blocks come from a bump pointer that never moves back. Every error poisons the allocator.
#pragma once

#include <array>
#include <cstdint>

#include "executor/linear_memory.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor {

enum class AllocatorError : uint8_t {
  kPoisoned,             // an earlier call failed; the allocator refuses all further calls
  kRequestedTooLarge,    // more than the largest order
  kOutOfSpace,           // the bump pointer would pass the memory and it cannot grow enough
  kMemoryShrunk,         // the memory is smaller than on a previous call
  kInvalidFreeListHead,  // a free-list head lies outside the memory ("invalid header pointer")
  kFreeListCorrupted,    // a free-list entry's header says occupied
  kHeaderOutOfBounds,    // a header would be read or written outside the memory
  kInvalidOrder,         // an occupied header carries an order past the largest
  kInvalidPointer,       // free() of a pointer below the header size
  kNotAllocated,         // free() of a block whose header says free (double free)
  kAccountingUnderflow,  // free() of more bytes than are allocated
};

const char* to_string(AllocatorError e);

// Off-chain calls (offchain workers) may allocate up to 2 GiB at once; on-chain ones 32 MiB.
enum class AllocationContext : uint8_t { kOnchain, kOffchain };

struct AllocationStats {
  uint32_t bytes_allocated = 0;  // live bytes, headers included
  uint32_t bytes_allocated_peak = 0;
  uint64_t bytes_allocated_sum = 0;  // every allocation ever made
  uint32_t address_space_used = 0;   // bumper - heap base
};

class FreeingBumpAllocator {
 public:
  static constexpr uint32_t kAlignment = 8;
  static constexpr uint32_t kHeaderSize = 8;
  static constexpr uint32_t kMinAllocation = 8;
  static constexpr uint32_t kOrdersOnchain = 23;
  static constexpr uint32_t kOrdersOffchain = 29;
  static constexpr uint32_t kMaxAllocationOnchain = kMinAllocation << (kOrdersOnchain - 1);
  static constexpr uint32_t kMaxAllocationOffchain = kMinAllocation << (kOrdersOffchain - 1);
  static constexpr uint32_t kNil = 0xFFFFFFFF;

  explicit FreeingBumpAllocator(uint32_t heap_base,
                                AllocationContext context = AllocationContext::kOnchain);

  // A pointer to at least `size` bytes, 8-aligned. The memory may be grown (up to its maximum)
  // when the bump pointer needs room.
  Result<uint32_t, AllocatorError> allocate(LinearMemory& memory, uint32_t size);
  Result<void, AllocatorError> deallocate(LinearMemory& memory, uint32_t ptr);

  bool poisoned() const { return poisoned_; }
  const AllocationStats& stats() const { return stats_; }
  uint32_t bumper() const { return bumper_; }
  // Header address of the first free block of `order`, or kNil.
  uint32_t free_list_head(uint32_t order) const { return free_lists_.at(order); }

 private:
  Result<uint32_t, AllocatorError> allocate_unpoisoned(LinearMemory& memory, uint32_t size);
  Result<void, AllocatorError> deallocate_unpoisoned(LinearMemory& memory, uint32_t ptr);
  Result<void, AllocatorError> observe_memory_size(const LinearMemory& memory);
  Result<uint32_t, AllocatorError> bump(LinearMemory& memory, uint32_t size);

  uint32_t original_heap_base_;
  uint32_t bumper_;
  uint32_t max_allocation_;
  uint32_t max_orders_;
  std::array<uint32_t, kOrdersOffchain> free_lists_;
  uint64_t last_observed_memory_size_ = 0;
  AllocationStats stats_;
  bool poisoned_ = false;
};

}  // namespace canary::executor
