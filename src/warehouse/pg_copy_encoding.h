// Encoding of rows into PostgreSQL COPY streams.
//
// BinaryCopyRow is the one writer of COPY's binary format (used for the
// staging tables and for the run work tables of pg_run_loader): the stream
// opens with copy_header() — the 11-byte signature "PGCOPY\n\377\r\n\0", an
// int32 flags field (0) and an int32 header-extension length (0) — and ends
// with copy_trailer(), the int16 -1. Each row is an int16 field count, then per
// field an int32 byte length (-1 for NULL, no bytes follow) and the value in
// network byte order: int4, int8, float8 (IEEE 754 bits), text as its bytes,
// timestamp as int8 microseconds since 2000-01-01 00:00 UTC, uuid as its 16
// bytes. (PostgreSQL docs: "COPY", section "Binary Format".)
//
// Text format (encode_* with CopyFormat::text): one line per row,
// tab-separated; NULL is \N; backslash, tab, newline and carriage return are
// escaped; doubles use the shortest decimal that parses back to the same value
// (std::to_chars).
//
// The staging encoders take their columns, in order, from the parser's field
// tables (parse/staging_fields.h), the same tables the staging DDL and
// sql::copy_events_from_stdin / copy_songs_from_stdin come from. Row writers
// check the column count when a row ends and throw Error(warehouse) when a row
// set more or fewer values than its table has. Pure: they append to a string
// and never touch the network.
#pragma once

#include <bit>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "parse/rows.h"
#include "sql/postgres_dialect.h"

namespace sparkify::warehouse {

// Bytes that open / close one COPY stream (empty for text).
std::string_view copy_header(sql::CopyFormat format);
std::string_view copy_trailer(sql::CopyFormat format);

// Microseconds from the Unix epoch to PostgreSQL's (2000-01-01 00:00 UTC).
inline constexpr std::int64_t kPostgresEpochUs = 946'684'800'000'000;

// Appends rows of `columns` values each to `out`, in binary COPY format; the
// values of a row are set in table order. `table` names the table in the
// error of a row with the wrong count.
class BinaryCopyRow {
 public:
  BinaryCopyRow(std::string& out, int columns, std::string_view table) : out_(out), columns_(columns), table_(table) {}

  void text(std::optional<std::string_view> value) {
    begin_field();
    if (!value) return null();
    put(static_cast<std::uint32_t>(value->size()));
    out_.append(*value);
  }
  void int32(std::optional<std::int32_t> value) { number(value); }
  void int64(std::optional<std::int64_t> value) { number(value); }
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
  // Ends the row; throws Error(warehouse) unless it set exactly `columns` values.
  void end_row() {
    if (written_ != columns_) count_mismatch();
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
  [[noreturn]] void count_mismatch() const;

  std::string& out_;
  int columns_;
  std::string_view table_;
  int written_ = 0;
};

void encode_events(std::span<const parse::EventRow> rows, sql::CopyFormat format, std::string& out);
void encode_songs(std::span<const parse::SongRow> rows, sql::CopyFormat format, std::string& out);

}  // namespace sparkify::warehouse
