// Printing query results: an aligned text table for people, CSV (RFC 4180)
// and JSON (an array of objects; numbers stay strings as the engine printed
// them, NULL is null) for scripts.
#pragma once

#include <ostream>
#include <string_view>

#include "warehouse/warehouse.h"

namespace sparkify::cli {

enum class ResultFormat { table, csv, json };

ResultFormat parse_result_format(std::string_view name);  // throws Error(usage)
void print_result(std::ostream& out, const warehouse::QueryResult& result, ResultFormat format);

}  // namespace sparkify::cli
