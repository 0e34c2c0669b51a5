// RAII owners for DuckDB C API handles. Each closes its handle exactly once;
// none is copyable. Errors become sparkify::Error(warehouse).
#pragma once

#include <duckdb.h>

#include <string>
#include <string_view>

namespace sparkify::warehouse::duckdb {

class Database {
 public:
  // ":memory:" for an in-memory database. `read_only` opens with DuckDB's
  // access_mode READ_ONLY: writes fail, and a missing file is an error, not created.
  explicit Database(const std::string& path, bool read_only = false);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  duckdb_database get() const { return db_; }

 private:
  duckdb_database db_ = nullptr;
};

class Connection {
 public:
  explicit Connection(const Database& database);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  duckdb_connection get() const { return conn_; }

 private:
  duckdb_connection conn_ = nullptr;
};

// A materialized query result.
class Result {
 public:
  Result() = default;
  ~Result();
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  duckdb_result* get() { return &result_; }

 private:
  duckdb_result result_{};
};

// Runs one statement; throws Error(warehouse) naming `what` on failure.
void run(duckdb_connection conn, std::string_view sql, std::string_view what, Result& result);

// Appender on one table, fed whole data chunks. Every kChunksPerFlush chunks
// it flushes into the table (still inside the current transaction), so the
// rows buffered in DuckDB's appender stay bounded instead of growing to the
// appender's own flush size with wide rows.
class Appender {
 public:
  Appender(duckdb_connection conn, const char* table);
  ~Appender();
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;
  void append(duckdb_data_chunk chunk);
  void flush();

 private:
  [[noreturn]] void fail(const char* action);
  duckdb_appender appender_ = nullptr;
  std::string table_;
  static constexpr int kChunksPerFlush = 16;
  int chunks_since_flush_ = 0;
};

}  // namespace sparkify::warehouse::duckdb
