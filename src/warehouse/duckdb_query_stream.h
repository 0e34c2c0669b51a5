// Runs one SQL statement on DuckDB and hands its rows to a RowSink chunk by
// chunk (a streaming result), so a large export is never held whole. Values
// read as DuckDB prints them (its VARCHAR cast), nested ones as JSON when the
// sink asks (duckdb_value_reader.h). A result with a column type the value
// reader does not decode (BIT, BIGNUM) is read materialized instead, still
// row by row into the sink.
// Throws Error(warehouse) with DuckDB's message on failure.
#pragma once

#include <string_view>

#include "warehouse/duckdb_api.h"
#include "warehouse/warehouse.h"

namespace sparkify::warehouse::duckdb {

void stream_query(duckdb_connection connection, std::string_view sql, RowSink& sink);

}  // namespace sparkify::warehouse::duckdb
