// Text helpers shared by the report renderers: escaping for HTML/SVG and
// markdown, number formatting, and bars drawn with block characters.
#pragma once

#include <string>
#include <string_view>

namespace sparkify::report {

// Escapes & < > " ' so any text is safe inside HTML or SVG elements and
// attribute values. Bytes are otherwise kept (UTF-8 passes through).
std::string escape_html(std::string_view text);

// Text safe inside a markdown table cell: HTML-escaped, `|` as `\|`, line
// breaks as spaces.
std::string escape_markdown_cell(std::string_view text);

// 1234567 -> "1,234,567"; non-integral values keep one decimal ("12.5").
std::string format_number(double value);

// At most `max_chars` UTF-8 code points of `text`, with "…" when cut; never
// splits a multi-byte character.
std::string shorten(std::string_view text, std::size_t max_chars);

// A bar of block characters (█ and eighths ▏…▉) `width` columns long at
// value == largest, proportionally shorter below; "" for value <= 0.
std::string text_bar(double value, double largest, int width);

// "Sunday" for 0 … "Saturday" for 6 (sql::kWeekdayNames; the time table's weekday, 0 = Sunday);
// "day N" outside 0-6.
std::string weekday_name(long weekday);

}  // namespace sparkify::report
