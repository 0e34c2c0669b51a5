// DuckDbDialect: the reference SQL of sparkify. The other dialects give
// identical results; the merge steps are shared (sql/star_merge.h).
#pragma once

#include "sql/star_merge.h"

namespace sparkify::sql {

class DuckDbDialect final : public StarMergeDialect {
 public:
  DuckDbDialect();
  std::string_view name() const override { return "duckdb"; }
  std::vector<Statement> drop_tables() const override;
  std::vector<Statement> create_tables() const override;
  std::vector<Statement> clear_staging() const override;
  std::string epoch_ms(std::string_view timestamp) const override;
};

}  // namespace sparkify::sql
