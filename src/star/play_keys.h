// PlayKeys: the songplay keys a run has met (its own plays' and the stored
// ones of its days), to tell a play whose key may repeat from a new one.
// A KeyFilter holds every key in fixed memory and may answer "maybe" for a
// key it never met; DayKeys hold the keys too, by day, in bounded room, and
// while they hold a day they settle such a "maybe" for its keys: a key they
// lack was never met. For a day let go the filter decides alone. A key met
// before is always answered "maybe", held or not. A "maybe" costs a merge
// (the play waits in repeat_plays and SQL compares it with the stored rows of
// its key), a wrong "new" a duplicate row: the answers err only the first
// way.
#pragma once

#include <cstdint>

#include "star/day_keys.h"
#include "star/key_filter.h"

namespace sparkify::star {

class PlayKeys {
 public:
  // A filter of `filter_bits` (KeyFilter), and keys held by day in room for
  // `most_held` (DayKeys; 0: none).
  PlayKeys(std::uint64_t filter_bits, std::uint64_t most_held) : filter_(filter_bits), held_(most_held) {}

  // Adds the key (a songplay_key_hash) of a play on `day` (epoch_day_at of
  // its start time); true when it may have been added before.
  bool test_and_add(std::uint64_t hash, std::int64_t day) {
    const bool maybe = filter_.test_and_add(hash);
    const bool seen = maybe && (!held_.holds(day) || held_.contains(day, hash));
    held_.add(day, hash);
    return seen;
  }

 private:
  KeyFilter filter_;
  DayKeys held_;
};

}  // namespace sparkify::star
