// DuckDbWarehouse: the embedded default target. One database file (or
// ":memory:"), one connection. Staging rows are bulk-loaded through DuckDB's
// Appender fed with whole data chunks, inside the current transaction.
#pragma once

#include <memory>
#include <string>

#include "sql/duckdb_dialect.h"
#include "warehouse/duckdb_handles.h"
#include "warehouse/warehouse.h"

namespace sparkify::warehouse {

class DuckDbWarehouse final : public Warehouse {
 public:
  // `path`: a database file (created if missing, unless read_only) or ":memory:".
  // read_only: opened with access_mode READ_ONLY (the file must exist).
  explicit DuckDbWarehouse(const std::string& path, bool read_only = false);

  std::string describe() const override { return "duckdb:" + path_; }
  const sql::Dialect& dialect() const override { return dialect_; }
  void execute(const sql::Statement& statement) override;
  std::optional<std::int64_t> execute_counted(const sql::Statement& statement) override;
  QueryResult query(std::string_view sql) override;
  void stream_query(std::string_view sql, RowSink& sink) override;
  void begin() override;
  void commit() override;
  void rollback() override;
  std::unique_ptr<StagingLoader> open_staging_loader() override;
  std::unique_ptr<RunLoader> open_run_loader() override;
  void limit_memory(std::optional<std::size_t> bytes) override;
  void work_on_calling_thread(bool on) override;
  bool runs_in_process() const override { return true; }

 private:
  std::string path_;
  sql::DuckDbDialect dialect_;
  duckdb::Database database_;
  duckdb::Connection connection_;
  std::optional<std::string> own_memory_limit_;  // the buffer pool's limit before limit_memory() first set one
  std::optional<std::string> own_threads_;       // the thread count before work_on_calling_thread() first set one
};

}  // namespace sparkify::warehouse
