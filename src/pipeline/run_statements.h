// run_statements: the one way the pipeline runs a list of the dialect's
// statements. Before each it gives up (Error, so the caller's transaction
// rolls back) when the process was interrupted (SIGINT/SIGTERM); after each it
// reports "<name> (<seconds> s)" through `progress`, so `etl -v` shows where
// the time goes.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

using Progress = std::function<void(std::string_view)>;

void run_statements(warehouse::Warehouse& warehouse, const std::vector<sql::Statement>& statements,
                    const Progress& progress);

// Throws Error(data) "interrupted: the run is rolled back" once the process
// has been asked to stop.
void stop_if_interrupted();

}  // namespace sparkify::pipeline
