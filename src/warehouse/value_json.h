// How a result value reads in JSON and in text, by its ValueKind (one rule
// for `query --format json|ndjson` and for values inside DuckDB lists,
// structs and maps):
//  - integer, decimal: a JSON number when the text is one ("nan", "inf" stay
//    strings);
//  - boolean: true / false ("t" / "f" from PostgreSQL too);
//  - timestamp: an ISO 8601 UTC string with milliseconds
//    ("2018-11-01T01:55:19.660Z"; a naive timestamp is UTC, as sparkify
//    stores epoch ms; another offset is kept: "…+05:30");
//  - nested: the text is already JSON (the reader made it so) and is used as is;
//  - text and NULL: a JSON string, null.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "warehouse/warehouse.h"

namespace sparkify::warehouse {

std::string json_value(const std::optional<std::string>& text, ValueKind kind);

// `text` as a JSON string literal (invalid UTF-8 replaced by U+FFFD).
std::string json_string(std::string_view text);

// "2018-11-01 01:55:19.66" -> "2018-11-01 01:55:19.660" (three fraction
// digits at least; more are kept); text that is not a timestamp unchanged.
std::string fixed_millis(std::string_view timestamp);

// A timestamp's text, milliseconds fixed (fixed_millis), as ISO 8601 UTC.
std::string iso_utc(std::string_view timestamp);

}  // namespace sparkify::warehouse
