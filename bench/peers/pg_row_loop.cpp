// pg_row_loop: the row-by-row peers of bench/postgres_bench.sh: one
// autocommitted statement at a time (one round trip and one commit each),
// reading every JSON record with nlohmann::json.
//
//   pg_row_loop MODE CONNINFO DIR MAX_EVENTS MAX_SONGS
//
// MODE staging: one INSERT per record into staging_events / staging_songs
//   (the columns sparkify loads), then PostgresDialect::build_star_schema().
//   The cheapest row-by-row loader; a ratio against it understates the
//   lead of a bulk load.
// MODE star: shaped like the original Python project's ETL: per song file,
//   an INSERT into songs and one into artists; per NextSong event with a
//   user, an INSERT into time, an upsert into users, a SELECT looking the
//   song up by title, artist name and duration, and an INSERT into
//   songplays. No staging tables.
//
// Reads files in sorted path order: songs first (up to MAX_SONGS files), then
// up to MAX_EVENTS event lines. Prints "events N songs M events_s E songs_s S
// build_s B". Expects sparkify's tables to exist and be empty. Exit 1 with the
// error on stderr.
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sql/postgres_dialect.h"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using Value = std::optional<std::string>;

struct ConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultCloser {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;
using Result = std::unique_ptr<PGresult, ResultCloser>;

void check(const Result& result, const std::string& what) {
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error(what + ": " + PQresultErrorMessage(result.get()));
  }
}

Result execute(PGconn* conn, const std::string& sql, const std::vector<Value>& values) {
  std::vector<const char*> params;
  for (const auto& value : values) params.push_back(value ? value->c_str() : nullptr);
  Result result(
      PQexecParams(conn, sql.c_str(), static_cast<int>(params.size()), nullptr, params.data(), nullptr, nullptr, 0));
  check(result, sql.substr(0, 40));
  return result;
}

Value text(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_float()) return std::to_string(static_cast<long long>(it->get<double>()));
  return it->dump();
}

Value double_text(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  return it->dump();
}

std::vector<fs::path> json_files(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Calls on_event(event, file, line) for up to `limit` non-empty lines under
// DIR/log_data; returns how many it read.
template <typename OnEvent>
long long for_each_event(const fs::path& dir, long long limit, OnEvent on_event) {
  long long count = 0;
  for (const auto& file : json_files(dir / "log_data")) {
    std::ifstream in(file);
    std::string line;
    for (long long number = 1; count < limit && std::getline(in, line); ++number) {
      if (line.empty()) continue;
      on_event(Json::parse(line), file.string(), number);
      ++count;
    }
    if (count >= limit) break;
  }
  return count;
}

// Calls on_song(song, file) for up to `limit` files under DIR/song_data.
template <typename OnSong>
long long for_each_song(const fs::path& dir, long long limit, OnSong on_song) {
  long long count = 0;
  for (const auto& file : json_files(dir / "song_data")) {
    if (count >= limit) break;
    std::ifstream in(file);
    on_song(Json::parse(in), file.string());
    ++count;
  }
  return count;
}

Value user_id(const Json& event) {
  Value user = text(event, "userId");
  if (user && user->empty()) user.reset();
  return user;
}

// MODE staging: one INSERT per record into the staging tables.
const std::string kInsertEvent =
    "INSERT INTO staging_events (artist, auth, first_name, gender, item_in_session, last_name, length, level, "
    "location, method, page, registration, session_id, song, status, ts, user_agent, user_id, source_file, "
    "source_line) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)";

const std::string kInsertSong =
    "INSERT INTO staging_songs (num_songs, artist_id, artist_latitude, artist_longitude, artist_location, "
    "artist_name, song_id, title, duration, year, source_file) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

void stage_event(PGconn* conn, const Json& e, const std::string& file, long long line) {
  execute(conn, kInsertEvent,
          {text(e, "artist"),
           text(e, "auth"),
           text(e, "firstName"),
           text(e, "gender"),
           text(e, "itemInSession"),
           text(e, "lastName"),
           double_text(e, "length"),
           text(e, "level"),
           text(e, "location"),
           text(e, "method"),
           text(e, "page"),
           text(e, "registration"),
           text(e, "sessionId"),
           text(e, "song"),
           text(e, "status"),
           text(e, "ts"),
           text(e, "userAgent"),
           user_id(e),
           file,
           std::to_string(line)});
}

void stage_song(PGconn* conn, const Json& s, const std::string& file) {
  execute(conn, kInsertSong,
          {text(s, "num_songs"), text(s, "artist_id"), double_text(s, "artist_latitude"),
           double_text(s, "artist_longitude"), text(s, "artist_location"), text(s, "artist_name"), text(s, "song_id"),
           text(s, "title"), double_text(s, "duration"), text(s, "year"), file});
}

// MODE star: statements shaped like the original project's, straight into the
// star tables.
const std::string kStarSong =
    "INSERT INTO songs (song_id, title, artist_id, year, duration) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (song_id) DO NOTHING";
const std::string kStarArtist =
    "INSERT INTO artists (artist_id, name, location, latitude, longitude) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (artist_id) DO NOTHING";
const std::string kStarTime =
    "INSERT INTO time (start_time, hour, day, week, month, year, weekday) "
    "SELECT t, EXTRACT(HOUR FROM t), EXTRACT(DAY FROM t), EXTRACT(WEEK FROM t), EXTRACT(MONTH FROM t), "
    "EXTRACT(YEAR FROM t), EXTRACT(DOW FROM t) "
    "FROM (SELECT TIMESTAMP '1970-01-01 00:00:00' + CAST($1 AS BIGINT) * INTERVAL '1 millisecond' AS t) played "
    "ON CONFLICT (start_time) DO NOTHING";
const std::string kStarUser =
    "INSERT INTO users (user_id, first_name, last_name, gender, level) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (user_id) DO UPDATE SET level = excluded.level";
const std::string kSongLookup =
    "SELECT s.song_id, s.artist_id FROM songs s JOIN artists a ON a.artist_id = s.artist_id "
    "WHERE s.title = $1 AND a.name = $2 AND s.duration = $3";
const std::string kStarSongplay =
    "INSERT INTO songplays (songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, "
    "user_agent) VALUES (md5($1), TIMESTAMP '1970-01-01 00:00:00' + CAST($2 AS BIGINT) * INTERVAL '1 millisecond', "
    "$3, $4, $5, $6, $7, $8, $9) ON CONFLICT (songplay_id) DO NOTHING";

void star_song(PGconn* conn, const Json& s, const std::string&) {
  execute(conn, kStarSong,
          {text(s, "song_id"), text(s, "title"), text(s, "artist_id"), text(s, "year"), double_text(s, "duration")});
  execute(conn, kStarArtist,
          {text(s, "artist_id"), text(s, "artist_name"), text(s, "artist_location"), double_text(s, "artist_latitude"),
           double_text(s, "artist_longitude")});
}

void star_event(PGconn* conn, const Json& e, const std::string&, long long) {
  const Value user = user_id(e);
  if (text(e, "page") != "NextSong" || !user) return;
  const Value ts = text(e, "ts");
  execute(conn, kStarTime, {ts});
  execute(conn, kStarUser, {user, text(e, "firstName"), text(e, "lastName"), text(e, "gender"), text(e, "level")});
  const Result match = execute(conn, kSongLookup, {text(e, "song"), text(e, "artist"), double_text(e, "length")});
  Value song_id, artist_id;
  if (PQntuples(match.get()) > 0) {
    song_id = PQgetvalue(match.get(), 0, 0);
    artist_id = PQgetvalue(match.get(), 0, 1);
  }
  const std::string key = *user + ":" + text(e, "sessionId").value_or("") + ":" +
                          text(e, "itemInSession").value_or("") + ":" + ts.value_or("");
  execute(conn, kStarSongplay,
          {key, ts, user, text(e, "level"), song_id, artist_id, text(e, "sessionId"), text(e, "location"),
           text(e, "userAgent")});
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 6 ? argv[1] : "";
  if (mode != "staging" && mode != "star") {
    std::fputs("usage: pg_row_loop staging|star CONNINFO DIR MAX_EVENTS MAX_SONGS\n", stderr);
    return 2;
  }
  try {
    Conn conn(PQconnectdb(argv[2]));
    PGconn* db = conn.get();
    if (PQstatus(db) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(db));
    for (const auto& statement : sparkify::sql::postgres_session_settings()) execute(db, statement.text, {});
    const fs::path dir = argv[3];
    const bool staging = mode == "staging";
    // The original project's star tables, with a primary key on every one (what
    // its ON CONFLICT statements need), in a schema of their own.
    if (!staging) {
      for (const char* ddl :
           {"CREATE SCHEMA IF NOT EXISTS original", "SET search_path = original",
            "CREATE TABLE songplays (songplay_id VARCHAR PRIMARY KEY, start_time TIMESTAMP NOT NULL, user_id BIGINT "
            "NOT NULL, level VARCHAR, song_id VARCHAR, artist_id VARCHAR, session_id BIGINT, location VARCHAR, "
            "user_agent VARCHAR)",
            "CREATE TABLE users (user_id BIGINT PRIMARY KEY, first_name VARCHAR, last_name VARCHAR, gender "
            "VARCHAR, level VARCHAR)",
            "CREATE TABLE songs (song_id VARCHAR PRIMARY KEY, title VARCHAR, artist_id VARCHAR, year INTEGER, "
            "duration DOUBLE PRECISION)",
            "CREATE TABLE artists (artist_id VARCHAR PRIMARY KEY, name VARCHAR, location VARCHAR, latitude DOUBLE "
            "PRECISION, longitude DOUBLE PRECISION)",
            "CREATE TABLE time (start_time TIMESTAMP PRIMARY KEY, hour INTEGER, day INTEGER, week INTEGER, month "
            "INTEGER, year INTEGER, weekday INTEGER)"}) {
        execute(db, ddl, {});
      }
    }
    auto start = std::chrono::steady_clock::now();
    const long long songs = for_each_song(dir, std::stoll(argv[5]), [&](const Json& s, const std::string& file) {
      staging ? stage_song(db, s, file) : star_song(db, s, file);
    });
    const double songs_s = seconds_since(start);
    start = std::chrono::steady_clock::now();
    const long long events =
        for_each_event(dir, std::stoll(argv[4]), [&](const Json& e, const std::string& file, long long line) {
          staging ? stage_event(db, e, file, line) : star_event(db, e, file, line);
        });
    const double events_s = seconds_since(start);
    start = std::chrono::steady_clock::now();
    if (staging) {
      execute(db, "BEGIN", {});
      for (const auto& statement : sparkify::sql::PostgresDialect().build_star_schema()) {
        execute(db, statement.text, {});
      }
      execute(db, "COMMIT", {});
    }
    std::printf("events %lld songs %lld events_s %.3f songs_s %.3f build_s %.3f\n", events, songs, events_s, songs_s,
                seconds_since(start));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "pg_row_loop %s: %s\n", mode.c_str(), error.what());
    return 1;
  }
  return 0;
}
