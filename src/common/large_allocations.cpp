#include "common/large_allocations.h"

#include <malloc.h>

namespace sparkify {

// Fixing the threshold also stops glibc from raising its trim threshold
// with it, which would leave the heap's top trimmed at every 128 KiB free
// (brk churn, measurably slower); it is set to the mapping threshold.
void map_large_allocations() {
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMappedAllocationBytes));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(kMappedAllocationBytes));
}

}  // namespace sparkify
