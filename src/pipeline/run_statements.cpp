#include "pipeline/run_statements.h"

#include <fmt/format.h>

#include <chrono>

#include "common/error.h"
#include "common/interrupt.h"

namespace sparkify::pipeline {

void stop_if_interrupted() {
  if (interrupted()) throw_error(ErrorKind::data, "interrupted: the run is rolled back");
}

void run_statements(warehouse::Warehouse& warehouse, const std::vector<sql::Statement>& statements,
                    const Progress& progress) {
  for (const auto& statement : statements) {
    stop_if_interrupted();
    const auto started = std::chrono::steady_clock::now();
    warehouse.execute(statement);
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
    progress(fmt::format("{} ({:.2f} s)", statement.name, seconds.count()));
  }
}

}  // namespace sparkify::pipeline
