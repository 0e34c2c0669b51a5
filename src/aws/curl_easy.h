// Internal to aws/: the libcurl plumbing shared by HttpClient (one blocking
// request at a time) and S3 fetching (many requests on curl multi). Not for
// use outside src/aws.
#pragma once

#include <curl/curl.h>

#include <memory>

#include "aws/http_client.h"

namespace sparkify::aws::detail {

// curl_global_init once per process (thread-safe; first use wins).
void ensure_curl_initialized();

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

// A new easy handle with the project's timeouts and keep-alive settings.
EasyHandle make_easy_handle(const HttpTimeouts& timeouts);

// The header lines to send (Host and Content-Length are left to curl, which
// writes the same values that were signed).
HeaderList build_header_list(const HttpRequest& request);

// Points `curl` at request/response. request, headers and response must
// outlive the transfer.
void configure_transfer(CURL* curl, const HttpRequest& request, curl_slist* headers, HttpResponse& response);

}  // namespace sparkify::aws::detail
