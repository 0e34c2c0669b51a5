// MetKeys: the keys a run has met (its own rows' and the stored ones of its
// days), to tell a key met before from a new one: songplay keys
// (songplay_key_hash) and time keys (KeyFilter::mix of the start time, which
// maps keys one to one). A KeyFilter holds every key in fixed memory and may
// answer "maybe" for a key it never met; DayKeys hold the keys too, by day,
// in bounded room, and while they hold a day they settle such a "maybe" for
// its keys: met, or never met. For a day let go the filter decides alone. A
// key met before is never answered "no". A "maybe" costs a merge (a play
// waits in repeat_plays, a time key in run_times, and SQL compares them with
// the stored rows), a wrong "no" a duplicate row: the answers err only the
// first way.
#pragma once

#include <cstdint>

#include "star/day_keys.h"
#include "star/key_filter.h"

namespace sparkify::star {

class MetKeys {
 public:
  enum class Met {
    no,     // never met: new
    yes,    // met before, for sure (held)
    maybe,  // the filter may have met it, on a day let go
  };

  // A filter of `filter_bits` (KeyFilter), and keys held by day in room for
  // `most_held` (DayKeys; 0: none).
  MetKeys(std::uint64_t filter_bits, std::uint64_t most_held) : filter_(filter_bits), held_(most_held) {}

  // The filter's prefetch(): called some keys ahead of their test_and_add(),
  // the misses of the cache overlap.
  void prefetch(std::uint64_t hash) const { filter_.prefetch(hash); }

  // Adds the key of a row on `day` (epoch_day_at of its start time); says
  // whether it was met before.
  Met test_and_add(std::uint64_t hash, std::int64_t day) {
    if (filter_.test_and_add(hash)) {
      if (!held_.holds(day)) return Met::maybe;
      if (held_.contains(day, hash)) return Met::yes;
    }
    held_.add(day, hash);
    return Met::no;
  }

 private:
  KeyFilter filter_;
  DayKeys held_;
};

}  // namespace sparkify::star
