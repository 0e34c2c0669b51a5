// PostgresDialect: DuckDbDialect's statements in PostgreSQL 15 syntax, with the
// same tables, column names, types and results (docs/semantics.md).
//
// Differences from DuckDB that the statements compensate for:
//  - no QUALIFY: row_number() filters run in a subquery;
//  - no epoch_ms(): start_time = TIMESTAMP 'epoch' + ts milliseconds (exact
//    integer arithmetic, millisecond precision, independent of TimeZone);
//  - string sorts that decide a result use COLLATE "C" (byte order, as DuckDB),
//    so the database's locale never changes which row wins a tie.
//
// The client-side bulk load (COPY ... FROM STDIN) is also described here: the
// column order of the COPY statements is the field order of parse::EventRow
// and parse::SongRow, which the warehouse's row encoders follow.
#pragma once

#include "sql/dialect.h"

namespace sparkify::sql {

// Run once per connection: ISO dates, shortest-exact float text, UTC, so that
// query results read the same as DuckDB's whatever the server's defaults.
std::vector<Statement> postgres_session_settings();

class PostgresDialect final : public Dialect {
 public:
  std::string_view name() const override { return "postgres"; }
  std::vector<Statement> drop_tables() const override;
  std::vector<Statement> create_tables() const override;
  std::vector<Statement> clear_staging() const override;
  std::vector<Statement> build_star_schema() const override;
  std::vector<Statement> session_settings() const override { return postgres_session_settings(); }
};

// Wire format of a COPY ... FROM STDIN stream.
enum class CopyFormat { text, binary };

// COPY staging_events / staging_songs (all columns, row-struct order) FROM STDIN.
Statement copy_events_from_stdin(CopyFormat format);
Statement copy_songs_from_stdin(CopyFormat format);

}  // namespace sparkify::sql
