// PlayKeys: the songplay keys a run has met (its own plays' and the stored
// ones of its days), to tell a play whose key may repeat from a new one.
// A KeyFilter holds every key in fixed memory and may answer "maybe" for a
// key it never met; an ExactKeys holds the keys too, up to a limit, and while
// it holds them all it settles such a "maybe": a key it lacks was never met.
// Past its limit it is let go (its memory freed) and the filter decides
// alone. A key met before is always answered "maybe", held exactly or not.
// A "maybe" costs a merge (the play waits in repeat_plays and SQL compares it
// with the stored rows of its key), a wrong "new" a duplicate row: the
// answers err only the first way.
#pragma once

#include <cstdint>
#include <optional>

#include "star/exact_keys.h"
#include "star/key_filter.h"

namespace sparkify::star {

class PlayKeys {
 public:
  // A filter of `filter_bits` (KeyFilter), and room for the smaller of `keys`
  // and `exact_at_most` keys held exactly (ExactKeys; 0: none).
  PlayKeys(std::uint64_t filter_bits, std::uint64_t keys, std::uint64_t exact_at_most)
      : filter_(filter_bits), exact_(std::in_place, keys, exact_at_most) {}

  // Adds the key (a songplay_key_hash); true when it may have been added
  // before.
  bool test_and_add(std::uint64_t hash) {
    const bool maybe = filter_.test_and_add(hash);
    if (!exact_) return maybe;
    const bool held = exact_->contains(hash);
    hold(hash);
    return maybe && held;
  }

  // Whether every key added so far is held exactly.
  bool exact() const { return exact_.has_value(); }

 private:
  void hold(std::uint64_t hash) {
    if (!exact_->add(hash)) exact_.reset();  // past its limit: the filter alone from now on
  }

  KeyFilter filter_;
  std::optional<ExactKeys> exact_;  // complete while held
};

}  // namespace sparkify::star
