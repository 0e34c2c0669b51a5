// DuckDB statements. DuckDB compares and sorts strings by bytes, so its
// fragments of the shared merge (sql/star_merge.h) are the plain expressions.
// songplay_id = md5('user_id:session_id:item_in_session:ts') of the event:
// the same text and hash on every engine (docs/semantics.md).
#include "sql/duckdb_dialect.h"

#include <fmt/format.h>

#include "sql/schema.h"
#include "sql/tables.h"

namespace sparkify::sql {

namespace {

std::string duckdb_type(const Column& column) {
  switch (column.type) {
    case ColumnType::text:
      return "VARCHAR";
    case ColumnType::int32:
      return "INTEGER";
    case ColumnType::int64:
      return "BIGINT";
    case ColumnType::float64:
      return "DOUBLE";
    case ColumnType::timestamp:
      return "TIMESTAMP";
    case ColumnType::uuid:
      return "UUID";
  }
  return "";
}

// DuckDB's storage method for a value shape (what DuckDB itself chooses for
// these columns on the generated large set, per pragma_storage_info), or ""
// to let it analyse.
std::string_view compression_of(ValueShape shape) {
  switch (shape) {
    case ValueShape::any:
      return "";
    case ValueShape::hashed:
      return "uncompressed";
    case ValueShape::counting:
      return "bitpacking";
    case ValueShape::repeated:
      return "dictionary";
    case ValueShape::wording:
      return "fsst";
    case ValueShape::measure:
      return "alp";
  }
  return "";
}

// The star tables' columns: the type and the storage method their shape names.
std::string duckdb_stored_column(const Column& column) {
  const std::string_view compression = compression_of(column.shape);
  if (compression.empty()) return duckdb_type(column);
  return fmt::format("{} USING COMPRESSION {}", duckdb_type(column), compression);
}

std::string itself(std::string_view expression) { return std::string(expression); }

constexpr EngineSql kDuckDb = {
    .type_name = duckdb_type,
    .text_ascending = [](std::string_view e) { return fmt::format("{} ASC NULLS FIRST", e); },
    .text_equal = [](std::string_view l, std::string_view r) { return fmt::format("{} = {}", l, r); },
    .text_key = itself,
    .text_distinct = itself,
    .timestamp_from_epoch_ms = [](std::string_view ms) { return fmt::format("epoch_ms({})", ms); },
    .time_parts =
        [](std::string_view t) {
          return fmt::format("hour({0}), day({0}), week({0}), month({0}), year({0}), dayofweek({0})", t);
        },
    .songplay_key = [](std::string_view md5_hex) { return fmt::format("CAST({} AS UUID)", md5_hex); },
    .staged_user_id = "user_id",
    .temporary_schema = "temp.",
};

}  // namespace

DuckDbDialect::DuckDbDialect() : StarMergeDialect(kDuckDb) {}

std::vector<Statement> DuckDbDialect::drop_tables() const { return drop_all_tables(); }

std::vector<Statement> DuckDbDialect::create_tables() const {
  return create_table_statements(duckdb_stored_column, KeyDeclaration::none);
}

std::vector<Statement> DuckDbDialect::clear_staging() const {
  return {{"clear staging_events", "DELETE FROM staging_events"}, {"clear staging_songs", "DELETE FROM staging_songs"}};
}

std::string DuckDbDialect::epoch_ms(std::string_view timestamp) const { return fmt::format("epoch_ms({})", timestamp); }

}  // namespace sparkify::sql
