// PostgreSQL statements; each mirrors the DuckDbDialect statement of the same
// name. Keys and tie-breaks are exactly the reference's:
//  - songplay_id = md5('user_id:session_id:item_in_session:ts');
//  - duplicate events (same songplay_id): the first by source_file, source_line;
//  - song match: title and artist name equal, closest duration, then song_id;
//  - users: the latest event by ts (then session, item, file, line);
//  - songs: first by source_file; artists: located, then with coordinates,
//    then song_id, source_file.
//  - start_time = epoch + whole seconds + remaining ms: `ts * INTERVAL '1 ms'`
//    goes through a double and is microseconds off near year 9999.
#include "sql/postgres_dialect.h"

#include <fmt/format.h>

#include "sql/schema.h"
#include "sql/tables.h"

namespace sparkify::sql {

namespace {

std::string postgres_type(const Column& column) {
  switch (column.type) {
    case ColumnType::text: return "VARCHAR";
    case ColumnType::int32: return "INTEGER";
    case ColumnType::int64: return "BIGINT";
    case ColumnType::float64: return "DOUBLE PRECISION";
    case ColumnType::timestamp: return "TIMESTAMP";
  }
  return "";
}

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
                                             column_list(staging_events_schema().columns),
                                             copy_options(format))};
}

Statement copy_songs_from_stdin(CopyFormat format) {
  return {"copy staging_songs", fmt::format("COPY staging_songs ({}) FROM STDIN {}",
                                            column_list(staging_songs_schema().columns),
                                            copy_options(format))};
}

std::vector<Statement> PostgresDialect::drop_tables() const { return drop_all_tables(); }

// Staging rows live for one run and are rebuilt from the source files, so the
// staging tables skip the write-ahead log (UNLOGGED: emptied after a server
// crash, not copied to replicas); the star tables stay logged.
std::vector<Statement> PostgresDialect::create_tables() const {
  return create_table_statements(postgres_type, "UNLOGGED TABLE");
}

// TRUNCATE rather than DELETE: it is transactional in PostgreSQL (a failed
// run's rollback brings the old rows back) and leaves no dead rows behind for
// the next load to grow past.
std::vector<Statement> PostgresDialect::clear_staging() const {
  return {{"clear staging_events", "TRUNCATE staging_events"}, {"clear staging_songs", "TRUNCATE staging_songs"}};
}

// songplays and time insert with an anti-join (NOT EXISTS) rather than ON
// CONFLICT DO NOTHING: their SELECTs yield each key once, so the result is the
// same, and a plain insert in key order (the primary-key index then grows at
// its right edge) ran faster than the per-row conflict check at 1M events
// (bench/postgres_bench.sh). A concurrent run inserting the same key fails on
// the primary key and rolls back instead of skipping it.
std::vector<Statement> PostgresDialect::build_star_schema() const {
  return {
      // Sorts of the transform stay in memory (SET LOCAL: until the run's
      // transaction ends); at 1M events this cut the songplays insert's CPU
      // by a fifth against the default 4MB.
      {"set work_mem", "SET LOCAL work_mem = '256MB'"},
      // Fresh statistics for the rows just loaded (visible inside the run's
      // transaction): without them the planner takes the staging tables for
      // near-empty and picks nested loops that run for minutes at 20k events.
      {"analyze staging", "ANALYZE staging_events, staging_songs"},
      {"insert songplays", R"(INSERT INTO songplays (songplay_id, start_time, user_id, level, song_id, artist_id,
                       session_id, location, user_agent)
WITH keyed AS (
    SELECT md5(CAST(user_id AS VARCHAR) || ':' || CAST(session_id AS VARCHAR) || ':' ||
               CAST(item_in_session AS VARCHAR) || ':' || CAST(ts AS VARCHAR)) AS songplay_id,
           ts, user_id, level, song, artist, length, session_id, location, user_agent,
           row_number() OVER (PARTITION BY user_id, session_id, item_in_session, ts
                              ORDER BY source_file COLLATE "C", source_line) AS pick
    FROM staging_events
    WHERE page = 'NextSong' AND user_id IS NOT NULL
),
plays AS (
    SELECT * FROM keyed WHERE pick = 1
),
matches AS (
    SELECT p.songplay_id, s.song_id, s.artist_id,
           row_number() OVER (PARTITION BY p.songplay_id
                              ORDER BY abs(s.duration - p.length) ASC NULLS LAST, s.song_id COLLATE "C") AS pick
    FROM plays p
    JOIN staging_songs s ON s.title = p.song AND s.artist_name = p.artist
),
best_match AS (
    SELECT songplay_id, song_id, artist_id FROM matches WHERE pick = 1
)
SELECT p.songplay_id, TIMESTAMP '1970-01-01 00:00:00' + (p.ts / 1000) * INTERVAL '1 second' + (p.ts % 1000) * INTERVAL '1 millisecond', p.user_id, p.level,
       m.song_id, m.artist_id, p.session_id, p.location, p.user_agent
FROM plays p
LEFT JOIN best_match m ON m.songplay_id = p.songplay_id
WHERE NOT EXISTS (SELECT 1 FROM songplays x WHERE x.songplay_id = p.songplay_id)
ORDER BY p.songplay_id)"},
      {"upsert users", R"(INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT user_id, first_name, last_name, gender, level
FROM (
    SELECT user_id, first_name, last_name, gender, level,
           row_number() OVER (PARTITION BY user_id
                              ORDER BY ts DESC, session_id DESC, item_in_session DESC,
                                       source_file COLLATE "C" DESC, source_line DESC) AS pick
    FROM staging_events
    WHERE user_id IS NOT NULL
) latest
WHERE pick = 1
ON CONFLICT (user_id) DO UPDATE SET
    first_name = excluded.first_name,
    last_name  = excluded.last_name,
    gender     = excluded.gender,
    level      = excluded.level)"},
      {"insert songs", R"(INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, year, duration
FROM (
    SELECT song_id, title, artist_id, year, duration,
           row_number() OVER (PARTITION BY song_id ORDER BY source_file COLLATE "C") AS pick
    FROM staging_songs
) first_seen
WHERE pick = 1
ON CONFLICT (song_id) DO NOTHING)"},
      {"insert artists", R"(INSERT INTO artists (artist_id, name, location, latitude, longitude)
SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM (
    SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude,
           row_number() OVER (
               PARTITION BY artist_id
               ORDER BY CASE WHEN artist_location IS NOT NULL AND artist_location <> '' THEN 0 ELSE 1 END,
                        CASE WHEN artist_latitude IS NOT NULL AND artist_longitude IS NOT NULL THEN 0 ELSE 1 END,
                        song_id COLLATE "C", source_file COLLATE "C") AS pick
    FROM staging_songs
) best_located
WHERE pick = 1
ON CONFLICT (artist_id) DO NOTHING)"},
      {"insert time", R"(INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT DISTINCT start_time,
       CAST(EXTRACT(HOUR FROM start_time) AS INTEGER),
       CAST(EXTRACT(DAY FROM start_time) AS INTEGER),
       CAST(EXTRACT(WEEK FROM start_time) AS INTEGER),
       CAST(EXTRACT(MONTH FROM start_time) AS INTEGER),
       CAST(EXTRACT(YEAR FROM start_time) AS INTEGER),
       CAST(EXTRACT(DOW FROM start_time) AS INTEGER)
FROM songplays
WHERE NOT EXISTS (SELECT 1 FROM time x WHERE x.start_time = songplays.start_time)
ORDER BY start_time)"},
  };
}

}  // namespace sparkify::sql
