#include "sql/star_totals.h"

#include <fmt/format.h>

#include <stdexcept>

#include "sql/postgres_dialect.h"

namespace sparkify::sql {
namespace {

constexpr std::string_view kOutdated = "etl_totals_outdated";  // the trigger function and each trigger
constexpr std::string_view kRunSetting = "sparkify.etl_run";   // set to 'on' for the run's transaction

std::string rows_column(std::string_view table) { return fmt::format("{}_rows", table); }

}  // namespace

std::vector<Statement> create_star_totals(bool tables_empty) {
  std::string columns, zeros;
  for (auto table : kStarTables) {
    columns += fmt::format("    {} BIGINT NOT NULL,\n", rows_column(table));
    zeros += "0, ";
  }
  std::vector<Statement> out = {
      {fmt::format("create {}", kTotalsTable),
       fmt::format("CREATE TABLE {} (\n{}    songplays_matched BIGINT NOT NULL,\n    exact BOOLEAN NOT NULL\n)",
                   kTotalsTable, columns)},
      {tables_empty ? fmt::format("the star tables are empty: {}", kTotalsTable)
                    : fmt::format("{} not known yet: the run counts", kTotalsTable),
       fmt::format("INSERT INTO {} VALUES ({}0, {})", kTotalsTable, zeros, tables_empty)},
      // The owner's rights (SECURITY DEFINER). kTotalsTable is named with
      // the schema of the table the trigger fired on (where create-tables
      // made both), and the search path holds only the system catalog, with
      // the session's temporary schema last: a writer's own temporary table
      // or function of the same name cannot take the mark in its place.
      // Without kTotalsTable (dropped by hand) the function does nothing, so
      // the star tables can still be written.
      {"create the function that marks the totals outdated",
       fmt::format(R"(CREATE FUNCTION {0}() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF current_setting('{1}', true) IS DISTINCT FROM 'on'
            AND to_regclass(format('%I.{2}', TG_TABLE_SCHEMA)) IS NOT NULL THEN
        EXECUTE format('UPDATE %I.{2} SET exact = false WHERE exact', TG_TABLE_SCHEMA);
    END IF;
    RETURN NULL;
END $$)",
                   kOutdated, kRunSetting, kTotalsTable)}};
  for (auto table : kStarTables) {
    out.push_back({fmt::format("a change to {} outside a run marks the totals outdated", table),
                   fmt::format("CREATE TRIGGER {0} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {1} "
                               "FOR EACH STATEMENT EXECUTE FUNCTION {0}()",
                               kOutdated, table)});
  }
  return out;
}

std::vector<Statement> drop_star_totals() {
  return {{fmt::format("drop {}", kTotalsTable), fmt::format("DROP TABLE IF EXISTS {}", kTotalsTable)},
          {"drop the function that marks the totals outdated", fmt::format("DROP FUNCTION IF EXISTS {}()", kOutdated)}};
}

Statement mark_etl_run() {
  return {"the run's own changes leave the kept totals exact", fmt::format("SET LOCAL {} = 'on'", kRunSetting)};
}

std::string select_star_totals_state() {
  std::string may_trigger;
  for (auto table : kStarTables) may_trigger += fmt::format(" AND has_table_privilege('{}', 'TRIGGER')", table);
  return fmt::format(
      "SELECT to_regclass('{0}') IS NOT NULL,\n"
      "    to_regclass('{0}') IS NULL AND has_schema_privilege(current_schema(), 'CREATE'){1}\n"
      "    AND to_regprocedure('{2}()') IS NULL AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{2}')",
      kTotalsTable, may_trigger, kOutdated);
}

std::string select_kept_star_totals(const Dialect& dialect) {
  std::string kept, tables, added;
  for (auto table : kStarTables) {
    kept += fmt::format("t.{}, ", rows_column(table));
    tables += fmt::format("{}'{}'::regclass", tables.empty() ? "" : ", ", table);
    const auto table_added = dialect.rows_added_in_transaction(table);
    if (!table_added) throw std::logic_error("select_kept_star_totals: the dialect counts no rows added");
    added += fmt::format(",\n    {}", *table_added);
  }
  // 'O' and 'A': the trigger fires in a session that replicates nothing (the
  // default); 'D' is disabled, 'R' fires only in replica sessions.
  return fmt::format(
      "SELECT {0}t.songplays_matched, t.exact,\n"
      "    (SELECT count(*) FROM pg_trigger g WHERE g.tgname = '{1}' AND g.tgenabled IN ('O', 'A') "
      "AND g.tgrelid IN ({2})) = {3}{4},\n"
      "    {5}, {6}, {7}\n"
      "FROM {8} t FOR UPDATE OF t",
      kept, kOutdated, tables, kStarTables.size(), added, transaction_inserted("songplays"),
      transaction_updated("songplays"), transaction_deleted("songplays"), kTotalsTable);
}

Statement store_star_totals(const StarTotals& totals, bool row_kept) {
  std::string assignments, values;
  for (std::size_t i = 0; i < kStarTables.size(); ++i) {
    assignments += fmt::format("{} = {}, ", rows_column(kStarTables[i]), totals.rows[i]);
    values += fmt::format("{}, ", totals.rows[i]);
  }
  if (row_kept) {
    return {"keep the totals", fmt::format("UPDATE {} SET {}songplays_matched = {}, exact = true", kTotalsTable,
                                           assignments, totals.songplays_matched)};
  }
  return {"keep the totals",
          fmt::format("INSERT INTO {} VALUES ({}{}, true)", kTotalsTable, values, totals.songplays_matched)};
}

std::string count_matched_plays() { return "SELECT count(song_id) FROM songplays"; }

}  // namespace sparkify::sql
