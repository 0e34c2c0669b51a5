// Test-side reader of a generated data set. It re-reads the files with
// nlohmann::json only (never src/parse), so the tests recount truth.json
// independently of both the generator's bookkeeping and the ETL's parser.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sparkify::generate::testing {

// A fresh folder under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct TextFile {
  std::filesystem::path relative;  // to the data set root, generic form
  std::string text;
};

struct EventLine {
  std::string raw;
  nlohmann::json json;
};

struct Dataset {
  std::vector<TextFile> song_files;  // sorted by path
  std::vector<TextFile> log_files;   // sorted by path
  std::vector<nlohmann::json> songs;
  std::vector<EventLine> events;  // valid lines, by the ETL contract
  std::vector<std::string> rejected_lines;
  std::int64_t empty_lines = 0;
  nlohmann::json truth;
};

// Every regular file under `root`, relative paths, sorted.
std::vector<TextFile> read_tree(const std::filesystem::path& root);

Dataset read_dataset(const std::filesystem::path& root);

// The event contract: an object with integer ts, itemInSession, sessionId, a
// string page, and userId a string that is "" or decimal digits.
bool is_valid_event(const nlohmann::json& event);

}  // namespace sparkify::generate::testing
