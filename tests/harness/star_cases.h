// Star-schema rules as data (tests/data/semantics/*.txt): each file is a list
// of cases; a case gives staging rows for one or more runs and the star rows
// expected after them, printed as text. The format, line by line:
//
//   # a comment (also blank lines)
//   case <name>
//   run                                   a new run (etl); rows below belong to it
//   events <column>|<column>|...          the staging_events columns given below
//   <value>|<value>|...                   one staging_events row
//   songs <column>|...                    the staging_songs columns given below
//   <value>|...                           one staging_songs row
//   expect <table> <column>|<column>|...  the expected rows (any order) of
//   <value>|<value>|...                   these columns of a star table
//
// A value is NULL, a 'quoted string' ('' for a quote; spaces kept as written)
// or a bare number. Staging columns a case does not give take a fixed default
// (staging_defaults in star_cases.cpp). Printed values: text quoted, doubles
// and timestamps in their shortest form, so every engine prints alike.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "warehouse/warehouse.h"

namespace sparkify::testing {

struct StagingRows {
  std::string table;                           // staging_events or staging_songs
  std::vector<std::string> columns;            // as given by the case
  std::vector<std::vector<std::string>> rows;  // values as written
};

struct Run {
  std::vector<StagingRows> staging;
};

struct Expectation {
  std::string table;
  std::vector<std::string> columns;
  std::vector<std::string> rows;  // each "v|v|v" as printed, sorted
};

struct StarCase {
  std::string name;
  int line = 0;  // of the `case` line, for messages
  std::vector<Run> runs;
  std::vector<Expectation> expectations;
};

// Parses one case file; throws std::runtime_error naming the file and line.
std::vector<StarCase> read_star_cases(const std::filesystem::path& file);

// Loads `run` into the staging tables with INSERT statements and runs the
// dialect's clear_staging + build_star_schema, in one transaction.
void apply_run(warehouse::Warehouse& warehouse, const Run& run);

// The rows of expectation.table's expectation.columns in the warehouse,
// printed as in the case files, sorted.
std::vector<std::string> printed_rows(warehouse::Warehouse& warehouse, const std::string& table,
                                      const std::vector<std::string>& columns);

// Every column of every star table, printed and sorted, one block per table:
// "<table>\n<row>\n<row>\n..." (for comparing whole warehouses).
std::string printed_star_tables(warehouse::Warehouse& warehouse);

}  // namespace sparkify::testing
