// The habits users bring, tried on the real binary: dwh.cfg as configparser
// users write it (the README's template verbatim), usage errors that exit 2
// and name the nearest known command or flag, help and --version.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

std::string readme_dwh_cfg() {
  const std::string readme = read_text_file(std::filesystem::path(SPARKIFY_SOURCE_DIR) / "README.md");
  const auto begin = readme.find("```ini\n");
  const auto end = readme.find("```", begin + 7);
  if (begin == std::string::npos || end == std::string::npos) return "";
  return readme.substr(begin + 7, end - begin - 7);
}

CommandOptions with_env(std::vector<std::pair<std::string, std::string>> env) {
  CommandOptions options;
  options.env = std::move(env);
  return options;
}

class CliHabits : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& text) { std::ofstream(ws.path() / name) << text; }
  // Runs sparkify with a config file holding `text`; expects exit 2 and returns stderr.
  std::string config_error(const std::string& text) {
    write("mistake.cfg", text);
    auto result = ws.sparkify({"--config", "mistake.cfg", "query", "SELECT 1"});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    return result.err;
  }
  Workspace ws;
};

TEST_F(CliHabits, ReadmeDwhCfgLoadsAsPrinted) {
  const std::string text = readme_dwh_cfg();
  ASSERT_FALSE(text.empty()) << "README.md has no ```ini block";
  write("dwh.cfg", text);
  auto created = ws.sparkify({"create-tables"});  // the one command that creates a DuckDB file
  EXPECT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(created.err, "");                                           // no warning about any key of the template
  EXPECT_TRUE(std::filesystem::exists(ws.path() / "sparkify.duckdb"));  // [SPARKIFY] TARGET, comment-free
  auto result = ws.sparkify({"query", "SELECT 41 + 1 AS answer", "--format", "csv"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_NE(result.out.find("42"), std::string::npos);
}

TEST_F(CliHabits, InlineCommentsAreNotPartOfValues) {
  write("c.cfg", "[SPARKIFY]   # settings\nTARGET = duckdb:x.duckdb ; the file\nMAX_ERRORS=5  # a few\n");
  auto result = ws.sparkify({"--config", "c.cfg", "create-tables"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::exists(ws.path() / "x.duckdb"));
  EXPECT_EQ(ws.sparkify({"--config", "c.cfg", "query", "SELECT 1"}).exit_code, 0);
}

TEST_F(CliHabits, ConfigMistakesNameTheirLine) {
  EXPECT_EQ(config_error("# c\n[CLUSTER\nHOST=x\n"),
            "sparkify: mistake.cfg:2: section header '[CLUSTER' has no closing ']'\n");
  EXPECT_EQ(config_error("[CLUSTER]\nHOST\n"),
            "sparkify: mistake.cfg:2: 'HOST' is not KEY = VALUE: add '=', or start the line with # to make it a "
            "comment\n");
  EXPECT_EQ(config_error("TARGET=duckdb:x\n"),
            "sparkify: mistake.cfg:1: key TARGET comes before any [SECTION] header: move it under one\n");
  EXPECT_EQ(config_error("[SPARKIFY]\nTARGT=duckdb:x\n"),
            "sparkify: mistake.cfg:2: unknown key TARGT in [SPARKIFY]: did you mean TARGET?\n");
  EXPECT_EQ(config_error("[SPARKIFY]\nMAX_ERRORS=a few\n"),
            "sparkify: mistake.cfg:2: [SPARKIFY] MAX_ERRORS must be an integer, got 'a few'\n");
  EXPECT_EQ(config_error("[CLUSTER]\n\nDB_PORT=543900\n"),
            "sparkify: mistake.cfg:3: [CLUSTER] DB_PORT must be a port number (1 to 65535), got '543900'\n");
}

TEST_F(CliHabits, ConfigSavedWithAByteOrderMarkLoads) {
  write("bom.cfg", "\xEF\xBB\xBF[SPARKIFY]\r\nTARGET=duckdb:bom.duckdb\r\n");
  auto result = ws.sparkify({"--config", "bom.cfg", "create-tables"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::exists(ws.path() / "bom.duckdb"));
}

TEST_F(CliHabits, UnknownSectionIsAWarningNamingTheNearest) {
  write("w.cfg", "[CLUSTR]\nHOST=x\n");
  ws.sparkify_ok({"create-tables"});  // query opens the DuckDB file read-only; it must exist
  auto result = ws.sparkify({"--config", "w.cfg", "query", "SELECT 1"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err,
            "sparkify: warning: w.cfg:1: unknown section [CLUSTR] is ignored; the nearest known one is [CLUSTER]\n");
}

TEST_F(CliHabits, NamedConfigFileMustExistAndBeAFile) {
  auto missing = ws.sparkify({"--config", "nope.cfg", "query", "SELECT 1"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "sparkify: config file nope.cfg does not exist: check the --config path\n");
  std::filesystem::create_directory(ws.path() / "folder");
  auto folder = ws.sparkify({"--config", "folder", "query", "SELECT 1"});
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_EQ(folder.err, "sparkify: config file folder is a folder: give --config the path of an INI file\n");
  ws.sparkify_ok({"create-tables"});                           // the default dwh.cfg may be absent
  EXPECT_EQ(ws.sparkify({"query", "SELECT 1"}).exit_code, 0);  // for query too
}

TEST_F(CliHabits, PostgresTargetWithoutClusterNamesTheMissingHost) {
  auto result = ws.sparkify({"--target", "postgres", "query", "SELECT 1"}, with_env({{"PGHOST", ""}}));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "sparkify: target 'postgres' needs a host: set [CLUSTER] HOST in dwh.cfg (or PGHOST)\n");
}

TEST_F(CliHabits, PostgresTargetWithoutClusterHonoursPgHostAndPgPort) {
  // Port 1 refuses: the message shows which host and port libpq was given.
  auto result =
      ws.sparkify({"--target", "postgres", "query", "SELECT 1"}, with_env({{"PGHOST", "127.0.0.1"}, {"PGPORT", "1"}}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("cannot connect to postgresql://127.0.0.1:1/"), std::string::npos) << result.err;
}

TEST_F(CliHabits, EveryUsageErrorExitsTwo) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {},
           {"etk"},
           {"--tagret", "x", "sql"},
           {"generate", "--out", "d", "--songs", "abc"},
           {"--target", "duckdb:a", "--target", "duckdb:b", "sql"},
           {"etl", "--threads", "10000"},
           {"etl", "--threads", "0"},
           {"query", "--format", "xml", "SELECT 1"},
           {"query", "--list", "top-songs"},
           {"sql", "-Z"},
       }) {
    auto result = ws.sparkify(args);
    std::string joined;
    for (const auto& arg : args) joined += arg + " ";
    EXPECT_EQ(result.exit_code, 2) << "sparkify " << joined << "\n" << result.err;
    EXPECT_EQ(result.err.rfind("sparkify: ", 0), 0u) << result.err;
  }
}

TEST_F(CliHabits, UnknownCommandsAndFlagsNameTheNearest) {
  EXPECT_EQ(ws.sparkify({"etk"}).err, "sparkify: unknown command 'etk' — did you mean 'etl'?\n");
  EXPECT_EQ(ws.sparkify({"ETL"}).err, "sparkify: unknown command 'ETL' — did you mean 'etl'?\n");
  EXPECT_EQ(ws.sparkify({"create_tables"}).err,
            "sparkify: unknown command 'create_tables' — did you mean 'create-tables'?\n");
  EXPECT_EQ(ws.sparkify({"--tagret", "x", "sql"}).err,
            "sparkify: unknown flag '--tagret' — did you mean '--target'?\n");
  EXPECT_EQ(ws.sparkify({"etl", "--sorce", "data"}).err,
            "sparkify: unknown flag '--sorce' — did you mean '--source'?\n");
}

TEST_F(CliHabits, UsageErrorsNameTheHelpOfTheirCommand) {
  EXPECT_EQ(ws.sparkify({"infra"}).err,
            "sparkify: 'sparkify infra' needs a command: up, status, down; run 'sparkify infra --help' for usage\n");
  const auto none = ws.sparkify({}).err;
  EXPECT_EQ(none.rfind("sparkify: 'sparkify' needs a command: generate, create-tables, etl,", 0), 0u) << none;
  const auto missing_value = ws.sparkify({"etl", "--source"}).err;
  EXPECT_NE(missing_value.find("run 'sparkify etl --help' for usage"), std::string::npos) << missing_value;
  EXPECT_EQ(ws.sparkify({"infra", "up", "--zzzzzzzzzz"}).err,
            "sparkify: unknown flag '--zzzzzzzzzz': run 'sparkify infra up --help' for the flags\n");
  EXPECT_EQ(ws.sparkify({"help", "etl", "extra"}).err,
            "sparkify: 'sparkify etl' has no commands; run 'sparkify etl --help'\n");
}

TEST_F(CliHabits, GlobalFlagsAndValuesBeforeTheCommandAreNotTakenForIt) {
  EXPECT_EQ(ws.sparkify({"-v", "sql", "--dialect", "duckdb"}).exit_code, 0);
  EXPECT_EQ(ws.sparkify({"--no-sign-request", "--target", "duckdb:x.duckdb", "sql"}).exit_code, 0);
  EXPECT_EQ(ws.sparkify({"--target=duckdb:x.duckdb", "sql"}).exit_code, 0);
}

TEST_F(CliHabits, HelpCommandPrintsTheHelpOfSparkifyOrOfOneCommand) {
  auto all = ws.sparkify({"help"});
  EXPECT_EQ(all.exit_code, 0);
  EXPECT_NE(all.out.find("create-tables"), std::string::npos) << all.out;
  auto etl = ws.sparkify({"help", "etl"});
  EXPECT_EQ(etl.exit_code, 0);
  EXPECT_NE(etl.out.find("Usage: sparkify etl"), std::string::npos) << etl.out;
  EXPECT_NE(etl.out.find("--max-errors"), std::string::npos) << etl.out;
  EXPECT_EQ(ws.sparkify({"help", "etk"}).exit_code, 2);
}

TEST_F(CliHabits, VersionNamesSparkifyDuckDbAndLibpq) {
  for (const char* flag : {"--version", "-V"}) {
    auto result = ws.sparkify({flag});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out.rfind("sparkify ", 0), 0u) << result.out;
    EXPECT_NE(result.out.find("\nDuckDB v"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("\nlibpq "), std::string::npos) << result.out;
  }
}

TEST_F(CliHabits, FormatNamesAreCaseInsensitive) {
  ws.sparkify_ok({"create-tables"});
  auto result = ws.sparkify({"query", "SELECT 1 AS one", "--format", "CSV"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "one\n1\n");
}

// Every flag that takes one of a few words takes it in any case, and means
// the same as the lower-case word (not just accepted and then ignored).
TEST_F(CliHabits, ChoiceValuesInAnyCaseMeanTheSame) {
  ws.generate("data", 20, 200, 3);
  ws.sparkify_ok({"create-tables"});
  auto etl = ws.sparkify_ok({"etl", "--source", "data", "--format", "JSON", "--engine", "SQL"});
  EXPECT_EQ(nlohmann::json::parse(etl.out)["engine"], "sql") << etl.out;
  EXPECT_EQ(ws.sparkify_ok({"sql", "--dialect", "PostgreS"}).out, ws.sparkify_ok({"sql", "--dialect", "postgres"}).out);
  EXPECT_EQ(ws.sparkify_ok({"completion", "BASH"}).out, ws.sparkify_ok({"completion", "bash"}).out);
  ws.sparkify_ok({"report", "--format", "MarkDown", "--out", "r.md"});
  EXPECT_EQ(read_text_file(ws.path() / "r.md").rfind("# ", 0), 0u);
}

}  // namespace
}  // namespace sparkify::testing
