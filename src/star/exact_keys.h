// ExactKeys: a set of 64-bit keys that holds them themselves, up to a fixed
// number, to settle a KeyFilter's "maybe" without SQL: a key it contains was
// added; while it is complete (no key was ever refused for want of room), a
// key it does not contain was never added. Past its capacity it refuses keys
// and stays incomplete: what it contains is still exact, what it lacks is
// then unknown. Memory is fixed at construction (8 bytes a slot, two slots a
// key), taken zeroed from calloc, so the pages no key reaches cost nothing.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>

#include "star/key_filter.h"

namespace sparkify::star {

class ExactKeys {
 public:
  // Room for the smaller of `keys` and `at_most` keys.
  ExactKeys(std::uint64_t keys, std::uint64_t at_most)
      : capacity_(keys < at_most ? keys : at_most), mask_(slots_for(capacity_) - 1), slots_(zeroed(mask_ + 1)) {}

  // Adds the key; false (and incomplete from then on) when there was no room.
  bool add(std::uint64_t key) {
    if (key == kEmpty) return has_empty_key_ = true;
    std::uint64_t& slot = slots_[slot_of(key)];
    if (slot == key) return true;
    if (size_ == capacity_) {
      complete_ = false;
      return false;
    }
    slot = key;
    ++size_;
    return true;
  }
  bool contains(std::uint64_t key) const {
    if (key == kEmpty) return has_empty_key_;
    return slots_[slot_of(key)] == key;
  }
  // True while every key offered to add() was kept.
  bool complete() const { return complete_; }

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
    std::uint64_t at = KeyFilter::mix(key) & mask_;
    while (slots_[at] != key && slots_[at] != kEmpty) at = (at + 1) & mask_;
    return at;
  }
  struct Free {
    void operator()(std::uint64_t* slots) const { std::free(slots); }
  };
  static std::unique_ptr<std::uint64_t[], Free> zeroed(std::uint64_t count) {
    auto* slots = static_cast<std::uint64_t*>(std::calloc(count, sizeof(std::uint64_t)));
    if (slots == nullptr) throw std::bad_alloc();
    return std::unique_ptr<std::uint64_t[], Free>(slots);
  }

  std::uint64_t capacity_;
  std::uint64_t mask_;
  std::unique_ptr<std::uint64_t[], Free> slots_;
  std::uint64_t size_ = 0;
  bool has_empty_key_ = false;
  bool complete_ = true;
};

}  // namespace sparkify::star
