// ExactKeys: a set of 64-bit keys that holds them themselves, up to a fixed
// number, to settle a KeyFilter's "maybe" without SQL: a key it contains was
// added; while it is complete (no key was ever refused for want of room), a
// key it does not contain was never added. Past its capacity it refuses keys
// and stays incomplete: what it contains is still exact, what it lacks is
// then unknown. Memory follows the keys held (8 bytes a slot, at least two
// slots a key: the table doubles as it fills), up to 16 bytes a key of its
// capacity. It grows rather than taking its largest size at once: fresh
// zeroed pages read before they are written fault twice, and in a process
// with other threads running the second fault costs a TLB flush on every
// core (bench/README.md, stop 23).
#pragma once

#include <cstdint>
#include <vector>

#include "star/key_filter.h"

namespace sparkify::star {

class ExactKeys {
 public:
  // Its room at first, unless its capacity is smaller: 32 KiB.
  static constexpr std::uint64_t kFirstKeys = 2048;

  // Room for the smaller of `keys` and `at_most` keys.
  ExactKeys(std::uint64_t keys, std::uint64_t at_most)
      : capacity_(keys < at_most ? keys : at_most),
        slots_(slots_for(capacity_ < kFirstKeys ? capacity_ : kFirstKeys)) {}

  // Adds the key; false (and incomplete from then on) when there was no room.
  // Full and incomplete, it refuses every key without looking it up (false
  // even for a key it holds, which contains() still finds): past its
  // capacity, a run's keys cost no probe each.
  bool add(std::uint64_t key) {
    if (key == kEmpty) return has_empty_key_ = true;
    if (size_ == capacity_) {  // full: once incomplete, not even looked up
      if (complete_ && contains(key)) return true;
      complete_ = false;
      return false;
    }
    std::uint64_t at = slot_of(key);
    if (slots_[at] == key) return true;
    if (2 * (size_ + 1) > slots_.size()) {
      grow();
      at = slot_of(key);  // the table moved
    }
    slots_[at] = key;
    ++size_;
    return true;
  }
  bool contains(std::uint64_t key) const {
    if (key == kEmpty) return has_empty_key_;
    return slots_[slot_of(key)] == key;
  }
  // True while every key offered to add() was kept.
  bool complete() const { return complete_; }
  // The keys it holds before its table next doubles (8 bytes a slot, two
  // slots a key): its memory is 16 bytes a key of room.
  std::uint64_t room() const { return slots_.size() / 2; }

 private:
  static constexpr std::uint64_t kEmpty = 0;  // marks a free slot; key 0 itself is held apart

  // The power of two at or above twice `keys` (at least 2).
  static std::uint64_t slots_for(std::uint64_t keys) {
    std::uint64_t slots = 2;
    while (slots < 2 * keys) slots *= 2;
    return slots;
  }
  // The key's slot, or the free slot where it would go (linear probing; the
  // table is never more than half full, so a free slot is always found).
  std::uint64_t slot_of(std::uint64_t key) const {
    const std::uint64_t mask = slots_.size() - 1;
    std::uint64_t at = KeyFilter::mix(key) & mask;
    while (slots_[at] != key && slots_[at] != kEmpty) at = (at + 1) & mask;
    return at;
  }
  void grow() {
    std::vector<std::uint64_t> old(slots_.size() * 2);
    old.swap(slots_);
    for (const std::uint64_t key : old) {
      if (key != kEmpty) slots_[slot_of(key)] = key;
    }
  }

  std::uint64_t capacity_;
  std::vector<std::uint64_t> slots_;  // a power of two, at most half full
  std::uint64_t size_ = 0;
  bool has_empty_key_ = false;
  bool complete_ = true;
};

}  // namespace sparkify::star
