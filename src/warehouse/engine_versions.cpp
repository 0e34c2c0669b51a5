#include "warehouse/engine_versions.h"

#include <duckdb.h>
#include <fmt/format.h>
#include <libpq-fe.h>

namespace sparkify::warehouse {

std::string duckdb_library_version_text() { return duckdb_library_version(); }

std::string libpq_version_text() {
  // PQlibVersion(): major * 10000 + minor since PostgreSQL 10.
  const int version = PQlibVersion();
  return fmt::format("{}.{}", version / 10000, version % 10000);
}

}  // namespace sparkify::warehouse
