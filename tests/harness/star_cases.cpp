#include "harness/star_cases.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string_view>

#include "sql/schema.h"
#include "sql/tables.h"

namespace sparkify::testing {

namespace {

// What a staging column holds when a case does not give it.
const std::map<std::string, std::string>& staging_defaults() {
  static const std::map<std::string, std::string> defaults = {
      // staging_events
      {"auth", "'Logged In'"},
      {"first_name", "'Ada'"},
      {"gender", "'F'"},
      {"item_in_session", "1"},
      {"last_name", "'Lovelace'"},
      {"level", "'free'"},
      {"location", "'London'"},
      {"method", "'PUT'"},
      {"page", "'NextSong'"},
      {"session_id", "1"},
      {"status", "200"},
      {"ts", "1541106106796"},
      {"user_agent", "'Mozilla'"},
      {"user_id", "1"},
      // staging_songs
      {"num_songs", "1"},
      {"artist_id", "'A1'"},
      {"artist_name", "'Artist'"},
      {"song_id", "'S1'"},
      {"title", "'Title'"},
      {"year", "2000"},
  };
  return defaults;
}

const sql::TableSchema& schema_of(std::string_view table) {
  for (const auto& schema : sql::table_schemas()) {
    if (schema.name == table) return schema;
  }
  throw std::runtime_error(fmt::format("no table {}", table));
}

const sql::Column& column_of(std::string_view table, std::string_view name) {
  for (const auto& column : schema_of(table).columns) {
    if (column.name == name) return column;
  }
  throw std::runtime_error(fmt::format("no column {}.{}", table, name));
}

// Splits "a|'b|c'|NULL" at the bars outside quotes; values stay as written.
std::vector<std::string> split_values(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '\'') quoted = !quoted;  // '' toggles twice: stays inside
    if (c == '|' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  if (quoted) throw std::runtime_error("unterminated quote");
  return out;
}

// 1.5000 -> 1.5, 2018-11-01 21:01:46.100 -> 2018-11-01 21:01:46.1, .000 -> "".
std::string without_trailing_zeros(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string print_value(const sql::Column& column, const std::optional<std::string>& value) {
  if (!value) return "NULL";
  switch (column.type) {
    case sql::ColumnType::text:
      return sql::quote_literal(*value);
    case sql::ColumnType::float64:
      return fmt::format("{}", std::stod(*value));
    case sql::ColumnType::timestamp:
      return without_trailing_zeros(*value);
    default:
      return *value;
  }
}

// A printed expected value in the engines' common form ("200.0" -> "200").
std::string normal_value(const sql::Column& column, const std::string& written) {
  if (written == "NULL" || column.type != sql::ColumnType::float64) return written;
  return fmt::format("{}", std::stod(written));
}

std::string join(const std::vector<std::string>& values, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? std::string(separator) : "") + values[i];
  return out;
}

sql::Statement insert_statement(const StagingRows& rows, const std::vector<std::string>& values, long line) {
  const auto& schema = schema_of(rows.table);
  std::vector<std::string> names, literals;
  for (const auto& column : schema.columns) {
    std::string literal = "NULL";
    const auto given = std::find(rows.columns.begin(), rows.columns.end(), column.name);
    if (given != rows.columns.end()) {
      literal = values.at(static_cast<std::size_t>(given - rows.columns.begin()));
    } else if (column.name == "source_file") {
      literal = "'case.json'";
    } else if (column.name == "source_line") {
      literal = std::to_string(line);
    } else if (auto found = staging_defaults().find(std::string(column.name)); found != staging_defaults().end()) {
      literal = found->second;
    }
    names.emplace_back(column.name);
    literals.push_back(literal);
  }
  return {"insert " + rows.table,
          fmt::format("INSERT INTO {} ({}) VALUES ({})", rows.table, join(names, ", "), join(literals, ", "))};
}

}  // namespace

std::vector<StarCase> read_star_cases(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", file.string()));
  std::vector<StarCase> cases;
  std::vector<std::string>* columns = nullptr;  // of the block being read
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    try {
      if (line.empty() || line[0] == '#') continue;
      const auto space = line.find(' ');
      const std::string word = line.substr(0, space);
      const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
      if (word == "case") {
        cases.push_back({rest, number, {}, {}});
        columns = nullptr;
      } else if (cases.empty()) {
        throw std::runtime_error("expected `case <name>` first");
      } else if (word == "run") {
        cases.back().runs.emplace_back();
        columns = nullptr;
      } else if (word == "events" || word == "songs") {
        if (cases.back().runs.empty()) throw std::runtime_error("staging rows before `run`");
        auto& block = cases.back().runs.back().staging.emplace_back();
        block.table = word == "events" ? "staging_events" : "staging_songs";
        block.columns = split_values(rest);
        for (const auto& name : block.columns) column_of(block.table, name);
        columns = &block.columns;
      } else if (word == "expect") {
        const auto gap = rest.find(' ');
        auto& expectation = cases.back().expectations.emplace_back();
        expectation.table = rest.substr(0, gap);
        expectation.columns = split_values(gap == std::string::npos ? "" : rest.substr(gap + 1));
        for (const auto& name : expectation.columns) column_of(expectation.table, name);
        columns = &expectation.columns;
      } else {
        if (columns == nullptr) throw std::runtime_error("a row outside an events/songs/expect block");
        auto values = split_values(line);
        if (values.size() != columns->size()) {
          throw std::runtime_error(fmt::format("{} values for {} columns", values.size(), columns->size()));
        }
        auto& current = cases.back();
        if (!current.expectations.empty() && columns == &current.expectations.back().columns) {
          auto& expectation = current.expectations.back();
          for (std::size_t i = 0; i < values.size(); ++i) {
            values[i] = normal_value(column_of(expectation.table, expectation.columns[i]), values[i]);
          }
          expectation.rows.push_back(join(values, "|"));
          std::sort(expectation.rows.begin(), expectation.rows.end());
        } else {
          current.runs.back().staging.back().rows.push_back(std::move(values));
        }
      }
    } catch (const std::exception& error) {
      throw std::runtime_error(fmt::format("{}:{}: {}", file.string(), number, error.what()));
    }
  }
  return cases;
}

void apply_run(warehouse::Warehouse& warehouse, const Run& run) {
  warehouse::Transaction transaction(warehouse);
  for (const auto& statement : warehouse.dialect().clear_staging()) warehouse.execute(statement);
  long line = 0;
  for (const auto& block : run.staging) {
    for (const auto& values : block.rows) warehouse.execute(insert_statement(block, values, ++line));
  }
  for (const auto& statement : warehouse.dialect().build_star_schema()) warehouse.execute(statement);
  transaction.commit();
}

std::vector<std::string> printed_rows(warehouse::Warehouse& warehouse, const std::string& table,
                                      const std::vector<std::string>& columns) {
  const auto result = warehouse.query(fmt::format("SELECT {} FROM {}", join(columns, ", "), table));
  std::vector<std::string> rows;
  for (const auto& row : result.rows) {
    std::vector<std::string> values;
    for (std::size_t i = 0; i < columns.size(); ++i)
      values.push_back(print_value(column_of(table, columns[i]), row[i]));
    rows.push_back(join(values, "|"));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::string printed_star_tables(warehouse::Warehouse& warehouse) {
  std::string out;
  for (auto table : sql::kStarTables) {
    std::vector<std::string> columns;
    for (const auto& column : schema_of(table).columns) columns.emplace_back(column.name);
    out += std::string(table) + "\n";
    for (const auto& row : printed_rows(warehouse, std::string(table), columns)) out += row + "\n";
  }
  return out;
}

}  // namespace sparkify::testing
