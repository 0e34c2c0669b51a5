// PostgreSQL statements; each mirrors the DuckDbDialect statement of the same
// name. Keys and tie-breaks are exactly the reference's:
//  - songplay_id = md5('user_id:session_id:item_in_session:ts');
//  - duplicate events (same songplay_id): the first by source_file, source_line;
//  - song match: title and artist name equal, closest duration, then song_id;
//  - users: the latest event by ts (then session, item, file, line);
//  - songs: first by source_file; artists: located, then with coordinates,
//    then song_id, source_file.
#include "sql/postgres_dialect.h"

#include <fmt/format.h>

#include "sql/tables.h"

namespace sparkify::sql {

namespace {

constexpr std::string_view kEventColumns =
    "artist, auth, first_name, gender, item_in_session, last_name, length, level, location, method, page, "
    "registration, session_id, song, status, ts, user_agent, user_id, source_file, source_line";

constexpr std::string_view kSongColumns =
    "num_songs, artist_id, artist_latitude, artist_longitude, artist_location, artist_name, song_id, title, "
    "duration, year, source_file";

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
  return {"copy staging_events", fmt::format("COPY staging_events ({}) FROM STDIN {}", kEventColumns,
                                             copy_options(format))};
}

Statement copy_songs_from_stdin(CopyFormat format) {
  return {"copy staging_songs", fmt::format("COPY staging_songs ({}) FROM STDIN {}", kSongColumns,
                                            copy_options(format))};
}

std::vector<Statement> PostgresDialect::drop_tables() const { return drop_all_tables(); }

std::vector<Statement> PostgresDialect::create_tables() const {
  return {
      {"create staging_events", R"(CREATE TABLE staging_events (
    artist          VARCHAR,
    auth            VARCHAR,
    first_name      VARCHAR,
    gender          VARCHAR,
    item_in_session INTEGER NOT NULL,
    last_name       VARCHAR,
    length          DOUBLE PRECISION,
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
    artist_latitude  DOUBLE PRECISION,
    artist_longitude DOUBLE PRECISION,
    artist_location  VARCHAR,
    artist_name      VARCHAR NOT NULL,
    song_id          VARCHAR NOT NULL,
    title            VARCHAR NOT NULL,
    duration         DOUBLE PRECISION,
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
    duration  DOUBLE PRECISION
))"},
      {"create artists", R"(CREATE TABLE artists (
    artist_id VARCHAR PRIMARY KEY,
    name      VARCHAR NOT NULL,
    location  VARCHAR,
    latitude  DOUBLE PRECISION,
    longitude DOUBLE PRECISION
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

std::vector<Statement> PostgresDialect::clear_staging() const {
  return {{"clear staging_events", "DELETE FROM staging_events"}, {"clear staging_songs", "DELETE FROM staging_songs"}};
}

std::vector<Statement> PostgresDialect::build_star_schema() const {
  return {
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
SELECT p.songplay_id, TIMESTAMP '1970-01-01 00:00:00' + p.ts * INTERVAL '1 millisecond', p.user_id, p.level,
       m.song_id, m.artist_id, p.session_id, p.location, p.user_agent
FROM plays p
LEFT JOIN best_match m ON m.songplay_id = p.songplay_id
ON CONFLICT (songplay_id) DO NOTHING)"},
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
ON CONFLICT (start_time) DO NOTHING)"},
  };
}

}  // namespace sparkify::sql
