// Versions of the engine client libraries sparkify is linked with, for
// `sparkify --version`: DuckDB's library version ("v1.1.3") and libpq's
// ("16.4", from PQlibVersion()).
#pragma once

#include <string>

namespace sparkify::warehouse {

std::string duckdb_library_version_text();
std::string libpq_version_text();

}  // namespace sparkify::warehouse
