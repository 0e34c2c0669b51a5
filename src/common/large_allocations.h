// map_large_allocations: from the call on, every allocation of
// kMappedAllocationBytes or more gets its own mapping from the system
// (glibc's M_MMAP_THRESHOLD, fixed), and freeing it gives the memory back at
// once; the heap's top is given back once that much is free there
// (M_TRIM_THRESHOLD). Without it glibc raises its threshold to the size of
// each mapped block freed, up to 32 MiB, so large object bodies (a daily
// event log of 14.5 MB at 10M events) come from the heap, and the heap keeps
// the holes they leave between smaller blocks: peak memory then grows with
// the size of the input files. Smaller allocations come from the heap, as
// they do in glibc once its threshold has risen. Call it once, before other
// threads start; it affects the whole process (not DuckDB, which has its own
// allocator); should glibc refuse a setting, its default stays. Measured
// cost and effect: bench/README.md.
#pragma once

#include <cstddef>

namespace sparkify {

inline constexpr std::size_t kMappedAllocationBytes = std::size_t{8} << 20;

void map_large_allocations();

}  // namespace sparkify
