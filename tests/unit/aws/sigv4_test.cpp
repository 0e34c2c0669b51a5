// The pieces of the signer that the vectors do not isolate.
#include "aws/sigv4.h"

#include <gtest/gtest.h>

#include "aws/credential_chain.h"
#include "common/error.h"

namespace sparkify::aws {
namespace {

TEST(UriEncode, KeepsUnreservedAndEncodesEverythingElseUpperCase) {
  EXPECT_EQ(uri_encode("AZaz09-_.~", true), "AZaz09-_.~");
  EXPECT_EQ(uri_encode("a b+c=d$&", true), "a%20b%2Bc%3Dd%24%26");
  EXPECT_EQ(uri_encode("\xe1\x88\xb4", true), "%E1%88%B4");
}

TEST(UriEncode, SlashKeptOnlyWhenAsked) {
  EXPECT_EQ(uri_encode("raw/2024/", false), "raw/2024/");
  EXPECT_EQ(uri_encode("raw/2024/", true), "raw%2F2024%2F");
}

TEST(UriDecode, DecodesEscapesAndKeepsPlusAndBadEscapes) {
  EXPECT_EQ(uri_decode("a%20b+c%2f"), "a b+c/");
  EXPECT_EQ(uri_decode("100%"), "100%");
  EXPECT_EQ(uri_decode("%zz"), "%zz");
}

TEST(Sha256Hex, HashesTheEmptyString) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(HmacSha256, MatchesRfc4231TestCase2) {
  const std::string mac = hmac_sha256("Jefe", "what do ya want for nothing?");
  ASSERT_EQ(mac.size(), 32u);
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : mac) hex += {digits[c >> 4], digits[c & 15]};
  EXPECT_EQ(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Sign, S3PathIsSignedAsSentWithoutDoubleEncoding) {
  SigningInput input{
      "GET", "/bucket/a%20b%2Bc.json", "", {{"host", "h"}, {"x-amz-date", "20150830T123600Z"}}, "UNSIGNED-PAYLOAD"};
  SigningOptions s3;
  s3.normalize_path = false;
  const Credentials credentials{"AKID", "secret", ""};
  const SigningScope scope{"us-east-1", "s3", "20150830T123600Z"};
  EXPECT_EQ(sign(input, scope, credentials, s3).canonical_request.substr(0, 27), "GET\n/bucket/a%20b%2Bc.json\n");
  EXPECT_EQ(sign(input, scope, credentials).canonical_request.substr(0, 33), "GET\n/bucket/a%2520b%252Bc.json\n\nh");
}

TEST(Sign, RejectsAMalformedDate) {
  SigningInput input{"GET", "/", "", {{"host", "h"}}, "UNSIGNED-PAYLOAD"};
  EXPECT_THROW(sign(input, SigningScope{"us-east-1", "s3", "2015-08-30"}, Credentials{"a", "b", ""}), Error);
}

TEST(AmzDateNow, HasTheBasicIso8601Shape) {
  const std::string date = amz_date_now();
  ASSERT_EQ(date.size(), 16u);
  EXPECT_EQ(date[8], 'T');
  EXPECT_EQ(date[15], 'Z');
}

TEST(Credentials, NoSignRequestGivesAnonymousCredentials) {
  config::AwsSettings settings;
  settings.no_sign_request = true;
  settings.access_key_id = "AKID";
  settings.secret_access_key = "s";
  EXPECT_TRUE(credentials_from(settings)->current().anonymous());
}

TEST(Credentials, MissingSecretIsAnAwsErrorThatNamesEveryWay) {
  config::AwsSettings settings;
  settings.access_key_id = "AKID";
  try {
    (void)credentials_from(settings);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::aws);
    const std::string message = e.what();
    for (const char* way : {"AWS_ACCESS_KEY_ID", "AWS_PROFILE", "[AWS]", "--no-sign-request"}) {
      EXPECT_NE(message.find(way), std::string::npos) << way;
    }
  }
}

}  // namespace
}  // namespace sparkify::aws
