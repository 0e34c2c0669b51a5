// No password reaches the terminal: the real binary, given a target or an
// S3 endpoint with a password in its userinfo, fails without printing it
// (errors and --verbose progress alike). Only 127.0.0.1 is contacted, on a
// port where nothing listens.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Redaction, EndpointUrlPasswordIsNeverPrinted) {
  Workspace ws;
  ws.sparkify_ok({"create-tables"});
  auto result = ws.sparkify({"--no-sign-request", "--endpoint-url", "http://admin:hunter2@127.0.0.1:1", "-v", "etl",
                             "--source", "s3://bucket/prefix"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("http://admin:***@127.0.0.1:1"));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr("hunter2")));
}

TEST(Redaction, TargetPasswordWithAnUnencodedAtIsNeverPrinted) {
  Workspace ws;
  auto result = ws.sparkify({"--target", "postgresql://etl2@Secr3t:Pw@127.0.0.1:1/sparkify", "-v", "check"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, HasSubstr("postgresql://etl2:***@127.0.0.1"));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr("Secr3t")));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr("Pw")));
}

}  // namespace
}  // namespace sparkify::testing
