// open_source: s3:// in any case is S3, other URI schemes are refused with
// exit 2 naming the scheme, anything else is a local folder.
#include "source/open_source.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace sparkify::source {
namespace {

config::Settings anonymous_settings() {
  config::Settings settings;
  settings.aws.no_sign_request = true;
  settings.aws.endpoint_url = "http://127.0.0.1:9";
  return settings;
}

std::string refusal(const std::string& location) {
  try {
    open_source(location, anonymous_settings());
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage) << e.what();
    EXPECT_EQ(exit_code(e.kind()), 2);
    return e.what();
  }
  ADD_FAILURE() << location << " was accepted";
  return "";
}

TEST(OpenSource, UpperCaseS3SchemeIsS3) {
  EXPECT_EQ(open_source("S3://bucket/song_data", anonymous_settings())->describe(), "s3://bucket/song_data");
  EXPECT_EQ(normalized_s3_uri("S3://b/k"), "s3://b/k");
  EXPECT_EQ(normalized_s3_uri("s3://b"), "s3://b");
  EXPECT_FALSE(normalized_s3_uri("data/s3://b"));
}

TEST(OpenSource, OtherSchemesAreRefusedNamingTheScheme) {
  EXPECT_EQ(refusal("gs://bucket/song_data"),
            "unsupported scheme 'gs' in the data location gs://bucket/song_data (sparkify reads local folders and "
            "s3://)");
  EXPECT_NE(refusal("https://example.com/data").find("unsupported scheme 'https'"), std::string::npos);
  EXPECT_NE(refusal("s3a://bucket/x").find("unsupported scheme 's3a'"), std::string::npos);
}

TEST(OpenSource, PathsAreLocalFolders) {
  EXPECT_EQ(open_source("data/song_data", anonymous_settings())->describe(), "data/song_data");
  EXPECT_EQ(open_source("/tmp/x:y/song_data", anonymous_settings())->describe(), "/tmp/x:y/song_data");
}

}  // namespace
}  // namespace sparkify::source
