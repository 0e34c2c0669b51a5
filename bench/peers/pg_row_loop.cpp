// pg_row_loop: the row-by-row peer of bench/postgres_bench.sh, shaped like the
// original Python project's ETL (read each JSON line, one INSERT per row,
// autocommit, i.e. one round trip and one commit per record). Rows go into
// staging_events / staging_songs (the statements sparkify's PostgresDialect
// creates), then the dialect's build_star_schema runs, so the end state
// matches the other routes. The original project inserted into the star
// tables directly with several statements per event; one INSERT per record
// is the cheaper variant, so a ratio against it understates sparkify's lead.
//
//   pg_row_loop CONNINFO DIR MAX_EVENTS MAX_SONGS
// reads files in sorted path order, stops after MAX_EVENTS event lines and
// MAX_SONGS song files, and prints "events N songs M insert_s S build_s B".
// Expects the tables to exist and be empty. Exit 1 with the error on stderr.
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

void execute(PGconn* conn, const std::string& sql, const std::vector<Value>& values) {
  std::vector<const char*> params;
  for (const auto& value : values) params.push_back(value ? value->c_str() : nullptr);
  Result result(PQexecParams(conn, sql.c_str(), static_cast<int>(params.size()), nullptr, params.data(), nullptr,
                             nullptr, 0));
  check(result, sql.substr(0, 40));
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

const std::string kInsertEvent =
    "INSERT INTO staging_events (artist, auth, first_name, gender, item_in_session, last_name, length, level, "
    "location, method, page, registration, session_id, song, status, ts, user_agent, user_id, source_file, "
    "source_line) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)";

const std::string kInsertSong =
    "INSERT INTO staging_songs (num_songs, artist_id, artist_latitude, artist_longitude, artist_location, "
    "artist_name, song_id, title, duration, year, source_file) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

long long insert_events(PGconn* conn, const fs::path& dir, long long limit) {
  long long count = 0;
  for (const auto& file : json_files(dir / "log_data")) {
    std::ifstream in(file);
    std::string line;
    for (long long number = 1; count < limit && std::getline(in, line); ++number) {
      if (line.empty()) continue;
      const Json e = Json::parse(line);
      Value user = text(e, "userId");
      if (user && user->empty()) user.reset();
      execute(conn, kInsertEvent,
              {text(e, "artist"), text(e, "auth"), text(e, "firstName"), text(e, "gender"), text(e, "itemInSession"),
               text(e, "lastName"), double_text(e, "length"), text(e, "level"), text(e, "location"),
               text(e, "method"), text(e, "page"), text(e, "registration"), text(e, "sessionId"), text(e, "song"),
               text(e, "status"), text(e, "ts"), text(e, "userAgent"), user, file.string(), std::to_string(number)});
      ++count;
    }
    if (count >= limit) break;
  }
  return count;
}

long long insert_songs(PGconn* conn, const fs::path& dir, long long limit) {
  long long count = 0;
  for (const auto& file : json_files(dir / "song_data")) {
    if (count >= limit) break;
    std::ifstream in(file);
    const Json s = Json::parse(in);
    execute(conn, kInsertSong,
            {text(s, "num_songs"), text(s, "artist_id"), double_text(s, "artist_latitude"),
             double_text(s, "artist_longitude"), text(s, "artist_location"), text(s, "artist_name"),
             text(s, "song_id"), text(s, "title"), double_text(s, "duration"), text(s, "year"), file.string()});
    ++count;
  }
  return count;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fputs("usage: pg_row_loop CONNINFO DIR MAX_EVENTS MAX_SONGS\n", stderr);
    return 2;
  }
  try {
    Conn conn(PQconnectdb(argv[1]));
    if (PQstatus(conn.get()) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(conn.get()));
    for (const auto& statement : sparkify::sql::postgres_session_settings()) execute(conn.get(), statement.text, {});
    const auto start = std::chrono::steady_clock::now();
    const long long events = insert_events(conn.get(), argv[2], std::stoll(argv[3]));
    const long long songs = insert_songs(conn.get(), argv[2], std::stoll(argv[4]));
    const double insert_s = seconds_since(start);
    const auto build_start = std::chrono::steady_clock::now();
    for (const auto& statement : sparkify::sql::PostgresDialect().build_star_schema()) {
      execute(conn.get(), statement.text, {});
    }
    std::printf("events %lld songs %lld insert_s %.3f build_s %.3f\n", events, songs, insert_s,
                seconds_since(build_start));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "pg_row_loop: %s\n", error.what());
    return 1;
  }
  return 0;
}
