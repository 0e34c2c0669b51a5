#include "cli/result_format.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace sparkify::cli {
namespace {

constexpr std::string_view kNull = "NULL";

// Display width in code points (UTF-8 continuation bytes do not count).
std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
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

ResultFormat parse_result_format(std::string_view name) {
  if (name == "table") return ResultFormat::table;
  if (name == "csv") return ResultFormat::csv;
  if (name == "json") return ResultFormat::json;
  throw_error(ErrorKind::usage, "unknown --format '{}': use table, csv or json", name);
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
