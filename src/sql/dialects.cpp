#include "sql/dialects.h"

#include "common/error.h"
#include "sql/duckdb_dialect.h"
#include "sql/postgres_dialect.h"
#include "sql/redshift_dialect.h"

namespace sparkify::sql {

std::vector<std::string_view> dialect_names() { return {"duckdb", "postgres", "redshift"}; }

std::unique_ptr<Dialect> make_dialect(std::string_view name) {
  if (name == "duckdb") return std::make_unique<DuckDbDialect>();
  if (name == "postgres" || name == "postgresql") return std::make_unique<PostgresDialect>();
  if (name == "redshift") return std::make_unique<RedshiftDialect>();
  throw_error(ErrorKind::usage, "unknown dialect '{}': use duckdb, postgres or redshift", name);
}

}  // namespace sparkify::sql
