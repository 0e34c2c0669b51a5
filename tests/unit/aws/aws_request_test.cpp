// Retry classification, error-body parsing and backoff of aws_request.h.
#include "aws/aws_request.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace sparkify::aws {
namespace {

HttpResponse response(long status, std::string body = "") { return HttpResponse{status, {}, std::move(body)}; }

std::string s3_error(const std::string& code) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>m</Message></Error>";
}

TEST(AwsErrorCode, ReadsS3ErrorDocument) {
  EXPECT_EQ(aws_error_code(s3_error("NoSuchBucket")), "NoSuchBucket");
  EXPECT_EQ(aws_error_message(s3_error("NoSuchBucket")), "m");
}

TEST(AwsErrorCode, ReadsQueryApiErrorResponse) {
  const std::string body =
      "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>"
      "<Code>EntityAlreadyExists</Code><Message>Role with name dwhRole already exists.</Message></Error>"
      "<RequestId>1</RequestId></ErrorResponse>";
  EXPECT_EQ(aws_error_code(body), "EntityAlreadyExists");
}

TEST(AwsErrorCode, EmptyForNonXml) { EXPECT_EQ(aws_error_code("<html"), ""); }

TEST(RetryableResponse, ServerErrorsAreRetried) {
  EXPECT_TRUE(is_retryable_response(response(500)));
  EXPECT_TRUE(is_retryable_response(response(503, s3_error("SlowDown"))));
}

TEST(RetryableResponse, ThrottlingCodesAreRetriedWhateverTheStatus) {
  EXPECT_TRUE(is_retryable_response(response(400, s3_error("Throttling"))));
  EXPECT_TRUE(is_retryable_response(response(400, s3_error("ThrottlingException"))));
  EXPECT_TRUE(is_retryable_response(response(403, s3_error("RequestLimitExceeded"))));
  EXPECT_TRUE(is_retryable_response(response(429)));
}

TEST(RetryableResponse, OtherClientErrorsAreNot) {
  EXPECT_FALSE(is_retryable_response(response(403, s3_error("AccessDenied"))));
  EXPECT_FALSE(is_retryable_response(response(404, s3_error("NoSuchKey"))));
  EXPECT_FALSE(is_retryable_response(response(400)));
  EXPECT_FALSE(is_retryable_response(response(200)));
}

TEST(BackoffDelay, StaysWithinTheDoublingCeiling) {
  RetryPolicy policy;
  policy.base_delay = std::chrono::milliseconds(100);
  policy.max_delay = std::chrono::milliseconds(1000);
  for (int i = 0; i < 200; ++i) {
    EXPECT_LE(backoff_delay(policy, 1).count(), 100);
    EXPECT_LE(backoff_delay(policy, 3).count(), 400);
    EXPECT_LE(backoff_delay(policy, 20).count(), 1000);
    EXPECT_GE(backoff_delay(policy, 20).count(), 0);
  }
}

TEST(BackoffDelay, IsJittered) {
  RetryPolicy policy;
  std::set<long long> seen;
  for (int i = 0; i < 50; ++i) seen.insert(backoff_delay(policy, 5).count());
  EXPECT_GT(seen.size(), 5u);
}

TEST(AddSignatureHeaders, SignsS3RequestWithPayloadHashDateHostAndToken) {
  HttpRequest request{"GET", "/bucket/a%20b.json", {}, {}};
  AwsEndpoint endpoint{"s3", "us-east-1", "http://127.0.0.1:9000"};
  add_signature_headers(request, endpoint, Credentials{"AKID", "secret", "token"});
  EXPECT_EQ(request.url, "http://127.0.0.1:9000/bucket/a%20b.json");
  std::map<std::string, std::string> headers(request.headers.begin(), request.headers.end());
  EXPECT_EQ(headers["host"], "127.0.0.1:9000");
  EXPECT_EQ(headers["x-amz-content-sha256"], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(headers["x-amz-security-token"], "token");
  EXPECT_EQ(headers["x-amz-date"].size(), 16u);
  EXPECT_EQ(headers["Authorization"].rfind("AWS4-HMAC-SHA256 Credential=AKID/", 0), 0u);
  EXPECT_NE(headers["Authorization"].find("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token"),
            std::string::npos);
  EXPECT_EQ(headers["Authorization"].find("secret"), std::string::npos);
}

TEST(AddSignatureHeaders, QueryApiRequestsCarryNoContentHash) {
  HttpRequest request{"POST",
                      "https://iam.amazonaws.com:443/",
                      {{"Content-Type", "application/x-www-form-urlencoded"}},
                      "Action=ListRoles"};
  add_signature_headers(request, AwsEndpoint{"iam", "us-east-1", "https://iam.amazonaws.com"},
                        Credentials{"AKID", "s", ""});
  std::map<std::string, std::string> headers(request.headers.begin(), request.headers.end());
  EXPECT_EQ(headers.count("x-amz-content-sha256"), 0u);
  EXPECT_EQ(headers.count("x-amz-security-token"), 0u);
  EXPECT_EQ(headers["host"], "iam.amazonaws.com");
}

TEST(AddSignatureHeaders, AnonymousRequestsAreNotSigned) {
  HttpRequest request{"GET", "/b/k.json", {}, {}};
  add_signature_headers(request, AwsEndpoint{"s3", "us-east-1", "http://127.0.0.1:1"}, Credentials{});
  EXPECT_TRUE(request.headers.empty());
}

}  // namespace
}  // namespace sparkify::aws
