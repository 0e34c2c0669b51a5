// The text of a PostgreSQL result value in the form every sparkify warehouse
// prints (DuckDB's), so `sparkify query` output is the same on every engine:
//  - DOUBLE PRECISION / REAL: the shortest digits that round-trip, in fixed
//    notation with at least one decimal ("190.0", "0.0001") when
//    1e-4 <= |x| < 1e16, otherwise d.ddde+XX ("1e+16", "5e-324"); "nan",
//    "inf", "-inf".
//  - BOOLEAN: "true" / "false".
//  - every other type: PostgreSQL's text unchanged.
// PostgreSQL must send floats with extra_float_digits > 0 (shortest exact
// text), which sql::postgres_session_settings() sets.
#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>

#include "warehouse/warehouse.h"

namespace sparkify::warehouse {

std::string neutral_value_text(Oid type, std::string_view text);

// The kind of a column of this type, for typed output formats; json and
// jsonb are ValueKind::nested (their text is JSON already).
ValueKind value_kind(Oid type);

}  // namespace sparkify::warehouse
