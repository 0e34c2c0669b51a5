// Clang thread-safety annotations, and the mutex types that carry them.
//
// State shared between threads is guarded by a Mutex and declared
// SPARKIFY_GUARDED_BY(mutex_); functions that expect the lock held say
// SPARKIFY_REQUIRES(mutex_). Under clang, -Wthread-safety then proves at
// compile time that every access holds the lock (scripts/check_thread_safety.sh
// runs that check with -Werror); under other compilers the macros expand to
// nothing and the types are thin wrappers over the standard ones, with no cost.
//
// Mutex: a std::mutex declared as a capability. MutexLock: holds a Mutex for
// its scope (RAII, like std::unique_lock). CondVar: a condition variable that
// waits with a MutexLock held; callers loop on their own condition
// (`while (!ready_) cv_.wait(lock);`) so the analysis sees every guarded read
// under the lock, which a predicate lambda would hide.
#pragma once

#include <condition_variable>
#include <mutex>

#if defined(__clang__)
#define SPARKIFY_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define SPARKIFY_THREAD_ANNOTATION(x)
#endif

#define SPARKIFY_CAPABILITY(name) SPARKIFY_THREAD_ANNOTATION(capability(name))
#define SPARKIFY_SCOPED_CAPABILITY SPARKIFY_THREAD_ANNOTATION(scoped_lockable)
#define SPARKIFY_GUARDED_BY(mutex) SPARKIFY_THREAD_ANNOTATION(guarded_by(mutex))
#define SPARKIFY_REQUIRES(...) SPARKIFY_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define SPARKIFY_EXCLUDES(...) SPARKIFY_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define SPARKIFY_ACQUIRE(...) SPARKIFY_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define SPARKIFY_RELEASE(...) SPARKIFY_THREAD_ANNOTATION(release_capability(__VA_ARGS__))

namespace sparkify {

class CondVar;

class SPARKIFY_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock() SPARKIFY_ACQUIRE() { mutex_.lock(); }
  void unlock() SPARKIFY_RELEASE() { mutex_.unlock(); }

 private:
  friend class MutexLock;
  std::mutex mutex_;
};

class SPARKIFY_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) SPARKIFY_ACQUIRE(mutex) : lock_(mutex.mutex_) {}
  ~MutexLock() SPARKIFY_RELEASE() {}
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  friend class CondVar;
  std::unique_lock<std::mutex> lock_;
};

class CondVar {
 public:
  // Releases the lock while blocked and holds it again on return; may wake
  // spuriously, so call it in a loop on the awaited condition.
  void wait(MutexLock& lock) { cv_.wait(lock.lock_); }
  void notify_one() { cv_.notify_one(); }
  void notify_all() { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
};

}  // namespace sparkify
