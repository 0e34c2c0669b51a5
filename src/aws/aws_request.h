// send_signed: sign + send + retry for any AWS service (S3, IAM, Redshift,
// EC2). The one place that decides what is retried.
//
// Adds host, x-amz-date, x-amz-security-token (when the credentials carry one),
// for service "s3" x-amz-content-sha256, and Authorization (unless the
// credentials are anonymous). Each attempt is re-signed with a fresh date.
// Retries, with exponential backoff and full jitter (RetryPolicy), on 5xx,
// on throttling error codes (503 SlowDown, Throttling, ThrottlingException,
// RequestLimitExceeded, TooManyRequestsException, 429) and on transport
// failures (timeouts, resets, refused). Never retries other 4xx.
// Returns the final response (which may be an error status: the caller turns
// it into a message); throws Error(aws) when the last attempt failed in
// transport.
#pragma once

#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "aws/http_client.h"

namespace sparkify::aws {

struct AwsEndpoint {
  std::string service;   // "s3", "iam", "redshift", "ec2" (the SigV4 service name)
  std::string region;    // "us-west-2"; IAM signs with "us-east-1"
  std::string base_url;  // "https://iam.amazonaws.com" or an override like "http://127.0.0.1:9000"
};

// `request.url` may be absolute or a path+query relative to endpoint.base_url
// (starting with '/'). The body's SHA-256 is signed, except for S3 GET/HEAD
// with an empty body, which sign the empty-body hash as well.
HttpResponse send_signed(HttpClient& client, HttpRequest request, const AwsEndpoint& endpoint,
                         const Credentials& credentials, const RetryPolicy& policy = {});

// Prepares (without sending) the headers of one signed attempt: used by the
// concurrent S3 fetcher that drives curl multi itself.
void add_signature_headers(HttpRequest& request, const AwsEndpoint& endpoint, const Credentials& credentials);

// True when a response status/body asks to be retried (5xx, throttling codes).
bool is_retryable_response(const HttpResponse& response);

// The <Code> (XML) or "__type"/Code (JSON) of an AWS error body, or "".
std::string aws_error_code(std::string_view body);
// The <Message> of an AWS error body, or "".
std::string aws_error_message(std::string_view body);

// Delay before retry number `attempt` (1 = first retry), full jitter.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt);

}  // namespace sparkify::aws
