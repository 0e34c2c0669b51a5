// terminal: what sparkify may send to a stream, decided in one place.
//  - is_terminal(fd): the stream is a terminal (isatty), so it may get live
//    redraws (carriage returns, clear-to-end-of-line).
//  - colour_allowed(fd): a terminal AND no NO_COLOR in the environment (set
//    to any non-empty value, as no-color.org defines it).
//  - status_word(pass, colour): "PASS" green / "FAIL" red with colour, plain
//    words without; the one spelling `check` and `doctor` both print.
#pragma once

#include <string>

namespace sparkify::cli {

bool is_terminal(int fd);
bool colour_allowed(int fd);
std::string status_word(bool pass, bool colour);

}  // namespace sparkify::cli
