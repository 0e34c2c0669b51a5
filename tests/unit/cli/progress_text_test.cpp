#include "cli/progress_text.h"

#include <gtest/gtest.h>

namespace sparkify::cli {
namespace {

using namespace std::chrono_literals;

progress::PhaseView events_phase(std::int64_t files_done, bool finished) {
  progress::PhaseView phase;
  phase.name = "events";
  phase.unit = "records";
  phase.started = std::chrono::steady_clock::time_point{} + 100s;
  phase.ended = phase.started + 8s;
  phase.finished = finished;
  phase.files_done = files_done;
  phase.files_total = 30;
  phase.records = 401234;
  phase.bytes = 160'000'000;
  return phase;
}

TEST(ProgressText, GroupsThousandsWithCommas) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1000), "1,000");
  EXPECT_EQ(group_thousands(1700375), "1,700,375");
  EXPECT_EQ(group_thousands(-12345), "-12,345");
}

TEST(ProgressText, RunningPhaseShowsFilesRecordsRateAndEtaFromTheFilesLeft) {
  const auto phase = events_phase(12, false);
  EXPECT_EQ(phase_line(phase, phase.started + 4s), "events: 12 of 30 files, 401,234 records, 40.0 MB/s, ETA 6 s");
}

TEST(ProgressText, EtaIsUnknownBeforeTheFirstFile) {
  const auto phase = events_phase(0, false);
  EXPECT_EQ(phase_line(phase, phase.started + 4s), "events: 0 of 30 files, 401,234 records, 40.0 MB/s, ETA ?");
}

TEST(ProgressText, FinishedPhaseShowsItsDurationInsteadOfAnEta) {
  const auto phase = events_phase(30, true);
  EXPECT_EQ(phase_line(phase, phase.started + 60s),
            "events: 30 of 30 files, 401,234 records, 20.0 MB/s, done in 8.0 s");
}

TEST(ProgressText, PhaseWithoutATotalShowsItsCountOnly) {
  progress::PhaseView phase;
  phase.name = "listing s3://b/log_data";
  phase.unit = "entries";
  phase.records = 1200;
  EXPECT_EQ(phase_line(phase, phase.started + 1s), "listing s3://b/log_data: 1,200 entries");
}

TEST(ProgressText, StepLineReadsLikeDbt) {
  pipeline::StepReport step;
  step.number = 3;
  step.total = 16;
  step.name = "insert songplays";
  step.seconds = 2.104;
  step.rows = 1700375;
  const auto when = std::chrono::sys_days{std::chrono::year{2026} / 11 / 29} + 17h + 2min + 11s + 900ms;
  EXPECT_EQ(step_line(step, when),
            "17:02:11   3 of 16 OK insert songplays ....................... [1,700,375 rows in 2.10 s]");
  step.rows.reset();
  step.seconds = 12.25;
  EXPECT_TRUE(step_line(step, when).ends_with(" ....................... [12.2 s]")) << step_line(step, when);
  step.ok = false;
  EXPECT_NE(step_line(step, when).find(" 3 of 16 ERROR insert songplays ...."), std::string::npos);
  EXPECT_TRUE(step_line(step, when).ends_with("[failed after 12.2 s]"));
}

TEST(ProgressText, ASkippedStepSaysWhyInsteadOfRowsAndSeconds) {
  pipeline::StepReport step;
  step.number = 12;
  step.total = 18;
  step.name = "find changed songplays";
  step.skipped = "no play's key repeated";
  const auto when = std::chrono::sys_days{std::chrono::year{2026} / 11 / 30} + 8h + 15min;
  EXPECT_EQ(step_line(step, when),
            "08:15:00  12 of 18 SKIP find changed songplays ............... [no play's key repeated]");
}

TEST(ProgressText, UtcStampIsIso8601ToTheSecond) {
  const auto when = std::chrono::sys_days{std::chrono::year{2026} / 11 / 29} + 17h + 2min + 11s + 900ms;
  EXPECT_EQ(utc_stamp(when), "2026-11-29T17:02:11Z");
}

}  // namespace
}  // namespace sparkify::cli
