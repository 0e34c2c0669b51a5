#include "warehouse/pg_copy_encoding.h"

#include <charconv>

#include "common/error.h"
#include "parse/staging_fields.h"

namespace sparkify::warehouse {

namespace {

// Text format writer: every field is followed by a tab; end_row() turns the
// last tab into the row's newline and checks the count.
class TextCopyRow {
 public:
  TextCopyRow(std::string& out, int columns, std::string_view table) : out_(out), columns_(columns), table_(table) {}

  void text(std::optional<std::string_view> value) {
    ++written_;
    if (!value) return null();
    // Copy runs of plain bytes at once; escape the four special ones.
    std::size_t run_start = 0;
    for (std::size_t i = 0; i < value->size(); ++i) {
      const char* escaped = escape((*value)[i]);
      if (escaped == nullptr) continue;
      out_.append(value->data() + run_start, i - run_start).append(escaped);
      run_start = i + 1;
    }
    out_.append(value->data() + run_start, value->size() - run_start);
    out_ += '\t';
  }
  void int32(std::optional<std::int32_t> value) { number(value); }
  void int64(std::optional<std::int64_t> value) { number(value); }
  void float64(std::optional<double> value) { number(value); }
  void end_row() {
    if (written_ != columns_) {
      throw_error(ErrorKind::warehouse, "internal: a row for {} set {} of its {} columns", table_, written_, columns_);
    }
    written_ = 0;
    out_.back() = '\n';
  }

 private:
  template <typename Number>
  void number(std::optional<Number> value) {
    ++written_;
    if (!value) return null();
    char digits[32];
    auto result = std::to_chars(digits, digits + sizeof digits, *value);
    out_.append(digits, result.ptr);
    out_ += '\t';
  }
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
  int columns_;
  std::string_view table_;
  int written_ = 0;
};

template <typename Fields, typename Row>
void encode(const Fields& fields, std::string_view table, std::span<const Row> rows, sql::CopyFormat format,
            std::string& out) {
  constexpr int kColumns = static_cast<int>(parse::kFieldCount<Fields>);
  if (format == sql::CopyFormat::binary) {
    BinaryCopyRow writer(out, kColumns, table);
    for (const Row& row : rows) parse::write_row(fields, writer, row);
  } else {
    TextCopyRow writer(out, kColumns, table);
    for (const Row& row : rows) parse::write_row(fields, writer, row);
  }
}

// "PGCOPY\n\377\r\n\0", int32 flags = 0, int32 header extension length = 0.
constexpr char kBinaryHeader[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
constexpr char kBinaryTrailer[] = "\377\377";

}  // namespace

void BinaryCopyRow::count_mismatch() const {
  throw_error(ErrorKind::warehouse, "internal: a row for {} set {} of its {} columns", table_, written_, columns_);
}

std::string_view copy_header(sql::CopyFormat format) {
  if (format == sql::CopyFormat::text) return {};
  return {kBinaryHeader, sizeof kBinaryHeader - 1};
}

std::string_view copy_trailer(sql::CopyFormat format) {
  if (format == sql::CopyFormat::text) return {};
  return {kBinaryTrailer, sizeof kBinaryTrailer - 1};
}

void encode_events(std::span<const parse::EventRow> rows, sql::CopyFormat format, std::string& out) {
  encode(parse::kEventFields, "staging_events", rows, format, out);
}

void encode_songs(std::span<const parse::SongRow> rows, sql::CopyFormat format, std::string& out) {
  encode(parse::kSongFields, "staging_songs", rows, format, out);
}

}  // namespace sparkify::warehouse
