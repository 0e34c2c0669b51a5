// Appending JSON text to a std::string buffer: the generator formats every
// line by hand (no DOM, no iostream) so a million events take well under a
// second to format. Numbers use std::to_chars, so the text is the same on every
// platform.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sparkify::generate {

struct JsonEscaping {
  bool ascii_only = false;    // write non-ASCII as \uXXXX (surrogate pairs above U+FFFF)
  bool escape_slash = false;  // write '/' as "\/" (the real log files do)
};

// Appends `text` (valid UTF-8) as a quoted JSON string.
void append_json_string(std::string& out, std::string_view text, JsonEscaping escaping = {});

// Appends a quoted JSON string, or null.
void append_json_string_or_null(std::string& out, std::optional<std::string_view> text);

void append_integer(std::string& out, std::int64_t value);

// Shortest fixed-notation text that reads back as exactly `value`, always with
// a fraction ("200.0", like the real files).
void append_decimal(std::string& out, double value);

void append_decimal_or_null(std::string& out, std::optional<double> value);

}  // namespace sparkify::generate
