#include "aws/aws_request.h"

#include <algorithm>
#include <array>
#include <pugixml.hpp>
#include <random>
#include <thread>

#include "aws/sigv4.h"

namespace sparkify::aws {
namespace {

struct UrlParts {
  std::string host;   // authority as signed: "example.com" or "127.0.0.1:9000"
  std::string path;   // "/..." as on the wire
  std::string query;  // without '?'
};

UrlParts split_url(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    throw_error(ErrorKind::aws, "invalid URL '{}': expected scheme://host/path", url);
  }
  const std::string scheme = url.substr(0, scheme_end);
  auto authority_start = scheme_end + 3;
  auto path_start = url.find_first_of("/?", authority_start);
  UrlParts parts;
  parts.host =
      url.substr(authority_start, path_start == std::string::npos ? std::string::npos : path_start - authority_start);
  // curl leaves a default port out of Host, so the signed value must too.
  const std::string default_port = scheme == "https" ? ":443" : ":80";
  if (parts.host.size() > default_port.size() && parts.host.ends_with(default_port)) {
    parts.host.resize(parts.host.size() - default_port.size());
  }
  std::string rest = path_start == std::string::npos ? "/" : url.substr(path_start);
  auto question = rest.find('?');
  parts.path = rest.substr(0, question);
  if (parts.path.empty()) parts.path.push_back('/');
  if (question != std::string::npos) parts.query = rest.substr(question + 1);
  return parts;
}

void set_header(HttpRequest& request, const std::string& name, const std::string& value) {
  auto it = std::find_if(request.headers.begin(), request.headers.end(), [&](const auto& header) {
    return std::equal(header.first.begin(), header.first.end(), name.begin(), name.end(),
                      [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
  });
  if (it != request.headers.end()) {
    it->second = value;
  } else {
    request.headers.emplace_back(name, value);
  }
}

// Finds the first element with this name anywhere in an XML error document
// (S3: Error/Code; IAM, Redshift: ErrorResponse/Error/Code).
std::string xml_element_text(std::string_view body, const char* name) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return "";
  auto node = doc.find_node([name](const pugi::xml_node& n) { return std::string_view(n.name()) == name; });
  return node ? node.text().as_string() : "";
}

}  // namespace

std::string aws_error_code(std::string_view body) { return xml_element_text(body, "Code"); }

std::string aws_error_message(std::string_view body) { return xml_element_text(body, "Message"); }

bool is_retryable_response(const HttpResponse& response) {
  if (response.status >= 500 || response.status == 429) return true;
  if (response.status < 400) return false;
  static constexpr std::array<std::string_view, 7> kThrottlingCodes = {
      "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
      "SlowDown",   "RequestThrottled",    "RequestTimeout"};
  const std::string code = aws_error_code(response.body);
  return std::find(kThrottlingCodes.begin(), kThrottlingCodes.end(), code) != kThrottlingCodes.end();
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  const int doublings = std::clamp(attempt - 1, 0, 30);
  const auto ceiling =
      std::min<long long>(policy.max_delay.count(), static_cast<long long>(policy.base_delay.count()) << doublings);
  std::uniform_int_distribution<long long> pick(0, std::max<long long>(ceiling, 0));
  return std::chrono::milliseconds(pick(random));
}

void add_signature_headers(HttpRequest& request, const AwsEndpoint& endpoint, const Credentials& credentials) {
  if (request.url.rfind("/", 0) == 0) request.url = endpoint.base_url + request.url;
  if (credentials.anonymous()) return;
  const UrlParts url = split_url(request.url);
  const std::string payload_hash = sha256_hex(request.body);
  const std::string amz_date = amz_date_now();
  set_header(request, "host", url.host);
  set_header(request, "x-amz-date", amz_date);
  if (endpoint.service == "s3") set_header(request, "x-amz-content-sha256", payload_hash);
  if (!credentials.session_token.empty()) set_header(request, "x-amz-security-token", credentials.session_token);
  SigningInput input{request.method, url.path, url.query, request.headers, payload_hash};
  SigningOptions options;
  options.normalize_path = endpoint.service != "s3";
  const Signature signature =
      sign(input, SigningScope{endpoint.region, endpoint.service, amz_date}, credentials, options);
  set_header(request, "Authorization", signature.authorization);
}

HttpResponse send_signed(HttpClient& client, HttpRequest request, const AwsEndpoint& endpoint,
                         const Credentials& credentials, const RetryPolicy& policy) {
  const int attempts = std::max(policy.max_attempts, 1);
  for (int attempt = 1;; ++attempt) {
    HttpRequest signed_request = request;
    add_signature_headers(signed_request, endpoint, credentials);
    try {
      HttpResponse response = client.send(signed_request);
      if (attempt >= attempts || !is_retryable_response(response)) return response;
    } catch (const TransportError&) {
      if (attempt >= attempts) throw;
    }
    std::this_thread::sleep_for(backoff_delay(policy, attempt));
  }
}

}  // namespace sparkify::aws
