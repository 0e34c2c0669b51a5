// `sparkify query NAME|"SQL"|-f FILE|-` and `sparkify sql [--dialect NAME]`.
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/result_format.h"
#include "cli/sql_listing.h"
#include "cli/sql_script.h"
#include "common/error.h"
#include "pipeline/create_tables.h"
#include "sql/dialects.h"
#include "sql/load_audit.h"
#include "sql/redshift_dialect.h"
#include "sql/report_queries.h"
#include "sql/tables.h"
#include "warehouse/open_warehouse.h"

namespace sparkify::cli {
namespace {

const sql::NamedQuery* find_query(const std::string& name) {
  for (const auto& query : sql::analytics_queries()) {
    if (query.name == name) return &query;
  }
  return nullptr;
}

// Rows of a table printed to a terminal unless --all (a pipe gets every row).
constexpr std::size_t kTerminalRows = 40;

bool looks_like_sql(const std::string& text) { return text.find_first_of(" \t\n") != std::string::npos; }

std::string read_all(std::istream& in, const std::string& what) {
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw_error(ErrorKind::usage, "cannot read {}", what);
  return buffer.str();
}

// The SQL to run: -f FILE, `-` (stdin), a named query, or SQL text.
std::string sql_text(const std::string& what, const std::string& file) {
  if (!file.empty()) {
    if (!what.empty()) throw_error(ErrorKind::usage, "give either -f FILE or a query, not both");
    std::ifstream in(file, std::ios::binary);
    if (!in || std::filesystem::is_directory(file)) {
      throw_error(ErrorKind::usage, "cannot read SQL file {}: check the -f path", file);
    }
    return read_all(in, file);
  }
  if (what == "-") return read_all(std::cin, "SQL from stdin");
  if (const auto* named = find_query(what)) return named->sql;
  if (!looks_like_sql(what)) {
    throw_error(ErrorKind::usage, "unknown query '{}': run 'sparkify query --list' for the names, or quote SQL text",
                what);
  }
  return what;
}

}  // namespace

void register_query_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand(
      "query",
      "Run a named analytics query or any SQL and print the result.\nNamed queries: top-songs, plays-by-hour, "
      "paid-vs-free, active-users, plays-by-weekday (--list describes them).\n"
      "Several statements separated by ';' all run, in order; each result is printed after the previous one.");
  struct Options {
    std::string what, file, format = "table";
    bool list = false, chart = false, all = false;
  };
  auto options = std::make_shared<Options>();
  command->add_option("query", options->what, "A query name, SQL text in quotes, or - to read SQL from stdin");
  command->add_option("-f,--file", options->file, "Read the SQL from this file");
  command->add_option("--format", options->format, "table, markdown, csv, json or ndjson")->capture_default_str();
  command->add_flag("--list", options->list, "List the named queries");
  command->add_flag("--chart", options->chart, "Add a bar column drawing the last (numeric) column");
  command->add_flag("--all", options->all,
                    "Print every row (a table on a terminal shows the first " + std::to_string(kTerminalRows) + ")");
  command->callback([&context, options] {
    const auto& [what, file, format, list, chart, all] = *options;
    if (list && !(what.empty() && file.empty())) {
      throw_error(ErrorKind::usage, "--list prints the named queries and runs none: drop --list or the query");
    }
    if (list || (what.empty() && file.empty())) {
      for (const auto& query : sql::analytics_queries()) {
        context.out << fmt::format("{:<18} {}\n", query.name, query.description);
      }
      return;
    }
    const auto result_format = parse_result_format(format);
    TableOptions table_options{chart, std::nullopt};
    if (chart && result_format != ResultFormat::table && result_format != ResultFormat::markdown) {
      throw_error(ErrorKind::usage, "--chart needs --format table or markdown");
    }
    if (result_format == ResultFormat::table && !all && ::isatty(STDOUT_FILENO)) table_options.max_rows = kTerminalRows;
    const bool named = file.empty() && find_query(what) != nullptr;
    const auto statements = split_statements(sql_text(what, file));
    if (statements.empty()) throw_error(ErrorKind::usage, "no SQL statement to run: the text holds only comments");
    auto warehouse = warehouse::open_warehouse(context.settings(), warehouse::OpenMode::read_only);
    if (named) pipeline::require_sparkify_tables(*warehouse);
    for (std::size_t i = 0; i < statements.size(); ++i) {
      if (i > 0 && result_format != ResultFormat::ndjson) context.out << '\n';
      auto printer = make_result_printer(context.out, result_format, table_options);
      warehouse->stream_query(statements[i], *printer);
    }
  });
}

void register_sql_command(CLI::App& app, CommandContext& context) {
  auto* command =
      app.add_subcommand("sql", "Print every statement sparkify runs, in order, ready to paste into a SQL editor");
  auto dialect_name = std::make_shared<std::string>();
  command->add_option("--dialect", *dialect_name, "duckdb, postgres or redshift (default: the target's)")
      ->transform(CLI::IsMember({"duckdb", "postgres", "redshift"}, CLI::ignore_case));
  command->callback([&context, dialect_name] {
    std::string name = *dialect_name;
    if (name.empty()) {
      name = warehouse::dialect_name_for_target(context.overrides.target.value_or(context.settings().target));
    }
    print_sql_listing(context.out, *sql::make_dialect(name));
  });
}

}  // namespace sparkify::cli
