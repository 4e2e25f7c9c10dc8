// The freeing-bump allocator against the vectors of sc-allocator's own unit tests
// (substrate/client/allocator/src/freeing_bump.rs), plus corruption and poisoning cases.
#include "executor/allocator/freeing_bump.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "executor/vector_memory.hpp"

namespace canary::executor {
namespace {

constexpr uint32_t kPage = kWasmPageSize;
constexpr uint32_t kHeader = FreeingBumpAllocator::kHeaderSize;

uint32_t must_allocate(FreeingBumpAllocator& heap, LinearMemory& memory, uint32_t size) {
  auto ptr = heap.allocate(memory, size);
  EXPECT_TRUE(ptr.has_value()) << (ptr ? "" : to_string(ptr.error()));
  return ptr.value_or(0);
}

TEST(FreeingBump, FirstPointerFollowsTheHeader) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  EXPECT_EQ(must_allocate(heap, memory, 1), kHeader);
}

TEST(FreeingBump, HeapBaseIsRoundedUpToEight) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(13);
  EXPECT_EQ(must_allocate(heap, memory, 1), 24u);
}

TEST(FreeingBump, PointersIncrementBySizeClass) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  EXPECT_EQ(must_allocate(heap, memory, 1), 8u);
  EXPECT_EQ(must_allocate(heap, memory, 9), 24u);  // 8 + 8 + header
  EXPECT_EQ(must_allocate(heap, memory, 1), 48u);  // 24 + 16 + header
}

TEST(FreeingBump, FreedBlockIsTheHeadOfItsList) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  EXPECT_EQ(must_allocate(heap, memory, 1), 8u);
  const uint32_t ptr2 = must_allocate(heap, memory, 1);
  EXPECT_EQ(ptr2, 24u);
  ASSERT_TRUE(heap.deallocate(memory, ptr2).has_value());
  EXPECT_EQ(heap.free_list_head(0), ptr2 - kHeader);
  // The header now says "free, next = nil".
  EXPECT_EQ(*memory.read_u64_le(ptr2 - kHeader), 0x00000000FFFFFFFFull);
}

TEST(FreeingBump, DeallocateAndReallocate) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(13);
  const uint32_t padded = 16;
  EXPECT_EQ(must_allocate(heap, memory, 1), padded + kHeader);
  const uint32_t ptr2 = must_allocate(heap, memory, 9);
  EXPECT_EQ(ptr2, padded + 16 + kHeader);
  ASSERT_TRUE(heap.deallocate(memory, ptr2).has_value());
  EXPECT_EQ(must_allocate(heap, memory, 9), ptr2);
  for (uint32_t order = 0; order < FreeingBumpAllocator::kOrdersOnchain; ++order) {
    EXPECT_EQ(heap.free_list_head(order), FreeingBumpAllocator::kNil);
  }
}

TEST(FreeingBump, FreeListsAreLifo) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  const uint32_t ptr1 = must_allocate(heap, memory, 8);
  const uint32_t ptr2 = must_allocate(heap, memory, 8);
  const uint32_t ptr3 = must_allocate(heap, memory, 8);
  ASSERT_TRUE(heap.deallocate(memory, ptr1).has_value());
  ASSERT_TRUE(heap.deallocate(memory, ptr2).has_value());
  ASSERT_TRUE(heap.deallocate(memory, ptr3).has_value());
  EXPECT_EQ(heap.free_list_head(0), ptr3 - kHeader);
  // ptr3's header links to ptr2's, which links to ptr1's.
  EXPECT_EQ(*memory.read_u64_le(ptr3 - kHeader), ptr2 - kHeader);
  EXPECT_EQ(must_allocate(heap, memory, 8), ptr3);
  EXPECT_EQ(heap.free_list_head(0), ptr2 - kHeader);
}

TEST(FreeingBump, ReallocationAfterReverseFreeGivesTheSamePointers) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  std::vector<uint32_t> first;
  first.reserve(4);
  for (int i = 0; i < 4; ++i) first.push_back(must_allocate(heap, memory, 8));
  for (auto it = first.rbegin(); it != first.rend(); ++it) {
    ASSERT_TRUE(heap.deallocate(memory, *it).has_value());
  }
  std::vector<uint32_t> second;
  second.reserve(4);
  for (int i = 0; i < 4; ++i) second.push_back(must_allocate(heap, memory, 8));
  EXPECT_EQ(first, second);
}

TEST(FreeingBump, OccupiedHeaderEncoding) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  const uint32_t ptr = must_allocate(heap, memory, 1000);  // order 7 (1024 bytes)
  EXPECT_EQ(*memory.read_u64_le(ptr - kHeader), 0x0000000100000007ull);
}

TEST(FreeingBump, TooLargeForAFullHeap) {
  VectorMemory memory(1, 1);
  FreeingBumpAllocator heap(13);
  EXPECT_EQ(heap.allocate(memory, kPage - 13).error(), AllocatorError::kOutOfSpace);
  EXPECT_TRUE(heap.poisoned());
}

TEST(FreeingBump, FullHeap) {
  VectorMemory memory(1, 1);
  FreeingBumpAllocator heap(0);
  EXPECT_EQ(must_allocate(heap, memory, kPage / 2 - kHeader), kHeader);
  EXPECT_EQ(heap.allocate(memory, kPage / 2).error(), AllocatorError::kOutOfSpace);
}

TEST(FreeingBump, MaximumAllocationGrowsTheMemory) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  EXPECT_EQ(must_allocate(heap, memory, FreeingBumpAllocator::kMaxAllocationOnchain), kHeader);
}

TEST(FreeingBump, RequestTooLarge) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  EXPECT_EQ(heap.allocate(memory, FreeingBumpAllocator::kMaxAllocationOnchain + 1).error(),
            AllocatorError::kRequestedTooLarge);
  EXPECT_TRUE(heap.poisoned());
  EXPECT_EQ(heap.allocate(memory, 8).error(), AllocatorError::kPoisoned);
}

TEST(FreeingBump, OffchainContextAllowsLargerAllocations) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0, AllocationContext::kOffchain);
  EXPECT_EQ(must_allocate(heap, memory, FreeingBumpAllocator::kMaxAllocationOnchain + 1), kHeader);
  EXPECT_EQ(FreeingBumpAllocator::kMaxAllocationOffchain, 1u << 31);
}

TEST(FreeingBump, BumperEndsAtTheLastFullBlock) {
  VectorMemory memory(1, 1);
  FreeingBumpAllocator heap(0);
  std::vector<uint32_t> ptrs;
  ptrs.reserve(kPage / 40);
  for (uint32_t i = 0; i < kPage / 40; ++i) ptrs.push_back(must_allocate(heap, memory, 32));
  EXPECT_EQ(heap.stats().bytes_allocated, kPage - 16);
  EXPECT_EQ(heap.bumper(), kPage - 16);
  for (uint32_t ptr : ptrs) ASSERT_TRUE(heap.deallocate(memory, ptr).has_value());
  EXPECT_EQ(heap.stats().bytes_allocated, 0u);
  EXPECT_EQ(heap.stats().bytes_allocated_peak, kPage - 16);
  EXPECT_EQ(heap.bumper(), kPage - 16);
  // The last 16 bytes take one more 8-byte block; the bumper then sits at the end.
  must_allocate(heap, memory, 8);
  EXPECT_EQ(heap.bumper(), memory.size());
  // Freed 32-byte blocks cannot serve an 8-byte request: out of space.
  EXPECT_EQ(heap.allocate(memory, 8).error(), AllocatorError::kOutOfSpace);
}

TEST(FreeingBump, HeadersCountInTheStatistics) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(1);
  must_allocate(heap, memory, 9);
  EXPECT_EQ(heap.stats().bytes_allocated, kHeader + 16);
}

TEST(FreeingBump, StatisticsReturnToZero) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(19);
  for (int i = 1; i < 10; ++i) {
    const uint32_t ptr = must_allocate(heap, memory, 42);
    ASSERT_TRUE(heap.deallocate(memory, ptr).has_value());
  }
  EXPECT_EQ(heap.stats().bytes_allocated, 0u);
}

TEST(FreeingBump, OutOfMemoryPoisons) {
  VectorMemory memory(1, 1);
  FreeingBumpAllocator heap(0);
  const uint32_t ptr = must_allocate(heap, memory, kPage / 2);
  EXPECT_EQ(heap.allocate(memory, kPage).error(), AllocatorError::kOutOfSpace);
  EXPECT_TRUE(heap.poisoned());
  EXPECT_EQ(heap.deallocate(memory, ptr).error(), AllocatorError::kPoisoned);
}

TEST(FreeingBump, GrowsTheMemoryAsNeeded) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  must_allocate(heap, memory, kPage * 2);
  EXPECT_EQ(memory.pages(), 3u);
  // Doubling: 3 -> 6 pages when the next block does not fit.
  must_allocate(heap, memory, kPage);
  EXPECT_EQ(memory.pages(), 6u);
}

TEST(FreeingBump, AcceptsGrowingMemory) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  must_allocate(heap, memory, kPage / 2);
  must_allocate(heap, memory, kPage / 2);
  ASSERT_TRUE(memory.grow(1));
  must_allocate(heap, memory, kPage / 2);
}

TEST(FreeingBump, RefusesShrinkingMemory) {
  VectorMemory memory(2);
  FreeingBumpAllocator heap(0);
  must_allocate(heap, memory, kPage / 2);
  memory.truncate_pages(1);
  EXPECT_EQ(heap.allocate(memory, kPage / 2).error(), AllocatorError::kMemoryShrunk);
}

TEST(FreeingBump, DoubleFreeIsAnErrorAndPoisons) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  const uint32_t ptr = must_allocate(heap, memory, 16);
  ASSERT_TRUE(heap.deallocate(memory, ptr).has_value());
  EXPECT_EQ(heap.deallocate(memory, ptr).error(), AllocatorError::kNotAllocated);
  EXPECT_TRUE(heap.poisoned());
  EXPECT_EQ(heap.allocate(memory, 16).error(), AllocatorError::kPoisoned);
}

TEST(FreeingBump, CorruptedFreeListLinkIsDetected) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  const uint32_t ptr = must_allocate(heap, memory, 5);
  ASSERT_TRUE(heap.deallocate(memory, ptr).has_value());
  // The runtime overwrites the free header with a link far outside the memory.
  ASSERT_TRUE(memory.write_u64_le(ptr - kHeader, 0xFFFFFFFEull).has_value());
  EXPECT_EQ(must_allocate(heap, memory, 5), ptr);  // pops the corrupted block itself
  EXPECT_EQ(heap.allocate(memory, 5).error(), AllocatorError::kInvalidFreeListHead);
  EXPECT_TRUE(heap.poisoned());
}

TEST(FreeingBump, FreeListPointingAtAnOccupiedHeaderIsDetected) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  const uint32_t a = must_allocate(heap, memory, 8);
  const uint32_t b = must_allocate(heap, memory, 8);
  ASSERT_TRUE(heap.deallocate(memory, a).has_value());
  // Make a's free header link to b, which is occupied.
  ASSERT_TRUE(memory.write_u64_le(a - kHeader, b - kHeader).has_value());
  EXPECT_EQ(must_allocate(heap, memory, 8), a);
  EXPECT_EQ(heap.allocate(memory, 8).error(), AllocatorError::kFreeListCorrupted);
}

TEST(FreeingBump, CorruptedOrderIsDetected) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  const uint32_t ptr = must_allocate(heap, memory, 8);
  ASSERT_TRUE(memory.write_u64_le(ptr - kHeader, 0x0000000100000017ull).has_value());  // order 23
  EXPECT_EQ(heap.deallocate(memory, ptr).error(), AllocatorError::kInvalidOrder);
}

TEST(FreeingBump, ForgedLargeBlockUnderflowsTheAccounting) {
  VectorMemory memory(1);
  FreeingBumpAllocator heap(0);
  const uint32_t ptr = must_allocate(heap, memory, 8);
  // A header claiming order 10 (8 KiB) when only 16 bytes are allocated.
  ASSERT_TRUE(memory.write_u64_le(ptr - kHeader, 0x000000010000000Aull).has_value());
  EXPECT_EQ(heap.deallocate(memory, ptr).error(), AllocatorError::kAccountingUnderflow);
  EXPECT_TRUE(heap.poisoned());
}

TEST(FreeingBump, InvalidPointers) {
  VectorMemory memory(1);
  {
    FreeingBumpAllocator heap(0);
    EXPECT_EQ(heap.deallocate(memory, 4).error(), AllocatorError::kInvalidPointer);
  }
  {
    FreeingBumpAllocator heap(0);
    EXPECT_EQ(heap.deallocate(memory, kPage + 100).error(), AllocatorError::kHeaderOutOfBounds);
  }
  {
    // Freeing a pointer the allocator never returned is accepted if its header looks occupied:
    // the reference does not track allocations, and neither may we.
    FreeingBumpAllocator heap(0);
    must_allocate(heap, memory, 64);
    ASSERT_TRUE(memory.write_u64_le(1000, 0x0000000100000000ull).has_value());
    EXPECT_TRUE(heap.deallocate(memory, 1008).has_value());
  }
}

TEST(FreeingBump, HeapBaseBeyondTheMemory) {
  VectorMemory memory(1, 1);
  FreeingBumpAllocator heap(kPage + 8);
  EXPECT_EQ(heap.allocate(memory, 1).error(), AllocatorError::kOutOfSpace);
}

TEST(LinearMemory, BoundsChecks) {
  VectorMemory memory(1);
  EXPECT_TRUE(memory.write_u64_le(kPage - 8, 0x0102030405060708ull).has_value());
  EXPECT_EQ(*memory.read_u64_le(kPage - 8), 0x0102030405060708ull);
  EXPECT_EQ(memory.bytes()[kPage - 8], 0x08);  // little-endian
  EXPECT_FALSE(memory.read_u64_le(kPage - 7).has_value());
  EXPECT_FALSE(memory.read(0xFFFFFFFFu, 2).has_value());
  EXPECT_FALSE(memory.view(kPage, 1).has_value());
  EXPECT_TRUE(memory.view(kPage, 0).has_value());
  EXPECT_FALSE(memory.write(UINT64_MAX, as_bytes("x")).has_value());
}

TEST(LinearMemory, ZeroFillClearsEverything) {
  // Large enough for the madvise path, with both ends off page boundaries.
  Bytes buffer(size_t{5} << 20, 0xAB);
  MutableByteSpan inner(buffer.data() + 3, buffer.size() - 10);
  zero_fill(inner);
  EXPECT_EQ(buffer[2], 0xAB);
  EXPECT_EQ(buffer[buffer.size() - 7], 0xAB);
  for (size_t i = 3; i < buffer.size() - 7; ++i) {
    ASSERT_EQ(buffer[i], 0) << i;
  }
  // And it stays writable.
  buffer[4096 * 3] = 1;
  EXPECT_EQ(buffer[4096 * 3], 1);
}

}  // namespace
}  // namespace canary::executor
