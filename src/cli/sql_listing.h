// print_sql_listing: what `sparkify sql [--dialect NAME]` prints: every
// statement sparkify sends to a warehouse of `dialect`, grouped by the
// command and step that sends it, each as "-- <name>" then the SQL and ';'.
// Statements whose text depends on the run (COPY locations, the run's row)
// are shown with example values. A statement the pipeline sends by name
// appears under that name; a query it sends without one appears with its exact
// text (tests/unit/cli/sql_listing_test.cpp holds a recorded Redshift run to
// this).
#pragma once

#include <ostream>

#include "sql/dialect.h"

namespace sparkify::cli {

void print_sql_listing(std::ostream& out, const sql::Dialect& dialect);

}  // namespace sparkify::cli
