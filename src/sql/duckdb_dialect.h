// DuckDbDialect: the reference SQL of sparkify. The other dialects mirror
// these statements in their engine's syntax and must give identical results.
#pragma once

#include "sql/dialect.h"

namespace sparkify::sql {

class DuckDbDialect final : public Dialect {
 public:
  std::string_view name() const override { return "duckdb"; }
  std::vector<Statement> drop_tables() const override;
  std::vector<Statement> create_tables() const override;
  std::vector<Statement> clear_staging() const override;
  std::vector<Statement> build_star_schema() const override;
};

}  // namespace sparkify::sql
