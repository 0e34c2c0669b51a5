// S3 addressing and URI parsing (no network: object_url only builds strings).
#include "aws/s3_client.h"

#include <gtest/gtest.h>

namespace sparkify::aws {
namespace {

config::AwsSettings settings_with(std::string endpoint, std::optional<bool> path_style = std::nullopt) {
  config::AwsSettings settings;
  settings.region = "eu-west-1";
  settings.endpoint_url = std::move(endpoint);
  settings.path_style = path_style;
  return settings;
}

TEST(S3Addressing, AwsItselfIsVirtualHosted) {
  S3Client client(settings_with(""), fixed_credentials({}));
  EXPECT_EQ(client.object_url("bkt", "song data/a+b.json"),
            "https://bkt.s3.eu-west-1.amazonaws.com/song%20data/a%2Bb.json");
}

TEST(S3Addressing, EndpointOverrideIsPathStyle) {
  S3Client client(settings_with("http://127.0.0.1:9000/"), fixed_credentials({}));
  EXPECT_EQ(client.object_url("bkt", "k/x~y.json"), "http://127.0.0.1:9000/bkt/k/x~y.json");
  EXPECT_EQ(client.object_url("bkt", ""), "http://127.0.0.1:9000/bkt");
}

TEST(S3Addressing, VirtualHostedCanBeForcedOnAnOverride) {
  S3Client client(settings_with("http://minio.local:9000", false), fixed_credentials({}));
  EXPECT_EQ(client.object_url("bkt", "k.json"), "http://bkt.minio.local:9000/k.json");
}

TEST(S3Addressing, ServiceSpecificEndpointWins) {
  auto settings = settings_with("http://general:1");
  settings.service_endpoints["s3"] = "http://s3only:2";
  EXPECT_EQ(S3Client(settings, fixed_credentials({})).endpoint().base_url, "http://s3only:2");
}

TEST(S3Uri, SplitsBucketAndKey) {
  EXPECT_EQ(parse_s3_uri("s3://b/song_data/x.json").bucket, "b");
  EXPECT_EQ(parse_s3_uri("s3://b/song_data/x.json").key, "song_data/x.json");
  EXPECT_EQ(parse_s3_uri("s3://b").key, "");
}

TEST(S3Uri, RejectsAUriWithoutBucket) { EXPECT_THROW(parse_s3_uri("s3:///x"), Error); }

TEST(S3Failure, NamesTheObjectAndTheRemedy) {
  HttpResponse response{403, {}, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"};
  const std::string message = describe_s3_failure(response, "GetObject", "b", "k.json");
  EXPECT_NE(message.find("s3://b/k.json"), std::string::npos) << message;
  EXPECT_NE(message.find("--no-sign-request"), std::string::npos) << message;
}

TEST(S3Failure, BucketWideCodes) {
  EXPECT_TRUE(is_bucket_wide_failure("NoSuchBucket"));
  EXPECT_TRUE(is_bucket_wide_failure("SignatureDoesNotMatch"));
  EXPECT_FALSE(is_bucket_wide_failure("NoSuchKey"));
}

}  // namespace
}  // namespace sparkify::aws
