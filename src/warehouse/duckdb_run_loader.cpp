#include "warehouse/duckdb_run_loader.h"

#include <optional>
#include <string>

#include "warehouse/duckdb_chunk_writer.h"
#include "warehouse/duckdb_handles.h"
#include "warehouse/star_columns.h"

namespace sparkify::warehouse {
namespace {

// One table's appender, chunk writer and row cursor, opened on first use.
template <typename Columns>
class TableSink {
 public:
  TableSink(const char* table, bool temporary) : table_(table), temporary_(temporary) {}

  template <typename Row>
  void append(duckdb_connection connection, std::span<const Row> rows) {
    if (rows.empty()) return;
    if (!open_) open_.emplace(connection, table_, temporary_);
    for (const auto& row : rows) Columns::write(open_->cursor, row);
  }
  void flush() {
    if (!open_) return;
    open_->writer.flush();
    open_->appender.flush();
  }

 private:
  struct Open {
    Open(duckdb_connection connection, const char* table, bool temporary)
        : appender(connection, table, temporary), writer(appender, appender.column_types()), cursor(writer, table) {}
    duckdb::Appender appender;
    duckdb::ChunkWriter writer;
    duckdb::ChunkRowCursor cursor;
  };
  const char* table_;
  bool temporary_;
  std::optional<Open> open_;
};

class DuckDbRunLoader final : public RunLoader {
 public:
  explicit DuckDbRunLoader(duckdb_connection connection) : connection_(connection) {}

  void append_run_songs(std::span<const parse::SongRow> rows) override { run_songs_.append(connection_, rows); }
  void append_songs(std::span<const star::SongRow> rows) override { songs_.append(connection_, rows); }
  void append_artists(std::span<const star::ArtistRow> rows) override { artists_.append(connection_, rows); }
  void append_songplays(std::span<const star::SongplayRow> rows) override { songplays_.append(connection_, rows); }
  void append_time(std::span<const star::TimeRow> rows) override { time_.append(connection_, rows); }
  void append_run_users(std::span<const star::UserRow> rows) override { run_users_.append(connection_, rows); }
  void append_users(std::span<const star::UserRow> rows) override { users_.append(connection_, rows); }
  void append_repeat_plays(std::span<const star::SongplayRow> rows) override {
    repeat_plays_.append(connection_, rows);
  }
  void append_run_times(std::span<const std::int64_t> times) override { run_times_.append(connection_, times); }
  void append_played_songs(std::span<const star::PlayedSong> pairs) override {
    played_songs_.append(connection_, pairs);
  }
  void append_run_files(std::span<const sql::ManifestRow> files) override { run_files_.append(connection_, files); }
  void append_etl_files(std::span<const sql::ManifestRow> files) override { etl_files_.append(connection_, files); }

  void flush() override {
    run_songs_.flush();
    songs_.flush();
    artists_.flush();
    songplays_.flush();
    time_.flush();
    run_users_.flush();
    users_.flush();
    repeat_plays_.flush();
    run_times_.flush();
    played_songs_.flush();
    run_files_.flush();
    etl_files_.flush();
  }

 private:
  duckdb_connection connection_;
  TableSink<RunSongColumns> run_songs_{"run_songs", true};
  TableSink<SongColumns> songs_{"songs", false};
  TableSink<ArtistColumns> artists_{"artists", false};
  TableSink<SongplayColumns> songplays_{"songplays", false};
  TableSink<TimeColumns> time_{"time", false};
  TableSink<UserColumns> run_users_{"run_users", true};
  TableSink<UserColumns> users_{"users", false};
  TableSink<SongplayColumns> repeat_plays_{"repeat_plays", true};
  TableSink<RunTimeColumns> run_times_{"run_times", true};
  TableSink<PlayedSongColumns> played_songs_{"played_songs", true};
  TableSink<RunFileColumns> run_files_{"run_files", true};
  TableSink<RunFileColumns> etl_files_{"etl_files", false};
};

}  // namespace

std::unique_ptr<RunLoader> make_duckdb_run_loader(duckdb_connection connection) {
  return std::make_unique<DuckDbRunLoader>(connection);
}

}  // namespace sparkify::warehouse
