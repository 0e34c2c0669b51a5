// Warehouse: one connection to one target engine (DuckDB file, PostgreSQL,
// Redshift). It runs SQL given to it (from sql::Dialect) and bulk-loads parsed
// staging rows; it never decides what SQL to run. The pipeline sees only this
// interface.
//
// Contract:
//  - Every method throws sparkify::Error(ErrorKind::warehouse) with the target
//    and the statement's name on failure.
//  - begin/commit/rollback bracket one transaction; use the Transaction guard
//    below, which rolls back unless committed.
//  - open_staging_loader() returns a loader that appends rows to the staging
//    tables inside the current transaction. Not thread-safe: one thread feeds it.
//  - Not thread-safe in general: one Warehouse per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parse/rows.h"
#include "sql/dialect.h"
#include "sql/load_audit.h"
#include "star/rows.h"

namespace sparkify::warehouse {

// What a result column holds, so output formats can type values (JSON numbers,
// booleans, timestamps); the values themselves are always text. `nested`: a
// list, struct, map, array or union, as the engine renders it (DuckDB:
// "[1, 2]", "{'a': 1}", "{k=v}"), or as JSON when the sink asks for it
// (RowSink::nested_as_json()).
enum class ValueKind { text, integer, decimal, boolean, timestamp, nested };

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;  // text form; nullopt = NULL
  std::vector<ValueKind> kinds;                               // one per column; empty: every column is text
};

// Receives a query's result as it is read: begin() once with the column names
// and kinds, row() per row (the values are valid only during the call), end().
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void begin(const std::vector<std::string>& columns, const std::vector<ValueKind>& kinds) = 0;
  virtual void row(std::span<const std::optional<std::string>> values) = 0;
  virtual void end() = 0;
  // True: values of ValueKind::nested arrive as JSON text (arrays, objects;
  // their members typed as warehouse/value_json.h says), not as displayed.
  virtual bool nested_as_json() const { return false; }
};

// Feeds a whole result to a sink.
void send_result(const QueryResult& result, RowSink& sink);
// The whole result `run` feeds to the sink it is given.
QueryResult collect_result(const std::function<void(RowSink&)>& run);

class StagingLoader {
 public:
  virtual ~StagingLoader() = default;
  virtual void append_events(std::span<const parse::EventRow> rows) = 0;
  virtual void append_songs(std::span<const parse::SongRow> rows) = 0;
  // Flushes everything appended; afterwards the rows are visible in the transaction.
  virtual void finish() = 0;
};

// RunLoader: the streaming engine's bulk path. Appends final rows to songplays
// and time (and to songs, artists and users when the run found them empty),
// and the run's work tables (run_songs, run_users, repeat_plays,
// run_times, played_songs: sql/dialect.h; run_files: sql/load_audit.h), inside the current
// transaction; the work tables must exist (Dialect::create_work_tables(),
// sql::create_run_files()). flush() makes everything
// appended visible to queries on the same warehouse; appending may go on
// afterwards. Not thread-safe: one thread feeds it. Destroyed without a
// final flush() (an exception), what it buffered is dropped and the caller's
// rollback discards the rest.
class RunLoader {
 public:
  virtual ~RunLoader() = default;
  virtual void append_run_songs(std::span<const parse::SongRow> rows) = 0;
  // Straight to songs and artists: for a run that found them empty, whose
  // rows need no merge.
  virtual void append_songs(std::span<const star::SongRow> rows) = 0;
  virtual void append_artists(std::span<const star::ArtistRow> rows) = 0;
  virtual void append_songplays(std::span<const star::SongplayRow> rows) = 0;
  virtual void append_time(std::span<const star::TimeRow> rows) = 0;
  virtual void append_run_users(std::span<const star::UserRow> rows) = 0;
  // Straight to users: for a run that found it empty.
  virtual void append_users(std::span<const star::UserRow> rows) = 0;
  // Plays whose key may already be in songplays (Dialect: repeat_plays).
  virtual void append_repeat_plays(std::span<const star::SongplayRow> rows) = 0;
  virtual void append_run_times(std::span<const std::int64_t> start_times_ms) = 0;
  virtual void append_played_songs(std::span<const star::PlayedSong> pairs) = 0;
  // To run_files (sql::create_run_files()).
  virtual void append_run_files(std::span<const sql::ManifestRow> files) = 0;
  // Straight to etl_files: for a run none of whose files it holds.
  virtual void append_etl_files(std::span<const sql::ManifestRow> files) = 0;
  virtual void flush() = 0;
};

class Warehouse {
 public:
  virtual ~Warehouse() = default;

  // The target as a URI with any password removed, for messages.
  virtual std::string describe() const = 0;
  virtual const sql::Dialect& dialect() const = 0;

  virtual void execute(const sql::Statement& statement) = 0;
  // execute(), then the rows the statement inserted, updated or deleted where
  // the engine reports them (DuckDB's duckdb_rows_changed, libpq's
  // PQcmdTuples); nullopt for other statements and engines that do not say.
  virtual std::optional<std::int64_t> execute_counted(const sql::Statement& statement) {
    execute(statement);
    return std::nullopt;
  }
  virtual QueryResult query(std::string_view sql) = 0;
  // Runs one statement and hands its rows to `sink` as they are read, so a
  // large result need not be held; by default query() then send_result().
  virtual void stream_query(std::string_view sql, RowSink& sink) { send_result(query(sql), sink); }

  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

  virtual std::unique_ptr<StagingLoader> open_staging_loader() = 0;
  // The streaming engine's loader; nullptr where the engine cannot take it
  // (Redshift, which loads itself from S3).
  virtual std::unique_ptr<RunLoader> open_run_loader() { return nullptr; }

  // While set, the engine keeps at most about `bytes` of memory for its own
  // caches and buffers, beyond what its indexes hold (DuckDB: memory_limit,
  // so the blocks a load has written leave its cache instead of staying there
  // until the process ends; what must stay is spilled to its temporary
  // directory). nullopt restores the engine's own limit. Engines that hold no
  // such cache in this process ignore it.
  virtual void limit_memory(std::optional<std::size_t> bytes) { (void)bytes; }
  // Whether the engine runs in this process, so that what its statements hold
  // (a merge's joins and ranking) is this process's memory; a server's is
  // bounded by the server's own settings.
  virtual bool runs_in_process() const { return false; }

  // While on, the engine runs each statement, and each flush of a RunLoader,
  // on the calling thread alone (DuckDB: threads = 1). For streaming appends,
  // which one thread does anyway: with worker threads each flush is handed to
  // one of them and the caller waits. Off restores the engine's own thread
  // count. Engines that run statements in another process ignore it.
  virtual void work_on_calling_thread(bool on) { (void)on; }

  // True when staging is loaded by the engine itself from S3 (Redshift COPY);
  // the pipeline then runs dialect().copy_staging() instead of parsing locally.
  virtual bool loads_staging_from_s3() const { return false; }
};

// Rolls back on destruction unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Warehouse& warehouse) : warehouse_(warehouse) { warehouse_.begin(); }
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Warehouse& warehouse_;
  bool open_ = true;
};

}  // namespace sparkify::warehouse
