// The statements behind `sparkify report` (and the target checks of `doctor`).
// Like the named analytics queries (sql/tables.h) each reads the same on every
// engine and returns the same rows in the same order on DuckDB, PostgreSQL and
// Redshift: they order by integers, by md5() hex digests or by `level` (free,
// paid), never by free text (docs/semantics.md, "Queries"). All are SELECTs.
#pragma once

#include <vector>

#include "sql/dialect.h"

namespace sparkify::sql::report {

// table_name of each of sparkify's tables (sql/schema.h, table_schemas())
// present in the current schema; no order (read it as a set).
Statement tables_present();

// hour 0-23, plays; hours without plays are absent.
Statement plays_by_hour();
// weekday 0-6 (0 = Sunday), day (its name), plays; weekdays without plays are absent.
Statement plays_by_weekday();
// title, artist, plays: the 10 most played matched songs (the query top-songs).
Statement top_songs();
// artist, plays: the 10 artists with the most matched plays.
Statement top_artists();
// year, month, day, level, plays: songplays per calendar day (UTC) and level.
Statement plays_by_day_and_level();
// from_level, to_level, changes, users: level changes between a user's
// consecutive songplays (in start_time order), and how many users made each.
Statement level_changes();
// version: one row naming the engine and its version (`doctor`).
Statement engine_version();

// plays, matched: all songplays and those matched to a song.
Statement song_match();
// finished_at, events_read, events_rejected, songs_read, songs_rejected, for
// each recorded etl run, oldest first.
Statement load_history();

// PostgreSQL: makes every later transaction of the session read-only, so a
// connection opened for report or doctor cannot change the warehouse.
Statement read_only_session();

// Every statement above, in that order (for `sparkify sql`).
std::vector<Statement> all_statements();

}  // namespace sparkify::sql::report
