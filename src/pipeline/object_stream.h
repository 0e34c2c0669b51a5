// stream_objects: the one parallel pipeline of sparkify. Three stages run at
// once, joined by bounded queues, so memory does not grow with the input:
//   the source fetches objects on its own thread  ->  `workers` threads turn
//   each fetched object into a Product (parse, compute rows)  ->  the calling
//   thread consumes the products one by one (appends them to the warehouse).
// A byte budget bounds the object bodies between the fetch and the end of
// their consumption (`bytes_in_flight`; an object larger than the budget still
// passes, alone), so memory does not grow with object sizes either.
// The first exception on any thread cancels every stage and is rethrown here
// once all threads have stopped. Products are consumed in no defined order.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "pipeline/bounded_queue.h"
#include "source/source.h"

namespace sparkify::pipeline {

inline constexpr std::size_t kBytesInFlightPerWorker = std::size_t{32} << 20;

namespace detail {

// Bytes of object bodies in flight. acquire() blocks while over budget;
// returns false once cancelled.
class ByteBudget {
 public:
  explicit ByteBudget(std::size_t capacity) : capacity_(capacity) {}
  bool acquire(std::size_t bytes) {
    std::unique_lock lock(mutex_);
    released_.wait(lock, [&] { return cancelled_ || held_ == 0 || held_ + bytes <= capacity_; });
    if (cancelled_) return false;
    held_ += bytes;
    return true;
  }
  void release(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    held_ -= bytes;
    released_.notify_all();
  }
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    released_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable released_;
  std::size_t capacity_;
  std::size_t held_ = 0;
  bool cancelled_ = false;
};

// Keeps the first exception thrown on any thread.
class FirstError {
 public:
  void capture() {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::current_exception();
  }
  void rethrow_if_any() {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::mutex mutex_;
  std::exception_ptr error_;
};

// Thrown inside the fetch callback to stop the source once a stage has
// failed; never escapes stream_objects (the first real error does).
struct Cancelled {};

}  // namespace detail

inline int worker_count(int threads) {
  return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// produce: (source::FetchedObject&&) -> Product, on a worker thread.
// consume: (Product&&, std::size_t body_bytes) -> void, on the calling thread.
template <typename Product, typename Produce, typename Consume>
void stream_objects(source::Source& source, const std::vector<source::ObjectRef>& objects, int threads,
                    std::size_t bytes_in_flight, Produce produce, Consume consume) {
  struct Item {
    Product product;
    std::size_t bytes;
  };
  const int workers = worker_count(threads);
  BoundedQueue<source::FetchedObject> fetched(static_cast<std::size_t>(workers) * 4);
  BoundedQueue<Item> produced(static_cast<std::size_t>(workers) * 4);
  detail::ByteBudget budget(bytes_in_flight > 0 ? bytes_in_flight
                                                : static_cast<std::size_t>(workers) * kBytesInFlightPerWorker);
  detail::FirstError first_error;
  auto cancel_all = [&] {
    budget.cancel();
    fetched.cancel();
    produced.cancel();
  };

  std::jthread fetcher([&] {
    try {
      source.fetch_objects(objects, [&](source::FetchedObject&& object) {
        if (!budget.acquire(object.body.size()) || !fetched.push(std::move(object))) throw detail::Cancelled{};
      });
      fetched.close();
    } catch (const detail::Cancelled&) {
      cancel_all();
    } catch (...) {
      first_error.capture();
      cancel_all();
    }
  });

  std::atomic<int> running = workers;
  std::vector<std::jthread> pool;
  for (int i = 0; i < workers; ++i) {
    pool.emplace_back([&] {
      try {
        while (auto object = fetched.pop()) {
          const std::size_t bytes = object->body.size();
          if (!produced.push(Item{produce(std::move(*object)), bytes})) break;
        }
      } catch (...) {
        first_error.capture();
        cancel_all();
      }
      if (--running == 0) produced.close();
    });
  }

  try {
    while (auto item = produced.pop()) {
      const std::size_t bytes = item->bytes;
      consume(std::move(item->product), bytes);
      budget.release(bytes);
    }
  } catch (...) {
    first_error.capture();
    cancel_all();
  }
  fetcher.join();
  for (auto& thread : pool) thread.join();
  first_error.rethrow_if_any();
}

}  // namespace sparkify::pipeline
