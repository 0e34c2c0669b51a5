// Redshift statements; each gives the result of the PostgresDialect statement
// of the same purpose (same keys and tie-breaks), in SQL that Redshift accepts.
// start_time = TIMESTAMP 'epoch' + whole seconds + remaining milliseconds:
// integer arithmetic only, so milliseconds are exact on Redshift and PostgreSQL.
#include "sql/redshift_dialect.h"

#include <fmt/format.h>

#include <array>
#include <regex>
#include <utility>
#include <vector>

#include "sql/schema.h"
#include "sql/tables.h"

namespace sparkify::sql {

namespace {

// COPY staging_events column list and the JSON key of each column, in order.
constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kEventFields = {{
    {"artist", "artist"},
    {"auth", "auth"},
    {"first_name", "firstName"},
    {"gender", "gender"},
    {"item_in_session", "itemInSession"},
    {"last_name", "lastName"},
    {"length", "length"},
    {"level", "level"},
    {"location", "location"},
    {"method", "method"},
    {"page", "page"},
    {"registration", "registration"},
    {"session_id", "sessionId"},
    {"song", "song"},
    {"status", "status"},
    {"ts", "ts"},
    {"user_agent", "userAgent"},
    {"user_id", "userId"},
}};

// Each table's physical design (see the header), appended after its columns.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kPhysicalDesign = {{
    {"staging_events", "\nDISTSTYLE EVEN"},
    {"staging_songs", "\nDISTSTYLE EVEN"},
    {"songplays", "\nDISTKEY (start_time)\nSORTKEY (start_time)"},
    {"users", "\nDISTSTYLE ALL\nSORTKEY (user_id)"},
    {"songs", "\nDISTKEY (song_id)\nSORTKEY (song_id)"},
    {"artists", "\nDISTSTYLE ALL\nSORTKEY (artist_id)"},
    {"time", "\nDISTKEY (start_time)\nSORTKEY (start_time)"},
    {"etl_runs", "\nDISTSTYLE ALL"},
}};

std::string_view physical_design(std::string_view table) {
  for (const auto& [name, clauses] : kPhysicalDesign) {
    if (name == table) return clauses;
  }
  return {};
}

std::string redshift_type(const Column& column) {
  switch (column.type) {
    case ColumnType::text:
      return fmt::format("VARCHAR({})", column.width);
    case ColumnType::int32:
      return "INTEGER";
    case ColumnType::int64:
      return "BIGINT";
    case ColumnType::float64:
      return "DOUBLE PRECISION";
    case ColumnType::timestamp:
      return "TIMESTAMP";
  }
  return "";
}

// A staging column as COPY loads it (see the header): user_id is text ("" is
// no BIGINT), registration a double (written as 1540919166796.0), and
// source_file/source_line nullable (COPY cannot fill them).
Column as_loaded_by_copy(Column column) {
  if (column.name == "user_id") {
    column.type = ColumnType::text;
    column.width = 32;
  } else if (column.name == "registration") {
    column.type = ColumnType::float64;
  } else if (column.name == "source_file" || column.name == "source_line") {
    column.role = ColumnRole::nullable;
  }
  return column;
}

// The user id of a staging_events row: "" (logged out) and NULL give NULL.
constexpr std::string_view kUserId = "CAST(NULLIF(user_id, '') AS BIGINT)";

// `text` as the inside of a JSON string.
std::string json_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out;
}

std::string event_columns() {
  std::string out;
  for (const auto& [column, key] : kEventFields) {
    if (!out.empty()) out += ", ";
    out += column;
  }
  return out;
}

}  // namespace

std::string events_jsonpaths_document() {
  std::string out = "{\n  \"jsonpaths\": [\n";
  for (std::size_t i = 0; i < kEventFields.size(); ++i) {
    out += fmt::format("    \"$.{}\"{}\n", kEventFields[i].second, i + 1 < kEventFields.size() ? "," : "");
  }
  return out + "  ]\n}\n";
}

std::string copy_manifest_document(const std::vector<std::string>& object_uris) {
  std::string out = "{\n  \"entries\": [\n";
  for (std::size_t i = 0; i < object_uris.size(); ++i) {
    out += fmt::format("    {{\"url\": \"{}\", \"mandatory\": true}}{}\n", json_escape(object_uris[i]),
                       i + 1 < object_uris.size() ? "," : "");
  }
  return out + "  ]\n}\n";
}

std::string last_copy_error_count() { return "SELECT count(*) FROM stl_load_errors WHERE query = pg_last_copy_id()"; }

std::string last_copy_errors() {
  return "SELECT TRIM(filename), line_number, TRIM(colname), TRIM(err_reason), TRIM(raw_line) FROM stl_load_errors "
         "WHERE query = pg_last_copy_id() ORDER BY TRIM(filename), line_number";
}

std::string last_copy_count() { return "SELECT pg_last_copy_count()"; }

std::string strip_physical_design(std::string_view sql) {
  static const std::regex kClauses(R"(\s+(((COMPOUND|INTERLEAVED)\s+)?SORTKEY|DISTKEY)\s*\([^)]*\))"
                                   R"(|\s+DISTSTYLE\s+(ALL|EVEN|KEY|AUTO)\b)"
                                   R"(|\s+ENCODE\s+\w+)",
                                   std::regex::icase | std::regex::ECMAScript);
  return std::regex_replace(std::string(sql), kClauses, "");
}

std::string RedshiftDialect::string_literal(std::string_view text) const {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'' || c == '\\') out += c;
  }
  return out + "'";
}

std::vector<Statement> RedshiftDialect::session_settings() const {
  return {
      {"set datestyle", "SET datestyle = 'ISO, MDY'"},
      {"set extra_float_digits", "SET extra_float_digits = 2"},
      {"set timezone", "SET timezone = 'UTC'"},
  };
}

std::vector<Statement> RedshiftDialect::drop_tables() const { return drop_all_tables(); }

std::vector<Statement> RedshiftDialect::create_tables() const {
  std::vector<Statement> out;
  for (const TableSchema& table : table_schemas()) {
    std::vector<Column> columns(table.columns.begin(), table.columns.end());
    if (is_staging(table)) {
      for (Column& column : columns) column = as_loaded_by_copy(column);
    }
    out.push_back({fmt::format("create {}", table.name),
                   create_table_text(table.name, columns, redshift_type, physical_design(table.name))});
  }
  return out;
}

std::vector<Statement> RedshiftDialect::clear_staging() const {
  return {{"clear staging_events", "DELETE FROM staging_events"}, {"clear staging_songs", "DELETE FROM staging_songs"}};
}

std::vector<CopyStatement> RedshiftDialect::copy_staging(const CopyParams& params) const {
  std::vector<CopyStatement> out;
  for (const CopySource& source : params.sources) {
    const bool events = source.table == StagingTable::events;
    const std::string table = events ? "staging_events" : "staging_songs";
    const std::string columns = events ? event_columns() : column_list(staging_songs_schema().columns, {"source_file"});
    const std::string format = events ? string_literal(params.jsonpaths_uri) : "'auto'";
    out.push_back(
        {source.table,
         {fmt::format("copy {}{}", source.gzip ? "gzip " : "", table),
          fmt::format("COPY {} ({})\nFROM {}\nIAM_ROLE {}\nMANIFEST\nFORMAT AS JSON {}{}\nREGION {}\n"
                      "MAXERROR {}\nCOMPUPDATE OFF\nSTATUPDATE ON",
                      table, columns, string_literal(source.manifest_uri), string_literal(params.iam_role_arn), format,
                      source.gzip ? "\nGZIP" : "", string_literal(params.region), kCopyMaxError)}});
  }
  return out;
}

std::vector<Statement> RedshiftDialect::build_star_schema() const {
  return {
      {"insert songplays",
       fmt::format(R"(INSERT INTO songplays (songplay_id, start_time, user_id, level, song_id, artist_id,
                       session_id, location, user_agent)
WITH events AS (
    SELECT {0} AS user_id, session_id, item_in_session, ts, level, song, artist, length,
           location, user_agent, source_file, source_line
    FROM staging_events
    WHERE page = 'NextSong' AND {0} IS NOT NULL
),
keyed AS (
    SELECT MD5(CAST(user_id AS VARCHAR) || ':' || CAST(session_id AS VARCHAR) || ':' ||
               CAST(item_in_session AS VARCHAR) || ':' || CAST(ts AS VARCHAR)) AS songplay_id,
           ts, user_id, level, song, artist, length, session_id, location, user_agent,
           ROW_NUMBER() OVER (PARTITION BY user_id, session_id, item_in_session, ts
                              ORDER BY source_file, source_line,
                                       level, song, artist, length, location, user_agent) AS pick
    FROM events
),
plays AS (
    SELECT * FROM keyed WHERE pick = 1
),
matches AS (
    SELECT p.songplay_id, s.song_id, s.artist_id,
           ROW_NUMBER() OVER (PARTITION BY p.songplay_id
                              ORDER BY ABS(s.duration - p.length) ASC NULLS LAST, s.song_id) AS pick
    FROM plays p
    JOIN staging_songs s ON s.title = p.song AND s.artist_name = p.artist
),
best_match AS (
    SELECT songplay_id, song_id, artist_id FROM matches WHERE pick = 1
)
SELECT p.songplay_id,
       TIMESTAMP 'epoch' + (p.ts / 1000) * INTERVAL '1 second' + (p.ts % 1000) * INTERVAL '1 millisecond',
       p.user_id, p.level, m.song_id, m.artist_id, p.session_id, p.location, p.user_agent
FROM plays p
LEFT JOIN best_match m ON m.songplay_id = p.songplay_id
WHERE NOT EXISTS (SELECT 1 FROM songplays done WHERE done.songplay_id = p.songplay_id))",
                   kUserId)},
      {"delete updated users", fmt::format(R"(DELETE FROM users
WHERE user_id IN (SELECT {0} FROM staging_events WHERE {0} IS NOT NULL))",
                                           kUserId)},
      {"insert users", fmt::format(R"(INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT user_id, first_name, last_name, gender, level
FROM (
    SELECT {0} AS user_id, first_name, last_name, gender, level,
           ROW_NUMBER() OVER (PARTITION BY {0}
                              ORDER BY ts DESC, session_id DESC, item_in_session DESC,
                                       source_file DESC, source_line DESC,
                                       first_name, last_name, gender, level) AS pick
    FROM staging_events
    WHERE {0} IS NOT NULL
) latest
WHERE pick = 1)",
                                   kUserId)},
      {"insert songs", R"(INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, year, duration
FROM (
    SELECT song_id, title, artist_id, year, duration,
           ROW_NUMBER() OVER (PARTITION BY song_id
                              ORDER BY source_file, title, artist_id, year, duration) AS pick
    FROM staging_songs
) first_seen
WHERE pick = 1
  AND NOT EXISTS (SELECT 1 FROM songs done WHERE done.song_id = first_seen.song_id))"},
      {"insert artists", R"(INSERT INTO artists (artist_id, name, location, latitude, longitude)
SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM (
    SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude,
           ROW_NUMBER() OVER (
               PARTITION BY artist_id
               ORDER BY CASE WHEN artist_location IS NOT NULL AND artist_location <> '' THEN 0 ELSE 1 END,
                        CASE WHEN artist_latitude IS NOT NULL AND artist_longitude IS NOT NULL THEN 0 ELSE 1 END,
                        song_id, source_file,
                        artist_name, artist_location, artist_latitude, artist_longitude) AS pick
    FROM staging_songs
) best_located
WHERE pick = 1
  AND NOT EXISTS (SELECT 1 FROM artists done WHERE done.artist_id = best_located.artist_id))"},
      {"insert time", R"(INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT start_time,
       CAST(EXTRACT(HOUR FROM start_time) AS INTEGER),
       CAST(EXTRACT(DAY FROM start_time) AS INTEGER),
       CAST(EXTRACT(WEEK FROM start_time) AS INTEGER),
       CAST(EXTRACT(MONTH FROM start_time) AS INTEGER),
       CAST(EXTRACT(YEAR FROM start_time) AS INTEGER),
       CAST(EXTRACT(DOW FROM start_time) AS INTEGER)
FROM (SELECT DISTINCT start_time FROM songplays) played
WHERE NOT EXISTS (SELECT 1 FROM time done WHERE done.start_time = played.start_time))"},
  };
}

}  // namespace sparkify::sql
