#include "harness/workspace.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sparkify::testing {

Workspace::Workspace() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sparkify-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

Workspace::~Workspace() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

CommandResult Workspace::sparkify(const std::vector<std::string>& args, const CommandOptions& options) const {
  std::vector<std::string> argv{SPARKIFY_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandOptions with_cwd = options;
  if (with_cwd.cwd.empty()) with_cwd.cwd = path_;
  return run_command(argv, with_cwd);
}

CommandResult Workspace::sparkify_ok(const std::vector<std::string>& args, const CommandOptions& options) const {
  auto result = sparkify(args, options);
  if (result.exit_code != 0) {
    std::string joined;
    for (const auto& arg : args) joined += arg + " ";
    ADD_FAILURE() << "sparkify " << joined << "exited " << result.exit_code << "\nstdout:\n"
                  << result.out << "\nstderr:\n"
                  << result.err;
  }
  return result;
}

nlohmann::json Workspace::generate(const std::string& dir, long songs, long events, long seed, long malformed) const {
  sparkify_ok({"generate", "--out", dir, "--songs", std::to_string(songs), "--events", std::to_string(events), "--seed",
               std::to_string(seed), "--malformed", std::to_string(malformed)});
  return nlohmann::json::parse(read_text_file(path_ / dir / "truth.json"));
}

std::vector<std::string> Workspace::query_csv(const std::string& target, const std::string& sql) const {
  auto result = sparkify_ok({"--target", target, "query", sql, "--format", "csv"});
  std::vector<std::string> lines;
  std::istringstream in(result.out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::map<std::string, long> Workspace::table_counts(const std::string& target) const {
  std::map<std::string, long> counts;
  for (const char* table : {"staging_events", "staging_songs", "songplays", "users", "songs", "artists", "time"}) {
    auto lines = query_csv(target, std::string("SELECT count(*) AS n FROM ") + table);
    counts[table] = lines.size() == 2 ? std::stol(lines[1]) : -1;
  }
  return counts;
}

std::map<std::string, std::string> Workspace::star_contents(const std::string& target) const {
  const std::pair<const char*, const char*> tables[] = {
      {"songplays", "SELECT * FROM songplays"}, {"users", "SELECT * FROM users"}, {"songs", "SELECT * FROM songs"},
      {"artists", "SELECT * FROM artists"},     {"time", "SELECT * FROM time"},
  };
  std::map<std::string, std::string> contents;
  for (auto [table, sql] : tables) {
    auto lines = query_csv(target, sql);
    if (!lines.empty()) lines.erase(lines.begin());
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    contents[table] = text;
  }
  return contents;
}

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace sparkify::testing
