// ByteBudget: bytes of object bodies a stage may hold at once, shared by the
// threads that take and give them back. acquire() blocks while over budget
// and returns false once cancelled; an amount larger than the whole budget
// is still let through when nothing is held, alone, so one huge object never
// stops a pipeline. Thread-safe (one mutex, checked by clang's
// -Wthread-safety, see common/thread_annotations.h).
#pragma once

#include <cstddef>

#include "common/thread_annotations.h"

namespace sparkify {

class ByteBudget {
 public:
  explicit ByteBudget(std::size_t capacity) : capacity_(capacity) {}
  bool acquire(std::size_t bytes) SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    while (!cancelled_ && !fits(bytes)) released_.wait(lock);
    if (cancelled_) return false;
    held_ += bytes;
    return true;
  }
  // Takes the bytes only if that needs no wait.
  bool try_acquire(std::size_t bytes) SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    if (cancelled_ || !fits(bytes)) return false;
    held_ += bytes;
    return true;
  }
  void release(std::size_t bytes) SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    held_ -= bytes;
    released_.notify_all();
  }
  void cancel() SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    cancelled_ = true;
    released_.notify_all();
  }

 private:
  bool fits(std::size_t bytes) const SPARKIFY_REQUIRES(mutex_) { return held_ == 0 || held_ + bytes <= capacity_; }

  Mutex mutex_;
  CondVar released_;
  const std::size_t capacity_;
  std::size_t held_ SPARKIFY_GUARDED_BY(mutex_) = 0;
  bool cancelled_ SPARKIFY_GUARDED_BY(mutex_) = false;
};

}  // namespace sparkify
