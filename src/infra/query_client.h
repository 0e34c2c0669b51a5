// QueryClient: one AWS service (IAM, Redshift, EC2) spoken through AWS's Query
// protocol: a form-encoded POST of Action=...&Version=...&params, signed with
// SigV4 by aws::send_signed (which also retries 5xx and throttling with
// backoff), answered with XML.
//
// call() returns the parsed answer or the AWS error it carried (code, message)
// so that callers can treat "already exists" / "not found" as outcomes;
// call_or_throw() turns any AWS error into Error(aws) with a one-line message
// (see describe_error). Request bodies may hold secrets (the cluster's master
// password): they never appear in messages.
//
// Answers are searched by element name, never by fixed paths, because AWS,
// emulators and S3-compatible services wrap the same elements in different
// envelopes and namespaces. Not thread-safe (it uses one HttpClient).
#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/aws_request.h"
#include "aws/credential_cache.h"
#include "aws/http_client.h"
#include "config/settings.h"

namespace sparkify::infra {

// Request parameters in the order they are sent (AWS does not care; tests do).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// What a Query API is: where it lives and which API version it speaks.
struct QueryService {
  aws::AwsEndpoint endpoint;
  std::string version;  // "2010-05-08" (IAM), "2012-12-01" (Redshift), "2016-11-15" (EC2)
};

// The endpoint and signing region of a service ("iam", "redshift", "ec2"):
// the override from settings (--endpoint-url, AWS_ENDPOINT_URL_<SERVICE>,
// AWS_ENDPOINT_URL) or AWS's public endpoint. IAM is global: it is always
// signed for us-east-1 at iam.amazonaws.com.
QueryService query_service(const config::AwsSettings& aws, std::string_view service);

// An error answer: HTTP status and the <Code>/<Message>/<RequestId> of the
// error XML (IAM/Redshift <ErrorResponse>, EC2 <Response><Errors>).
struct ApiError {
  long status = 0;
  std::string code;
  std::string message;
  std::string request_id;
};

struct QueryResult {
  pugi::xml_document document;  // the answer when !error
  std::optional<ApiError> error;

  bool failed_with(std::string_view code) const { return error && error->code == code; }
};

class QueryClient {
 public:
  // `http` must outlive the client; `credentials` may be shared between clients.
  QueryClient(aws::HttpClient& http, QueryService service, std::shared_ptr<aws::CredentialCache> credentials,
              aws::RetryPolicy retry = {});

  QueryResult call(std::string_view action, const QueryParams& params);
  pugi::xml_document call_or_throw(std::string_view action, const QueryParams& params);

  const std::string& service_name() const { return service_.endpoint.service; }

 private:
  aws::HttpClient& http_;
  QueryService service_;
  std::shared_ptr<aws::CredentialCache> credentials_;
  aws::RetryPolicy retry_;
};

// Throws Error(aws) with describe_error(...) when the result failed.
void throw_if_failed(const QueryResult& result, std::string_view service, std::string_view action);

// The form body of a Query request: Action, Version, then params, each name
// and value percent-encoded (RFC 3986 unreserved characters kept).
std::string form_encode(std::string_view action, std::string_view version, const QueryParams& params);

// Parses an answer body. A 2xx answer must be XML; an error answer gives an
// ApiError (with code "HTTP<status>" when the body is not AWS error XML).
QueryResult parse_answer(long status, std::string_view body);

// One line saying what failed and what to do next, for every AWS error code
// sparkify meets (credentials, permissions, throttling, existence).
std::string describe_error(const ApiError& error, std::string_view service, std::string_view action);

// True for the error codes AWS uses for throttling.
bool is_throttling_code(std::string_view code);

// First element named `name` (namespace prefix ignored) at or below `node`,
// depth first; an empty node when there is none.
pugi::xml_node find_element(const pugi::xml_node& node, std::string_view name);
// Text of find_element(node, name), or "" when absent.
std::string find_text(const pugi::xml_node& node, std::string_view name);
// Every element named `name` below `node`, in document order.
std::vector<pugi::xml_node> find_elements(const pugi::xml_node& node, std::string_view name);

}  // namespace sparkify::infra
