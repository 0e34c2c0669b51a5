// Redaction: no password of a URI survives in a message.
#include "common/redact.h"

#include <gtest/gtest.h>

namespace sparkify {
namespace {

TEST(RedactUserinfo, HidesThePasswordAndKeepsTheUser) {
  EXPECT_EQ(redact_userinfo("cannot connect to postgresql://me:pw@127.0.0.1:5432/db: refused"),
            "cannot connect to postgresql://me:***@127.0.0.1:5432/db: refused");
}

TEST(RedactUserinfo, HidesAPasswordHoldingAnUnencodedAt) {
  const auto text = redact_userinfo("cannot connect to postgresql://etl2@Secr3t:Pw@127.0.0.1/sparkify");
  EXPECT_EQ(text, "cannot connect to postgresql://etl2:***@127.0.0.1/sparkify");
  EXPECT_EQ(text.find("Secr3t"), std::string::npos);
}

TEST(RedactUserinfo, HidesAPasswordHoldingSlashesAndColons) {
  EXPECT_EQ(redact_userinfo("http://user:p/a:ss@host:9000/bucket"), "http://user:***@host:9000/bucket");
}

TEST(RedactUserinfo, HidesEveryUriInTheText) {
  EXPECT_EQ(redact_userinfo("a https://u:p@h b 'redshift://x:y@z:5439/d' c"),
            "a https://u:***@h b 'redshift://x:***@z:5439/d' c");
}

TEST(RedactUserinfo, KeepsUrisWithoutPasswords) {
  for (const char* text : {"postgresql://me@127.0.0.1/db", "s3://bucket/log_data/a@b.json", "duckdb:x.duckdb",
                           "http://127.0.0.1:9000/bucket?x=a@b", "no uri at all: a@b"}) {
    EXPECT_EQ(redact_userinfo(text), text);
  }
}

TEST(RedactUserinfo, HidesAnEndpointUrlPassword) {
  EXPECT_EQ(redact_userinfo("cannot reach S3 at http://admin:hunter2@127.0.0.1:4568 (GET /b): refused"),
            "cannot reach S3 at http://admin:***@127.0.0.1:4568 (GET /b): refused");
}

TEST(RedactUriSecrets, HidesPasswordPiecesLibpqQuotes) {
  const std::string uri = "postgresql://etl2@Secr3t:Pw@127.0.0.1/sparkify";
  const auto text = redact_uri_secrets(
      R"(cannot connect to postgresql://etl2@Secr3t:Pw@127.0.0.1/sparkify: invalid integer value "Pw@127.0.0.1" for connection option "port" (host Secr3t))",
      uri);
  EXPECT_EQ(text.find("Secr3t"), std::string::npos) << text;
  EXPECT_EQ(text.find("Pw"), std::string::npos) << text;
  EXPECT_NE(text.find("etl2"), std::string::npos) << text;
}

TEST(RedactUriSecrets, LeavesTextAloneForAUriWithoutPassword) {
  EXPECT_EQ(redact_uri_secrets("server closed the connection", "postgresql://me@h/db"), "server closed the connection");
  EXPECT_EQ(redact_uri_secrets("server closed the connection", "host=h password=x"), "server closed the connection");
}

}  // namespace
}  // namespace sparkify
