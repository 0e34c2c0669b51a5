// ChunkWriter: fills DuckDB data chunks column by column and hands full chunks
// to an Appender. This is DuckDB's fastest bulk path from the C API: values are
// written straight into the vectors instead of one duckdb_append_* call each.
// Column types are fixed at construction and must match the table.
// The rows handed over fill whole vectors of the table's appends: after
// flush() hands over a part chunk, the next chunk ends on a vector boundary
// (DuckDB holds more memory for every row appended after an append that
// ended inside a vector; docs/semantics.md "Memory and storage").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "warehouse/duckdb_api.h"
#include "warehouse/duckdb_handles.h"

namespace sparkify::warehouse::duckdb {

class ChunkWriter {
 public:
  ChunkWriter(Appender& appender, const std::vector<duckdb_type>& column_types);
  ~ChunkWriter();
  ChunkWriter(const ChunkWriter&) = delete;
  ChunkWriter& operator=(const ChunkWriter&) = delete;

  // Setters for column `col` of the current row. Unset values must not occur:
  // every column of every row is set once.
  void text(std::size_t col, std::optional<std::string_view> value);
  void int64(std::size_t col, std::optional<std::int64_t> value);
  void int32(std::size_t col, std::optional<std::int32_t> value);
  void float64(std::size_t col, std::optional<double> value);
  void timestamp_ms(std::size_t col, std::int64_t epoch_ms);  // TIMESTAMP (microseconds)
  // UUID from 16 bytes, most significant first (DuckDB stores a UUID as a
  // 128-bit integer whose top bit is flipped, so that it sorts as its text).
  void uuid(std::size_t col, const std::uint8_t (&bytes)[16]);
  std::size_t columns() const { return vectors_.size(); }

  // Ends the current row; appends the chunk when it is full.
  void end_row();
  // Appends the partly filled chunk, if any.
  void flush();

 private:
  void bind_vectors();
  void set_null(std::size_t col);

  Appender& appender_;
  duckdb_data_chunk chunk_ = nullptr;
  std::vector<duckdb_vector> vectors_;
  std::vector<void*> data_;
  std::vector<std::uint64_t*> validity_;
  std::size_t row_ = 0;
  std::size_t capacity_ = 0;  // a vector's rows
  // Rows of the current chunk before the appended rows fill whole vectors
  // again: a chunk flushed part full is followed by one that ends on a
  // vector's boundary.
  std::size_t room_ = 0;
  std::size_t appended_ = 0;  // rows appended since the writer opened
};

// ChunkRowCursor: fills one row column after column, in table order, for the
// row writers of warehouse/star_columns.h. end_row() throws Error(warehouse)
// when the row did not set exactly the table's column count, so a row writer
// that drifts from the table's DDL fails on its first row instead of loading
// values into the wrong columns.
class ChunkRowCursor {
 public:
  ChunkRowCursor(ChunkWriter& writer, std::string table) : writer_(writer), table_(std::move(table)) {}
  void text(std::optional<std::string_view> value) { writer_.text(col_++, value); }
  void int64(std::optional<std::int64_t> value) { writer_.int64(col_++, value); }
  void int32(std::optional<std::int32_t> value) { writer_.int32(col_++, value); }
  void float64(std::optional<double> value) { writer_.float64(col_++, value); }
  void timestamp_ms(std::int64_t epoch_ms) { writer_.timestamp_ms(col_++, epoch_ms); }
  void uuid(const std::uint8_t (&bytes)[16]) { writer_.uuid(col_++, bytes); }
  void end_row();

 private:
  ChunkWriter& writer_;
  std::string table_;
  std::size_t col_ = 0;
};

}  // namespace sparkify::warehouse::duckdb
