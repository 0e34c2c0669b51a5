#include "cli/terminal.h"

#include <unistd.h>

#include <cstdlib>

namespace sparkify::cli {

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

bool colour_allowed(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  return is_terminal(fd) && !(no_color && *no_color);
}

std::string status_word(bool pass, bool colour) {
  if (!colour) return pass ? "PASS" : "FAIL";
  return pass ? "\033[32mPASS\033[0m" : "\033[31mFAIL\033[0m";
}

}  // namespace sparkify::cli
