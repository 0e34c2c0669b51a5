// StringArena: strings are packed into blocks that are allocated once and
// never resized, so their bytes never move. Each new block is twice the last
// one's size, from kFirstBlock up to kLargestBlock; a string longer than a
// quarter of kLargestBlock gets a block of its own. Strings are stored back
// to back, not NUL-terminated.
#include "parse/batch.h"

#include <algorithm>
#include <cstring>

namespace sparkify::parse {

namespace {

constexpr std::size_t kFirstBlock = 1024;
constexpr std::size_t kLargestBlock = 64 * 1024;

}  // namespace

std::string_view StringArena::store(std::string_view text) {
  if (text.empty()) {
    return std::string_view("", 0);
  }
  if (text.size() > kLargestBlock / 4) {
    // A dedicated block at the front (deque::emplace_front keeps references to
    // the other blocks valid); the back block keeps filling up.
    const Block& own = blocks_.emplace_front(Block{std::make_unique_for_overwrite<char[]>(text.size()), text.size()});
    if (blocks_.size() == 1) {
      used_in_last_ = own.size;  // the back block is this full one
    }
    std::memcpy(own.bytes.get(), text.data(), text.size());
    return std::string_view(own.bytes.get(), text.size());
  }
  if (blocks_.empty() || blocks_.back().size - used_in_last_ < text.size()) {
    const std::size_t grown = blocks_.empty() ? kFirstBlock : std::min(2 * blocks_.back().size, kLargestBlock);
    const std::size_t size = std::max(grown, text.size());
    blocks_.push_back(Block{std::make_unique_for_overwrite<char[]>(size), size});
    used_in_last_ = 0;
  }
  char* destination = blocks_.back().bytes.get() + used_in_last_;
  std::memcpy(destination, text.data(), text.size());
  used_in_last_ += text.size();
  return std::string_view(destination, text.size());
}

}  // namespace sparkify::parse
