#include "warehouse/engine_versions.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include "common/error.h"
#include "warehouse/duckdb_api.h"

namespace sparkify::warehouse {

std::string duckdb_library_version_text() {
  try {
    return duckdb_library_version();
  } catch (const Error& error) {
    return fmt::format("not loadable: {}", error.what());
  }
}

std::string libpq_version_text() {
  // PQlibVersion(): major * 10000 + minor since PostgreSQL 10.
  const int version = PQlibVersion();
  return fmt::format("{}.{}", version / 10000, version % 10000);
}

}  // namespace sparkify::warehouse
