// `sparkify query NAME|"SQL"|-f FILE|-` and `sparkify sql [--dialect NAME]`.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/result_format.h"
#include "cli/sql_script.h"
#include "common/error.h"
#include "sql/dialects.h"
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

void print_statements(std::ostream& out, const std::string& section, const std::vector<sql::Statement>& statements) {
  out << "-- " << section << "\n\n";
  for (const auto& statement : statements) out << "-- " << statement.name << '\n' << statement.text << ";\n\n";
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
    bool list = false;
  };
  auto options = std::make_shared<Options>();
  command->add_option("query", options->what, "A query name, SQL text in quotes, or - to read SQL from stdin");
  command->add_option("-f,--file", options->file, "Read the SQL from this file");
  command->add_option("--format", options->format, "table, csv, json or ndjson")->capture_default_str();
  command->add_flag("--list", options->list, "List the named queries");
  command->callback([&context, options] {
    const auto& [what, file, format, list] = *options;
    if (list || (what.empty() && file.empty())) {
      for (const auto& query : sql::analytics_queries()) {
        context.out << fmt::format("{:<18} {}\n", query.name, query.description);
      }
      return;
    }
    const auto result_format = parse_result_format(format);
    const auto statements = split_statements(sql_text(what, file));
    if (statements.empty()) throw_error(ErrorKind::usage, "no SQL statement to run: the text holds only comments");
    auto warehouse = warehouse::open_warehouse(context.settings());
    for (std::size_t i = 0; i < statements.size(); ++i) {
      if (i > 0 && result_format != ResultFormat::ndjson) context.out << '\n';
      auto printer = make_result_printer(context.out, result_format);
      warehouse->stream_query(statements[i], *printer);
    }
  });
}

void register_sql_command(CLI::App& app, CommandContext& context) {
  auto* command =
      app.add_subcommand("sql", "Print every statement sparkify runs, in order, ready to paste into a SQL editor");
  auto dialect_name = std::make_shared<std::string>();
  command->add_option("--dialect", *dialect_name, "duckdb, postgres or redshift (default: the target's)");
  command->callback([&context, dialect_name] {
    std::string name = *dialect_name;
    if (name.empty()) {
      name = warehouse::dialect_name_for_target(context.overrides.target.value_or(context.settings().target));
    }
    auto dialect = sql::make_dialect(name);
    auto& out = context.out;
    out << "-- sparkify statements for " << dialect->name() << "\n\n";
    print_statements(out, "create-tables: drop", dialect->drop_tables());
    print_statements(out, "create-tables: create", dialect->create_tables());
    print_statements(out, "etl: clear staging (same transaction as the load)", dialect->clear_staging());
    sql::CopyParams example{"s3://BUCKET/log_data",
                            "s3://BUCKET/song_data",
                            "s3://BUCKET/log_json_path.json",
                            "arn:aws:iam::ACCOUNT:role/ROLE",
                            "us-west-2",
                            0};
    if (auto copy = dialect->copy_staging(example); !copy.empty()) {
      print_statements(out, "etl: load staging with COPY (example locations)", copy);
    }
    print_statements(out, "etl: build the star schema", dialect->build_star_schema());
    print_statements(out, "etl: record the run (example values)",
                     {sql::record_run({"song=DIR log=DIR", 30, 200, 5000, 0, 200, 0})});
    std::vector<sql::Statement> checks;
    for (const auto& check : sql::quality_checks()) checks.push_back({"check: " + check.name, check.sql});
    print_statements(out, "check (each returns one number)", checks);
    std::vector<sql::Statement> queries;
    for (const auto& query : sql::analytics_queries()) queries.push_back({"query " + query.name, query.sql});
    print_statements(out, "query: named analytics queries", queries);
  });
}

}  // namespace sparkify::cli
