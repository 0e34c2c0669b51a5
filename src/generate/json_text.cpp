#include "generate/json_text.h"

#include <charconv>
#include <system_error>

namespace sparkify::generate {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_unicode_escape(std::string& out, std::uint32_t unit) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(unit >> shift) & 0xF]);
}

// Decodes the UTF-8 sequence starting at text[i]; advances i past it.
std::uint32_t decode_utf8(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
  std::uint32_t code = lead & (0x3F >> extra);
  ++i;
  for (; extra > 0 && i < text.size(); --extra, ++i) {
    code = (code << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
  }
  return code;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text, JsonEscaping escaping) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 && escaping.ascii_only) {
      const std::uint32_t code = decode_utf8(text, i);
      if (code > 0xFFFF) {
        append_unicode_escape(out, 0xD800 + ((code - 0x10000) >> 10));
        append_unicode_escape(out, 0xDC00 + ((code - 0x10000) & 0x3FF));
      } else {
        append_unicode_escape(out, code);
      }
      continue;
    }
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '/' && escaping.escape_slash) {
      out += "\\/";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20) {
      append_unicode_escape(out, byte);
    } else {
      out.push_back(c);
    }
    ++i;
  }
  out.push_back('"');
}

void append_json_string_or_null(std::string& out, std::optional<std::string_view> text) {
  if (text) {
    append_json_string(out, *text);
  } else {
    out += "null";
  }
}

void append_integer(std::string& out, std::int64_t value) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, result.ptr);
}

void append_decimal(std::string& out, double value) {
  char digits[64];
  const auto result = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::fixed);
  out.append(digits, result.ptr);
  if (std::string_view(digits, result.ptr).find('.') == std::string_view::npos) out += ".0";
}

void append_decimal_or_null(std::string& out, std::optional<double> value) {
  if (value) {
    append_decimal(out, *value);
  } else {
    out += "null";
  }
}

}  // namespace sparkify::generate
