// BundleWriter: one producer's side of a WorkQueue of bundles whose bytes a
// ByteBudget bounds. add() takes an item's bytes from the budget and gathers
// the item into the bundle it is filling, which it sends once it holds
// `max_items` items or `max_bytes` bytes; flush() sends what is gathered.
// When the bytes must wait for room, the bundle gathered so far is sent
// first, so the wait never waits for bytes held in it. Whoever takes a
// bundle off the queue gives its `bytes` back to the budget once done with
// it. add() and flush() return false once the queue or the budget is
// stopped (the item is then dropped). One producer per writer; any number of
// writers may share the queue and the budget.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "common/byte_budget.h"
#include "common/work_queue.h"

namespace sparkify {

template <typename Item>
struct Bundle {
  std::vector<Item> items;
  std::size_t bytes = 0;  // taken from the budget
};

template <typename Item>
class BundleWriter {
 public:
  BundleWriter(WorkQueue<Bundle<Item>>& queue, ByteBudget& budget, std::size_t max_items, std::size_t max_bytes)
      : queue_(queue), budget_(budget), max_items_(max_items), max_bytes_(max_bytes) {}

  [[nodiscard]] bool add(Item&& item, std::size_t bytes) {
    if (!budget_.try_acquire(bytes) && (!flush() || !budget_.acquire(bytes))) return false;
    bundle_.bytes += bytes;
    bundle_.items.push_back(std::move(item));
    return (bundle_.items.size() < max_items_ && bundle_.bytes < max_bytes_) || flush();
  }

  [[nodiscard]] bool flush() {
    if (bundle_.items.empty()) return true;
    if (!queue_.push(std::move(bundle_))) return false;
    bundle_ = Bundle<Item>{};
    return true;
  }

 private:
  WorkQueue<Bundle<Item>>& queue_;
  ByteBudget& budget_;
  const std::size_t max_items_, max_bytes_;
  Bundle<Item> bundle_;
};

}  // namespace sparkify
