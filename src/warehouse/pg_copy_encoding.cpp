#include "warehouse/pg_copy_encoding.h"

#include <bit>
#include <charconv>
#include <cstdint>
#include <optional>

namespace sparkify::warehouse {

namespace {

using parse::Text;

// Text format writer: every field is followed by a tab; end_row() turns the
// last tab into the row's newline.
class TextRowWriter {
 public:
  explicit TextRowWriter(std::string& out) : out_(out) {}

  void begin_row(int) {}
  void end_row() { out_.back() = '\n'; }

  void text(std::string_view value) {
    // Copy runs of plain bytes at once; escape the four special ones.
    std::size_t run_start = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const char* escaped = escape(value[i]);
      if (escaped == nullptr) continue;
      out_.append(value.data() + run_start, i - run_start).append(escaped);
      run_start = i + 1;
    }
    out_.append(value.data() + run_start, value.size() - run_start);
    out_ += '\t';
  }
  void text(const Text& value) { value ? text(*value) : null(); }

  template <typename Number>
  void number(Number value) {
    char digits[32];
    auto result = std::to_chars(digits, digits + sizeof digits, value);
    out_.append(digits, result.ptr);
    out_ += '\t';
  }
  template <typename Number>
  void number(const std::optional<Number>& value) {
    value ? number(*value) : null();
  }

 private:
  static const char* escape(char c) {
    switch (c) {
      case '\\':
        return "\\\\";
      case '\t':
        return "\\t";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      default:
        return nullptr;
    }
  }
  void null() { out_ += "\\N\t"; }

  std::string& out_;
};

// Binary format writer: network byte order, int32 length before each field.
class BinaryRowWriter {
 public:
  explicit BinaryRowWriter(std::string& out) : out_(out) {}

  void begin_row(int fields) { put_big_endian(static_cast<std::uint16_t>(fields)); }
  void end_row() {}

  void text(std::string_view value) {
    put_big_endian(static_cast<std::uint32_t>(value.size()));
    out_.append(value);
  }
  void text(const Text& value) { value ? text(*value) : null(); }

  void number(std::int32_t value) { field(static_cast<std::uint32_t>(value)); }
  void number(std::int64_t value) { field(static_cast<std::uint64_t>(value)); }
  void number(double value) { field(std::bit_cast<std::uint64_t>(value)); }
  template <typename Number>
  void number(const std::optional<Number>& value) {
    value ? number(*value) : null();
  }

 private:
  template <typename Unsigned>
  void field(Unsigned bits) {
    put_big_endian(static_cast<std::uint32_t>(sizeof bits));
    put_big_endian(bits);
  }
  void null() { put_big_endian(static_cast<std::uint32_t>(-1)); }

  template <typename Unsigned>
  void put_big_endian(Unsigned value) {
    char bytes[sizeof value];
    for (std::size_t i = 0; i < sizeof value; ++i) {
      bytes[i] = static_cast<char>((value >> (8 * (sizeof value - 1 - i))) & 0xFF);
    }
    out_.append(bytes, sizeof value);
  }

  std::string& out_;
};

// Column order and types: sql::copy_events_from_stdin / the staging_events DDL.
template <typename Writer>
void write_event(Writer& w, const parse::EventRow& row) {
  w.begin_row(20);
  w.text(row.artist);
  w.text(row.auth);
  w.text(row.first_name);
  w.text(row.gender);
  w.number(row.item_in_session);
  w.text(row.last_name);
  w.number(row.length);
  w.text(row.level);
  w.text(row.location);
  w.text(row.method);
  w.text(row.page);
  w.number(row.registration);
  w.number(row.session_id);
  w.text(row.song);
  w.number(row.status);
  w.number(row.ts);
  w.text(row.user_agent);
  w.number(row.user_id);
  w.text(row.source_file);
  w.number(row.source_line);
  w.end_row();
}

// Column order and types: sql::copy_songs_from_stdin / the staging_songs DDL.
template <typename Writer>
void write_song(Writer& w, const parse::SongRow& row) {
  w.begin_row(11);
  w.number(row.num_songs);
  w.text(row.artist_id);
  w.number(row.artist_latitude);
  w.number(row.artist_longitude);
  w.text(row.artist_location);
  w.text(row.artist_name);
  w.text(row.song_id);
  w.text(row.title);
  w.number(row.duration);
  w.number(row.year);
  w.text(row.source_file);
  w.end_row();
}

template <typename Row, typename WriteRow>
void encode(std::span<const Row> rows, sql::CopyFormat format, std::string& out, WriteRow write_row) {
  if (format == sql::CopyFormat::binary) {
    BinaryRowWriter writer(out);
    for (const auto& row : rows) write_row(writer, row);
  } else {
    TextRowWriter writer(out);
    for (const auto& row : rows) write_row(writer, row);
  }
}

// "PGCOPY\n\377\r\n\0", int32 flags = 0, int32 header extension length = 0.
constexpr char kBinaryHeader[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
constexpr char kBinaryTrailer[] = "\377\377";

}  // namespace

std::string_view copy_header(sql::CopyFormat format) {
  if (format == sql::CopyFormat::text) return {};
  return {kBinaryHeader, sizeof kBinaryHeader - 1};
}

std::string_view copy_trailer(sql::CopyFormat format) {
  if (format == sql::CopyFormat::text) return {};
  return {kBinaryTrailer, sizeof kBinaryTrailer - 1};
}

void encode_events(std::span<const parse::EventRow> rows, sql::CopyFormat format, std::string& out) {
  encode(rows, format, out, [](auto& writer, const parse::EventRow& row) { write_event(writer, row); });
}

void encode_songs(std::span<const parse::SongRow> rows, sql::CopyFormat format, std::string& out) {
  encode(rows, format, out, [](auto& writer, const parse::SongRow& row) { write_song(writer, row); });
}

}  // namespace sparkify::warehouse
