#include "warehouse/duckdb_warehouse.h"

#include <fmt/format.h>

#include <algorithm>

#include "parse/staging_fields.h"
#include "warehouse/duckdb_chunk_writer.h"
#include "warehouse/duckdb_query_stream.h"
#include "warehouse/duckdb_run_loader.h"

namespace sparkify::warehouse {
namespace {

duckdb_type duckdb_type_of(parse::FieldType type) {
  switch (type) {
    case parse::FieldType::text:
      return DUCKDB_TYPE_VARCHAR;
    case parse::FieldType::int32:
      return DUCKDB_TYPE_INTEGER;
    case parse::FieldType::int64:
      return DUCKDB_TYPE_BIGINT;
    case parse::FieldType::float64:
      return DUCKDB_TYPE_DOUBLE;
  }
  return DUCKDB_TYPE_INVALID;
}

// The chunk column types of a staging table, from the parser's field table
// (the one the staging DDL comes from).
template <typename Fields>
std::vector<duckdb_type> column_types(const Fields& fields) {
  std::vector<duckdb_type> types;
  parse::for_each_field(fields, [&](const auto& field) { types.push_back(duckdb_type_of(field.type)); });
  return types;
}

// Staging loader: one appender + chunk writer per staging table; columns,
// types and values come from parse/staging_fields.h, and ChunkRowCursor
// checks that each row sets every column.
class DuckDbStagingLoader final : public StagingLoader {
 public:
  explicit DuckDbStagingLoader(duckdb_connection conn)
      : events_appender_(conn, "staging_events"),
        songs_appender_(conn, "staging_songs"),
        events_(events_appender_, column_types(parse::kEventFields)),
        songs_(songs_appender_, column_types(parse::kSongFields)) {}

  void append_events(std::span<const parse::EventRow> rows) override {
    duckdb::ChunkRowCursor cursor(events_, "staging_events");
    for (const auto& row : rows) parse::write_row(parse::kEventFields, cursor, row);
  }

  void append_songs(std::span<const parse::SongRow> rows) override {
    duckdb::ChunkRowCursor cursor(songs_, "staging_songs");
    for (const auto& row : rows) parse::write_row(parse::kSongFields, cursor, row);
  }

  void finish() override {
    events_.flush();
    songs_.flush();
    events_appender_.flush();
    songs_appender_.flush();
  }

 private:
  duckdb::Appender events_appender_;
  duckdb::Appender songs_appender_;
  duckdb::ChunkWriter events_;
  duckdb::ChunkWriter songs_;
};

}  // namespace

DuckDbWarehouse::DuckDbWarehouse(const std::string& path, bool read_only)
    : path_(path), database_(path, read_only), connection_(database_) {}

void DuckDbWarehouse::execute(const sql::Statement& statement) { (void)execute_counted(statement); }

std::optional<std::int64_t> DuckDbWarehouse::execute_counted(const sql::Statement& statement) {
  duckdb::Result result;
  duckdb::run(connection_.get(), statement.text, statement.name, result);
  switch (duckdb_result_statement_type(*result.get())) {
    case DUCKDB_STATEMENT_TYPE_INSERT:
    case DUCKDB_STATEMENT_TYPE_UPDATE:
    case DUCKDB_STATEMENT_TYPE_DELETE:
      return static_cast<std::int64_t>(duckdb_rows_changed(result.get()));
    default:
      return std::nullopt;
  }
}

// Read through the chunk API, which knows every type the old value API
// does not (UUID among them).
QueryResult DuckDbWarehouse::query(std::string_view sql) {
  return collect_result([&](RowSink& sink) { duckdb::stream_query(connection_.get(), sql, sink); });
}

void DuckDbWarehouse::stream_query(std::string_view sql, RowSink& sink) {
  duckdb::stream_query(connection_.get(), sql, sink);
}

void DuckDbWarehouse::begin() { execute({"begin a transaction", "BEGIN TRANSACTION"}); }
void DuckDbWarehouse::commit() { execute({"commit", "COMMIT"}); }
void DuckDbWarehouse::rollback() { execute({"roll back", "ROLLBACK"}); }

std::unique_ptr<RunLoader> DuckDbWarehouse::open_run_loader() { return make_duckdb_run_loader(connection_.get()); }

// DuckDB 1.4.4's RESET memory_limit changes the setting but not the buffer
// pool's limit, so the limit in force before the first cap is read once and
// set back as DuckDB displays it (to a tenth of its unit, "18.8 GiB"; read
// once, so it cannot drift).
// A cap comes on top of what the indexes hold (duckdb_memory()'s ART_INDEX):
// the primary keys of songs, artists and users stay in memory once the run
// has changed them, and a limit below them fails ("could not free up enough
// memory for the new limit"), which also aborts the transaction. With
// 500,000 songs they held 34 MB; with 100,000, 8 MB.
void DuckDbWarehouse::limit_memory(std::optional<std::size_t> bytes) {
  if (!own_memory_limit_) {
    own_memory_limit_ = query("SELECT memory_limit FROM pragma_database_size()").rows.at(0).at(0).value_or("");
  }
  std::string limit = *own_memory_limit_;
  if (bytes) {
    const auto indexes = query(
                             "SELECT CAST(coalesce(sum(memory_usage_bytes), 0) AS BIGINT) FROM duckdb_memory() "
                             "WHERE tag = 'ART_INDEX'")
                             .rows.at(0)
                             .at(0)
                             .value_or("0");
    limit = fmt::format("{}KiB", std::max<std::size_t>((*bytes + std::stoull(indexes)) >> 10, 1));
  }
  execute({bytes ? "limit DuckDB's memory" : "restore DuckDB's memory limit",
           fmt::format("SET memory_limit = '{}'", limit)});
}

void DuckDbWarehouse::work_on_calling_thread(bool on) {
  if (!own_threads_) own_threads_ = query("SELECT current_setting('threads')").rows.at(0).at(0).value_or("");
  execute({on ? "run DuckDB on the calling thread" : "restore DuckDB's threads",
           fmt::format("SET threads = {}", on ? "1" : *own_threads_)});
}

std::unique_ptr<StagingLoader> DuckDbWarehouse::open_staging_loader() {
  return std::make_unique<DuckDbStagingLoader>(connection_.get());
}

}  // namespace sparkify::warehouse
