// The habits of a command-line tool, on the real binary: completion scripts
// and the man page generated from the command definitions, `help TOPIC`,
// global flags in every command's --help, `cmake --install`, and where the
// binary looks for its libraries.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

const std::filesystem::path kBinary = SPARKIFY_BINARY;

CommandResult sparkify(const std::vector<std::string>& args) {
  std::vector<std::string> argv{kBinary.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

// The command names listed under "Subcommands:" in `sparkify [PATH] --help`.
std::vector<std::string> subcommands(const std::vector<std::string>& path) {
  auto args = path;
  args.push_back("--help");
  const auto help = sparkify(args).out;
  std::vector<std::string> names;
  std::istringstream in(
      help.substr(help.find("Subcommands:") == std::string::npos ? help.size() : help.find("Subcommands:")));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line) && line.rfind("  ", 0) == 0) {
    if (line.size() < 3 || line[2] == ' ') continue;  // a description's continuation line
    std::istringstream words(line);
    std::string name;
    words >> name;
    names.push_back(name);
  }
  return names;
}

// What bash completes for the words typed so far (the last one partial), with `script` sourced.
std::string complete(const std::filesystem::path& script, const std::string& words) {
  const auto result = run_command({"bash", "-c",
                                   "source \"$1\"; read -ra COMP_WORDS <<< \"$2\"; [[ \"$2\" == *' ' ]] && "
                                   "COMP_WORDS+=(''); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _sparkify; "
                                   "echo \"${COMPREPLY[*]}\"",
                                   "bash", script.string(), words});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out.substr(0, result.out.find('\n'));
}

TEST(Habits, BashCompletionOffersEveryCommandAndEachCommandsFlags) {
  Workspace ws;
  const auto script = ws.path() / "sparkify.bash";
  std::ofstream(script) << sparkify({"completion", "bash"}).out;
  const auto commands = subcommands({});
  ASSERT_GE(commands.size(), 12u);
  std::string expected;
  for (const auto& name : commands) expected += (expected.empty() ? "" : " ") + name;
  EXPECT_EQ(complete(script, "sparkify ").rfind(expected + " ", 0), 0u) << complete(script, "sparkify ");
  EXPECT_EQ(complete(script, "sparkify infra "),
            "up status down -h --help -v --verbose -q --quiet --config --target --region "
            "--endpoint-url --profile --no-sign-request --virtual-hosted -V --version");
  EXPECT_EQ(complete(script, "sparkify etl --max"), "--max-errors");
  EXPECT_EQ(complete(script, "sparkify --target x infra down --sk"), "--skip-final-snapshot");
  EXPECT_EQ(complete(script, "sparkify report --fo"), "--format");
}

TEST(Habits, ZshCompletionIsTheBashOneThroughBashcompinit) {
  const auto zsh = sparkify({"completion", "zsh"}).out;
  EXPECT_EQ(zsh.rfind("#compdef sparkify\n", 0), 0u);
  EXPECT_NE(zsh.find("bashcompinit"), std::string::npos);
  EXPECT_NE(zsh.find(sparkify({"completion", "bash"}).out), std::string::npos);
  EXPECT_EQ(sparkify({"completion", "fish"}).exit_code, 2);
}

TEST(Habits, EveryCommandsHelpListsTheGlobalFlags) {
  std::vector<std::vector<std::string>> paths;
  for (const auto& name : subcommands({})) {
    paths.push_back({name});
    for (const auto& sub : subcommands({name})) paths.push_back({name, sub});
  }
  ASSERT_GE(paths.size(), 15u);
  for (auto path : paths) {
    path.push_back("--help");
    const auto help = sparkify(path).out;
    EXPECT_NE(help.find("Global flags (before or after the command):"), std::string::npos) << path[0];
    for (const char* flag : {"--target TEXT", "--config PATH", "--endpoint-url TEXT", "-v,--verbose", "-q,--quiet",
                             "--profile", "-V,--version"}) {
      EXPECT_NE(help.find(flag), std::string::npos) << path[0] << " " << flag;
    }
  }
}

TEST(Habits, HelpTopicIsTheCommandsHelp) {
  EXPECT_EQ(sparkify({"help", "infra", "up"}).out, sparkify({"infra", "up", "--help"}).out);
  EXPECT_EQ(sparkify({"help", "report"}).out, sparkify({"report", "--help"}).out);
  const auto unknown = sparkify({"help", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("choose one of generate, create-tables, etl"), std::string::npos) << unknown.err;
}

TEST(Habits, ManPageDescribesEveryCommandAndFlag) {
  const auto man = sparkify({"man"}).out;
  EXPECT_EQ(man.rfind(".TH SPARKIFY 1", 0), 0u);
  for (auto name : subcommands({})) {
    for (auto at = name.find('-'); at != std::string::npos; at = name.find('-', at + 2)) name.insert(at, "\\");
    EXPECT_NE(man.find(".SS \"sparkify " + name + "\""), std::string::npos) << name;
  }
  EXPECT_NE(man.find(".SS \"sparkify infra down\""), std::string::npos);
  EXPECT_NE(man.find(".B \\-\\-max\\-errors \\fIINT\\fR"), std::string::npos);
  EXPECT_NE(man.find(".B \\-y, \\-\\-yes\n"), std::string::npos);
}

// The dynamic loader tries a library by a relative name only where the
// binary's search path has an empty entry, which means the current folder;
// the loader names each file it tries (LD_DEBUG=libs, on stderr). A DuckDB
// target loads every library sparkify uses, DuckDB's included.
TEST(Habits, LibrariesAreNeverLookedForInTheCurrentFolder) {
  Workspace ws;
  CommandOptions traced;
  traced.env = {{"LD_DEBUG", "libs"}};
  traced.cwd = ws.path();
  const auto run = run_command({kBinary.string(), "--target", "duckdb:loader.duckdb", "create-tables"}, traced);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_NE(run.err.find("libduckdb.so"), std::string::npos) << "DuckDB's library was not loaded";
  std::istringstream lines(run.err);
  int tried = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto at = line.find("trying file=");
    if (at == std::string::npos) continue;
    ++tried;
    EXPECT_EQ(line.substr(at + 12, 1), "/") << line;
  }
  EXPECT_GT(tried, 0) << run.err;
}

TEST(Habits, CmakeInstallPutsBinaryLibraryCompletionsAndManPageInPlace) {
  Workspace ws;
  const auto prefix = ws.path() / "prefix";
  const auto build_dir = kBinary.parent_path();
  auto install = run_command({"cmake", "--install", build_dir.string(), "--prefix", prefix.string()});
  ASSERT_EQ(install.exit_code, 0) << install.out << install.err;
  auto installed = run_command({(prefix / "bin/sparkify").string(), "query", "--list"});
  EXPECT_EQ(installed.exit_code, 0) << installed.err;
  EXPECT_NE(installed.out.find("plays-by-weekday"), std::string::npos);
  // DuckDB's library, opened on first use, is found next to the binary.
  auto version = run_command({(prefix / "bin/sparkify").string(), "--version"});
  EXPECT_NE(version.out.find("\nDuckDB v"), std::string::npos) << version.out;
  const auto completion = prefix / "share/bash-completion/completions/sparkify";
  EXPECT_EQ(complete(completion, "sparkify rep"), "report");
  EXPECT_EQ(read_text_file(prefix / "share/zsh/site-functions/_sparkify"), sparkify({"completion", "zsh"}).out);
  EXPECT_EQ(read_text_file(prefix / "share/man/man1/sparkify.1"), sparkify({"man"}).out);
}

}  // namespace
}  // namespace sparkify::testing
