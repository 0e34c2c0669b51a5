// PostgresDialect: DuckDbDialect's statements in PostgreSQL 15 syntax, with the
// same tables, column names, types and results (docs/semantics.md); the merge
// steps are shared (sql/star_merge.h).
//
// Differences from DuckDB that the statements compensate for:
//  - no epoch_ms(): start_time = TIMESTAMP 'epoch' + ts milliseconds (exact
//    integer arithmetic, millisecond precision, independent of TimeZone);
//  - string comparisons and sorts that decide a result use COLLATE "C" (byte
//    order, as DuckDB), so the database's locale never changes which row wins;
//  - the planner knows nothing of freshly filled tables: the staging and work
//    tables are ANALYZEd once filled (inside the run's transaction), so it
//    picks hash joins rather than nested loops over "near-empty" tables.
//
// The client-side bulk load (COPY ... FROM STDIN) is also described here: the
// column order of the COPY statements is the field order of parse::EventRow
// and parse::SongRow, which the warehouse's row encoders follow.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sql/star_merge.h"

namespace sparkify::sql {

// Run once per connection: ISO dates, shortest-exact float text, UTC, so that
// query results read the same as DuckDB's whatever the server's defaults.
std::vector<Statement> postgres_session_settings();

// Rows from which songplays and time get their start_time index. Below it a
// merge step that reads the whole table costs well under a second (1.45M
// plays: 0.14-0.56 s a step), and the index would only slow the loads
// (kept up row by row through a 2M first load, it cost 2.1 s).
inline constexpr std::int64_t kKeyIndexFromRows = 1'000'000;

// The name of that index of `table`: "<table>_start_time".
std::string start_time_index(std::string_view table);

// The rows the open transaction's own statements inserted into `table` (0
// before the first), updated and deleted, each a BIGINT expression.
std::string transaction_inserted(std::string_view table);
std::string transaction_updated(std::string_view table);
std::string transaction_deleted(std::string_view table);

class PostgresDialect final : public StarMergeDialect {
 public:
  PostgresDialect();
  std::string_view name() const override { return "postgres"; }
  std::vector<Statement> drop_tables() const override;
  std::vector<Statement> create_tables() const override;
  std::vector<Statement> clear_staging() const override;
  // SET LOCAL work_mem.
  std::vector<Statement> run_settings() const override;
  // From pg_catalog, with information_schema.tables' conditions (relation
  // kinds, the user's rights): its view costs 2 ms more to plan, as every
  // command's first query.
  std::string existing_tables() const override;
  // Per table (songplays, time) once it holds kKeyIndexFromRows rows: an
  // index on start_time (a play's key implies it), built the first time
  // after the bulk load (a sorted build, much cheaper than keeping it up row
  // by row through a first load), kept up by later loads; and ANALYZE when
  // the run's transaction inserted more than a tenth of the rows the table
  // held (autovacuum's own default share), as PostgreSQL's docs advise after
  // a bulk load. Without them each merge and each day's key lookup reads the
  // whole table, so a daily load costs what the history costs. Only for a
  // user acting as the table's owner (who alone may index it); any other
  // loads as before, without them.
  std::vector<Statement> prepare_key_lookups() const override;
  // Each table's statement can do something only once the rows it held and
  // the transaction's inserts reach kKeyIndexFromRows (its first test): one
  // query instead of two DO blocks, whose first also loads PL/pgSQL.
  std::optional<std::string> select_key_lookups_due() const override;
  // The shared step, after ANALYZE of the staging tables.
  std::vector<Statement> stage_run_songs() const override;
  std::vector<Statement> session_settings() const override { return postgres_session_settings(); }
  // pg_stat_xact_user_tables' counts (its functions): exact for the transaction's own
  // statements, where count(*) would read the whole table twice a run.
  std::optional<std::string> rows_added_in_transaction(std::string_view table) const override;
  std::optional<std::string> select_time_indexed() const override;
  // etl_totals and its triggers (sql/star_totals.h).
  bool keeps_star_totals() const override { return true; }
};

// Wire format of a COPY ... FROM STDIN stream.
enum class CopyFormat { text, binary };

// COPY staging_events / staging_songs (all columns, row-struct order) FROM STDIN.
Statement copy_events_from_stdin(CopyFormat format);
Statement copy_songs_from_stdin(CopyFormat format);
// COPY <table> FROM STDIN (FORMAT binary), columns in table order: the
// streaming engine's bulk path (warehouse/pg_run_loader).
Statement copy_table_from_stdin(std::string_view table);

}  // namespace sparkify::sql
