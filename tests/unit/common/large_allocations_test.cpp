#include "common/large_allocations.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdlib>

namespace sparkify {
namespace {

std::size_t mapped_bytes() { return mallinfo2().hblkhd; }

// glibc alone would map the first block, then serve the second from the heap
// (its threshold rises to the size of the block freed), where freeing it
// leaves memory behind.
TEST(LargeAllocations, EveryLargeBlockIsMappedAndGivenBackWhenFreed) {
  map_large_allocations();
  for (int round = 0; round < 3; ++round) {
    void* block = std::malloc(kMappedAllocationBytes);
    ASSERT_NE(block, nullptr);
    const std::size_t while_held = mapped_bytes();
    std::free(block);
    EXPECT_GE(while_held - mapped_bytes(), kMappedAllocationBytes) << "round " << round;
  }
}

TEST(LargeAllocations, SmallerBlocksStayOnTheHeap) {
  map_large_allocations();
  const std::size_t before = mapped_bytes();
  void* block = std::malloc(kMappedAllocationBytes / 2);
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(mapped_bytes(), before);
  std::free(block);
}

// The heap is not shrunk and regrown around every block freed at its top.
TEST(LargeAllocations, TheHeapKeepsWhatASmallerBlockFreed) {
  map_large_allocations();
  void* block = std::malloc(kMappedAllocationBytes / 2);
  ASSERT_NE(block, nullptr);
  const std::size_t heap = mallinfo2().arena;
  std::free(block);
  EXPECT_EQ(mallinfo2().arena, heap);
}

}  // namespace
}  // namespace sparkify
