// Source: where the raw JSON comes from. One Source is one location (a local
// folder or an s3://bucket/prefix) and everything under it. The pipeline sees
// only this interface; it never touches the file system or HTTP itself.
//
// Contract:
//  - list_objects() returns every object under the location whose name ends in
//    ".json", recursively, sorted by uri. For S3 the prefix is taken as a folder:
//    s3://b/song_data lists keys starting with "song_data/".
//  - fetch_objects() reads the given objects and hands each one to `consume`
//    exactly once, on the thread that called fetch_objects, in any order.
//    Implementations may read several objects concurrently (S3 does), with a
//    bounded number in flight, so memory does not grow with the object count.
//    A body is delivered with at least kBodyPadding bytes of spare capacity
//    (std::string::capacity() - size()), so parsers can use it in place.
//  - An object that cannot be read (after the source's retries) is delivered
//    with `error` set and an empty body; the caller decides whether that fails
//    the run (--max-errors). Failures of the whole source (bucket missing,
//    credentials refused, endpoint unreachable) throw sparkify::Error.
//  - If `consume` throws, fetch_objects stops and rethrows it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sparkify::source {

inline constexpr std::size_t kBodyPadding = 64;

struct ObjectRef {
  std::string uri;         // full address: "/data/song_data/A/TRA.json" or "s3://bucket/key"
  std::uint64_t size = 0;  // bytes
  std::string etag;        // S3 ETag without quotes; empty for local files
};

struct FetchedObject {
  const ObjectRef* ref = nullptr;    // points into the vector given to fetch_objects
  std::string body;                  // whole object; empty when error is set
  std::optional<std::string> error;  // one-line reason the object could not be read
};

using ObjectConsumer = std::function<void(FetchedObject&&)>;

class Source {
 public:
  virtual ~Source() = default;

  // The location as the user wrote it, for messages (never holds credentials).
  virtual std::string describe() const = 0;

  virtual std::vector<ObjectRef> list_objects() = 0;

  virtual void fetch_objects(const std::vector<ObjectRef>& objects, const ObjectConsumer& consume) = 0;
};

}  // namespace sparkify::source
