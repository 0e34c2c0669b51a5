// DuckDB statements. Keys:
//  - songplay_id = md5('user_id:session_id:item_in_session:ts') of the event:
//    the same text and hash on every engine, so re-runs and other targets give
//    the same ids (see docs/semantics.md).
//  - Star inserts use ON CONFLICT so a re-run on the same staging changes nothing.
#include "sql/duckdb_dialect.h"

#include "sql/tables.h"

namespace sparkify::sql {

std::vector<Statement> DuckDbDialect::drop_tables() const { return drop_all_tables(); }

std::vector<Statement> DuckDbDialect::create_tables() const {
  return {
      {"create staging_events", R"(CREATE TABLE staging_events (
    artist          VARCHAR,
    auth            VARCHAR,
    first_name      VARCHAR,
    gender          VARCHAR,
    item_in_session INTEGER NOT NULL,
    last_name       VARCHAR,
    length          DOUBLE,
    level           VARCHAR,
    location        VARCHAR,
    method          VARCHAR,
    page            VARCHAR NOT NULL,
    registration    BIGINT,
    session_id      BIGINT NOT NULL,
    song            VARCHAR,
    status          INTEGER,
    ts              BIGINT NOT NULL,
    user_agent      VARCHAR,
    user_id         BIGINT,
    source_file     VARCHAR NOT NULL,
    source_line     BIGINT NOT NULL
))"},
      {"create staging_songs", R"(CREATE TABLE staging_songs (
    num_songs        INTEGER,
    artist_id        VARCHAR NOT NULL,
    artist_latitude  DOUBLE,
    artist_longitude DOUBLE,
    artist_location  VARCHAR,
    artist_name      VARCHAR NOT NULL,
    song_id          VARCHAR NOT NULL,
    title            VARCHAR NOT NULL,
    duration         DOUBLE,
    year             INTEGER,
    source_file      VARCHAR NOT NULL
))"},
      {"create songplays", R"(CREATE TABLE songplays (
    songplay_id VARCHAR PRIMARY KEY,
    start_time  TIMESTAMP NOT NULL,
    user_id     BIGINT NOT NULL,
    level       VARCHAR,
    song_id     VARCHAR,
    artist_id   VARCHAR,
    session_id  BIGINT NOT NULL,
    location    VARCHAR,
    user_agent  VARCHAR
))"},
      {"create users", R"(CREATE TABLE users (
    user_id    BIGINT PRIMARY KEY,
    first_name VARCHAR,
    last_name  VARCHAR,
    gender     VARCHAR,
    level      VARCHAR
))"},
      {"create songs", R"(CREATE TABLE songs (
    song_id   VARCHAR PRIMARY KEY,
    title     VARCHAR NOT NULL,
    artist_id VARCHAR NOT NULL,
    year      INTEGER,
    duration  DOUBLE
))"},
      {"create artists", R"(CREATE TABLE artists (
    artist_id VARCHAR PRIMARY KEY,
    name      VARCHAR NOT NULL,
    location  VARCHAR,
    latitude  DOUBLE,
    longitude DOUBLE
))"},
      {"create time", R"(CREATE TABLE time (
    start_time TIMESTAMP PRIMARY KEY,
    hour       INTEGER NOT NULL,
    day        INTEGER NOT NULL,
    week       INTEGER NOT NULL,
    month      INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    weekday    INTEGER NOT NULL
))"},
      {"create etl_runs", R"(CREATE TABLE etl_runs (
    finished_at     TIMESTAMP NOT NULL,
    source          VARCHAR NOT NULL,
    event_files     BIGINT NOT NULL,
    song_files      BIGINT NOT NULL,
    events_read     BIGINT NOT NULL,
    events_rejected BIGINT NOT NULL,
    songs_read      BIGINT NOT NULL,
    songs_rejected  BIGINT NOT NULL
))"},
  };
}

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
ON CONFLICT (songplay_id) DO NOTHING)"},
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
SELECT DISTINCT start_time, hour(start_time), day(start_time), week(start_time),
       month(start_time), year(start_time), dayofweek(start_time)
FROM songplays
ON CONFLICT (start_time) DO NOTHING)"},
  };
}

}  // namespace sparkify::sql
