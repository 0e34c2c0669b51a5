#include "warehouse/duckdb_warehouse.h"

#include "warehouse/duckdb_chunk_writer.h"
#include "warehouse/duckdb_query_stream.h"
#include "warehouse/duckdb_run_loader.h"

namespace sparkify::warehouse {
namespace {

// Staging loader: one appender + chunk writer per staging table. Column order
// follows DuckDbDialect::create_tables().
class DuckDbStagingLoader final : public StagingLoader {
 public:
  explicit DuckDbStagingLoader(duckdb_connection conn)
      : events_appender_(conn, "staging_events"),
        songs_appender_(conn, "staging_songs"),
        events_(events_appender_, {DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_VARCHAR,
                                   DUCKDB_TYPE_INTEGER, DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_VARCHAR,
                                   DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_BIGINT,
                                   DUCKDB_TYPE_BIGINT,  DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_INTEGER, DUCKDB_TYPE_BIGINT,
                                   DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_BIGINT,  DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_BIGINT}),
        songs_(songs_appender_, {DUCKDB_TYPE_INTEGER, DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_DOUBLE, DUCKDB_TYPE_DOUBLE,
                                 DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_VARCHAR,
                                 DUCKDB_TYPE_DOUBLE, DUCKDB_TYPE_INTEGER, DUCKDB_TYPE_VARCHAR}) {}

  void append_events(std::span<const parse::EventRow> rows) override {
    for (const auto& r : rows) {
      events_.text(0, r.artist);
      events_.text(1, r.auth);
      events_.text(2, r.first_name);
      events_.text(3, r.gender);
      events_.int32(4, r.item_in_session);
      events_.text(5, r.last_name);
      events_.float64(6, r.length);
      events_.text(7, r.level);
      events_.text(8, r.location);
      events_.text(9, r.method);
      events_.text(10, r.page);
      events_.int64(11, r.registration);
      events_.int64(12, r.session_id);
      events_.text(13, r.song);
      events_.int32(14, r.status);
      events_.int64(15, r.ts);
      events_.text(16, r.user_agent);
      events_.int64(17, r.user_id);
      events_.text(18, r.source_file);
      events_.int64(19, r.source_line);
      events_.end_row();
    }
  }

  void append_songs(std::span<const parse::SongRow> rows) override {
    for (const auto& r : rows) {
      songs_.int32(0, r.num_songs);
      songs_.text(1, r.artist_id);
      songs_.float64(2, r.artist_latitude);
      songs_.float64(3, r.artist_longitude);
      songs_.text(4, r.artist_location);
      songs_.text(5, r.artist_name);
      songs_.text(6, r.song_id);
      songs_.text(7, r.title);
      songs_.float64(8, r.duration);
      songs_.int32(9, r.year);
      songs_.text(10, r.source_file);
      songs_.end_row();
    }
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

std::unique_ptr<StagingLoader> DuckDbWarehouse::open_staging_loader() {
  return std::make_unique<DuckDbStagingLoader>(connection_.get());
}

}  // namespace sparkify::warehouse
