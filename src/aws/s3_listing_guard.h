// S3ListingGuard: stops a ListObjectsV2 pagination that would never end.
// S3 returns keys in ascending (UTF-8 binary) order and a fresh continuation
// token per truncated page, so a well-behaved listing always moves forward.
// The guard is fed every page in order and throws S3Error (naming the
// listing, the page number and what went wrong) when
//  - a page hands back a continuation token that an earlier page gave, or
//  - kMaxPagesWithoutProgress truncated pages in a row bring no key beyond the
//    greatest key seen so far (S3 may return a few empty truncated pages, e.g.
//    over many delete markers, so a short run is tolerated).
// Memory: one token per page, i.e. a few bytes per thousand keys.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_set>

#include "aws/s3_client.h"

namespace sparkify::aws {

class S3ListingGuard {
 public:
  static constexpr int kMaxPagesWithoutProgress = 10;

  explicit S3ListingGuard(std::string listing);  // "s3://bucket/prefix", for messages

  // Throws S3Error when `page` shows the listing is not moving forward.
  void check(const S3ListPage& page);

 private:
  std::string listing_;
  std::unordered_set<std::string> tokens_seen_;
  std::string greatest_key_;
  std::size_t pages_ = 0;
  int pages_without_progress_ = 0;
};

}  // namespace sparkify::aws
