// Workspace: a fresh temporary folder for one integration test, removed with
// the object, plus shorthands to run the real sparkify binary in it and read
// results back through `sparkify query --format csv`.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/process.h"

namespace sparkify::testing {

class Workspace {
 public:
  Workspace();
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Runs `sparkify ARGS...` with the workspace as working directory.
  CommandResult sparkify(const std::vector<std::string>& args, const CommandOptions& options = {}) const;

  // Runs sparkify and fails the test (ADD_FAILURE with stderr) unless it exits 0.
  CommandResult sparkify_ok(const std::vector<std::string>& args, const CommandOptions& options = {}) const;

  // `sparkify generate --out DIR ...`; returns the parsed truth.json.
  nlohmann::json generate(const std::string& dir, long songs, long events, long seed, long malformed = 0) const;

  // Rows of `sql` on `target` as CSV lines (header first), via the binary.
  std::vector<std::string> query_csv(const std::string& target, const std::string& sql) const;

  // Row count of every staging and star table.
  std::map<std::string, long> table_counts(const std::string& target) const;

  // Every row (every column) of every star table, sorted, as CSV text per
  // table: compares whole warehouses regardless of engine or row order.
  std::map<std::string, std::string> star_contents(const std::string& target) const;

 private:
  std::filesystem::path path_;
};

std::string read_text_file(const std::filesystem::path& path);

}  // namespace sparkify::testing
