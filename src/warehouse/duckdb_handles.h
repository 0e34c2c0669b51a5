// RAII owners for DuckDB C API handles. Each closes its handle exactly once;
// none is copyable. Errors become sparkify::Error(warehouse).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "warehouse/duckdb_api.h"

namespace sparkify::warehouse::duckdb {

// Owns one handle that `Destroy{}(&handle)` (its duckdb_destroy_* function)
// releases; movable, so owners can live in vectors.
template <typename Handle, typename Destroy>
class Owned {
 public:
  explicit Owned(Handle handle) : handle_(handle) {}
  ~Owned() {
    if (handle_) Destroy{}(&handle_);
  }
  Owned(Owned&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  Owned& operator=(Owned&&) = delete;
  Handle get() const { return handle_; }

 private:
  Handle handle_;
};

struct DestroyLogicalType {
  void operator()(duckdb_logical_type* type) const { duckdb_destroy_logical_type(type); }
};
struct DestroyValue {
  void operator()(duckdb_value* value) const { duckdb_destroy_value(value); }
};
using LogicalType = Owned<duckdb_logical_type, DestroyLogicalType>;
using Value = Owned<duckdb_value, DestroyValue>;

class Database {
 public:
  // ":memory:" for an in-memory database. read_only: DuckDB's access_mode
  // READ_ONLY (never creates or changes the file; fails if it is missing).
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

// A UUID value as text, 8-4-4-4-12 lowercase hex (DuckDB keeps a UUID as a
// 128-bit integer with its top bit flipped).
std::string uuid_text(duckdb_hugeint value);
// The same into `out`, reusing its buffer.
void uuid_text(duckdb_hugeint value, std::string& out);

// Runs one statement; throws Error(warehouse) naming `what` on failure.
void run(duckdb_connection conn, std::string_view sql, std::string_view what, Result& result);

// DuckDB's error text as sparkify reports it (nullptr: "unknown error"). A
// failure to spill to the temporary directory (on a full disk DuckDB names
// only its max_temp_directory_size and advises more memory) says the disk
// is full, without that advice.
std::string error_text(const char* message);

// Appender on one table, fed whole data chunks. Every kChunksPerFlush chunks
// it flushes into the table (still inside the current transaction), so the
// rows buffered in DuckDB's appender stay bounded instead of growing to the
// appender's own flush size with wide rows.
class Appender {
 public:
  // On `table` of the database's main schema, or of the session's temporary
  // tables when `temporary` is set.
  Appender(duckdb_connection conn, const char* table, bool temporary = false);
  // The column types of the table, in order (what a chunk must hold).
  std::vector<duckdb_type> column_types() const;
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
