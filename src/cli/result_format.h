// Printing query results, as a warehouse::RowSink that writes while rows arrive:
//  - table: aligned text for people (NULL shown as NULL; line breaks and tabs
//    in a value as \n, \r, \t, so each row stays one line); it needs every
//    row to size its columns, so it holds the result;
//  - markdown: a markdown table for READMEs (numeric columns right-aligned);
//    it holds the result too;
//  - csv (RFC 4180 fields, LF line endings as `duckdb -csv` and `psql --csv`):
//    a header line, NULL is an empty field, an empty string is `""`;
//  - json: an array of objects, one per row, keys in column order; a repeated
//    column name gets a suffix (`a`, `a_1`, `a_2`, as DuckDB names duplicate
//    columns) so no column is lost and every row is an object jq can index;
//    integers and decimals are JSON numbers (NaN/infinity stay strings),
//    booleans true/false, NULL null, timestamps ISO 8601 UTC strings
//    ("2018-11-01T01:55:19.660Z"), lists and arrays JSON arrays, structs
//    JSON objects, maps objects keyed by each key's text, a union its
//    member's value, everything else (dates, intervals, blobs, enums, uuids)
//    the string the table shows (warehouse/value_json.h has the rule);
//  - ndjson: the same objects, one per line, no array.
// csv, json and ndjson stream. Timestamps always carry three fraction digits
// ("01:55:19.660"; more digits are kept when the engine gives them).
//
// TableOptions apply to table and markdown output: `chart` adds a bar column
// drawing the last column when every value in it is a number (a single-series
// result, e.g. plays per hour); `max_rows` prints only the first rows and
// ends with "N rows (M shown)".
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "warehouse/warehouse.h"

namespace sparkify::cli {

enum class ResultFormat { table, csv, json, ndjson, markdown };

struct TableOptions {
  bool chart = false;
  std::optional<std::size_t> max_rows;  // nullopt: every row
};

ResultFormat parse_result_format(std::string_view name);  // case-insensitive; throws Error(usage)

// A sink printing to `out` (which must outlive it). A table or markdown sink
// throws Error(usage) from end() when `options.chart` is set and the last
// column holds anything but numbers.
std::unique_ptr<warehouse::RowSink> make_result_printer(std::ostream& out, ResultFormat format,
                                                        const TableOptions& options = {});

// Prints a whole result (tests, small results).
void print_result(std::ostream& out, const warehouse::QueryResult& result, ResultFormat format,
                  const TableOptions& options = {});

}  // namespace sparkify::cli
