#include "cli/result_format.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace sparkify::cli {
namespace {

constexpr std::string_view kNull = "NULL";

// East Asian wide and emoji code points take two terminal columns.
bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Display width in terminal columns of UTF-8 text.
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    width += is_wide(cp) ? 2 : 1;
    i += length;
  }
  return width;
}

bool looks_numeric(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789.-+eE") == std::string_view::npos;
}

void print_table(std::ostream& out, const warehouse::QueryResult& result) {
  std::vector<std::size_t> widths;
  for (const auto& column : result.columns) widths.push_back(display_width(column));
  for (const auto& row : result.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(row[c] ? std::string_view(*row[c]) : kNull));
    }
  }
  auto cell = [&](std::string_view text, std::size_t c, bool right) {
    std::string pad(widths[c] - display_width(text), ' ');
    out << (c ? "  " : "") << (right ? pad : "") << text << (right ? "" : pad);
  };
  for (std::size_t c = 0; c < result.columns.size(); ++c) cell(result.columns[c], c, false);
  out << '\n';
  for (std::size_t c = 0; c < result.columns.size(); ++c) cell(std::string(widths[c], '-'), c, false);
  out << '\n';
  for (const auto& row : result.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string_view text = row[c] ? std::string_view(*row[c]) : kNull;
      cell(text, c, row[c] && looks_numeric(text));
    }
    out << '\n';
  }
  out << "(" << result.rows.size() << (result.rows.size() == 1 ? " row)\n" : " rows)\n");
}

void print_csv_field(std::ostream& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out << text;
    return;
  }
  out << '"';
  for (char c : text) out << (c == '"' ? "\"\"" : std::string_view(&c, 1));
  out << '"';
}

void print_csv(std::ostream& out, const warehouse::QueryResult& result) {
  for (std::size_t c = 0; c < result.columns.size(); ++c) {
    if (c) out << ',';
    print_csv_field(out, result.columns[c]);
  }
  out << "\r\n";
  for (const auto& row : result.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) out << ',';
      if (row[c]) print_csv_field(out, *row[c]);  // NULL is an empty field
    }
    out << "\r\n";
  }
}

void print_json(std::ostream& out, const warehouse::QueryResult& result) {
  auto rows = nlohmann::json::array();
  for (const auto& row : result.rows) {
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t c = 0; c < row.size(); ++c) {
      object[result.columns[c]] = row[c] ? nlohmann::json(*row[c]) : nlohmann::json(nullptr);
    }
    rows.push_back(std::move(object));
  }
  out << rows.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

ResultFormat parse_result_format(std::string_view typed) {
  std::string name(typed);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name == "table") return ResultFormat::table;
  if (name == "csv") return ResultFormat::csv;
  if (name == "json") return ResultFormat::json;
  throw_error(ErrorKind::usage, "unknown --format '{}': use table, csv or json", typed);
}

void print_result(std::ostream& out, const warehouse::QueryResult& result, ResultFormat format) {
  switch (format) {
    case ResultFormat::table:
      return print_table(out, result);
    case ResultFormat::csv:
      return print_csv(out, result);
    case ResultFormat::json:
      return print_json(out, result);
  }
}

}  // namespace sparkify::cli
