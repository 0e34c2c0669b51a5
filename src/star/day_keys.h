// DayKeys: 64-bit keys held exactly, each with the day it belongs to (the
// day of its play's start time), to settle a key filter's "maybe" day by day
// (a run's keys come file by file, a file's mostly of one day). A day is held
// while every key added for it is: then a key it lacks was never added for
// that day. Room is bounded: the tables of all days held make room for at
// most `most_keys` keys (ExactKeys::room: 16 bytes of memory a key); when a
// day needs more, the days added to longest ago are let go first, and a day
// that alone outgrows the room is let go too. A day let go is never held
// again: its keys are gone. Not for concurrent use.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "star/exact_keys.h"

namespace sparkify::star {

class DayKeys {
 public:
  explicit DayKeys(std::uint64_t most_keys) : most_keys_(most_keys) {}

  // Whether every key added for `day` is held (a day with none added is).
  bool holds(std::int64_t day) const { return (last_ != nullptr && last_day_ == day) || !let_go_.contains(day); }

  // Whether `key` was added for `day` and is held (false for a day let go).
  bool contains(std::int64_t day, std::uint64_t key) {
    const Day* held = find(day);
    return held != nullptr && held->keys.contains(key);
  }

  // Adds the key for its day, unless the day was let go; may let days go.
  void add(std::int64_t day, std::uint64_t key) {
    if (!holds(day)) return;
    Day* held = find(day);
    if (held == nullptr) {
      held = &days_.try_emplace(day, Day{ExactKeys(most_keys_, most_keys_), 0}).first->second;
      room_ += held->keys.room();
      last_ = held;
      last_day_ = day;
    }
    held->last_added = ++clock_;
    const std::uint64_t room = held->keys.room();
    const bool kept = held->keys.add(key);
    room_ += held->keys.room() - room;
    make_room(day);
    if (!kept || room_ > most_keys_) let_go(day);
  }

 private:
  struct Day {
    ExactKeys keys;
    std::uint64_t last_added;  // clock_ at its last add()
  };

  // The day's table, or nullptr if it has none; the last day found is kept
  // at hand, as keys come many in a row for one day.
  Day* find(std::int64_t day) {
    if (last_ != nullptr && last_day_ == day) return last_;
    const auto at = days_.find(day);
    if (at == days_.end()) return nullptr;
    last_ = &at->second;
    last_day_ = day;
    return last_;
  }

  // Lets the held days other than `keep` go, those added to longest ago
  // first, until the room is within bounds or no other day is held.
  void make_room(std::int64_t keep) {
    while (room_ > most_keys_) {
      auto oldest = days_.end();
      for (auto at = days_.begin(); at != days_.end(); ++at) {
        if (at->first != keep && (oldest == days_.end() || at->second.last_added < oldest->second.last_added)) {
          oldest = at;
        }
      }
      if (oldest == days_.end()) return;
      let_go(oldest->first);
    }
  }

  void let_go(std::int64_t day) {
    const auto at = days_.find(day);
    if (at != days_.end()) {
      room_ -= at->second.keys.room();
      if (last_ == &at->second) last_ = nullptr;
      days_.erase(at);
    }
    let_go_.insert(day);
  }

  std::uint64_t most_keys_;
  std::unordered_map<std::int64_t, Day> days_;  // the days held that have keys
  std::unordered_set<std::int64_t> let_go_;
  std::uint64_t room_ = 0;   // the room of the tables of days_
  std::uint64_t clock_ = 0;  // counts add()s
  Day* last_ = nullptr;      // days_[last_day_], or nullptr
  std::int64_t last_day_ = 0;
};

}  // namespace sparkify::star
