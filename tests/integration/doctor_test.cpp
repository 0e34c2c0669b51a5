// `sparkify doctor` with the real binary on a DuckDB file, a real PostgreSQL
// 15 server and a real s3rver: one PASS/FAIL line per check, the fix on
// failures, secrets never printed, exit 0/1.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "harness/fake_aws_server.h"
#include "harness/postgres_fixture.h"
#include "harness/s3_server.h"
#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

// The line of check `name` ("PASS  name ..." or "FAIL  name ..."), or "".
std::string line_of(const std::string& out, const std::string& name) {
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.size() > 6 && line.compare(6, name.size() + 1, name + " ") == 0) return line;
  }
  return "";
}

void write_file(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

TEST(Doctor, LoadedDuckDbPassesEveryCheckAndExitsZero) {
  Workspace ws;
  ws.generate("data", 40, 400, 2);
  ws.sparkify_ok({"create-tables"});
  ws.sparkify_ok({"etl", "--source", "data"});
  auto result = ws.sparkify({"doctor", "--source", "data"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(line_of(result.out, "target").rfind("PASS  target    duckdb:sparkify.duckdb reachable: v1.", 0), 0u)
      << result.out;
  EXPECT_EQ(line_of(result.out, "tables").rfind("PASS", 0), 0u) << result.out;
  EXPECT_NE(line_of(result.out, "songs").find("data/song_data: 40 objects, first: data/song_data/"), std::string::npos)
      << result.out;
  EXPECT_NE(line_of(result.out, "events").find("data/log_data: 30 objects"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("\033["), std::string::npos) << "no colour on a pipe";
}

TEST(Doctor, UnknownKeyAndMissingFileFailWithFixesAndNeverPrintSecrets) {
  Workspace ws;
  write_file(ws.path() / "dwh.cfg",
             "[AWS]\nKEY=AKIDEXAMPLE\nSECRET=do-not-print-me\nCOLOUR=blue\n"
             "[CLUSTER]\nDB_PASSWORD=hunter2-secret\n[SPARKIFY]\nTARGET=duckdb:absent.duckdb\n");
  auto result = ws.sparkify({"doctor"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const auto config = line_of(result.out, "config");
  EXPECT_EQ(config.rfind("FAIL", 0), 0u) << result.out;
  EXPECT_NE(config.find("dwh.cfg:4: unknown key COLOUR in [AWS] is ignored"), std::string::npos) << config;
  EXPECT_NE(config.find("fix:"), std::string::npos) << config;
  EXPECT_EQ(line_of(result.out, "aws"), "PASS  aws       credentials: config file ([AWS] KEY, SECRET)");
  const auto target = line_of(result.out, "target");
  EXPECT_EQ(target.rfind("FAIL", 0), 0u) << result.out;
  EXPECT_NE(target.find("fix: "), std::string::npos) << target;
  EXPECT_FALSE(std::filesystem::exists(ws.path() / "absent.duckdb"));
  EXPECT_NE(result.err.find("doctor: 2 of "), std::string::npos) << result.err;
  for (const auto* secret : {"do-not-print-me", "hunter2-secret"}) {
    EXPECT_EQ((result.out + result.err).find(secret), std::string::npos) << secret;
  }
}

// A line that is not KEY = VALUE and a near miss of a known key: the config
// check fails with FILE:LINE and the fix, and so does reading the settings.
TEST(Doctor, ConfigSyntaxErrorAndMisspelledKeyFailWithTheirLine) {
  struct Case {
    std::string text, expected;
  };
  for (const auto& [text, expected] :
       std::vector<Case>{{"[AWS]\nKEY=AKIDEXAMPLE\nSECRET=do-not-print-me\nREGION=us-west-2\nthis is not a key\n",
                          "dwh.cfg:5: 'this is not a key' is not KEY = VALUE"},
                         {"[AWS]\nKEY=AKIDEXAMPLE\nSECRET=do-not-print-me\nREGON=us-west-2\n",
                          "dwh.cfg:4: unknown key REGON in [AWS]: did you mean REGION?"}}) {
    Workspace ws;
    write_file(ws.path() / "dwh.cfg", text);
    auto result = ws.sparkify({"doctor"});
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    const auto config = line_of(result.out, "config");
    EXPECT_EQ(config.rfind("FAIL", 0), 0u) << result.out;
    EXPECT_NE(config.find(expected), std::string::npos) << config;
    EXPECT_NE(config.find("fix:"), std::string::npos) << config;
    EXPECT_EQ(line_of(result.out, "settings").rfind("FAIL", 0), 0u) << result.out;
    EXPECT_EQ((result.out + result.err).find("do-not-print-me"), std::string::npos);
  }
}

TEST(Doctor, PostgresTargetShowsVersionAndMissingTables) {
  Workspace ws;
  const std::string target = fresh_database();
  auto bare = ws.sparkify({"--target", target, "doctor"});
  EXPECT_EQ(bare.exit_code, 1) << bare.out << bare.err;
  EXPECT_NE(line_of(bare.out, "target").find("reachable: PostgreSQL 15"), std::string::npos) << bare.out;
  EXPECT_NE(line_of(bare.out, "tables").find("FAIL  tables    missing staging_events, staging_songs, songplays"),
            std::string::npos)
      << bare.out;
  EXPECT_NE(line_of(bare.out, "tables").find("fix: run 'sparkify create-tables'"), std::string::npos) << bare.out;
  EXPECT_EQ(line_of(bare.out, "password").rfind("PASS", 0), 0u) << bare.out;

  ws.sparkify_ok({"--target", target, "create-tables"});
  auto ready = ws.sparkify({"--target", target, "doctor"});
  EXPECT_EQ(ready.exit_code, 0) << ready.out << ready.err;
  EXPECT_EQ(line_of(ready.out, "tables"), "PASS  tables    all 9 present; songplays holds 0 rows");
}

TEST(Doctor, S3SourceIsListedWithItsFirstKeysAndAMissingBucketFails) {
  Workspace ws;
  S3Server server;
  ws.generate("data", 12, 100, 4);
  server.create_bucket("raw");
  server.upload_folder(ws.path() / "data" / "song_data", "raw", "song_data");
  server.upload_folder(ws.path() / "data" / "log_data", "raw", "log_data");
  ws.sparkify_ok({"create-tables"});
  CommandOptions options;
  options.env = server.environment();
  auto listed = ws.sparkify({"doctor", "--source", "s3://raw"}, options);
  EXPECT_EQ(listed.exit_code, 0) << listed.out << listed.err;
  EXPECT_NE(line_of(listed.out, "songs").find("s3://raw/song_data: 12 objects, first: s3://raw/song_data/"),
            std::string::npos)
      << listed.out;
  EXPECT_EQ(line_of(listed.out, "aws"),
            "PASS  aws       credentials: environment (AWS_ACCESS_KEY_ID, "
            "AWS_SECRET_ACCESS_KEY)");
  auto missing = ws.sparkify({"doctor", "--source", "s3://no-such-bucket"}, options);
  EXPECT_EQ(missing.exit_code, 1) << missing.out << missing.err;
  EXPECT_EQ(line_of(missing.out, "songs").rfind("FAIL", 0), 0u) << missing.out;
  EXPECT_NE(line_of(missing.out, "songs").find("no-such-bucket"), std::string::npos) << missing.out;
}

TEST(Doctor, ColoursPassAndFailOnlyOnATerminalWithoutNoColor) {
  Workspace ws;
  ws.sparkify_ok({"create-tables"});
  const std::string command = std::string(SPARKIFY_BINARY) + " doctor";
  CommandOptions options;
  options.cwd = ws.path();
  options.env = {{"NO_COLOR", ""}};
  auto coloured = run_command({"script", "-qec", command, "/dev/null"}, options);
  EXPECT_NE(coloured.out.find("\033[32mPASS\033[0m  target"), std::string::npos) << coloured.out;
  options.env = {{"NO_COLOR", "1"}};
  auto plain = run_command({"script", "-qec", command, "/dev/null"}, options);
  EXPECT_NE(plain.out.find("PASS  target"), std::string::npos) << plain.out;
  EXPECT_EQ(plain.out.find("\033["), std::string::npos) << plain.out;
}

TEST(Doctor, RedshiftTargetReportsTheClusterStatusFromTheInfraApi) {
  Workspace ws;
  FakeAwsServer aws(1, 1);
  CommandOptions options;
  options.env = {{"HOME", ws.path().string()},
                 {"AWS_ACCESS_KEY_ID", FakeAwsServer::kAccessKey},
                 {"AWS_SECRET_ACCESS_KEY", FakeAwsServer::kSecretKey},
                 {"AWS_SESSION_TOKEN", ""},
                 {"AWS_PROFILE", ""},
                 {"AWS_REGION", "us-west-2"},
                 {"AWS_ENDPOINT_URL", aws.url()},
                 {"SPARKIFY_DWH_DB_PASSWORD", "Passw0rd-for-tests"}};
  // Nothing listens on port 1: the target fails, the cluster check still runs.
  const std::vector<std::string> doctor = {"--target", "redshift://dwhuser@127.0.0.1:1/dwh", "doctor"};
  auto before = ws.sparkify(doctor, options);
  EXPECT_EQ(before.exit_code, 1) << before.out << before.err;
  EXPECT_EQ(line_of(before.out, "target").rfind("FAIL", 0), 0u) << before.out;
  EXPECT_NE(line_of(before.out, "cluster")
                .find("FAIL  cluster   no Redshift cluster 'dwhCluster' -> fix: run "
                      "'sparkify infra up'"),
            std::string::npos)
      << before.out;

  ws.sparkify_ok({"infra", "up", "--poll-interval", "0.02"}, options);
  auto after = ws.sparkify(doctor, options);
  EXPECT_EQ(line_of(after.out, "cluster"), "PASS  cluster   dwhcluster is available") << after.out;
}

}  // namespace
}  // namespace sparkify::testing
