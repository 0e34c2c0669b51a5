// Formatting of one log_data line (NDJSON, no trailing newline), with the
// quirks of the real files: registration written as "1540919166796.0",
// userId as a string ("" when logged out), '/' escaped as "\/" in userAgent,
// null user fields for logged-out and guest events, null song fields for pages
// other than NextSong.
#pragma once

#include <string>

#include "generate/event_stream.h"

namespace sparkify::generate {

void append_event_line(std::string& out, const Event& event);

// Malformed variants of a valid line, each one a record the parser must
// reject. `kind` is taken modulo kMalformedKinds.
inline constexpr int kMalformedKinds = 5;
std::string make_malformed_line(const std::string& valid_line, int kind);

}  // namespace sparkify::generate
