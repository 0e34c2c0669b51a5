// s3_body_problem: a 2xx body is the listed object only when its length and
// (for plain-MD5 ETags) its digest match.
#include "aws/s3_integrity.h"

#include <gtest/gtest.h>

namespace sparkify::aws {
namespace {

constexpr std::string_view kBody = "{\"song_id\":\"S1\"}\n";

S3ExpectedObject listed(std::uint64_t size, std::string etag = "") { return {size, std::move(etag)}; }

// A 200 with this body and, unless empty, this Content-Length header.
HttpResponse response(std::string_view body, std::string content_length = "",
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
  if (!content_length.empty()) headers.emplace_back("Content-Length", std::move(content_length));
  return HttpResponse{200, std::move(headers), std::string(body)};
}

TEST(S3Integrity, Md5MatchesTheKnownDigest) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(S3Integrity, IntactBodyPasses) {
  EXPECT_FALSE(s3_body_problem(response(kBody, std::to_string(kBody.size())), listed(kBody.size(), md5_hex(kBody))));
  EXPECT_FALSE(s3_body_problem(response(kBody), listed(kBody.size())));
}

TEST(S3Integrity, BodyShorterThanTheListingFails) {
  const auto problem = s3_body_problem(response(kBody.substr(0, 10), "10"), listed(kBody.size()));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("body is 10 bytes but the listing says the object has 17"), std::string::npos) << *problem;
}

TEST(S3Integrity, BodyLongerThanTheListingFails) {
  EXPECT_TRUE(s3_body_problem(response(kBody), listed(kBody.size() - 1)));
}

TEST(S3Integrity, ContentLengthThatDisagreesWithTheBodyFails) {
  const auto problem = s3_body_problem(response(kBody, "99"), listed(kBody.size()));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("Content-Length says 99"), std::string::npos) << *problem;
  EXPECT_TRUE(s3_body_problem(response(kBody, "17x"), listed(kBody.size())));
}

TEST(S3Integrity, Md5MismatchFailsForAPlainMd5Etag) {
  std::string damaged(kBody);
  damaged[3] = 'X';
  const auto problem = s3_body_problem(response(damaged), listed(kBody.size(), md5_hex(kBody)));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("MD5"), std::string::npos) << *problem;
}

TEST(S3Integrity, UpperCaseMd5EtagIsCompared) {
  std::string etag = md5_hex(kBody);
  for (auto& c : etag) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_FALSE(s3_body_problem(response(kBody), listed(kBody.size(), etag)));
}

TEST(S3Integrity, KmsOrCustomerKeyEncryptedObjectsEtagIsNotCompared) {
  const S3ExpectedObject other_etag = listed(kBody.size(), md5_hex("something else"));
  EXPECT_TRUE(s3_body_problem(response(kBody, "", {{"x-amz-server-side-encryption", "AES256"}}), other_etag));
  EXPECT_FALSE(s3_body_problem(response(kBody, "", {{"x-amz-server-side-encryption", "aws:kms"}}), other_etag));
  EXPECT_FALSE(s3_body_problem(response(kBody, "", {{"x-amz-server-side-encryption-customer-algorithm", "AES256"}}),
                               other_etag));
  EXPECT_TRUE(s3_body_problem(response(kBody.substr(1), "", {{"x-amz-server-side-encryption", "aws:kms"}}), other_etag))
      << "the size is checked whatever the encryption";
}

TEST(S3Integrity, MultipartEtagIsNotAnMd5AndIsNotCompared) {
  EXPECT_FALSE(is_plain_md5_etag("d41d8cd98f00b204e9800998ecf8427e-2"));
  EXPECT_FALSE(is_plain_md5_etag("not-an-etag"));
  EXPECT_TRUE(is_plain_md5_etag("d41d8cd98f00b204e9800998ecf8427e"));
  EXPECT_FALSE(s3_body_problem(response(kBody), listed(kBody.size(), "d41d8cd98f00b204e9800998ecf8427e-2")));
}

}  // namespace
}  // namespace sparkify::aws
