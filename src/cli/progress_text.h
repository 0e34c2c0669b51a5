// progress_text: the words of progress output, as pure functions of what
// they show (no clock, no stream), so tests can pin them down.
//  - phase_line: one phase of a progress::Board, e.g.
//      "events: 12 of 30 files, 401,234 records, 45.2 MB/s, ETA 3 s"
//    and once finished "... , done in 7.1 s" instead of the ETA. The ETA is
//    the elapsed time scaled by the files still to do ("ETA ?" before the
//    first file is done); a phase with no file total shows its count only
//    ("listing s3://b/log_data: 1,200 files").
//  - step_line: one transform step in the style of dbt, e.g.
//      "17:02:11  3 of 6 OK insert songplays ........ [1,700,375 rows in 2.10 s]"
//    with the wall-clock time in UTC; a failed step says ERROR and
//    "[failed after 0.3 s]"; a skipped step says SKIP and why ("[no play's
//    key repeated]"); a step whose engine gave no row count shows only its
//    seconds.
//  - utc_stamp: "2026-11-29T17:02:11Z", the prefix of timestamped lines.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "common/progress.h"
#include "pipeline/run_statements.h"

namespace sparkify::cli {

std::string group_thousands(std::int64_t value);  // 1700375 -> "1,700,375"
std::string phase_line(const progress::PhaseView& phase, std::chrono::steady_clock::time_point now);
std::string step_line(const pipeline::StepReport& step, std::chrono::system_clock::time_point when);
std::string utc_stamp(std::chrono::system_clock::time_point when);

}  // namespace sparkify::cli
