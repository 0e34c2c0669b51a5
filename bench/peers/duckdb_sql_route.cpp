// duckdb_sql_route: the peer of `sparkify etl` in bench/etl_bench.sh. It loads
// the same data set into a DuckDB file with DuckDB's own read_json and the
// same statements sparkify runs (sql::DuckDbDialect), so the benchmark
// compares sparkify's client-side parse + append against the pure-SQL route.
//
//   duckdb_sql_route create DB        create the tables (not timed by the bench)
//   duckdb_sql_route etl DB DIR       staging from DIR/log_data, DIR/song_data,
//                                     then build_star_schema, in one transaction
//   duckdb_sql_route counts DB        "table rows" for staging and star tables
//   duckdb_sql_route script DB FILE DIR [PART]
//                                     runs the statements of FILE with {DIR}
//                                     replaced; PART "setup" runs those before
//                                     the line "-- etl", "etl" those after it
//                                     (default: all)
//
// Field mapping matches src/parse/parsers.cpp for well-formed input (the bench
// generates no malformed lines): userId "" -> NULL, registration 1.5e12 -> BIGINT,
// source_file = the file name, source_line = scan order (same order within a
// file as the physical line, which is all the tie-breaks need).
// Exit status 1 with the DuckDB error on stderr if any statement fails.
#include <duckdb.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sql/duckdb_dialect.h"

namespace {

class Database {
 public:
  explicit Database(const std::string& path) {
    if (duckdb_open(path.c_str(), &db_) != DuckDBSuccess) throw std::runtime_error("cannot open " + path);
  }
  ~Database() { duckdb_close(&db_); }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  duckdb_database get() const { return db_; }

 private:
  duckdb_database db_ = nullptr;
};

class Connection {
 public:
  explicit Connection(const Database& db) {
    if (duckdb_connect(db.get(), &conn_) != DuckDBSuccess) throw std::runtime_error("cannot connect");
  }
  ~Connection() { duckdb_disconnect(&conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement; returns the first cell as int64 (0 when there is none).
  long long run(const std::string& sql, std::string_view what) {
    duckdb_result result;
    const bool ok = duckdb_query(conn_, sql.c_str(), &result) == DuckDBSuccess;
    const std::string error = ok ? "" : duckdb_result_error(&result);
    const long long first =
        ok && duckdb_column_count(&result) > 0 && duckdb_row_count(&result) > 0 ? duckdb_value_int64(&result, 0, 0) : 0;
    duckdb_destroy_result(&result);
    if (!ok) throw std::runtime_error(std::string(what) + ": " + error);
    return first;
  }

 private:
  duckdb_connection conn_ = nullptr;
};

std::string load_events(const std::string& dir) {
  return "INSERT INTO staging_events SELECT artist, auth, firstName, gender, itemInSession, lastName, length, "
         "level, location, method, page, CAST(registration AS BIGINT), sessionId, song, status, ts, userAgent, "
         "CAST(NULLIF(userId, '') AS BIGINT), filename, row_number() OVER () "
         "FROM read_json('" +
         dir +
         "/log_data/**/*.json', format = 'newline_delimited', filename = true, "
         "columns = {artist: 'VARCHAR', auth: 'VARCHAR', firstName: 'VARCHAR', gender: 'VARCHAR', "
         "itemInSession: 'INTEGER', lastName: 'VARCHAR', length: 'DOUBLE', level: 'VARCHAR', location: 'VARCHAR', "
         "method: 'VARCHAR', page: 'VARCHAR', registration: 'DOUBLE', sessionId: 'BIGINT', song: 'VARCHAR', "
         "status: 'INTEGER', ts: 'BIGINT', userAgent: 'VARCHAR', userId: 'VARCHAR'})";
}

std::string load_songs(const std::string& dir) {
  return "INSERT INTO staging_songs SELECT num_songs, artist_id, artist_latitude, artist_longitude, "
         "artist_location, artist_name, song_id, title, duration, year, filename "
         "FROM read_json('" +
         dir +
         "/song_data/**/*.json', format = 'newline_delimited', filename = true, "
         "columns = {num_songs: 'INTEGER', artist_id: 'VARCHAR', artist_latitude: 'DOUBLE', "
         "artist_longitude: 'DOUBLE', artist_location: 'VARCHAR', artist_name: 'VARCHAR', song_id: 'VARCHAR', "
         "title: 'VARCHAR', duration: 'DOUBLE', year: 'INTEGER'})";
}

// The statements of a bench SQL script: each ends with ';' at the end of a line.
std::vector<std::string> split_statements(const std::string& script) {
  std::vector<std::string> out;
  std::string current;
  std::istringstream lines(script);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("--", 0) == 0) continue;
    current += line + "\n";
    if (!line.empty() && line.back() == ';') {
      out.push_back(current);
      current.clear();
    }
  }
  return out;
}

std::string read_script(const std::string& path, const std::string& dir, const std::string& part) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  std::string script = text.str();
  for (std::size_t at; (at = script.find("{DIR}")) != std::string::npos;) script.replace(at, 5, dir);
  const std::size_t split = script.find("-- etl\n");
  if (part == "setup") return script.substr(0, split);
  if (part == "etl") return split == std::string::npos ? "" : script.substr(split);
  return script;
}

int usage() {
  std::fputs("usage: duckdb_sql_route create DB | etl DB DIR | counts DB | script DB FILE DIR [setup|etl]\n", stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  const std::string command = argv[1];
  try {
    Database db(argv[2]);
    Connection conn(db);
    const sparkify::sql::DuckDbDialect dialect;
    if (command == "create") {
      for (const auto& statement : dialect.create_tables()) conn.run(statement.text, statement.name);
    } else if (command == "etl" && argc == 4) {
      const std::string dir = argv[3];
      conn.run("BEGIN TRANSACTION", "begin");
      for (const auto& statement : dialect.clear_staging()) conn.run(statement.text, statement.name);
      conn.run(load_events(dir), "load staging_events");
      conn.run(load_songs(dir), "load staging_songs");
      for (const auto& statement : dialect.build_star_schema()) conn.run(statement.text, statement.name);
      conn.run("COMMIT", "commit");
    } else if (command == "script" && argc >= 5) {
      const std::string script = read_script(argv[3], argv[4], argc > 5 ? argv[5] : "all");
      for (const auto& statement : split_statements(script)) {
        const auto started = std::chrono::steady_clock::now();
        conn.run(statement, "script statement");
        const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
        std::fprintf(stderr, "%7.2f s  %s\n", seconds.count(), statement.substr(0, statement.find('\n')).c_str());
      }
    } else if (command == "counts") {
      for (const char* table : {"songplays", "users", "songs", "artists", "time"}) {
        std::printf("%s %lld\n", table, conn.run(std::string("SELECT count(*) FROM ") + table, table));
      }
      std::printf("songplays_matched %lld\n",
                  conn.run("SELECT count(*) FROM songplays WHERE song_id IS NOT NULL", "matched"));
    } else {
      return usage();
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "duckdb_sql_route %s: %s\n", command.c_str(), error.what());
    return 1;
  }
  return 0;
}
