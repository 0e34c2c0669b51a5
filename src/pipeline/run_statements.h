// StepRunner / run_statements: the one way the pipeline runs the dialect's
// statements. Before each statement both give up (Error, so the caller's
// transaction rolls back) when the process was interrupted (SIGINT/SIGTERM).
//  - StepRunner runs the transform (the statements that build the star
//    schema): after each one, and when one fails, it hands a StepReport to
//    the observer: its number among the `total` steps of the transform, its
//    name, its seconds and, where the engine reports them, the rows it
//    inserted, updated or deleted (Warehouse::execute_counted; absent
//    otherwise, never guessed). Steps the run knows have nothing to do (their
//    work table was left empty) are not run but reported as skipped, with
//    why, so the numbering stays that of the whole transform. The CLI prints
//    these as the step log (`3 of 6 OK insert songplays ...`); the pipeline
//    formats no text for it.
//  - run_statements runs bookkeeping (clearing staging, work tables, the
//    manifest) and reports "<name> (<seconds> s)" through `progress` (-v).
// phase_done() writes that line for every phase of a run that -v reports;
// query_count() reads the one number a counting statement returns;
// for_each_row() streams a result row by row.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

using Progress = std::function<void(std::string_view)>;

// The -v line of a phase that has ended: "<what> (<seconds> s)", the seconds
// since `started` to two decimals.
std::string phase_done(std::string_view what, std::chrono::steady_clock::time_point started);

// A row of a streamed result: its values as text (nullopt: NULL).
using Values = std::span<const std::optional<std::string>>;
// Hands each row of the query's result to `row`, as the engine streams it
// (Warehouse::stream_query; the values are valid during the call), so the
// result is never held whole.
void for_each_row(warehouse::Warehouse& warehouse, std::string_view sql, const std::function<void(Values)>& row);

// A count as the engine gave it, as text (NULL: 0).
std::int64_t count_value(const std::optional<std::string>& text);
// A number as the engine gave it, as text (NULL: nullopt); throws
// Error(warehouse) naming `what` (its column) when it is not one.
std::optional<double> double_value(const std::optional<std::string>& text, std::string_view what);
// Value `i` of a row as a view into it (NULL: nullopt), valid while the row is.
std::optional<std::string_view> text_value(Values values, std::size_t i);
// The first value of the first row of `sql`, a count (count_value).
std::int64_t query_count(warehouse::Warehouse& warehouse, const std::string& sql);

struct StepReport {
  int number = 0;  // 1-based, counted over the whole run
  int total = 0;   // the steps the run planned
  std::string_view name;
  bool ok = true;            // false: the statement threw (the report comes before the rethrow)
  std::string_view skipped;  // not run, and why ("no play's key repeated"); empty: it ran
  double seconds = 0;
  std::optional<std::int64_t> rows;  // rows changed, where the engine says
};

using StepObserver = std::function<void(const StepReport&)>;

// Numbers the statements of one run over several run() calls.
class StepRunner {
 public:
  StepRunner(warehouse::Warehouse& warehouse, int total, StepObserver observer)
      : warehouse_(warehouse), total_(total), observer_(std::move(observer)) {}
  // Runs the statements in order; `after_each` (if set) runs after each one
  // that succeeded.
  void run(const std::vector<sql::Statement>& statements, const std::function<void()>& after_each = {});
  // Reports the statements as skipped because of `why`, without running them.
  void skip(const std::vector<sql::Statement>& statements, std::string_view why);

 private:
  // The report of the statement that comes next: its number, the total, its name.
  StepReport next_step(const sql::Statement& statement);

  warehouse::Warehouse& warehouse_;
  int total_;
  int done_ = 0;
  StepObserver observer_;
};

void run_statements(warehouse::Warehouse& warehouse, const std::vector<sql::Statement>& statements,
                    const Progress& progress);

// Throws Error(data) "interrupted: the run is rolled back" once the process
// has been asked to stop.
void stop_if_interrupted();

}  // namespace sparkify::pipeline
