// S3Client: the S3 REST calls sparkify makes (ListObjectsV2, GetObject,
// PutObject, CreateBucket), signed with SigV4 and retried by send_signed.
// Blocking, one request at a time on one reused connection; not thread-safe.
// For many concurrent GETs use S3Getter (s3_getter.h), which borrows this
// client's endpoint, addressing and credentials.
//
// Addressing: path-style (ENDPOINT/bucket/key) when an endpoint override is
// set (S3-compatible stores), virtual-hosted (https://bucket.s3.REGION.
// amazonaws.com/key) on AWS itself; AwsSettings::path_style forces either.
// Keys are percent-encoded once per byte, '/' kept, exactly as signed.
//
// Errors: a non-2xx answer throws S3Error, a one-line message naming the
// operation, the s3:// object and what to do (never the secret key).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/aws_request.h"
#include "aws/credential_cache.h"
#include "aws/http_client.h"
#include "config/settings.h"

namespace sparkify::aws {

class S3Error : public Error {
 public:
  S3Error(const std::string& message, std::string code, long status)
      : Error(ErrorKind::aws, message), code_(std::move(code)), status_(status) {}
  const std::string& code() const { return code_; }  // S3 error code ("NoSuchBucket"), or "" for transport
  long status() const { return status_; }            // HTTP status, 0 for transport failures

 private:
  std::string code_;
  long status_;
};

struct S3ObjectInfo {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;  // without quotes
};

struct S3ListPage {
  std::vector<S3ObjectInfo> objects;
  std::string next_continuation_token;  // empty on the last page
};

// "s3://bucket/some/prefix" -> {"bucket", "some/prefix"}. Throws Error(config)
// when the URI has no bucket.
struct S3Uri {
  std::string bucket, key;
};
S3Uri parse_s3_uri(std::string_view uri);

class S3Client {
 public:
  // `credentials` is shared with every copy of the client's signers (S3Getter).
  S3Client(const config::AwsSettings& settings, std::shared_ptr<CredentialCache> credentials, RetryPolicy retry = {});

  // One ListObjectsV2 page of keys starting with `prefix` (empty: whole bucket).
  S3ListPage list_objects_page(const std::string& bucket, const std::string& prefix,
                               const std::string& continuation_token, int max_keys = 1000);
  // Every page, each handed to `on_page` as it arrives. Throws S3Error when
  // the pages stop moving forward (S3ListingGuard), so a looping listing
  // ends with a message instead of running forever.
  void list_objects(const std::string& bucket, const std::string& prefix,
                    const std::function<void(S3ListPage&&)>& on_page);

  std::string get_object(const std::string& bucket, const std::string& key);
  void put_object(const std::string& bucket, const std::string& key, std::string body,
                  const std::string& content_type = "application/octet-stream");
  void create_bucket(const std::string& bucket);

  // The URL of an object (or of the bucket, for an empty key), as sent.
  std::string object_url(const std::string& bucket, const std::string& key) const;
  const AwsEndpoint& endpoint() const { return endpoint_; }
  // The credentials to sign with now (refreshed ahead of their expiry); thread-safe.
  Credentials credentials() const { return credentials_->current(); }
  const RetryPolicy& retry_policy() const { return retry_; }
  const HttpTimeouts& timeouts() const { return timeouts_; }

 private:
  HttpResponse send(const std::string& operation, const std::string& bucket, const std::string& key,
                    HttpRequest request);

  AwsEndpoint endpoint_;
  std::string scheme_, host_;  // parts of endpoint_.base_url
  bool path_style_;
  std::shared_ptr<CredentialCache> credentials_;
  RetryPolicy retry_;
  HttpTimeouts timeouts_;
  HttpClient http_;
};

// The one-line message for a failed S3 call: what failed (operation and
// s3://bucket/key), the S3 error code, and what to do about it.
std::string describe_s3_failure(const HttpResponse& response, std::string_view operation, std::string_view bucket,
                                std::string_view key);

// Error codes that mean the whole bucket is unusable with these settings
// (missing bucket, refused credentials, wrong region), not just one object.
bool is_bucket_wide_failure(std::string_view code);

}  // namespace sparkify::aws
