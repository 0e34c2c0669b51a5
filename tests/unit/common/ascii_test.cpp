#include "common/ascii.h"

#include <gtest/gtest.h>

namespace sparkify {
namespace {

TEST(AsciiLower, LowersAToZAndKeepsEveryOtherByte) {
  EXPECT_EQ(ascii_lower("S3://Bucket/Key_ÄÖ-09@[`{"), "s3://bucket/key_ÄÖ-09@[`{");
  EXPECT_EQ(ascii_lower(""), "");
}

}  // namespace
}  // namespace sparkify
