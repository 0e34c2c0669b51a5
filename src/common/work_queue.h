// WorkQueue: the one queue between threads in sparkify. A FIFO with a fixed
// capacity, so a fast producer waits instead of growing memory, and with two
// ways to end it:
//  - push() blocks while full; returns false, dropping the item, once the
//    queue is closed or cancelled.
//  - pop() blocks while empty; returns std::nullopt once the queue is closed
//    and drained, or at once when it is cancelled (items left are dropped).
//  - close(): no more items will come (the producers are done, or one failed
//    and left its error elsewhere, see FirstError); consumers drain what is
//    queued.
//  - cancel(): give up (a consumer or another stage failed); wakes every
//    waiter, producers and consumers alike.
//  - cancelled(): for a producer that polls instead of blocking.
// Ending a queue never throws: a waiter learns it from the return value.
// Thread-safe; all state is guarded by one mutex (checked by clang's
// -Wthread-safety, see common/thread_annotations.h).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <utility>

#include "common/thread_annotations.h"

namespace sparkify {

template <typename T>
class WorkQueue {
 public:
  explicit WorkQueue(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  [[nodiscard]] bool push(T item) SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    while (items_.size() >= capacity_ && !closed_ && !cancelled_) not_full_.wait(lock);
    if (closed_ || cancelled_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  [[nodiscard]] std::optional<T> pop() SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    while (items_.empty() && !closed_ && !cancelled_) not_empty_.wait(lock);
    if (cancelled_ || items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

  void close() SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    closed_ = true;
    wake_all();
  }

  void cancel() SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    cancelled_ = true;
    wake_all();
  }

  bool cancelled() SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    return cancelled_;
  }

 private:
  void wake_all() SPARKIFY_REQUIRES(mutex_) {
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  Mutex mutex_;
  CondVar not_full_, not_empty_;
  std::deque<T> items_ SPARKIFY_GUARDED_BY(mutex_);
  const std::size_t capacity_;
  bool closed_ SPARKIFY_GUARDED_BY(mutex_) = false;
  bool cancelled_ SPARKIFY_GUARDED_BY(mutex_) = false;
};

}  // namespace sparkify
