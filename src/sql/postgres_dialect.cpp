// PostgreSQL statements: the shared merge (sql/star_merge.h) with byte-order
// text (COLLATE "C"), exact epoch arithmetic and ANALYZE of the work tables.
#include "sql/postgres_dialect.h"

#include <fmt/format.h>

#include <utility>

#include "sql/schema.h"
#include "sql/tables.h"

namespace sparkify::sql {

namespace {

std::string postgres_type(const Column& column) {
  switch (column.type) {
    case ColumnType::text:
      return "VARCHAR";
    case ColumnType::int32:
      return "INTEGER";
    case ColumnType::int64:
      return "BIGINT";
    case ColumnType::float64:
      return "DOUBLE PRECISION";
    case ColumnType::timestamp:
      return "TIMESTAMP";
    case ColumnType::uuid:
      return "UUID";
  }
  return "";
}

constexpr EngineSql kPostgres = {
    .type_name = postgres_type,
    .text_ascending = [](std::string_view e) { return fmt::format("{} COLLATE \"C\" ASC NULLS FIRST", e); },
    .text_equal = [](std::string_view l, std::string_view r) { return fmt::format("{} = {} COLLATE \"C\"", l, r); },
    .text_key = [](std::string_view e) { return std::string(e); },
    .text_distinct = [](std::string_view e) { return std::string(e); },
    // Whole seconds, then the remaining milliseconds: integer arithmetic only
    // (`ms * INTERVAL '1 millisecond'` goes through a double and is off by
    // microseconds near the year 9999).
    .timestamp_from_epoch_ms =
        [](std::string_view ms) {
          return fmt::format(
              "TIMESTAMP '1970-01-01 00:00:00' + ({0} / 1000) * INTERVAL '1 second' + ({0} % 1000) * INTERVAL "
              "'1 millisecond'",
              ms);
        },
    .time_parts = extract_time_parts,
    .songplay_key = [](std::string_view md5_hex) { return fmt::format("CAST({} AS UUID)", md5_hex); },
    .staged_user_id = "user_id",
    .analyze_work_tables = true,
    .truncate_work_tables = true,
    .temporary_schema = "pg_temp.",
};

std::string_view copy_options(CopyFormat format) {
  return format == CopyFormat::binary ? "(FORMAT binary)" : "(FORMAT text)";
}

}  // namespace

std::vector<Statement> postgres_session_settings() {
  return {
      {"set datestyle", "SET datestyle = 'ISO, MDY'"},
      {"set extra_float_digits", "SET extra_float_digits = 1"},
      {"set timezone", "SET timezone = 'UTC'"},
  };
}

Statement copy_events_from_stdin(CopyFormat format) {
  return {"copy staging_events", fmt::format("COPY staging_events ({}) FROM STDIN {}",
                                             column_list(staging_events_schema().columns), copy_options(format))};
}

Statement copy_songs_from_stdin(CopyFormat format) {
  return {"copy staging_songs", fmt::format("COPY staging_songs ({}) FROM STDIN {}",
                                            column_list(staging_songs_schema().columns), copy_options(format))};
}

Statement copy_table_from_stdin(std::string_view table) {
  return {fmt::format("copy {}", table), fmt::format("COPY {} FROM STDIN (FORMAT binary)", table)};
}

PostgresDialect::PostgresDialect() : StarMergeDialect(kPostgres) {}

std::vector<Statement> PostgresDialect::drop_tables() const { return drop_all_tables(); }

// Staging rows live for one run and are rebuilt from the source files, so the
// staging tables skip the write-ahead log (UNLOGGED: emptied after a server
// crash, not copied to replicas); the star tables stay logged.
std::vector<Statement> PostgresDialect::create_tables() const {
  return create_table_statements(postgres_type, KeyDeclaration::dimensions, "UNLOGGED TABLE");
}

// TRUNCATE rather than DELETE: it is transactional in PostgreSQL (a failed
// run's rollback brings the old rows back) and leaves no dead rows behind for
// the next load to grow past.
std::vector<Statement> PostgresDialect::clear_staging() const {
  return {{"clear staging_events", "TRUNCATE staging_events"}, {"clear staging_songs", "TRUNCATE staging_songs"}};
}

std::vector<Statement> PostgresDialect::run_settings() const {
  // Sorts of the transform stay in memory (SET LOCAL: until the run's
  // transaction ends); at 1M events this cut the songplays insert's CPU by a
  // fifth against the default 4MB.
  return {{"set work_mem", "SET LOCAL work_mem = '256MB'"}};
}

std::string PostgresDialect::existing_tables() const {
  return "SELECT c.relname FROM pg_catalog.pg_class c "
         "WHERE c.relnamespace = (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = current_schema()) "
         "AND c.relkind IN ('r', 'p', 'v', 'f') "
         "AND (pg_catalog.pg_has_role(c.relowner, 'USAGE') "
         "OR pg_catalog.has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') "
         "OR pg_catalog.has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))";
}

std::string start_time_index(std::string_view table) { return fmt::format("{}_start_time", table); }

// The functions pg_stat_xact_user_tables' n_tup_ins, n_tup_upd and n_tup_del
// read, called directly (planning the view costs about 3 ms in a session's
// first use, 0.5-0.8 ms for the function; psql).
std::string transaction_inserted(std::string_view table) {
  return fmt::format("pg_stat_get_xact_tuples_inserted('{}'::regclass)", table);
}
std::string transaction_updated(std::string_view table) {
  return fmt::format("pg_stat_get_xact_tuples_updated('{}'::regclass)", table);
}
std::string transaction_deleted(std::string_view table) {
  return fmt::format("pg_stat_get_xact_tuples_deleted('{}'::regclass)", table);
}

namespace {

// The tables prepare_key_lookups() indexes and analyzes, in its order.
constexpr std::string_view kKeyLookupTables[] = {"songplays", "time"};

// Whether `table`'s rows when the transaction began (as the planner last
// counted them) and the transaction's inserts reach kKeyIndexFromRows.
std::string key_lookup_due(std::string_view table) {
  return fmt::format("{} + (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = '{}'::regclass) >= {}",
                     transaction_inserted(table), table, kKeyIndexFromRows);
}

}  // namespace

std::vector<Statement> PostgresDialect::prepare_key_lookups() const {
  std::vector<Statement> out;
  for (std::string_view table : kKeyLookupTables) {
    out.push_back({fmt::format("index and analyze {}", table),
                   fmt::format(R"(DO $$
DECLARE
    inserted bigint := {3};
    held real;
    owned boolean;
BEGIN
    -- Only the table's owner may index it; a loader with row rights alone
    -- loads as it would without the index.
    SELECT greatest(reltuples, 0), pg_has_role(relowner, 'USAGE') INTO held, owned
    FROM pg_class WHERE oid = '{0}'::regclass;
    IF inserted + held >= {1} AND owned THEN
        IF to_regclass('{2}') IS NULL THEN
            CREATE INDEX {2} ON {0} (start_time);
        END IF;
        IF inserted > 0.1 * held THEN
            ANALYZE {0};
        END IF;
    END IF;
END $$)",
                               table, kKeyIndexFromRows, start_time_index(table), transaction_inserted(table))});
  }
  return out;
}

std::optional<std::string> PostgresDialect::select_key_lookups_due() const {
  std::string out;
  for (std::string_view table : kKeyLookupTables)
    out += fmt::format("{}{}", out.empty() ? "SELECT " : ", ", key_lookup_due(table));
  return out;
}

std::optional<std::string> PostgresDialect::select_time_indexed() const {
  return fmt::format("SELECT to_regclass('{}') IS NOT NULL", start_time_index("time"));
}

std::optional<std::string> PostgresDialect::rows_added_in_transaction(std::string_view table) const {
  return fmt::format("({} - {})", transaction_inserted(table), transaction_deleted(table));
}

std::vector<Statement> PostgresDialect::stage_run_songs() const {
  std::vector<Statement> out = {
      // Fresh statistics for the rows just loaded (visible inside the run's
      // transaction): without them the planner takes the staging tables for
      // near-empty and picks nested loops that run for minutes at 20k events.
      {"analyze staging", "ANALYZE staging_events, staging_songs"},
  };
  for (Statement& statement : StarMergeDialect::stage_run_songs()) out.push_back(std::move(statement));
  return out;
}

}  // namespace sparkify::sql
