// build_report: reads a loaded warehouse through the statements of
// sql/report_queries.h and returns what `sparkify report` shows, as data:
// headline figures and a fixed list of Charts (always the same charts in the
// same order; a chart with nothing to show is empty, never missing).
//
// Runs only SELECTs. A warehouse without sparkify's tables gives a Report with
// `missing_tables` listed and every chart empty. Throws Error(warehouse) when a
// query fails.
#pragma once

#include <string>
#include <vector>

#include "report/chart.h"
#include "warehouse/warehouse.h"

namespace sparkify::report {

struct Figure {
  std::string label;  // e.g. "songplays"
  std::string value;  // formatted, e.g. "6,820"
};

struct Report {
  std::string target;        // the warehouse, without password
  std::string generated_at;  // e.g. "2026-11-29 14:02 UTC"
  std::vector<std::string> missing_tables;
  std::vector<Figure> figures;
  std::vector<Chart> charts;
};

Report build_report(warehouse::Warehouse& warehouse, std::string generated_at);

}  // namespace sparkify::report
