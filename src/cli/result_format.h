// Printing query results: an aligned text table for people, a markdown table
// for READMEs, CSV (RFC 4180) and JSON (an array of objects; numbers stay
// strings as the engine printed them, NULL is null) for scripts.
//
// TableOptions apply to table and markdown output: `chart` adds a bar column
// drawing the last column when every value in it is a number (a single-series
// result, e.g. plays per hour); `max_rows` prints only the first rows and
// ends with "N rows (M shown)".
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string_view>

#include "warehouse/warehouse.h"

namespace sparkify::cli {

enum class ResultFormat { table, csv, json, markdown };

struct TableOptions {
  bool chart = false;
  std::optional<std::size_t> max_rows;  // nullopt: every row
};

ResultFormat parse_result_format(std::string_view name);  // throws Error(usage)
void print_result(std::ostream& out, const warehouse::QueryResult& result, ResultFormat format,
                  const TableOptions& options = {});

}  // namespace sparkify::cli
