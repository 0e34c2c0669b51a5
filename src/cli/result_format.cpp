#include "cli/result_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <span>

#include "common/ascii.h"
#include "common/error.h"
#include "report/text.h"
#include "warehouse/value_json.h"

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

// A number as engines print them: "-12", "1.50", "1e+300", "nan", "inf"; not a date.
bool looks_numeric(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

using warehouse::fixed_millis;
using warehouse::json_string;
using warehouse::json_value;
using warehouse::ValueKind;
using Values = std::span<const std::optional<std::string>>;

// The text to show for a value of `kind` (timestamps with fixed milliseconds).
std::string shown(const std::string& text, ValueKind kind) {
  return kind == ValueKind::timestamp ? fixed_millis(text) : text;
}

// "(N rows)", or "N rows (M shown)" when only the first M are printed.
std::string row_count_line(std::size_t total, std::size_t shown) {
  if (shown < total) return fmt::format("{} rows ({} shown; --all prints every row)\n", total, shown);
  return fmt::format("({} {})\n", total, total == 1 ? "row" : "rows");
}

// A value on one table line: line breaks and tabs shown as \n, \r, \t.
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void print_table(std::ostream& out, const warehouse::QueryResult& result, std::size_t total) {
  std::vector<std::size_t> widths;
  for (const auto& column : result.columns) widths.push_back(display_width(one_line(column)));
  for (const auto& row : result.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(row[c] ? one_line(*row[c]) : std::string(kNull)));
    }
  }
  auto cell = [&](std::string_view text, std::size_t c, bool right) {
    std::string pad(widths[c] - display_width(text), ' ');
    out << (c ? "  " : "") << (right ? pad : "") << text << (right ? "" : pad);
  };
  for (std::size_t c = 0; c < result.columns.size(); ++c) cell(one_line(result.columns[c]), c, false);
  out << '\n';
  for (std::size_t c = 0; c < result.columns.size(); ++c) cell(std::string(widths[c], '-'), c, false);
  out << '\n';
  for (const auto& row : result.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string text = row[c] ? one_line(*row[c]) : std::string(kNull);
      cell(text, c, row[c] && looks_numeric(text));
    }
    out << '\n';
  }
  out << row_count_line(total, result.rows.size());
}

bool numeric_column(const warehouse::QueryResult& result, std::size_t c) {
  return std::ranges::all_of(result.rows, [&](const auto& row) { return !row[c] || looks_numeric(*row[c]); });
}

void print_markdown(std::ostream& out, const warehouse::QueryResult& result, std::size_t total) {
  std::string rule = "|";
  out << '|';
  for (std::size_t c = 0; c < result.columns.size(); ++c) {
    out << ' ' << report::escape_markdown_cell(result.columns[c]) << " |";
    const bool any_value = std::ranges::any_of(result.rows, [&](const auto& row) { return row[c].has_value(); });
    rule += numeric_column(result, c) && any_value ? "---:|" : "---|";
  }
  out << '\n' << rule << '\n';
  for (const auto& row : result.rows) {
    out << '|';
    for (const auto& cell : row) out << ' ' << report::escape_markdown_cell(cell ? *cell : kNull) << " |";
    out << '\n';
  }
  if (result.rows.size() < total) out << '\n' << row_count_line(total, result.rows.size());
}

constexpr int kChartWidth = 40;  // columns of the longest bar

// The rows to print (the first max_rows) and, with a chart, a bar column
// drawing the last column against its largest value in the whole result.
warehouse::QueryResult displayed(const warehouse::QueryResult& result, const TableOptions& options) {
  warehouse::QueryResult shown{result.columns, {}, result.kinds};
  const std::size_t count = std::min(result.rows.size(), options.max_rows.value_or(result.rows.size()));
  shown.rows.assign(result.rows.begin(), result.rows.begin() + static_cast<std::ptrdiff_t>(count));
  if (!options.chart) return shown;
  if (result.columns.empty() || !numeric_column(result, result.columns.size() - 1)) {
    throw_error(ErrorKind::usage, "--chart draws the last column, which must hold numbers; '{}' does not",
                result.columns.empty() ? "" : result.columns.back());
  }
  double largest = 0;
  for (const auto& row : result.rows) largest = std::max(largest, row.back() ? std::stod(*row.back()) : 0.0);
  shown.columns.emplace_back("");
  for (auto& row : shown.rows) {
    const double value = row.back() ? std::stod(*row.back()) : 0.0;
    row.emplace_back(report::text_bar(value, largest, kChartWidth));
  }
  return shown;
}

// table and markdown: hold every row (widths, the chart's scale), print at end().
class HeldPrinter : public warehouse::RowSink {
 public:
  HeldPrinter(std::ostream& out, ResultFormat format, const TableOptions& options)
      : out_(out), format_(format), options_(options) {}
  void begin(const std::vector<std::string>& columns, const std::vector<ValueKind>& kinds) override {
    result_.columns = columns;
    result_.kinds = kinds;
  }
  void row(Values values) override {
    auto& row = result_.rows.emplace_back();
    for (std::size_t c = 0; c < values.size(); ++c) {
      row.push_back(values[c] ? std::optional<std::string>(shown(*values[c], result_.kinds[c])) : std::nullopt);
    }
  }
  void end() override {
    const auto rows = displayed(result_, options_);
    if (format_ == ResultFormat::markdown) {
      print_markdown(out_, rows, result_.rows.size());
    } else {
      print_table(out_, rows, result_.rows.size());
    }
  }

 private:
  std::ostream& out_;
  ResultFormat format_;
  TableOptions options_;
  warehouse::QueryResult result_;
};

void print_csv_field(std::ostream& out, std::string_view text) {
  if (!text.empty() && text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out << text;
    return;
  }
  out << '"';  // also for "", so an empty string differs from NULL (an empty field)
  for (char c : text) out << (c == '"' ? "\"\"" : std::string_view(&c, 1));
  out << '"';
}

class CsvPrinter : public warehouse::RowSink {
 public:
  explicit CsvPrinter(std::ostream& out) : out_(out) {}
  void begin(const std::vector<std::string>& columns, const std::vector<ValueKind>& kinds) override {
    kinds_ = kinds;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c) out_ << ',';
      print_csv_field(out_, columns[c]);
    }
    out_ << '\n';
  }
  void row(Values values) override {
    for (std::size_t c = 0; c < values.size(); ++c) {
      if (c) out_ << ',';
      if (values[c]) print_csv_field(out_, shown(*values[c], kinds_[c]));  // NULL is an empty field
    }
    out_ << '\n';
  }
  void end() override {}

 private:
  std::ostream& out_;
  std::vector<ValueKind> kinds_;
};

// JSON objects per row: `a`, `a_1`, ... for repeated names.
class JsonPrinter : public warehouse::RowSink {
 public:
  JsonPrinter(std::ostream& out, bool lines) : out_(out), lines_(lines) {}
  bool nested_as_json() const override { return true; }
  void begin(const std::vector<std::string>& columns, const std::vector<ValueKind>& kinds) override {
    kinds_ = kinds;
    std::vector<std::string> names;
    for (const auto& column : columns) {
      std::string name = column;
      for (int n = 1; std::find(names.begin(), names.end(), name) != names.end() ||
                      (name != column && std::find(columns.begin(), columns.end(), name) != columns.end());
           ++n) {
        name = fmt::format("{}_{}", column, n);
      }
      names.push_back(name);
      keys_.push_back(json_string(name) + ": ");
    }
    if (!lines_) out_ << '[';
  }
  void row(Values values) override {
    if (!lines_) out_ << (rows_ ? ",\n  " : "\n  ");
    out_ << '{';
    for (std::size_t c = 0; c < values.size(); ++c) {
      out_ << (c ? ", " : "") << keys_[c] << json_value(values[c], kinds_[c]);
    }
    out_ << '}';
    if (lines_) out_ << '\n';
    ++rows_;
  }
  void end() override {
    if (!lines_) out_ << (rows_ ? "\n]\n" : "]\n");
  }

 private:
  std::ostream& out_;
  bool lines_;
  std::vector<ValueKind> kinds_;
  std::vector<std::string> keys_;  // quoted name + ": "
  std::size_t rows_ = 0;
};

}  // namespace

ResultFormat parse_result_format(std::string_view typed) {
  const std::string name = ascii_lower(typed);
  if (name == "table") return ResultFormat::table;
  if (name == "csv") return ResultFormat::csv;
  if (name == "json") return ResultFormat::json;
  if (name == "ndjson") return ResultFormat::ndjson;
  if (name == "markdown") return ResultFormat::markdown;
  throw_error(ErrorKind::usage, "unknown --format '{}': use table, markdown, csv, json or ndjson", typed);
}

std::unique_ptr<warehouse::RowSink> make_result_printer(std::ostream& out, ResultFormat format,
                                                        const TableOptions& options) {
  switch (format) {
    case ResultFormat::table:
    case ResultFormat::markdown:
      return std::make_unique<HeldPrinter>(out, format, options);
    case ResultFormat::csv:
      return std::make_unique<CsvPrinter>(out);
    case ResultFormat::json:
      return std::make_unique<JsonPrinter>(out, false);
    case ResultFormat::ndjson:
      return std::make_unique<JsonPrinter>(out, true);
  }
  throw_error(ErrorKind::usage, "unknown result format");
}

void print_result(std::ostream& out, const warehouse::QueryResult& result, ResultFormat format,
                  const TableOptions& options) {
  auto printer = make_result_printer(out, format, options);
  warehouse::send_result(result, *printer);
}

}  // namespace sparkify::cli
