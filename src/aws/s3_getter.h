// S3Getter: many GetObject calls at once over curl multi, for the hundreds of
// thousands of tiny song files. One background I/O thread drives up to
// `max_in_flight` transfers on reused connections; finished bodies pass
// through a bounded queue to the thread that called get_all, which hands
// them to `deliver`. So downloading overlaps whatever `deliver` does (parsing),
// and memory is bounded by max_in_flight + queue_capacity bodies, whatever
// the object count.
//
// Per object: retried like send_signed (5xx, throttling, timeouts, resets),
// re-signed each attempt, with the same backoff (RetryPolicy: exponential,
// full jitter, bounded attempts). A 2xx whose body fails s3_body_problem
// (length against Content-Length and the listing, MD5 against a plain-MD5
// ETag) is a failed attempt too. An object still failing after the last
// attempt is delivered with `error`.
// Whole-bucket failures (is_bucket_wide_failure: missing bucket, refused
// credentials, wrong region) and an endpoint that refuses connections after
// the retries throw S3Error from get_all, naming the object. When `deliver`
// returns false, transfers stop and get_all returns without delivering more;
// when it throws, transfers stop and the exception propagates.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "aws/s3_client.h"
#include "aws/s3_integrity.h"

namespace sparkify::aws {

struct S3GetRequest {
  std::string bucket, key;
  S3ExpectedObject expected;  // size and ETag from the listing: the body must match them
};

struct S3GetResult {
  std::size_t index = 0;             // position in the request vector
  std::string body;                  // empty when error is set
  std::optional<std::string> error;  // one line naming the object
};

struct S3GetterOptions {
  int max_in_flight = 48;
  std::size_t queue_capacity = 256;  // finished bodies waiting for deliver
  std::size_t body_padding = 0;      // spare capacity guaranteed after each body
};

class S3Getter {
 public:
  S3Getter(const S3Client& client, S3GetterOptions options);

  void get_all(const std::vector<S3GetRequest>& requests, const std::function<bool(S3GetResult&&)>& deliver);

 private:
  const S3Client& client_;
  S3GetterOptions options_;
};

}  // namespace sparkify::aws
