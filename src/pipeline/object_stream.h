// stream_objects: the one parallel pipeline of sparkify. Three stages run at
// once, joined by bounded queues, so memory does not grow with the input:
//   the source fetches objects on its own thread  ->  `workers` threads turn
//   each fetched object into a Product (parse, compute rows)  ->  the calling
//   thread consumes the products one by one (appends them to the warehouse).
// A byte budget bounds the object bodies between the fetch and the end of
// their consumption (`bytes_in_flight`; a bundle larger than the budget still
// passes, alone), so memory does not grow with object sizes either.
// The first exception on any thread cancels every stage and is rethrown here
// once all threads have stopped. Products are consumed in no defined order.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "common/bundle_writer.h"
#include "common/byte_budget.h"
#include "common/first_error.h"
#include "common/work_queue.h"
#include "source/source.h"

namespace sparkify::pipeline {

// 16 MiB: at 10M events in 300 daily files (14.5 MB each) 32 MiB held about
// 90 MB more at the peak for ~5% less time; at 2M (2.9 MB files) both ran
// in the same time (bench/README.md).
inline constexpr std::size_t kBytesInFlightPerWorker = std::size_t{16} << 20;

inline int worker_count(int threads) {
  return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Objects travel between the stages in bundles of up to kBundleObjects
// objects or kBundleBytes bytes (whichever comes first): a queue hand-off
// costs two thread wake-ups, which would otherwise dominate the load of many
// tiny files (song_data holds one ~250-byte object per song). An object of
// kBundleBytes or more travels alone: a small load's day of events (290 KB
// in a load of 20,000) is work enough for a hand-off, and bundled by four
// (1 MiB) its plays reached the thread that appends only once a worker had
// parsed four files.
inline constexpr std::size_t kBundleObjects = 64;
inline constexpr std::size_t kBundleBytes = std::size_t{256} << 10;

// produce: (source::FetchedObject&&) -> Product, on a worker thread.
// consume: (Product&&, const source::ObjectRef& object, std::size_t body_bytes)
// -> void, on the calling thread; `object` is the product's entry of `objects`.
template <typename Product, typename Produce, typename Consume>
void stream_objects(source::Source& source, const std::vector<source::ObjectRef>& objects, int threads,
                    std::size_t bytes_in_flight, Produce produce, Consume consume) {
  using Fetched = Bundle<source::FetchedObject>;
  struct Produced {
    // with each object's entry of `objects` and body size
    std::vector<std::tuple<Product, const source::ObjectRef*, std::size_t>> products;
    std::size_t bytes = 0;
  };
  const int workers = worker_count(threads);
  WorkQueue<Fetched> fetched(static_cast<std::size_t>(workers) * 4);
  WorkQueue<Produced> produced(static_cast<std::size_t>(workers) * 4);
  ByteBudget budget(bytes_in_flight > 0 ? bytes_in_flight
                                        : static_cast<std::size_t>(workers) * kBytesInFlightPerWorker);
  FirstError first_error;
  auto cancel_all = [&] {
    budget.cancel();
    fetched.cancel();
    produced.cancel();
  };

  std::jthread fetcher([&] {
    try {
      // Each object's bytes are taken from the budget as it arrives
      // (BundleWriter). A stage that failed cancels the queues and the
      // budget; the fetch callback then returns false and the source stops.
      BundleWriter<source::FetchedObject> writer(fetched, budget, kBundleObjects, kBundleBytes);
      bool cancelled = false;
      source.fetch_objects(objects, [&](source::FetchedObject&& object) {
        const std::size_t bytes = object.body.size();
        cancelled = !writer.add(std::move(object), bytes);
        return !cancelled;
      });
      if (cancelled || !writer.flush()) {
        cancel_all();
      } else {
        fetched.close();
      }
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
        while (auto bundle = fetched.pop()) {
          Produced out;
          out.bytes = bundle->bytes;
          out.products.reserve(bundle->items.size());
          for (auto& object : bundle->items) {
            const source::ObjectRef* ref = object.ref;
            const std::size_t bytes = object.body.size();
            out.products.emplace_back(produce(std::move(object)), ref, bytes);
          }
          if (!produced.push(std::move(out))) break;
        }
      } catch (...) {
        first_error.capture();
        cancel_all();
      }
      if (--running == 0) produced.close();
    });
  }

  try {
    while (auto bundle = produced.pop()) {
      for (auto& [product, ref, bytes] : bundle->products) consume(std::move(product), *ref, bytes);
      budget.release(bundle->bytes);
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
