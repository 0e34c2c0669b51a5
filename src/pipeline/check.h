// run_checks: the data-quality checks of sql::quality_checks() against the
// warehouse. Returns every result; the caller decides the exit code (any
// failure -> non-zero). A check whose query fails (e.g. a missing table)
// counts as failed, with the error as its detail.
#pragma once

#include <string>
#include <vector>

#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

struct CheckResult {
  std::string name;
  bool passed = false;
  std::string detail;  // the measured number, or the error
};

std::vector<CheckResult> run_checks(warehouse::Warehouse& warehouse);

}  // namespace sparkify::pipeline
