// progress: what long work tells the screen while it runs, as counters only.
// The work (pipeline, generator, S3 listing) starts a phase on a Board and
// bumps that phase's PhaseCounters with relaxed atomic adds at coarse points
// (an object parsed, a listing page read, a file written); it never formats
// text, locks or waits per record. A reporter (cli/progress_display) samples
// the board on its own thread and draws it. A board nobody watches costs the
// same few atomic adds, so the work never asks whether it is watched.
//
// Thread safety: PhaseCounters may be bumped from any thread; start_phase,
// finish_phase and phase() take the board's mutex (per phase, not per record).
// Counters stay valid (and addressable) for the board's lifetime, so a late
// bump lands in its own, finished phase.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace sparkify::progress {

struct PhaseCounters {
  std::atomic<std::int64_t> files_done{0};
  std::atomic<std::int64_t> files_total{0};  // 0: not known
  std::atomic<std::int64_t> records{0};      // records (lines, objects) done
  std::atomic<std::int64_t> bytes{0};        // bytes done

  // One unit of work done (a file parsed, a page listed): relaxed adds.
  void add(std::int64_t files, std::int64_t more_records, std::int64_t more_bytes) {
    files_done.fetch_add(files, std::memory_order_relaxed);
    records.fetch_add(more_records, std::memory_order_relaxed);
    bytes.fetch_add(more_bytes, std::memory_order_relaxed);
  }
};

// A phase as the reporter sees it: a consistent-enough copy of its counters.
struct PhaseView {
  std::size_t index = 0;  // 0 for the first phase of the board
  std::string name;       // "events", "listing s3://b/log_data"
  std::string unit;       // what `records` counts: "records", "lines"
  bool finished = false;
  std::chrono::steady_clock::time_point started, ended;  // `ended` once finished
  std::int64_t files_done = 0, files_total = 0, records = 0, bytes = 0;
};

class Board {
 public:
  Board() = default;
  Board(const Board&) = delete;
  Board& operator=(const Board&) = delete;

  // Finishes the current phase, if any, and starts the next one.
  PhaseCounters& start_phase(std::string name, std::int64_t files_total, std::string unit = "records");
  // Finishes the current phase (no-op when none is running).
  void finish_phase();
  // Phases started so far.
  std::size_t phase_count() const;
  // Phase `index` (< phase_count()), or nullopt.
  std::optional<PhaseView> phase(std::size_t index) const;

 private:
  struct Phase {
    std::string name, unit;
    bool finished = false;
    std::chrono::steady_clock::time_point started, ended;
    PhaseCounters counters;
  };
  void finish_locked();

  mutable std::mutex mutex_;
  std::deque<Phase> phases_;  // a deque: counters never move
};

// Starts a phase and finishes it at finish() or at the end of the scope (also
// on an exception), so the reporter never shows a phase running after its
// work. Phases do not nest: starting another one finishes this one.
class PhaseScope {
 public:
  PhaseScope(Board& board, std::string name, std::int64_t files_total, std::string unit = "records")
      : board_(board), counters_(board.start_phase(std::move(name), files_total, std::move(unit))) {}
  ~PhaseScope() { finish(); }
  void finish() {
    if (!finished_) board_.finish_phase();
    finished_ = true;
  }
  PhaseScope(const PhaseScope&) = delete;
  PhaseScope& operator=(const PhaseScope&) = delete;
  PhaseCounters& counters() { return counters_; }

 private:
  Board& board_;
  PhaseCounters& counters_;
  bool finished_ = false;
};

}  // namespace sparkify::progress
