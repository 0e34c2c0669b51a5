#include "unit/generate/dataset_reader.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sparkify::generate::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "sparkify-generate-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::vector<TextFile> read_tree(const fs::path& root) {
  std::vector<TextFile> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    files.push_back({fs::relative(entry.path(), root).generic_string(), text.str()});
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.relative < b.relative; });
  return files;
}

bool is_valid_event(const nlohmann::json& event) {
  if (!event.is_object()) return false;
  for (const char* field : {"ts", "itemInSession", "sessionId"}) {
    if (!event.contains(field) || !event[field].is_number_integer()) return false;
  }
  if (!event.contains("page") || !event["page"].is_string()) return false;
  if (!event.contains("userId") || !event["userId"].is_string()) return false;
  const auto user_id = event["userId"].get<std::string>();
  return std::all_of(user_id.begin(), user_id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Dataset read_dataset(const fs::path& root) {
  Dataset data;
  for (auto& file : read_tree(root)) {
    const std::string path = file.relative.string();
    if (path.starts_with("song_data/")) {
      data.songs.push_back(nlohmann::json::parse(file.text));
      data.song_files.push_back(std::move(file));
    } else if (path.starts_with("log_data/")) {
      data.log_files.push_back(std::move(file));
    } else if (path == "truth.json") {
      data.truth = nlohmann::json::parse(file.text);
    }
  }
  for (const auto& file : data.log_files) {
    std::istringstream lines(file.text);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) {
        ++data.empty_lines;
        continue;
      }
      auto json = nlohmann::json::parse(line, nullptr, false);
      if (is_valid_event(json)) {
        data.events.push_back({line, std::move(json)});
      } else {
        data.rejected_lines.push_back(line);
      }
    }
  }
  return data;
}

}  // namespace sparkify::generate::testing
