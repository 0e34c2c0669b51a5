#include "warehouse/pg_run_loader.h"

#include <bit>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/error.h"
#include "sql/postgres_dialect.h"
#include "warehouse/pg_copy_encoding.h"
#include "warehouse/pg_copy_stream.h"
#include "warehouse/star_columns.h"

namespace sparkify::warehouse {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
// Microseconds from the Unix epoch to PostgreSQL's (2000-01-01 00:00 UTC).
constexpr std::int64_t kPostgresEpochUs = 946'684'800'000'000;

// One row at a time in COPY's binary format, values in table order.
class BinaryRow {
 public:
  BinaryRow(std::string& out, int columns, std::string_view table) : out_(out), columns_(columns), table_(table) {}

  void text(std::optional<std::string_view> value) {
    begin_field();
    if (!value) return null();
    put(static_cast<std::uint32_t>(value->size()));
    out_.append(*value);
  }
  void int64(std::optional<std::int64_t> value) { number(value); }
  void int32(std::optional<std::int32_t> value) { number(value); }
  void float64(std::optional<double> value) {
    begin_field();
    if (!value) return null();
    put(std::uint32_t{8});
    put(std::bit_cast<std::uint64_t>(*value));
  }
  void timestamp_ms(std::int64_t epoch_ms) { int64(epoch_ms * 1000 - kPostgresEpochUs); }
  void uuid(const std::uint8_t (&bytes)[16]) {
    begin_field();
    put(std::uint32_t{16});
    out_.append(reinterpret_cast<const char*>(bytes), 16);
  }
  void end_row() {
    if (written_ != columns_) {
      throw_error(ErrorKind::warehouse, "internal: a row for {} set {} of its {} columns", table_, written_, columns_);
    }
    written_ = 0;
  }

 private:
  template <typename Int>
  void number(std::optional<Int> value) {
    begin_field();
    if (!value) return null();
    put(static_cast<std::uint32_t>(sizeof(Int)));
    put(static_cast<std::make_unsigned_t<Int>>(*value));
  }
  void begin_field() {
    if (written_++ == 0) put(static_cast<std::uint16_t>(columns_));
  }
  void null() { put(static_cast<std::uint32_t>(-1)); }
  template <typename Unsigned>
  void put(Unsigned value) {
    char bytes[sizeof value];
    for (std::size_t i = 0; i < sizeof value; ++i) {
      bytes[i] = static_cast<char>((value >> (8 * (sizeof value - 1 - i))) & 0xFF);
    }
    out_.append(bytes, sizeof value);
  }

  std::string& out_;
  int columns_;
  std::string_view table_;
  int written_ = 0;
};

template <typename Columns>
class TableBuffer {
 public:
  explicit TableBuffer(const char* table) : copy_(sql::copy_table_from_stdin(table)), table_(table) {}

  template <typename Row>
  void append(std::span<const Row> rows, PgCopyStream& stream) {
    BinaryRow row(buffer_, Columns::kColumns, table_);
    for (const auto& value : rows) Columns::write(row, value);
    if (buffer_.size() >= kFlushBytes) send(stream);
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
  void append_songplays(std::span<const star::SongplayRow> rows) override { songplays_.append(rows, stream_); }
  void append_time(std::span<const star::TimeRow> rows) override { time_.append(rows, stream_); }
  void append_run_users(std::span<const star::UserRow> rows) override { run_users_.append(rows, stream_); }
  void append_repeat_plays(std::span<const star::SongplayRow> rows) override { repeat_plays_.append(rows, stream_); }
  void append_run_times(std::span<const std::int64_t> times) override { run_times_.append(times, stream_); }
  void append_run_files(std::span<const sql::ManifestRow> files) override { run_files_.append(files, stream_); }

  void flush() override {
    run_songs_.send(stream_);
    songplays_.send(stream_);
    time_.send(stream_);
    run_users_.send(stream_);
    repeat_plays_.send(stream_);
    run_times_.send(stream_);
    run_files_.send(stream_);
    stream_.end();
  }

 private:
  PgCopyStream stream_;
  TableBuffer<RunSongColumns> run_songs_{"run_songs"};
  TableBuffer<SongplayColumns> songplays_{"songplays"};
  TableBuffer<TimeColumns> time_{"time"};
  TableBuffer<RunUserColumns> run_users_{"run_users"};
  TableBuffer<SongplayColumns> repeat_plays_{"repeat_plays"};
  TableBuffer<RunTimeColumns> run_times_{"run_times"};
  TableBuffer<RunFileColumns> run_files_{"run_files"};
};

}  // namespace

std::unique_ptr<RunLoader> make_pg_run_loader(PGconn* connection, std::string target) {
  return std::make_unique<PgRunLoader>(connection, std::move(target));
}

}  // namespace sparkify::warehouse
