#include "report/text.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "sql/tables.h"

namespace sparkify::report {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_markdown_cell(std::string_view text) {
  std::string out;
  for (char c : escape_html(text)) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_number(double value) {
  if (std::abs(value - std::round(value)) > 1e-9) return fmt::format("{:.1f}", value);
  const long long whole = std::llround(value);
  std::string digits = std::to_string(whole < 0 ? -whole : whole);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return whole < 0 ? "-" + out : out;
}

std::string shorten(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars++ == max_chars - 1) {
      // Keep this character only if it is the last one.
      std::size_t next = i + 1;
      while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
      if (next == text.size()) return std::string(text);
      return std::string(text.substr(0, i)) + "…";
    }
  }
  return std::string(text);
}

std::string text_bar(double value, double largest, int width) {
  if (value <= 0 || largest <= 0 || width <= 0) return "";
  static constexpr std::array<std::string_view, 8> kEighths = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  const long eighths = std::max(1L, std::lround(value / largest * width * 8));
  std::string out;
  for (long i = 0; i < eighths / 8; ++i) out += "█";
  out += kEighths[static_cast<std::size_t>(eighths % 8)];
  return out;
}

std::string weekday_name(long weekday) {
  if (weekday < 0 || weekday > 6) return fmt::format("day {}", weekday);
  return std::string(sql::kWeekdayNames[static_cast<std::size_t>(weekday)]);
}

}  // namespace sparkify::report
