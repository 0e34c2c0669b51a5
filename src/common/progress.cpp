#include "common/progress.h"

#include <utility>

namespace sparkify::progress {

PhaseCounters& Board::start_phase(std::string name, std::int64_t files_total, std::string unit) {
  std::lock_guard lock(mutex_);
  finish_locked();
  Phase& phase = phases_.emplace_back();
  phase.name = std::move(name);
  phase.unit = std::move(unit);
  phase.started = std::chrono::steady_clock::now();
  phase.counters.files_total.store(files_total, std::memory_order_relaxed);
  return phase.counters;
}

void Board::finish_phase() {
  std::lock_guard lock(mutex_);
  finish_locked();
}

void Board::finish_locked() {
  if (phases_.empty() || phases_.back().finished) return;
  phases_.back().finished = true;
  phases_.back().ended = std::chrono::steady_clock::now();
}

std::size_t Board::phase_count() const {
  std::lock_guard lock(mutex_);
  return phases_.size();
}

std::optional<PhaseView> Board::phase(std::size_t index) const {
  std::lock_guard lock(mutex_);
  if (index >= phases_.size()) return std::nullopt;
  const Phase& phase = phases_[index];
  PhaseView view;
  view.index = index;
  view.name = phase.name;
  view.unit = phase.unit;
  view.finished = phase.finished;
  view.started = phase.started;
  view.ended = phase.ended;
  view.files_done = phase.counters.files_done.load(std::memory_order_relaxed);
  view.files_total = phase.counters.files_total.load(std::memory_order_relaxed);
  view.records = phase.counters.records.load(std::memory_order_relaxed);
  view.bytes = phase.counters.bytes.load(std::memory_order_relaxed);
  return view;
}

}  // namespace sparkify::progress
