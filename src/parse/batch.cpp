// StringArena: strings are packed into fixed-size blocks; a block is a
// std::string sized once and never resized, so its bytes never move. A string
// longer than a quarter block gets a block of its own. Strings are stored
// back to back, not NUL-terminated.
#include "parse/batch.h"

#include <cstring>

namespace sparkify::parse {

namespace {

constexpr std::size_t kBlockSize = 64 * 1024;

}  // namespace

std::string_view StringArena::store(std::string_view text) {
  if (text.empty()) {
    return std::string_view("", 0);
  }
  if (text.size() > kBlockSize / 4) {
    // A dedicated block at the front (deque::emplace_front keeps references to
    // the other blocks valid); the back block keeps filling up.
    const std::string& own = blocks_.emplace_front(text);
    if (blocks_.size() == 1) {
      used_in_last_ = own.size();  // the back block is this full one
    }
    return std::string_view(own.data(), own.size());
  }
  if (blocks_.empty() || blocks_.back().size() - used_in_last_ < text.size()) {
    blocks_.emplace_back(kBlockSize, '\0');
    used_in_last_ = 0;
  }
  char* destination = blocks_.back().data() + used_in_last_;
  std::memcpy(destination, text.data(), text.size());
  used_in_last_ += text.size();
  return std::string_view(destination, text.size());
}

}  // namespace sparkify::parse
