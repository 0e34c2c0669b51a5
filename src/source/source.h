// Source: where the raw JSON comes from. One Source is one location (a local
// folder or an s3://bucket/prefix) and everything under it. The pipeline sees
// only this interface; it never touches the file system or HTTP itself.
//
// Contract:
//  - list_objects() returns every object under the location whose name ends in
//    ".json" or ".json.gz", recursively, sorted by uri, and everything else it
//    passed over, each with why (Skipped), also sorted by uri: nothing under
//    the location is left out silently. Files and folders whose name starts
//    with '.' or '_' are skipped whole (as Spark and Hadoop skip them:
//    .ipynb_checkpoints, _SUCCESS, _temporary). For S3 the prefix is taken as
//    a folder: s3://b/song_data lists keys starting with "song_data/".
//    A listing whose stop token is requested may end early, incomplete
//    (local: after the folders begun; S3: at the next page).
//  - A ".json.gz" object is delivered decompressed (gzip, several members
//    allowed); one that does not decompress is delivered with `error` set.
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
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "common/progress.h"

namespace sparkify::source {

inline constexpr std::size_t kBodyPadding = 64;

struct ObjectRef {
  std::string uri;         // full address: "/data/song_data/A/TRA.json" or "s3://bucket/key"
  std::uint64_t size = 0;  // bytes as stored (compressed, for .json.gz)
  // What identifies this version of the object, for a load manifest: the S3
  // ETag without quotes; for a local file its mtime in nanoseconds since the
  // epoch, in decimal.
  std::string version;
};

// Why an entry under the location is not an object to load.
enum class SkipReason {
  hidden,       // its name, or a folder's on its path, starts with '.' or '_'
  not_json,     // its name ends in neither ".json" nor ".json.gz"
  not_a_file,   // named like JSON but a directory, FIFO, socket or device
  broken_link,  // a symbolic link whose target does not exist
};

// The skipped entries of a reason, as a plural noun phrase for "skipped N ...":
// "files not ending in .json or .json.gz".
std::string describe(SkipReason reason);

struct Skipped {
  std::string uri;  // as ObjectRef::uri; a hidden folder is one entry, not one per file
  SkipReason reason;
};

struct Listing {
  std::vector<ObjectRef> objects;
  std::vector<Skipped> skipped;
};

// True when `name` ends in ".json" or ".json.gz".
bool is_json_name(std::string_view name);
// True when `name` ends in ".json.gz" (delivered decompressed).
bool is_gzip_name(std::string_view name);
// True when a file or folder name is hidden from loading ('.' or '_' first).
bool is_hidden_name(std::string_view name);

struct FetchedObject {
  const ObjectRef* ref = nullptr;    // points into the vector given to fetch_objects
  std::string body;                  // whole object; empty when error is set
  std::optional<std::string> error;  // one-line reason the object could not be read
};

// Returns true to go on; false stops fetch_objects, which then hands over no
// more objects and returns.
using ObjectConsumer = std::function<bool(FetchedObject&&)>;

class Source {
 public:
  virtual ~Source() = default;

  // The location as the user wrote it, for messages (never holds credentials).
  virtual std::string describe() const = 0;

  // Once `stop` is requested the listing may end early and return what it
  // has so far, incomplete: for a caller that no longer wants it.
  Listing list_objects(std::stop_token stop = {}) { return list(std::move(stop)); }
  // Where list_objects() counts, as `records`, the entries it has read so
  // far while it lists (a live count for progress; S3 bumps it per page, a
  // local folder not at all); nullptr: nowhere. Must outlive the listing.
  void count_listing_into(progress::PhaseCounters* counters) { listing_counters_ = counters; }

  virtual void fetch_objects(const std::vector<ObjectRef>& objects, const ObjectConsumer& consume) = 0;

 protected:
  virtual Listing list(std::stop_token stop) = 0;  // list_objects' work
  void count_listed(std::int64_t entries) {
    if (listing_counters_) listing_counters_->add(0, entries, 0);
  }

 private:
  progress::PhaseCounters* listing_counters_ = nullptr;
};

}  // namespace sparkify::source
