// DuckDB statements. Keys:
//  - songplay_id = md5('user_id:session_id:item_in_session:ts') of the event:
//    the same text and hash on every engine, so re-runs and other targets give
//    the same ids (see docs/semantics.md).
//  - A re-run on the same staging changes nothing. songplays and time skip the
//    keys already in the table with an anti-join (NOT EXISTS): each SELECT
//    yields every key at most once (QUALIFY / DISTINCT), so this inserts the
//    same rows as ON CONFLICT DO NOTHING, and the primary keys still reject a
//    duplicate. Unlike ON CONFLICT, whose per-row conflict state DuckDB cannot
//    spill (~450 bytes per songplay), the anti-join's working memory can spill.
//    users needs DO UPDATE; songs and artists are small, so they keep ON CONFLICT.
#include "sql/duckdb_dialect.h"

#include "sql/schema.h"
#include "sql/tables.h"

namespace sparkify::sql {

namespace {

std::string duckdb_type(const Column& column) {
  switch (column.type) {
    case ColumnType::text: return "VARCHAR";
    case ColumnType::int32: return "INTEGER";
    case ColumnType::int64: return "BIGINT";
    case ColumnType::float64: return "DOUBLE";
    case ColumnType::timestamp: return "TIMESTAMP";
  }
  return "";
}

}  // namespace

std::vector<Statement> DuckDbDialect::drop_tables() const { return drop_all_tables(); }

std::vector<Statement> DuckDbDialect::create_tables() const { return create_table_statements(duckdb_type); }

std::vector<Statement> DuckDbDialect::clear_staging() const {
  return {{"clear staging_events", "DELETE FROM staging_events"}, {"clear staging_songs", "DELETE FROM staging_songs"}};
}

std::vector<Statement> DuckDbDialect::build_star_schema() const {
  return {
      {"insert songplays", R"(INSERT INTO songplays (songplay_id, start_time, user_id, level, song_id, artist_id,
                       session_id, location, user_agent)
WITH plays AS (
    SELECT md5(CAST(user_id AS VARCHAR) || ':' || CAST(session_id AS VARCHAR) || ':' ||
               CAST(item_in_session AS VARCHAR) || ':' || CAST(ts AS VARCHAR)) AS songplay_id,
           ts, user_id, level, song, artist, length, session_id, location, user_agent
    FROM staging_events
    WHERE page = 'NextSong' AND user_id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY songplay_id ORDER BY source_file, source_line) = 1
),
best_match AS (
    SELECT p.songplay_id, s.song_id, s.artist_id
    FROM plays p
    JOIN staging_songs s ON s.title = p.song AND s.artist_name = p.artist
    QUALIFY row_number() OVER (PARTITION BY p.songplay_id
                               ORDER BY abs(s.duration - p.length) ASC NULLS LAST, s.song_id) = 1
)
SELECT p.songplay_id, epoch_ms(p.ts), p.user_id, p.level, m.song_id, m.artist_id,
       p.session_id, p.location, p.user_agent
FROM plays p
LEFT JOIN best_match m ON m.songplay_id = p.songplay_id
WHERE NOT EXISTS (SELECT 1 FROM songplays x WHERE x.songplay_id = p.songplay_id))"},
      {"upsert users", R"(INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT user_id, first_name, last_name, gender, level
FROM staging_events
WHERE user_id IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY user_id
                           ORDER BY ts DESC, session_id DESC, item_in_session DESC,
                                    source_file DESC, source_line DESC) = 1
ON CONFLICT (user_id) DO UPDATE SET
    first_name = excluded.first_name,
    last_name  = excluded.last_name,
    gender     = excluded.gender,
    level      = excluded.level)"},
      {"insert songs", R"(INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, year, duration
FROM staging_songs
QUALIFY row_number() OVER (PARTITION BY song_id ORDER BY source_file) = 1
ON CONFLICT (song_id) DO NOTHING)"},
      {"insert artists", R"(INSERT INTO artists (artist_id, name, location, latitude, longitude)
SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM staging_songs
QUALIFY row_number() OVER (
    PARTITION BY artist_id
    ORDER BY CASE WHEN artist_location IS NOT NULL AND artist_location <> '' THEN 0 ELSE 1 END,
             CASE WHEN artist_latitude IS NOT NULL AND artist_longitude IS NOT NULL THEN 0 ELSE 1 END,
             song_id, source_file) = 1
ON CONFLICT (artist_id) DO NOTHING)"},
      {"insert time", R"(INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT DISTINCT p.start_time, hour(p.start_time), day(p.start_time), week(p.start_time),
       month(p.start_time), year(p.start_time), dayofweek(p.start_time)
FROM songplays p
WHERE NOT EXISTS (SELECT 1 FROM time x WHERE x.start_time = p.start_time))"},
  };
}

}  // namespace sparkify::sql
