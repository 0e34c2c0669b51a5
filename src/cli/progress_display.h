// ProgressDisplay: shows a progress::Board on stderr while a command runs,
// from a thread of its own, and is the one writer of stderr meanwhile (step
// log and -v lines go through print_line, so they never cut a live line).
//  - live (stderr is a terminal): one line per phase, redrawn in place
//    ("\r" + text + clear-to-end-of-line) at most 10 times a second, and
//    finalized with its end state and a newline when the phase finishes;
//  - timestamped (stderr is not a terminal: CI, cron, a pipe): one line
//    "2026-11-29T17:02:11Z events: 12 of 30 files, ..." for the running
//    phase every `interval` (default 5 s; the first within 1 s), and the
//    end state of each phase it showed; never a control character;
//  - off (--quiet): nothing but what print_line is given.
// Phases too short to be drawn once are not shown at all. stop() (also the
// destructor) draws the last state and joins the thread; call it before
// printing a command's result, so progress never follows it.
// SPARKIFY_PROGRESS_INTERVAL=SECONDS sets the timestamped interval (a
// positive number; for tests and chatty logs).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>

#include "common/progress.h"

namespace sparkify::cli {

enum class ProgressStyle { live, timestamped, off };

struct ProgressSettings {
  ProgressStyle style = ProgressStyle::off;
  std::chrono::milliseconds interval{5000};  // timestamped lines
};

// off with --quiet; else live when stderr is a terminal, timestamped when not.
// Throws Error(usage) for a SPARKIFY_PROGRESS_INTERVAL that is not a positive
// number of seconds.
ProgressSettings progress_settings(bool quiet);

class ProgressDisplay {
 public:
  ProgressDisplay(std::ostream& err, const progress::Board& board, ProgressSettings settings);
  ~ProgressDisplay();
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // A whole line (without '\n'), written between redraws.
  void print_line(std::string_view line);
  // A status that replaces the previous one (infra's "waiting for cluster"):
  // redrawn in place when live, one timestamped line when not.
  void show_status(std::string_view text);
  // Removes a live line from the screen (before other output to the same
  // terminal, such as stdout); the next redraw brings a running phase back.
  void clear_status();
  void stop();

 private:
  void run();
  void draw_locked(bool final);
  void clear_live_locked();

  std::ostream& err_;
  const progress::Board& board_;
  const ProgressSettings settings_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::size_t next_phase_ = 0;                        // phases before it are finalized (or were never shown)
  bool phase_shown_ = false;                          // next_phase_ has been drawn at least once
  bool live_line_ = false;                            // a live line (phase or status) is on screen, without its newline
  std::chrono::steady_clock::time_point next_stamp_;  // timestamped: when the next line is due
  std::thread thread_;                                // last: starts after everything it reads
};

}  // namespace sparkify::cli
