#include "pipeline/create_tables.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "pipeline/run_statements.h"
#include "sql/schema.h"
#include "sql/star_totals.h"
#include "sql/tables.h"
#include "warehouse/open_warehouse.h"

namespace sparkify::pipeline {
namespace {

std::vector<std::string_view> sparkify_tables() {
  std::vector<std::string_view> out;
  for (const auto& table : sql::table_schemas()) out.push_back(table.name);
  return out;
}

std::set<std::string, std::less<>> existing_tables(warehouse::Warehouse& warehouse) {
  std::set<std::string, std::less<>> out;
  for (const auto& row : warehouse.query(warehouse.dialect().existing_tables()).rows) {
    if (row.at(0)) out.insert(*row.at(0));
  }
  return out;
}

// "songplays (6820 rows), users (96 rows)" for every existing non-empty table.
std::vector<std::string> tables_with_rows(warehouse::Warehouse& warehouse) {
  const auto existing = existing_tables(warehouse);
  std::vector<std::string> out;
  for (auto table : sparkify_tables()) {
    if (!existing.contains(table)) continue;
    const auto rows = query_count(warehouse, sql::count_rows(table));
    if (rows > 0) out.push_back(fmt::format("{} ({} rows)", table, rows));
  }
  return out;
}

}  // namespace

void create_tables(warehouse::Warehouse& warehouse, bool force, const std::function<void(std::string_view)>& progress) {
  warehouse::Transaction transaction(warehouse);
  if (!force) {
    const auto loaded = tables_with_rows(warehouse);
    if (!loaded.empty()) {
      throw_error(ErrorKind::usage,
                  "create-tables would drop data in {}: {}. Nothing was changed; add --force to drop and recreate "
                  "them",
                  warehouse.describe(), fmt::join(loaded, ", "));
    }
  }
  const auto& dialect = warehouse.dialect();
  const bool totals = dialect.keeps_star_totals();
  // The tables dropped first: their triggers go with them, and then nothing
  // uses the function that drop_star_totals() drops.
  for (const auto& statements :
       {dialect.drop_tables(), totals ? sql::drop_star_totals() : std::vector<sql::Statement>{},
        dialect.create_tables(), totals ? sql::create_star_totals(true) : std::vector<sql::Statement>{}}) {
    for (const auto& statement : statements) {
      progress(statement.name);
      warehouse.execute(statement);
    }
  }
  transaction.commit();
}

void require_sparkify_tables(warehouse::Warehouse& warehouse) {
  const auto existing = existing_tables(warehouse);
  std::vector<std::string_view> missing;
  for (auto table : sparkify_tables()) {
    if (!existing.contains(table)) missing.push_back(table);
  }
  if (missing.empty()) return;
  std::string message = warehouse::no_tables_message(warehouse.describe());
  if (missing.size() < sparkify_tables().size()) message += fmt::format(" (missing: {})", fmt::join(missing, ", "));
  throw Error(ErrorKind::usage, message);
}

}  // namespace sparkify::pipeline
