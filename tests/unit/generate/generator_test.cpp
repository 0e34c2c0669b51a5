// Determinism, layout, line format and option validation of generate_dataset.
#include "generate/generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "common/error.h"
#include "unit/generate/dataset_reader.h"

namespace sparkify::generate {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

GenerateOptions small_options(const fs::path& out, std::uint64_t seed) {
  GenerateOptions options;
  options.out = out;
  options.songs = 120;
  options.events = 2500;
  options.malformed = 9;
  options.seed = seed;
  return options;
}

ErrorKind error_kind_of(const GenerateOptions& options) {
  try {
    generate_dataset(options);
  } catch (const Error& error) {
    return error.kind();
  }
  ADD_FAILURE() << "generate_dataset did not throw";
  return ErrorKind::check;
}

TEST(GenerateDataset, SameSeedSameBytes) {
  TempDir dir;
  generate_dataset(small_options(dir.path() / "a", 5));
  generate_dataset(small_options(dir.path() / "b", 5));
  const auto a = testing::read_tree(dir.path() / "a");
  const auto b = testing::read_tree(dir.path() / "b");
  ASSERT_EQ(a.size(), b.size());
  ASSERT_GT(a.size(), 100u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].relative, b[i].relative);
    EXPECT_TRUE(a[i].text == b[i].text) << a[i].relative;
  }
}

TEST(GenerateDataset, DifferentSeedDifferentData) {
  TempDir dir;
  generate_dataset(small_options(dir.path() / "a", 5));
  generate_dataset(small_options(dir.path() / "b", 6));
  const auto a = testing::read_tree(dir.path() / "a");
  const auto b = testing::read_tree(dir.path() / "b");
  std::set<std::string> a_names;
  for (const auto& file : a) a_names.insert(file.relative.string());
  EXPECT_TRUE(std::none_of(b.begin(), b.end(), [&](const auto& file) {
    return file.relative.string().starts_with("song_data/") && a_names.count(file.relative.string()) > 0;
  }));
  const auto first_log = [](const auto& files) {
    return std::find_if(files.begin(), files.end(),
                        [](const auto& f) { return f.relative.string().starts_with("log_data/"); })
        ->text;
  };
  EXPECT_NE(first_log(a), first_log(b));
}

TEST(GenerateDataset, LayoutIsRealistic) {
  TempDir dir;
  auto options = small_options(dir.path(), 1);
  options.days = 33;
  const GenerateSummary summary = generate_dataset(options);
  const auto data = testing::read_dataset(dir.path());
  const std::regex song_path(R"(song_data/([A-Z])/([A-Z])/([A-Z])/TR([A-Z0-9]{16})\.json)");
  ASSERT_EQ(data.song_files.size(), 120u);
  for (const auto& file : data.song_files) {
    std::smatch m;
    const std::string path = file.relative.string();
    ASSERT_TRUE(std::regex_match(path, m, song_path)) << path;
    EXPECT_EQ(m[1].str() + m[2].str() + m[3].str(), m[4].str().substr(0, 3)) << path;
  }
  ASSERT_EQ(data.log_files.size(), 33u);
  EXPECT_EQ(data.log_files.front().relative, "log_data/2018/11/2018-11-01-events.json");
  EXPECT_EQ(data.log_files[29].relative, "log_data/2018/11/2018-11-30-events.json");
  EXPECT_EQ(data.log_files.back().relative, "log_data/2018/12/2018-12-03-events.json");
  EXPECT_EQ(summary.song_files, 120);
  EXPECT_EQ(summary.event_files, 33);
}

TEST(GenerateDataset, EventTimestampsLieInTheirFilesDay) {
  TempDir dir;
  generate_dataset(small_options(dir.path(), 2));
  const auto data = testing::read_dataset(dir.path());
  const std::int64_t first_day_ms = 1'541'030'400'000;  // 2018-11-01T00:00:00Z
  for (const auto& file : data.log_files) {
    const int day = std::stoi(file.relative.string().substr(25, 2)) - 1;
    std::istringstream lines(file.text);
    std::string line;
    while (std::getline(lines, line)) {
      const auto event = nlohmann::json::parse(line, nullptr, false);
      if (!testing::is_valid_event(event)) continue;
      const auto ts = event["ts"].get<std::int64_t>();
      EXPECT_GE(ts, first_day_ms + day * 86'400'000LL) << file.relative;
      EXPECT_LT(ts, first_day_ms + (day + 1) * 86'400'000LL) << file.relative;
    }
  }
}

TEST(GenerateDataset, UserIdIsAString) {
  TempDir dir;
  generate_dataset(small_options(dir.path(), 3));
  const auto data = testing::read_dataset(dir.path());
  ASSERT_FALSE(data.events.empty());
  for (const auto& line : data.events) ASSERT_TRUE(line.json["userId"].is_string()) << line.raw;
}

TEST(GenerateDataset, RegistrationWrittenWithFraction) {
  TempDir dir;
  generate_dataset(small_options(dir.path(), 4));
  const auto data = testing::read_dataset(dir.path());
  const std::regex registration(R"("registration":(null|1[0-9]{12}\.0),)");
  std::int64_t with_value = 0;
  for (const auto& line : data.events) {
    std::smatch m;
    ASSERT_TRUE(std::regex_search(line.raw, m, registration)) << line.raw;
    if (m[1] != "null") ++with_value;
  }
  EXPECT_GT(with_value, 0);
}

TEST(GenerateDataset, SomeFilesLackTrailingNewline) {
  TempDir dir;
  generate_dataset(small_options(dir.path(), 5));
  const auto data = testing::read_dataset(dir.path());
  const auto lacks_newline = [](const testing::TextFile& file) {
    return !file.text.empty() && file.text.back() != '\n';
  };
  const auto logs_without = std::count_if(data.log_files.begin(), data.log_files.end(), lacks_newline);
  const auto songs_without = std::count_if(data.song_files.begin(), data.song_files.end(), lacks_newline);
  EXPECT_GT(logs_without, 0);
  EXPECT_LT(logs_without, static_cast<std::ptrdiff_t>(data.log_files.size()));
  EXPECT_GT(songs_without, 0);
  EXPECT_LT(songs_without, static_cast<std::ptrdiff_t>(data.song_files.size()));
}

TEST(GenerateDataset, MalformedLinesAreCountedInTruth) {
  TempDir dir;
  generate_dataset(small_options(dir.path(), 6));
  const auto data = testing::read_dataset(dir.path());
  EXPECT_EQ(data.rejected_lines.size(), 9u);
  EXPECT_EQ(data.truth["rejected"]["events"], 9);
  EXPECT_EQ(data.truth["rejected"]["songs"], 0);
  // 2500 events, a few of them written twice (the repeated-line quirk), and 9 malformed lines.
  EXPECT_EQ(data.truth["tables"]["staging_events"], data.events.size());
  EXPECT_GT(data.events.size(), 2500u);
  EXPECT_LT(data.events.size(), 2510u);
  EXPECT_EQ(data.truth["records_read"]["events"], data.events.size() + 9);
  const auto files_with_malformed = std::count_if(data.log_files.begin(), data.log_files.end(), [&](const auto& file) {
    return std::any_of(data.rejected_lines.begin(), data.rejected_lines.end(),
                       [&](const std::string& line) { return file.text.find(line) != std::string::npos; });
  });
  EXPECT_GE(files_with_malformed, 9);
}

TEST(GenerateDataset, MalformedLinesComeInEveryKind) {
  TempDir dir;
  generate_dataset(small_options(dir.path(), 7));
  const auto data = testing::read_dataset(dir.path());
  std::set<std::string> kinds;
  for (const auto& line : data.rejected_lines) {
    const auto json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded())
      kinds.insert("invalid json");
    else if (!json.is_object())
      kinds.insert("not an object");
    else if (!json.contains("ts"))
      kinds.insert("missing ts");
    else if (json["ts"].is_string())
      kinds.insert("ts string");
    else if (json["userId"] == "abc")
      kinds.insert("userId abc");
  }
  EXPECT_EQ(kinds.size(), 5u);
}

TEST(GenerateDataset, NegativeCountsAreUsageErrors) {
  TempDir dir;
  for (auto field : {&GenerateOptions::songs, &GenerateOptions::events, &GenerateOptions::malformed}) {
    auto options = small_options(dir.path() / "x", 1);
    options.*field = -1;
    EXPECT_EQ(error_kind_of(options), ErrorKind::usage);
  }
  auto options = small_options(dir.path() / "x", 1);
  options.days = 0;
  EXPECT_EQ(error_kind_of(options), ErrorKind::usage);
  EXPECT_FALSE(fs::exists(dir.path() / "x"));
}

TEST(GenerateDataset, RefusesFolderThatHoldsADataSet) {
  TempDir dir;
  generate_dataset(small_options(dir.path(), 1));
  EXPECT_EQ(error_kind_of(small_options(dir.path(), 1)), ErrorKind::usage);
}

TEST(GenerateDataset, SummaryCountsWhatWasWritten) {
  TempDir dir;
  const GenerateSummary summary = generate_dataset(small_options(dir.path(), 8));
  std::int64_t bytes = 0;
  for (const auto& file : testing::read_tree(dir.path())) bytes += static_cast<std::int64_t>(file.text.size());
  EXPECT_EQ(summary.bytes, bytes);
  EXPECT_EQ(summary.event_lines, 2500);
  EXPECT_EQ(summary.malformed_lines, 9);
  EXPECT_EQ(summary.event_files, 30);
}

}  // namespace
}  // namespace sparkify::generate
