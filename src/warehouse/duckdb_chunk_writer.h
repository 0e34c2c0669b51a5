// ChunkWriter: fills DuckDB data chunks column by column and hands full chunks
// to an Appender. This is DuckDB's fastest bulk path from the C API: values are
// written straight into the vectors instead of one duckdb_append_* call each.
// Column types are fixed at construction and must match the table.
#pragma once

#include <duckdb.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

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
  std::size_t capacity_ = 0;
};

}  // namespace sparkify::warehouse::duckdb
