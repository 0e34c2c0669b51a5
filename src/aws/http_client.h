// HttpClient: one blocking HTTP/1.1 connection user over a libcurl easy handle.
// Reuses the connection between calls (keep-alive). Not thread-safe: one
// client per thread. Knows nothing of AWS; aws_request.h signs and retries.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace sparkify::aws {

struct HttpRequest {
  std::string method;  // "GET", "PUT", "POST", "HEAD", "DELETE"
  std::string url;     // full URL, path and query already percent-encoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names as sent by the server
  std::string body;

  // First header value with this name (case-insensitive), or "".
  std::string header(std::string_view name) const;
};

// Retry schedule for send_signed and the S3 fetcher: attempt n (1-based) waits
// a random time in [0, min(max_delay, base_delay * 2^(n-1))] ("full jitter").
struct RetryPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds base_delay{100}, max_delay{5000};
};

// What HttpClient::send throws when no HTTP response came back (DNS failure,
// connection refused or reset, timeout). An Error(aws) like any other, so
// callers that do not retry need not know about it.
class TransportError : public Error {
 public:
  explicit TransportError(const std::string& message) : Error(ErrorKind::aws, message) {}
};

// Limits on one HTTP exchange. A transfer that receives no byte for `stall`
// (a server that accepted the request and then went silent) fails like a
// timeout, well before `total`, which bounds even a slow steady transfer.
struct HttpTimeouts {
  std::chrono::milliseconds connect{10'000};
  std::chrono::milliseconds total{120'000};
  std::chrono::seconds stall{20};
};

class HttpClient {
 public:
  // The timeouts apply to each send().
  explicit HttpClient(HttpTimeouts timeouts = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends the request and returns whatever HTTP status came back. Throws
  // TransportError on transport failure (DNS, refused, timeout, reset), naming
  // the URL; never for HTTP error statuses.
  HttpResponse send(const HttpRequest& request);

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;
};

}  // namespace sparkify::aws
