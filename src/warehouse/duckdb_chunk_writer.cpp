#include "warehouse/duckdb_chunk_writer.h"

#include "common/error.h"

namespace sparkify::warehouse::duckdb {

ChunkWriter::ChunkWriter(Appender& appender, const std::vector<duckdb_type>& column_types)
    : appender_(appender), capacity_(duckdb_vector_size()), room_(capacity_) {
  std::vector<duckdb_logical_type> types;
  for (auto type : column_types) types.push_back(duckdb_create_logical_type(type));
  chunk_ = duckdb_create_data_chunk(types.data(), types.size());
  for (auto& type : types) duckdb_destroy_logical_type(&type);
  vectors_.resize(column_types.size());
  data_.resize(column_types.size());
  validity_.resize(column_types.size());
  bind_vectors();
}

ChunkWriter::~ChunkWriter() { duckdb_destroy_data_chunk(&chunk_); }

void ChunkWriter::bind_vectors() {
  for (std::size_t col = 0; col < vectors_.size(); ++col) {
    vectors_[col] = duckdb_data_chunk_get_vector(chunk_, col);
    data_[col] = duckdb_vector_get_data(vectors_[col]);
    validity_[col] = nullptr;  // made writable on the first NULL only
  }
}

void ChunkWriter::set_null(std::size_t col) {
  if (validity_[col] == nullptr) {
    duckdb_vector_ensure_validity_writable(vectors_[col]);
    validity_[col] = duckdb_vector_get_validity(vectors_[col]);
  }
  duckdb_validity_set_row_invalid(validity_[col], row_);
}

void ChunkWriter::text(std::size_t col, std::optional<std::string_view> value) {
  if (!value) return set_null(col);
  duckdb_vector_assign_string_element_len(vectors_[col], row_, value->data(), value->size());
}

void ChunkWriter::int64(std::size_t col, std::optional<std::int64_t> value) {
  if (!value) return set_null(col);
  static_cast<std::int64_t*>(data_[col])[row_] = *value;
}

void ChunkWriter::int32(std::size_t col, std::optional<std::int32_t> value) {
  if (!value) return set_null(col);
  static_cast<std::int32_t*>(data_[col])[row_] = *value;
}

void ChunkWriter::float64(std::size_t col, std::optional<double> value) {
  if (!value) return set_null(col);
  static_cast<double*>(data_[col])[row_] = *value;
}

void ChunkWriter::timestamp_ms(std::size_t col, std::int64_t epoch_ms) {
  static_cast<std::int64_t*>(data_[col])[row_] = epoch_ms * 1000;
}

void ChunkWriter::uuid(std::size_t col, const std::uint8_t (&bytes)[16]) {
  std::uint64_t upper = 0, lower = 0;
  for (int i = 0; i < 8; ++i) upper = upper << 8 | bytes[i];
  for (int i = 8; i < 16; ++i) lower = lower << 8 | bytes[i];
  duckdb_hugeint value;
  value.lower = lower;
  value.upper = static_cast<std::int64_t>(upper ^ (std::uint64_t{1} << 63));
  static_cast<duckdb_hugeint*>(data_[col])[row_] = value;
}

void ChunkRowCursor::end_row() {
  if (col_ != writer_.columns()) {
    throw_error(ErrorKind::warehouse, "internal: a row for {} set {} of its {} columns", table_, col_,
                writer_.columns());
  }
  col_ = 0;
  writer_.end_row();
}

void ChunkWriter::end_row() {
  if (++row_ == room_) flush();
}

void ChunkWriter::flush() {
  if (row_ == 0) return;
  duckdb_data_chunk_set_size(chunk_, row_);
  appender_.append(chunk_);
  duckdb_data_chunk_reset(chunk_);
  appended_ += row_;
  room_ = capacity_ - appended_ % capacity_;
  row_ = 0;
  bind_vectors();
}

}  // namespace sparkify::warehouse::duckdb
