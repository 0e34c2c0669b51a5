#include "cli/progress_text.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace sparkify::cli {
namespace {

constexpr std::size_t kStepNameWidth = 52;  // " 3 of 16 OK insert songplays " padded with dots to here

// Seconds of a step: two decimals below 10 s (most steps), one above.
std::string step_seconds(double seconds) {
  return seconds < 10 ? fmt::format("{:.2f} s", seconds) : fmt::format("{:.1f} s", seconds);
}

std::string seconds_text(double seconds) {
  if (seconds < 60) return fmt::format("{:.0f} s", seconds);
  const auto whole = static_cast<std::int64_t>(seconds + 0.5);
  return fmt::format("{}m{:02}s", whole / 60, whole % 60);
}

}  // namespace

std::string group_thousands(std::int64_t value) {
  const std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out = value < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string phase_line(const progress::PhaseView& phase, std::chrono::steady_clock::time_point now) {
  const auto end = phase.finished ? phase.ended : now;
  const double elapsed = std::chrono::duration<double>(end - phase.started).count();
  std::string line = phase.name + ":";
  if (phase.files_total > 0) {
    line += fmt::format(" {} of {} files,", group_thousands(phase.files_done), group_thousands(phase.files_total));
  }
  if (phase.files_total <= 0 || phase.unit != "files") {
    line += fmt::format(" {} {}", group_thousands(phase.records), phase.unit);
  } else {
    line.pop_back();  // the files are the records: no "N files" twice
  }
  if (phase.bytes > 0 && elapsed > 0) {
    line += fmt::format(", {:.1f} MB/s", static_cast<double>(phase.bytes) / 1e6 / elapsed);
  }
  if (phase.finished) return line + fmt::format(", done in {:.1f} s", elapsed);
  if (phase.files_total <= 0) return line;
  if (phase.files_done <= 0) return line + ", ETA ?";
  const double left =
      elapsed * static_cast<double>(phase.files_total - phase.files_done) / static_cast<double>(phase.files_done);
  return line + ", ETA " + seconds_text(left);
}

std::string step_line(const pipeline::StepReport& step, std::chrono::system_clock::time_point when) {
  const std::size_t digits = std::to_string(step.total).size();
  const std::string_view status = !step.ok ? "ERROR" : step.skipped.empty() ? "OK" : "SKIP";
  std::string head = fmt::format("{:>{}} of {} {} {} ", step.number, digits, step.total, status, step.name);
  head += std::string(head.size() + 3 < kStepNameWidth ? kStepNameWidth - head.size() : 3, '.');
  std::string tail;
  if (!step.ok) {
    tail = "failed after " + step_seconds(step.seconds);
  } else if (!step.skipped.empty()) {
    tail = step.skipped;
  } else if (step.rows) {
    tail = fmt::format("{} rows in {}", group_thousands(*step.rows), step_seconds(step.seconds));
  } else {
    tail = step_seconds(step.seconds);
  }
  const auto seconds = std::chrono::floor<std::chrono::seconds>(when);
  return fmt::format("{:%H:%M:%S}  {} [{}]", seconds, head, tail);
}

std::string utc_stamp(std::chrono::system_clock::time_point when) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::seconds>(when));
}

}  // namespace sparkify::cli
