#include "sql/dialect.h"

#include "sql/tables.h"

namespace sparkify::sql {

std::vector<CopyStatement> Dialect::copy_staging(const CopyParams&) const { return {}; }

std::vector<Statement> Dialect::session_settings() const { return {}; }

std::string Dialect::string_literal(std::string_view text) const { return quote_literal(text); }

std::string_view Dialect::now_sql() const { return "CAST(CURRENT_TIMESTAMP AS TIMESTAMP)"; }

}  // namespace sparkify::sql
