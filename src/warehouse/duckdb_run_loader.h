// DuckDbRunLoader: the RunLoader of DuckDB. One appender per table, opened on
// its first row; values are written straight into data chunks
// (ChunkWriter) by the row writers of star_columns.h, whose column count is
// checked against the table's on every row.
#pragma once

#include <memory>

#include "warehouse/duckdb_api.h"
#include "warehouse/warehouse.h"

namespace sparkify::warehouse {

std::unique_ptr<RunLoader> make_duckdb_run_loader(duckdb_connection connection);

}  // namespace sparkify::warehouse
