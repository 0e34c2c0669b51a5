#include "sql/dialect.h"

namespace sparkify::sql {

std::vector<CopyStatement> Dialect::copy_staging(const CopyParams&) const { return {}; }

std::vector<Statement> Dialect::session_settings() const { return {}; }

std::string_view Dialect::now_sql() const { return "CAST(CURRENT_TIMESTAMP AS TIMESTAMP)"; }

}  // namespace sparkify::sql
