#include "star/key_filter.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace sparkify::star {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kCacheLine = 64;  // a block of 512 bits lies in one line

}  // namespace

std::unique_ptr<std::uint64_t[], KeyFilter::Free> KeyFilter::allocate(std::size_t bytes) {
  const bool huge = bytes >= kHugePage;
  bytes = std::max(bytes, kCacheLine);  // a multiple of the alignment, as aligned_alloc wants
  void* words = std::aligned_alloc(huge ? kHugePage : kCacheLine, bytes);
  if (words == nullptr) throw std::bad_alloc();
  if (huge) (void)::madvise(words, bytes, MADV_HUGEPAGE);
  std::memset(words, 0, bytes);
  return std::unique_ptr<std::uint64_t[], Free>(static_cast<std::uint64_t*>(words));
}

}  // namespace sparkify::star
