// Versions of the engine client libraries sparkify uses, for
// `sparkify --version`: DuckDB's library version ("v1.1.3"; "not loadable:
// <why>" when the library, opened on first use, cannot be) and libpq's
// ("16.4", from PQlibVersion()).
#pragma once

#include <string>

namespace sparkify::warehouse {

std::string duckdb_library_version_text();
std::string libpq_version_text();

}  // namespace sparkify::warehouse
