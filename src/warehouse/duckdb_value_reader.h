// Reads one result column's values out of the vectors of DuckDB data chunks
// (flat vectors, as duckdb_fetch_chunk hands them out), whatever the type:
//  - text(): the value as DuckDB renders it (its VARCHAR cast, the form its
//    CLI shows): "[1, 2]", "{'a': 1}", "{k=v}", "1 day", "2024-01-02",
//    "\xAB" for blob bytes, the enum's label, the union member's value;
//    a TIMESTAMPTZ in UTC ("2024-01-02 03:04:05+00") whatever the session's
//    TimeZone (DuckDB's own cast would use it);
//  - json(): for lists, arrays, structs, maps and unions (ValueKind::nested)
//    their JSON: arrays, objects (a map's keys as their text), the union
//    member's value, each member typed as warehouse/value_json.h says; for
//    every other type the same text as text().
// NULL reads as nullopt at the top and as NULL / null inside nested values.
// Built once per column from its logical type, which for_type() takes over
// (and destroys); nullptr for a type it cannot read (BIT, BIGNUM, ...),
// anywhere in a nested type. Reading is const and allocates only the text
// (text_into() not even that, for integers, text and UUIDs, once its buffer
// is large enough).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "warehouse/duckdb_api.h"
#include "warehouse/warehouse.h"

namespace sparkify::warehouse::duckdb {

class ValueReader {
 public:
  static std::unique_ptr<ValueReader> for_type(duckdb_logical_type type);
  virtual ~ValueReader() = default;

  virtual ValueKind kind() const = 0;
  virtual std::optional<std::string> text(duckdb_vector vector, idx_t row) const = 0;
  // text() into `out`, reusing its buffer: reading a column row after row
  // allocates only when a value outgrows the longest before it.
  virtual void text_into(duckdb_vector vector, idx_t row, std::optional<std::string>& out) const = 0;
  virtual std::optional<std::string> json(duckdb_vector vector, idx_t row) const = 0;
};

}  // namespace sparkify::warehouse::duckdb
