// The statements of the load audit and of the streaming engine's look-ups,
// the same text on DuckDB and PostgreSQL unless a function says otherwise:
// the load manifest (etl_files), the run history (etl_runs), the song
// catalog the engine matches plays against, and the keys already stored on
// given days. Text values are quoted with the dialect's string_literal().
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sql/dialect.h"

namespace sparkify::sql {

// kind, uri, size, version of every file in the manifest.
std::string select_manifest();

// One file loaded by a run; the columns of etl_files, in order. The texts
// are views: of the run's listing (source::ObjectRef), which outlives its
// manifest rows, so a run of 100,000 song files does not copy every address.
struct ManifestRow {
  std::string_view kind;  // "events" or "songs"
  std::string_view uri;
  std::int64_t size = 0;
  std::string_view version;
  std::int64_t run_id = 0;
  std::int64_t records = 0;
  std::int64_t rejected = 0;
};
// Replaces the manifest rows of these files (a changed file is loaded again):
// DELETE + INSERT statements of at most a few hundred rows each, for engines
// without a bulk path (Redshift).
std::vector<Statement> record_files(std::span<const ManifestRow> files, const Dialect& dialect);

// The bulk path of the same: the run's files are appended to the temporary
// table run_files (the columns of etl_files), then merged in two statements.
std::vector<Statement> create_run_files();
std::vector<Statement> merge_run_files();

// The next run id (1 for the first run).
std::string next_run_id();

// One etl_runs row. Both times come from sparkify's clock as literals (no
// engine clock function: Redshift's CURRENT_TIMESTAMP is leader-node only).
struct RunRow {
  std::int64_t run_id = 0;
  std::string started_at;  // "YYYY-MM-DD HH:MM:SS.mmm" UTC
  std::string finished_at;
  double seconds = 0;
  std::string outcome;  // "ok" or "failed"
  std::string source;
  std::int64_t event_files_new = 0, event_files_unchanged = 0, song_files_new = 0, song_files_unchanged = 0;
  std::int64_t events_read = 0, events_loaded = 0, events_rejected = 0;
  std::int64_t songs_read = 0, songs_loaded = 0, songs_rejected = 0;
  std::int64_t songplays_added = 0, users_added = 0, songs_added = 0, artists_added = 0, time_added = 0;
  std::int64_t songplays_matched = 0;
  std::string error;  // empty: NULL
};
Statement record_run(const RunRow& run, const Dialect& dialect);

// Every run, newest first, for `sparkify runs`.
std::string select_runs();

// title, artist name, duration, song_id, artist_id of every song joined to its
// artist. The duration comes as text, cast by the engine (each engine's text of
// a double reads back as the same double): DuckDB casts a whole vector at once,
// where the client's reading a DOUBLE value by value costs a value object each.
std::string select_song_catalog();
// The same for the songs whose title is a song of the work table
// played_songs (Dialect) and whose artist's name is an artist there: every
// song that one of its (song, artist) pairs names, and the few that pair a
// played title with another played artist. Two semi-joins, which no plan can
// multiply: joined on both columns, a planner without statistics for a
// freshly loaded warehouse sorted all 100,000 songs for a merge join, and
// joined on the title first, the generated data's repeated titles made
// 713,451 rows of 4,213 pairs (PostgreSQL 15, bench/README.md, stop 33).
std::string select_song_catalog_of_played_songs();

// The distinct days (YYYY-MM-DD) of the time dimension: from every row, or,
// `indexed` (Dialect::select_time_indexed), by walking that index a day at a
// time.
std::string select_time_days(bool indexed);
// One row: for each table of kStarTables, in that order, 1 when it holds
// any row, else 0 (each read for one block).
std::string select_star_tables_holding_rows();
// The keys stored on the days [day, next_day): songplay_id of songplays with
// the epoch ms of its start_time, and the epoch ms of time.start_time
// (Dialect::epoch_ms).
std::string select_songplay_keys_on(const Dialect& dialect, std::string_view day, std::string_view next_day);
std::string select_time_keys_on(const Dialect& dialect, std::string_view day, std::string_view next_day);
// The songplays rows stored on those days, every column in the table's
// order: songplay_id as text, start_time as epoch ms (Dialect::epoch_ms),
// length as the engine's text of it (which reads back as the same double, as
// in select_song_catalog).
std::string select_songplays_on(const Dialect& dialect, std::string_view day, std::string_view next_day);

// The star tables' counts in one statement (one round trip), one row, its
// columns in this order: the rows of each table of kStarTables, in that
// order; with `matched`, the plays of songplays matched to a song (counted in
// the same read of the table as its rows: a whole scan on PostgreSQL); with
// `added`, what the open transaction added to each table, in that order
// (Dialect::rows_added_in_transaction, which the dialect must then have).
std::string count_star_rows(const Dialect& dialect, bool matched, bool added);

}  // namespace sparkify::sql
