#include "warehouse/duckdb_query_stream.h"

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "warehouse/duckdb_handles.h"

namespace sparkify::warehouse::duckdb {
namespace {

// DuckDB repeats the "LINE n: ... ^" context of a parser error; keep each block once.
std::string once(const char* message) {
  std::string text = message ? message : "unknown error";
  std::vector<std::string> blocks;
  for (std::size_t at = 0; at <= text.size();) {
    auto end = text.find("\n\n", at);
    if (end == std::string::npos) end = text.size();
    std::string block = text.substr(at, end - at);
    if (blocks.empty() || blocks.back() != block) blocks.push_back(std::move(block));
    at = end + 2;
  }
  std::string out;
  for (const auto& block : blocks) out += (out.empty() ? "" : "\n\n") + block;
  return out;
}

[[noreturn]] void fail(const char* message) {
  throw_error(ErrorKind::warehouse, "DuckDB failed to run the query: {}", once(message));
}

class Prepared {
 public:
  Prepared(duckdb_connection connection, const std::string& sql) {
    if (duckdb_prepare(connection, sql.c_str(), &statement_) == DuckDBError) {
      fail(duckdb_prepare_error(statement_));
    }
  }
  ~Prepared() { duckdb_destroy_prepare(&statement_); }
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;
  duckdb_prepared_statement get() const { return statement_; }

 private:
  duckdb_prepared_statement statement_ = nullptr;
};

class Pending {
 public:
  explicit Pending(const Prepared& prepared) {
    if (duckdb_pending_prepared_streaming(prepared.get(), &pending_) == DuckDBError) {
      fail(duckdb_pending_error(pending_));
    }
  }
  ~Pending() { duckdb_destroy_pending(&pending_); }
  Pending(const Pending&) = delete;
  Pending& operator=(const Pending&) = delete;
  void execute(Result& result) {
    if (duckdb_execute_pending(pending_, result.get()) == DuckDBError) {
      fail(duckdb_result_error(result.get()));
    }
  }

 private:
  duckdb_pending_result pending_ = nullptr;
};

struct LogicalType {
  duckdb_logical_type type;
  ~LogicalType() { duckdb_destroy_logical_type(&type); }
};

struct Value {
  duckdb_value value;
  ~Value() { duckdb_destroy_value(&value); }
  std::string text() const {
    char* text = duckdb_get_varchar(value);
    std::string out = text ? text : "";
    duckdb_free(text);
    return out;
  }
};

ValueKind kind_of(duckdb_type type) {
  switch (type) {
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UHUGEINT:
      return ValueKind::integer;
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_DECIMAL:
      return ValueKind::decimal;
    case DUCKDB_TYPE_BOOLEAN:
      return ValueKind::boolean;
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_S:
    case DUCKDB_TYPE_TIMESTAMP_MS:
    case DUCKDB_TYPE_TIMESTAMP_NS:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return ValueKind::timestamp;
    default:
      return ValueKind::text;
  }
}

// One column's decoder: the value at `row` of a chunk's vector as text.
struct ColumnReader {
  duckdb_type type;
  uint8_t width = 0, scale = 0;
  duckdb_type decimal_storage = DUCKDB_TYPE_INVALID;

  static std::optional<ColumnReader> for_column(duckdb_prepared_statement statement, idx_t column) {
    LogicalType logical{duckdb_prepared_statement_column_logical_type(statement, column)};
    ColumnReader reader{duckdb_get_type_id(logical.type)};
    switch (reader.type) {
      case DUCKDB_TYPE_BOOLEAN:
      case DUCKDB_TYPE_TINYINT:
      case DUCKDB_TYPE_SMALLINT:
      case DUCKDB_TYPE_INTEGER:
      case DUCKDB_TYPE_BIGINT:
      case DUCKDB_TYPE_UTINYINT:
      case DUCKDB_TYPE_USMALLINT:
      case DUCKDB_TYPE_UINTEGER:
      case DUCKDB_TYPE_UBIGINT:
      case DUCKDB_TYPE_HUGEINT:
      case DUCKDB_TYPE_FLOAT:
      case DUCKDB_TYPE_DOUBLE:
      case DUCKDB_TYPE_VARCHAR:
      case DUCKDB_TYPE_DATE:
      case DUCKDB_TYPE_TIMESTAMP:
      case DUCKDB_TYPE_TIMESTAMP_MS:
      case DUCKDB_TYPE_UUID:
        return reader;
      case DUCKDB_TYPE_DECIMAL:
        reader.width = duckdb_decimal_width(logical.type);
        reader.scale = duckdb_decimal_scale(logical.type);
        reader.decimal_storage = duckdb_decimal_internal_type(logical.type);
        return reader;
      default:
        return std::nullopt;
    }
  }

  std::string text(const void* data, idx_t row) const {
    auto at = [&](auto* typed) { return typed[row]; };
    switch (type) {
      case DUCKDB_TYPE_BOOLEAN:
        return at(static_cast<const bool*>(data)) ? "true" : "false";
      case DUCKDB_TYPE_TINYINT:
        return std::to_string(at(static_cast<const int8_t*>(data)));
      case DUCKDB_TYPE_SMALLINT:
        return std::to_string(at(static_cast<const int16_t*>(data)));
      case DUCKDB_TYPE_INTEGER:
        return std::to_string(at(static_cast<const int32_t*>(data)));
      case DUCKDB_TYPE_BIGINT:
        return std::to_string(at(static_cast<const int64_t*>(data)));
      case DUCKDB_TYPE_UTINYINT:
        return std::to_string(at(static_cast<const uint8_t*>(data)));
      case DUCKDB_TYPE_USMALLINT:
        return std::to_string(at(static_cast<const uint16_t*>(data)));
      case DUCKDB_TYPE_UINTEGER:
        return std::to_string(at(static_cast<const uint32_t*>(data)));
      case DUCKDB_TYPE_UBIGINT:
        return std::to_string(at(static_cast<const uint64_t*>(data)));
      case DUCKDB_TYPE_HUGEINT:
        return Value{duckdb_create_hugeint(at(static_cast<const duckdb_hugeint*>(data)))}.text();
      case DUCKDB_TYPE_FLOAT:
        return Value{duckdb_create_float(at(static_cast<const float*>(data)))}.text();
      case DUCKDB_TYPE_DOUBLE:
        return Value{duckdb_create_double(at(static_cast<const double*>(data)))}.text();
      case DUCKDB_TYPE_DATE:
        return Value{duckdb_create_date(at(static_cast<const duckdb_date*>(data)))}.text();
      case DUCKDB_TYPE_TIMESTAMP:
        return Value{duckdb_create_timestamp(at(static_cast<const duckdb_timestamp*>(data)))}.text();
      case DUCKDB_TYPE_TIMESTAMP_MS:
        return Value{duckdb_create_timestamp_ms(at(static_cast<const duckdb_timestamp_ms*>(data)))}.text();
      case DUCKDB_TYPE_VARCHAR: {
        auto value = at(static_cast<const duckdb_string_t*>(data));
        return std::string(duckdb_string_t_data(&value), duckdb_string_t_length(value));
      }
      case DUCKDB_TYPE_DECIMAL:
        return decimal_text(data, row);
      case DUCKDB_TYPE_UUID:
        return duckdb::uuid_text(at(static_cast<const duckdb_hugeint*>(data)));
      default:
        return "";
    }
  }

  std::string decimal_text(const void* data, idx_t row) const {
    duckdb_hugeint value{};
    switch (decimal_storage) {
      case DUCKDB_TYPE_SMALLINT:
        value = duckdb_hugeint{static_cast<uint64_t>(static_cast<const int16_t*>(data)[row]),
                               static_cast<const int16_t*>(data)[row] < 0 ? -1 : 0};
        break;
      case DUCKDB_TYPE_INTEGER:
        value = duckdb_hugeint{static_cast<uint64_t>(static_cast<const int32_t*>(data)[row]),
                               static_cast<const int32_t*>(data)[row] < 0 ? -1 : 0};
        break;
      case DUCKDB_TYPE_BIGINT:
        value = duckdb_hugeint{static_cast<uint64_t>(static_cast<const int64_t*>(data)[row]),
                               static_cast<const int64_t*>(data)[row] < 0 ? -1 : 0};
        break;
      default:
        value = static_cast<const duckdb_hugeint*>(data)[row];
    }
    return Value{duckdb_create_decimal(duckdb_decimal{width, scale, value})}.text();
  }
};

// Owns a fetched chunk.
struct Chunk {
  duckdb_data_chunk chunk;
  ~Chunk() {
    if (chunk) duckdb_destroy_data_chunk(&chunk);
  }
};

// The materialized route for results with types ColumnReader does not decode.
void send_materialized(const Prepared& prepared, RowSink& sink) {
  Result result;
  if (duckdb_execute_prepared(prepared.get(), result.get()) == DuckDBError) {
    fail(duckdb_result_error(result.get()));
  }
  const idx_t columns = duckdb_column_count(result.get());
  std::vector<std::string> names;
  std::vector<ValueKind> kinds;
  for (idx_t c = 0; c < columns; ++c) {
    names.emplace_back(duckdb_column_name(result.get(), c));
    kinds.push_back(kind_of(duckdb_column_type(result.get(), c)));
  }
  sink.begin(names, kinds);
  std::vector<std::optional<std::string>> row(columns);
  const idx_t rows = duckdb_row_count(result.get());
  for (idx_t r = 0; r < rows; ++r) {
    for (idx_t c = 0; c < columns; ++c) {
      row[c].reset();
      if (duckdb_value_is_null(result.get(), c, r)) continue;
      char* text = duckdb_value_varchar(result.get(), c, r);
      row[c] = std::string(text ? text : "");
      duckdb_free(text);
    }
    sink.row(row);
  }
  sink.end();
}

}  // namespace

void stream_query(duckdb_connection connection, std::string_view sql, RowSink& sink) {
  Prepared prepared(connection, std::string(sql));
  const idx_t columns = duckdb_prepared_statement_column_count(prepared.get());
  std::vector<ColumnReader> readers;
  for (idx_t c = 0; c < columns; ++c) {
    auto reader = ColumnReader::for_column(prepared.get(), c);
    if (!reader) return send_materialized(prepared, sink);
    readers.push_back(*reader);
  }
  Pending pending(prepared);
  Result result;
  pending.execute(result);
  std::vector<std::string> names;
  std::vector<ValueKind> kinds;
  for (idx_t c = 0; c < columns; ++c) {
    names.emplace_back(duckdb_column_name(result.get(), c));
    kinds.push_back(kind_of(readers[c].type));
  }
  sink.begin(names, kinds);
  std::vector<std::optional<std::string>> row(columns);
  while (true) {
    Chunk owned{duckdb_fetch_chunk(*result.get())};
    duckdb_data_chunk chunk = owned.chunk;
    if (!chunk) break;
    const idx_t size = duckdb_data_chunk_get_size(chunk);
    std::vector<const void*> data(columns);
    std::vector<uint64_t*> validity(columns);
    for (idx_t c = 0; c < columns; ++c) {
      duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, c);
      data[c] = duckdb_vector_get_data(vector);
      validity[c] = duckdb_vector_get_validity(vector);
    }
    for (idx_t r = 0; r < size; ++r) {
      for (idx_t c = 0; c < columns; ++c) {
        if (validity[c] && !duckdb_validity_row_is_valid(validity[c], r)) {
          row[c].reset();
        } else {
          row[c] = readers[c].text(data[c], r);
        }
      }
      sink.row(row);
    }
  }
  sink.end();
}

}  // namespace sparkify::warehouse::duckdb
