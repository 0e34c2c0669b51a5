#include "warehouse/duckdb_query_stream.h"

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "warehouse/duckdb_handles.h"
#include "warehouse/duckdb_value_reader.h"

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
  throw_error(ErrorKind::warehouse, "DuckDB failed to run the query: {}", error_text(once(message).c_str()));
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

// The kind the materialized route reports for column `c` of `result`.
ValueKind kind_of(duckdb_result* result, idx_t c) {
  const auto reader = ValueReader::for_type(duckdb_column_logical_type(result, c));
  return reader ? reader->kind() : ValueKind::text;
}

// Owns a fetched chunk.
struct Chunk {
  duckdb_data_chunk chunk;
  ~Chunk() {
    if (chunk) duckdb_destroy_data_chunk(&chunk);
  }
};

// The route for results with a type ValueReader does not read (BIT,
// BIGNUM): DuckDB's own text of each scalar value. A nested value in such a
// result reads as "" (duckdb_value_varchar renders scalars only).
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
    kinds.push_back(kind_of(result.get(), c));
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
  std::vector<std::unique_ptr<ValueReader>> readers;
  for (idx_t c = 0; c < columns; ++c) {
    readers.push_back(ValueReader::for_type(duckdb_prepared_statement_column_logical_type(prepared.get(), c)));
    if (!readers.back()) return send_materialized(prepared, sink);
  }
  Pending pending(prepared);
  Result result;
  pending.execute(result);
  std::vector<std::string> names;
  std::vector<ValueKind> kinds;
  for (idx_t c = 0; c < columns; ++c) {
    names.emplace_back(duckdb_column_name(result.get(), c));
    kinds.push_back(readers[c]->kind());
  }
  const bool as_json = sink.nested_as_json();
  sink.begin(names, kinds);
  std::vector<std::optional<std::string>> row(columns);
  std::vector<duckdb_vector> vectors(columns);
  while (true) {
    Chunk owned{duckdb_fetch_chunk(*result.get())};
    duckdb_data_chunk chunk = owned.chunk;
    if (!chunk) break;
    const idx_t size = duckdb_data_chunk_get_size(chunk);
    for (idx_t c = 0; c < columns; ++c) vectors[c] = duckdb_data_chunk_get_vector(chunk, c);
    for (idx_t r = 0; r < size; ++r) {
      for (idx_t c = 0; c < columns; ++c) {
        if (as_json) {
          row[c] = readers[c]->json(vectors[c], r);
        } else {
          readers[c]->text_into(vectors[c], r, row[c]);
        }
      }
      sink.row(row);
    }
  }
  sink.end();
}

}  // namespace sparkify::warehouse::duckdb
