#include "aws/http_client.h"

#include <algorithm>
#include <cctype>

#include "aws/curl_easy.h"

namespace sparkify::aws {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// Collects "Name: value" lines; a new status line (100-continue) starts over.
std::size_t write_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();
    return size * count;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  headers->emplace_back(std::string(line.substr(0, colon)), std::string(value));
  return size * count;
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

}  // namespace

namespace detail {

void ensure_curl_initialized() { static CurlGlobal global; }

EasyHandle make_easy_handle(const HttpTimeouts& timeouts) {
  ensure_curl_initialized();
  EasyHandle curl(curl_easy_init());
  if (!curl) throw Error(ErrorKind::aws, "cannot create an HTTP client (curl_easy_init failed)");
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts.connect.count()));
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts.total.count()));
  // Below 1 byte/s for `stall` seconds: the transfer is stalled and fails.
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, static_cast<long>(timeouts.stall.count()));
  curl_easy_setopt(curl.get(), CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TCP_NODELAY, 1L);
  return curl;
}

HeaderList build_header_list(const HttpRequest& request) {
  curl_slist* list = nullptr;
  // curl would add these on its own; AWS signs what is sent, so turn them off.
  list = curl_slist_append(list, "Expect:");
  bool has_type = false;
  for (const auto& [name, value] : request.headers) has_type = has_type || iequals(name, "content-type");
  if (!has_type && request.method != "GET" && request.method != "HEAD") list = curl_slist_append(list, "Content-Type:");
  for (const auto& [name, value] : request.headers) {
    if (iequals(name, "host") || iequals(name, "content-length")) continue;  // curl writes both
    std::string line = name + ": " + value;
    list = curl_slist_append(list, line.c_str());
  }
  return HeaderList(list);
}

void configure_transfer(CURL* curl, const HttpRequest& request, curl_slist* headers, HttpResponse& response) {
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, write_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  if (request.method == "GET" || request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
    curl_easy_setopt(curl, CURLOPT_NOBODY, request.method == "HEAD" ? 1L : 0L);
  } else {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
}

}  // namespace detail

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return "";
}

struct HttpClient::Handle {
  detail::EasyHandle curl;
};

HttpClient::HttpClient(HttpTimeouts timeouts) : handle_(std::make_unique<Handle>()) {
  handle_->curl = detail::make_easy_handle(timeouts);
}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::send(const HttpRequest& request) {
  HttpResponse response;
  detail::HeaderList headers = detail::build_header_list(request);
  detail::configure_transfer(handle_->curl.get(), request, headers.get(), response);
  CURLcode code = curl_easy_perform(handle_->curl.get());
  if (code != CURLE_OK) {
    throw TransportError(fmt::format("{} {} failed: {}", request.method, request.url, curl_easy_strerror(code)));
  }
  curl_easy_getinfo(handle_->curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace sparkify::aws
