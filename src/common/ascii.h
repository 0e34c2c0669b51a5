// ascii_lower: a text with A-Z turned to a-z and every other byte kept, for
// names that compare without case (schemes, header names, flags, config
// keys). Bytes above 0x7F are left alone, whatever the locale.
#pragma once

#include <string>
#include <string_view>

namespace sparkify {

inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace sparkify
