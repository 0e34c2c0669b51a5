#include "sql/dialect.h"

namespace sparkify::sql {

std::vector<Statement> Dialect::copy_staging(const CopyParams&) const { return {}; }

}  // namespace sparkify::sql
