#include "pipeline/staging_load.h"

#include <atomic>
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

// What a worker hands to the loading thread: a parsed batch of either kind,
// or an object that could not be fetched.
struct ParsedObject {
  std::variant<EventBatchPtr, SongBatchPtr, parse::Reject> content;
  std::int64_t bytes = 0;
};

ParsedObject parse_object(RecordKind kind, source::FetchedObject&& fetched) {
  const auto bytes = static_cast<std::int64_t>(fetched.body.size());
  if (fetched.error) {
    return {parse::Reject{fetched.ref->uri, 0, "cannot read object: " + *fetched.error, ""}, 0};
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
                       warehouse::StagingLoader& loader, RejectLog& rejects, int threads) {
  const int workers = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  BoundedQueue<source::FetchedObject> fetched(static_cast<std::size_t>(workers) * 4);
  BoundedQueue<ParsedObject> parsed(static_cast<std::size_t>(workers) * 4);
  FirstError first_error;

  std::jthread fetcher([&] {
    try {
      source.fetch_objects(objects, [&](source::FetchedObject&& object) {
        if (!fetched.push(std::move(object))) throw std::runtime_error("cancelled");
      });
      fetched.close();
    } catch (...) {
      first_error.capture();
      fetched.cancel();
      parsed.cancel();
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
        first_error.capture();
        fetched.cancel();
        parsed.cancel();
      }
      if (--running_workers == 0) parsed.close();
    });
  }

  LoadStats stats;
  stats.files = static_cast<std::int64_t>(objects.size());
  try {
    while (auto object = parsed.pop()) {
      stats.bytes += object->bytes;
      if (auto* events = std::get_if<EventBatchPtr>(&object->content)) {
        append_batch(**events, loader, rejects, stats);
      } else if (auto* songs = std::get_if<SongBatchPtr>(&object->content)) {
        append_batch(**songs, loader, rejects, stats);
      } else {
        rejects.write(std::get<parse::Reject>(object->content));
        ++stats.rejected;
        ++stats.failed_objects;
      }
    }
  } catch (...) {
    first_error.capture();
    fetched.cancel();
    parsed.cancel();
  }
  fetcher.join();
  for (auto& parser : parsers) parser.join();
  first_error.rethrow_if_any();
  return stats;
}

}  // namespace sparkify::pipeline
