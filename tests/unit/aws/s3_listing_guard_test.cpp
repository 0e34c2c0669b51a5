// S3ListingGuard: a listing that repeats a token or stops moving forward ends
// with a message; a normal listing passes.
#include "aws/s3_listing_guard.h"

#include <gtest/gtest.h>

namespace sparkify::aws {
namespace {

S3ListPage page(std::vector<std::string> keys, std::string token) {
  S3ListPage out;
  for (auto& key : keys) out.objects.push_back(S3ObjectInfo{std::move(key), 1, ""});
  out.next_continuation_token = std::move(token);
  return out;
}

std::string message_of(S3ListingGuard& guard, const S3ListPage& p) {
  try {
    guard.check(p);
  } catch (const S3Error& e) {
    return e.what();
  }
  return "";
}

TEST(S3ListingGuard, ForwardListingPasses) {
  S3ListingGuard guard("s3://b/log_data/");
  EXPECT_NO_THROW(guard.check(page({"a", "b"}, "t1")));
  EXPECT_NO_THROW(guard.check(page({"c"}, "t2")));
  EXPECT_NO_THROW(guard.check(page({"d"}, "")));
}

TEST(S3ListingGuard, RepeatedTokenStopsTheListing) {
  S3ListingGuard guard("s3://b/log_data/");
  guard.check(page({"a"}, "t1"));
  guard.check(page({"b"}, "t2"));
  const std::string message = message_of(guard, page({"c"}, "t1"));
  EXPECT_NE(message.find("gave continuation token 't1' a second time (page 3)"), std::string::npos) << message;
  EXPECT_NE(message.find("s3://b/log_data/"), std::string::npos) << message;
}

TEST(S3ListingGuard, SamePageWithFreshTokensStopsAfterABoundedRun) {
  S3ListingGuard guard("s3://b/");
  guard.check(page({"a", "b"}, "t0"));
  std::string message;
  int pages = 1;
  for (; pages < 100 && message.empty(); ++pages)
    message = message_of(guard, page({"a", "b"}, fmt::format("t{}", pages)));
  EXPECT_EQ(pages, 1 + S3ListingGuard::kMaxPagesWithoutProgress);
  EXPECT_NE(message.find("no new key"), std::string::npos) << message;
}

TEST(S3ListingGuard, AFewEmptyTruncatedPagesAreTolerated) {
  S3ListingGuard guard("s3://b/");
  for (int i = 0; i < S3ListingGuard::kMaxPagesWithoutProgress - 1; ++i) guard.check(page({}, fmt::format("e{}", i)));
  EXPECT_NO_THROW(guard.check(page({"a"}, "t")));
  EXPECT_NO_THROW(guard.check(page({}, "")));
}

}  // namespace
}  // namespace sparkify::aws
