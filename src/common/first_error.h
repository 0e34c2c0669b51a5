// FirstError: keeps the first exception raised on any of several threads, so
// the thread that joins them rethrows that one (later ones are usually
// consequences: a stage failing because another was cancelled).
// capture() is called from a catch block; rethrow_if_any() after every
// thread that may capture has been joined. Thread-safe.
#pragma once

#include <exception>

#include "common/thread_annotations.h"

namespace sparkify {

class FirstError {
 public:
  // Keeps std::current_exception() unless an error is already kept.
  void capture() SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    if (!error_) error_ = std::current_exception();
  }

  void rethrow_if_any() SPARKIFY_EXCLUDES(mutex_) {
    std::exception_ptr error;
    {
      MutexLock lock(mutex_);
      error = error_;
    }
    if (error) std::rethrow_exception(error);
  }

 private:
  Mutex mutex_;
  std::exception_ptr error_ SPARKIFY_GUARDED_BY(mutex_);
};

}  // namespace sparkify
