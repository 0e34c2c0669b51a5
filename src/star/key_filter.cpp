#include "star/key_filter.h"

#include <sys/mman.h>

#include <cstring>
#include <new>

namespace sparkify::star {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

}  // namespace

std::unique_ptr<std::uint64_t[], KeyFilter::Free> KeyFilter::allocate(std::size_t bytes) {
  const bool huge = bytes >= kHugePage;
  void* words = std::aligned_alloc(huge ? kHugePage : alignof(std::max_align_t), bytes);
  if (words == nullptr) throw std::bad_alloc();
  if (huge) (void)::madvise(words, bytes, MADV_HUGEPAGE);
  std::memset(words, 0, bytes);
  return std::unique_ptr<std::uint64_t[], Free>(static_cast<std::uint64_t*>(words));
}

}  // namespace sparkify::star
