// make_dialect: a dialect by name ("duckdb", "postgres", "redshift"), for
// `sparkify sql --dialect NAME` and the warehouse factory. Throws
// Error(usage) for an unknown name, listing the known ones.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "sql/dialect.h"

namespace sparkify::sql {

std::unique_ptr<Dialect> make_dialect(std::string_view name);
std::vector<std::string_view> dialect_names();

}  // namespace sparkify::sql
