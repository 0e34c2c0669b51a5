#include "pipeline/staging_load.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <memory>
#include <thread>
#include <variant>

#include "common/error.h"
#include "parse/parsers.h"
#include "pipeline/bounded_queue.h"

namespace sparkify::pipeline {
namespace {

using EventBatchPtr = std::unique_ptr<parse::EventBatch>;
using SongBatchPtr = std::unique_ptr<parse::SongBatch>;

// Limits the bytes of object bodies between the fetcher and the end of their
// append, so memory is bounded by bytes, not by a count of objects whose size
// grows with the input. An object larger than the whole budget still passes,
// alone. acquire() blocks while over budget; returns false once cancelled.
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

// What a worker hands to the loading thread: a parsed batch of either kind,
// or an object that could not be fetched. `bytes` is the size of its body:
// what it took from the ByteBudget, given back once the batch is appended.
struct ParsedObject {
  std::variant<EventBatchPtr, SongBatchPtr, parse::Reject> content;
  std::size_t bytes = 0;
};

ParsedObject parse_object(RecordKind kind, source::FetchedObject&& fetched) {
  const std::size_t bytes = fetched.body.size();
  if (fetched.error) {
    return {parse::Reject{fetched.ref->uri, 0, "cannot read object: " + *fetched.error, ""}, bytes};
  }
  if (kind == RecordKind::events) return {parse::parse_events(fetched.ref->uri, std::move(fetched.body)), bytes};
  return {parse::parse_songs(fetched.ref->uri, std::move(fetched.body)), bytes};
}

template <typename Batch>
void append_batch(const Batch& batch, warehouse::StagingLoader& loader, RejectLog& rejects, LoadStats& stats) {
  if constexpr (std::is_same_v<Batch, parse::EventBatch>) {
    loader.append_events(batch.rows);
  } else {
    loader.append_songs(batch.rows);
  }
  for (const auto& reject : batch.rejects) rejects.write(reject);
  stats.records_read += batch.records_read;
  stats.loaded += static_cast<std::int64_t>(batch.rows.size());
  stats.rejected += static_cast<std::int64_t>(batch.rejects.size());
}

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

}  // namespace

LoadStats load_staging(RecordKind kind, source::Source& source, const std::vector<source::ObjectRef>& objects,
                       warehouse::StagingLoader& loader, RejectLog& rejects, int threads,
                       std::size_t bytes_in_flight) {
  const int workers = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  BoundedQueue<source::FetchedObject> fetched(static_cast<std::size_t>(workers) * 4);
  BoundedQueue<ParsedObject> parsed(static_cast<std::size_t>(workers) * 4);
  ByteBudget budget(bytes_in_flight > 0 ? bytes_in_flight
                                        : static_cast<std::size_t>(workers) * kBytesInFlightPerWorker);
  FirstError first_error;
  auto cancel_all = [&] {
    first_error.capture();
    budget.cancel();
    fetched.cancel();
    parsed.cancel();
  };

  std::jthread fetcher([&] {
    try {
      source.fetch_objects(objects, [&](source::FetchedObject&& object) {
        if (!budget.acquire(object.body.size()) || !fetched.push(std::move(object))) {
          throw std::runtime_error("cancelled");
        }
      });
      fetched.close();
    } catch (...) {
      cancel_all();
    }
  });

  std::atomic<int> running_workers = workers;
  std::vector<std::jthread> parsers;
  for (int i = 0; i < workers; ++i) {
    parsers.emplace_back([&] {
      try {
        while (auto object = fetched.pop()) {
          if (!parsed.push(parse_object(kind, std::move(*object)))) break;
        }
      } catch (...) {
        cancel_all();
      }
      if (--running_workers == 0) parsed.close();
    });
  }

  LoadStats stats;
  stats.files = static_cast<std::int64_t>(objects.size());
  try {
    while (auto object = parsed.pop()) {
      stats.bytes += static_cast<std::int64_t>(object->bytes);  // 0 for a failed fetch (empty body)
      if (auto* events = std::get_if<EventBatchPtr>(&object->content)) {
        append_batch(**events, loader, rejects, stats);
      } else if (auto* songs = std::get_if<SongBatchPtr>(&object->content)) {
        append_batch(**songs, loader, rejects, stats);
      } else {
        rejects.write(std::get<parse::Reject>(object->content));
        ++stats.records_read;  // an unreadable object counts as one record read and rejected
        ++stats.rejected;
        ++stats.failed_objects;
      }
      budget.release(object->bytes);
    }
  } catch (...) {
    cancel_all();
  }
  fetcher.join();
  for (auto& parser : parsers) parser.join();
  first_error.rethrow_if_any();
  return stats;
}

}  // namespace sparkify::pipeline
