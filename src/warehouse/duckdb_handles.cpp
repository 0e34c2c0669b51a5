#include "warehouse/duckdb_handles.h"

#include <fmt/format.h>

#include "common/error.h"

namespace sparkify::warehouse::duckdb {

namespace {

// Owns a duckdb_config.
class Config {
 public:
  Config() {
    if (duckdb_create_config(&config_) == DuckDBError) {
      throw_error(ErrorKind::warehouse, "cannot create a DuckDB config");
    }
  }
  ~Config() { duckdb_destroy_config(&config_); }
  Config(const Config&) = delete;
  Config& operator=(const Config&) = delete;
  void set(const char* name, const char* value) {
    if (duckdb_set_config(config_, name, value) == DuckDBError) {
      throw_error(ErrorKind::warehouse, "cannot set DuckDB option {}={}", name, value);
    }
  }
  duckdb_config get() const { return config_; }

 private:
  duckdb_config config_ = nullptr;
};

}  // namespace

Database::Database(const std::string& path, bool read_only) {
  Config config;
  if (read_only) config.set("access_mode", "READ_ONLY");
  char* error = nullptr;
  if (duckdb_open_ext(path.c_str(), &db_, config.get(), &error) == DuckDBError) {
    std::string message = error ? error : "unknown error";
    duckdb_free(error);
    throw_error(ErrorKind::warehouse, "cannot open DuckDB database {}: {}", path, message);
  }
}

Database::~Database() { duckdb_close(&db_); }

Connection::Connection(const Database& database) {
  if (duckdb_connect(database.get(), &conn_) == DuckDBError) {
    throw_error(ErrorKind::warehouse, "cannot connect to the DuckDB database");
  }
}

Connection::~Connection() { duckdb_disconnect(&conn_); }

Result::~Result() { duckdb_destroy_result(&result_); }

std::string error_text(const char* message) {
  std::string text = message ? message : "unknown error";
  if (text.find("failed to offload data block") == std::string::npos) return text;
  return fmt::format(
      "{} (the disk of DuckDB's temporary directory, beside the database file, is full or at its "
      "max_temp_directory_size)",
      text.substr(0, text.find('\n')));
}

void run(duckdb_connection conn, std::string_view sql, std::string_view what, Result& result) {
  std::string text(sql);
  if (duckdb_query(conn, text.c_str(), result.get()) == DuckDBError) {
    throw_error(ErrorKind::warehouse, "DuckDB failed to {}: {}", what, error_text(duckdb_result_error(result.get())));
  }
}

void uuid_text(duckdb_hugeint value, std::string& out) {
  constexpr char kDigits[] = "0123456789abcdef";
  const std::uint64_t halves[] = {static_cast<std::uint64_t>(value.upper) ^ (std::uint64_t{1} << 63), value.lower};
  char text[36];
  std::size_t at = 0;
  for (int digit = 0; digit < 32; ++digit) {
    if (digit == 8 || digit == 12 || digit == 16 || digit == 20) text[at++] = '-';
    text[at++] = kDigits[(halves[digit / 16] >> (60 - 4 * (digit % 16))) & 0xF];
  }
  out.assign(text, sizeof text);
}

std::string uuid_text(duckdb_hugeint value) {
  std::string out;
  uuid_text(value, out);
  return out;
}

Appender::Appender(duckdb_connection conn, const char* table, bool temporary) : table_(table) {
  const duckdb_state state = temporary ? duckdb_appender_create_ext(conn, "temp", "main", table, &appender_)
                                       : duckdb_appender_create(conn, nullptr, table, &appender_);
  if (state == DuckDBError) fail("open an appender on");
}

std::vector<duckdb_type> Appender::column_types() const {
  std::vector<duckdb_type> types;
  for (idx_t i = 0; i < duckdb_appender_column_count(appender_); ++i) {
    duckdb_logical_type type = duckdb_appender_column_type(appender_, i);
    types.push_back(duckdb_get_type_id(type));
    duckdb_destroy_logical_type(&type);
  }
  return types;
}

Appender::~Appender() { duckdb_appender_destroy(&appender_); }

void Appender::append(duckdb_data_chunk chunk) {
  if (duckdb_append_data_chunk(appender_, chunk) == DuckDBError) fail("append to");
  if (++chunks_since_flush_ == kChunksPerFlush) flush();
}

void Appender::flush() {
  if (duckdb_appender_flush(appender_) == DuckDBError) fail("flush rows into");
  chunks_since_flush_ = 0;
}

void Appender::fail(const char* action) {
  duckdb_error_data data = duckdb_appender_error_data(appender_);
  std::string message = error_text(data ? duckdb_error_data_message(data) : nullptr);
  duckdb_destroy_error_data(&data);
  throw_error(ErrorKind::warehouse, "DuckDB failed to {} {}: {}", action, table_, message);
}

}  // namespace sparkify::warehouse::duckdb
