#include "warehouse/pg_run_loader.h"

#include <cstdint>
#include <string>

#include "sql/postgres_dialect.h"
#include "warehouse/pg_copy_encoding.h"
#include "warehouse/pg_copy_stream.h"
#include "warehouse/star_columns.h"

namespace sparkify::warehouse {
namespace {

// One run work table's rows, encoded by BinaryCopyRow and sent when due
// (PgCopyStream::due) or flushed.
template <typename Columns>
class TableBuffer {
 public:
  explicit TableBuffer(const char* table) : copy_(sql::copy_table_from_stdin(table)), table_(table) {}

  template <typename Row>
  void append(std::span<const Row> rows, PgCopyStream& stream) {
    BinaryCopyRow row(buffer_, Columns::kColumns, table_);
    for (const auto& value : rows) Columns::write(row, value);
    if (stream.due(copy_, buffer_.size())) send(stream);
  }
  void send(PgCopyStream& stream) {
    if (buffer_.empty()) return;
    stream.send(copy_, copy_header(sql::CopyFormat::binary), copy_trailer(sql::CopyFormat::binary), buffer_);
    buffer_.clear();
  }

 private:
  sql::Statement copy_;
  const char* table_;
  std::string buffer_;
};

class PgRunLoader final : public RunLoader {
 public:
  PgRunLoader(PGconn* connection, std::string target) : stream_(connection, std::move(target)) {}

  void append_run_songs(std::span<const parse::SongRow> rows) override { run_songs_.append(rows, stream_); }
  void append_songs(std::span<const star::SongRow> rows) override { songs_.append(rows, stream_); }
  void append_artists(std::span<const star::ArtistRow> rows) override { artists_.append(rows, stream_); }
  void append_songplays(std::span<const star::SongplayRow> rows) override { songplays_.append(rows, stream_); }
  void append_time(std::span<const star::TimeRow> rows) override { time_.append(rows, stream_); }
  void append_run_users(std::span<const star::UserRow> rows) override { run_users_.append(rows, stream_); }
  void append_users(std::span<const star::UserRow> rows) override { users_.append(rows, stream_); }
  void append_repeat_plays(std::span<const star::SongplayRow> rows) override { repeat_plays_.append(rows, stream_); }
  void append_run_times(std::span<const std::int64_t> times) override { run_times_.append(times, stream_); }
  void append_played_songs(std::span<const star::PlayedSong> pairs) override { played_songs_.append(pairs, stream_); }
  void append_run_files(std::span<const sql::ManifestRow> files) override { run_files_.append(files, stream_); }
  void append_etl_files(std::span<const sql::ManifestRow> files) override { etl_files_.append(files, stream_); }

  void flush() override {
    run_songs_.send(stream_);
    songs_.send(stream_);
    artists_.send(stream_);
    songplays_.send(stream_);
    time_.send(stream_);
    run_users_.send(stream_);
    users_.send(stream_);
    repeat_plays_.send(stream_);
    run_times_.send(stream_);
    played_songs_.send(stream_);
    run_files_.send(stream_);
    etl_files_.send(stream_);
    stream_.end();
  }

 private:
  PgCopyStream stream_;
  TableBuffer<RunSongColumns> run_songs_{"run_songs"};
  TableBuffer<SongColumns> songs_{"songs"};
  TableBuffer<ArtistColumns> artists_{"artists"};
  TableBuffer<SongplayColumns> songplays_{"songplays"};
  TableBuffer<TimeColumns> time_{"time"};
  TableBuffer<UserColumns> run_users_{"run_users"};
  TableBuffer<UserColumns> users_{"users"};
  TableBuffer<SongplayColumns> repeat_plays_{"repeat_plays"};
  TableBuffer<RunTimeColumns> run_times_{"run_times"};
  TableBuffer<PlayedSongColumns> played_songs_{"played_songs"};
  TableBuffer<RunFileColumns> run_files_{"run_files"};
  TableBuffer<RunFileColumns> etl_files_{"etl_files"};
};

}  // namespace

std::unique_ptr<RunLoader> make_pg_run_loader(PGconn* connection, std::string target) {
  return std::make_unique<PgRunLoader>(connection, std::move(target));
}

}  // namespace sparkify::warehouse
