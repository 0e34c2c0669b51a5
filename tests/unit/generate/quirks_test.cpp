// Each quirk of the real Sparkify data, counted from the generated files.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "generate/generator.h"
#include "unit/generate/dataset_reader.h"

namespace sparkify::generate {
namespace {

using testing::Dataset;

class ContainsEachQuirk : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<testing::TempDir>();
    GenerateOptions options;
    options.out = dir_->path();
    options.songs = 300;
    options.events = 4000;
    options.seed = 99;
    generate_dataset(options);
    data_ = std::make_unique<Dataset>(testing::read_dataset(options.out));
  }
  static void TearDownTestSuite() {
    data_.reset();
    dir_.reset();
  }

  template <typename Predicate>
  static std::int64_t count_events(Predicate predicate) {
    return std::count_if(data_->events.begin(), data_->events.end(),
                         [&](const testing::EventLine& line) { return predicate(line.json); });
  }
  template <typename Predicate>
  static std::int64_t count_songs(Predicate predicate) {
    return std::count_if(data_->songs.begin(), data_->songs.end(), predicate);
  }
  static bool is_songplay(const nlohmann::json& e) { return e["page"] == "NextSong" && e["userId"] != ""; }
  static bool has_song(const std::string& title, const std::string& artist) {
    return std::any_of(data_->songs.begin(), data_->songs.end(),
                       [&](const auto& s) { return s["title"] == title && s["artist_name"] == artist; });
  }
  static bool any_text_contains(const std::string& needle) {
    return std::any_of(data_->songs.begin(), data_->songs.end(), [&](const auto& s) {
      return s["title"].template get<std::string>().find(needle) != std::string::npos ||
             s["artist_name"].template get<std::string>().find(needle) != std::string::npos;
    });
  }

  static std::unique_ptr<testing::TempDir> dir_;
  static std::unique_ptr<Dataset> data_;
};

std::unique_ptr<testing::TempDir> ContainsEachQuirk::dir_;
std::unique_ptr<Dataset> ContainsEachQuirk::data_;

TEST_F(ContainsEachQuirk, LoggedOutEventsHaveEmptyUserIdAndNullUserFields) {
  const auto logged_out = count_events([](const auto& e) { return e["userId"] == ""; });
  const auto with_null_fields = count_events([](const auto& e) {
    return e["userId"] == "" && e["firstName"].is_null() && e["lastName"].is_null() && e["gender"].is_null() &&
           e["location"].is_null() && e["registration"].is_null() && e["userAgent"].is_null();
  });
  EXPECT_GT(logged_out, 0);
  EXPECT_EQ(with_null_fields, logged_out);
}

TEST_F(ContainsEachQuirk, GuestAndLoggedOutAuthAppear) {
  EXPECT_GT(count_events([](const auto& e) { return e["auth"] == "Guest"; }), 0);
  EXPECT_GT(count_events([](const auto& e) { return e["auth"] == "Logged Out"; }), 0);
}

TEST_F(ContainsEachQuirk, OtherPagesHaveNullSongArtistAndLength) {
  const auto other_pages = count_events([](const auto& e) { return e["page"] != "NextSong"; });
  const auto with_nulls = count_events([](const auto& e) {
    return e["page"] != "NextSong" && e["artist"].is_null() && e["song"].is_null() && e["length"].is_null();
  });
  EXPECT_GT(other_pages, 0);
  EXPECT_EQ(with_nulls, other_pages);
}

TEST_F(ContainsEachQuirk, SomeUsersChangeLevel) {
  std::map<std::string, std::set<std::string>> levels;
  for (const auto& line : data_->events) {
    if (line.json["userId"] != "") levels[line.json["userId"]].insert(line.json["level"]);
  }
  EXPECT_GT(std::count_if(levels.begin(), levels.end(), [](const auto& entry) { return entry.second.size() == 2; }), 0);
}

TEST_F(ContainsEachQuirk, AnArtistsSongsDisagreeOnLocation) {
  std::map<std::string, std::set<bool>> has_coordinates;
  for (const auto& song : data_->songs) {
    has_coordinates[song["artist_id"]].insert(!song["artist_latitude"].is_null() && song["artist_location"] != "");
  }
  EXPECT_GT(std::count_if(has_coordinates.begin(), has_coordinates.end(),
                          [](const auto& entry) { return entry.second.size() == 2; }),
            0);
}

TEST_F(ContainsEachQuirk, NonAsciiTextAppears) {
  EXPECT_TRUE(any_text_contains("é") || any_text_contains("ü") || any_text_contains("ö"));
  EXPECT_TRUE(any_text_contains("日本") || any_text_contains("東京") || any_text_contains("桜"));
  EXPECT_TRUE(any_text_contains("\xF0\x9F"));  // an emoji (4-byte UTF-8)
  EXPECT_GT(count_events([](const auto& e) {
              if (!e["firstName"].is_string()) return false;
              const auto name = e["firstName"].template get<std::string>();
              return std::any_of(name.begin(), name.end(), [](char c) { return (c & 0x80) != 0; });
            }),
            0);
}

TEST_F(ContainsEachQuirk, SongFilesUseUnicodeEscapes) {
  EXPECT_TRUE(std::any_of(data_->song_files.begin(), data_->song_files.end(),
                          [](const auto& file) { return file.text.find("\\u") != std::string::npos; }));
}

TEST_F(ContainsEachQuirk, EscapedQuotesInTitlesAndUserAgents) {
  EXPECT_TRUE(any_text_contains("\""));
  EXPECT_GT(count_events([](const auto& e) {
              return e["userAgent"].is_string() && e["userAgent"].template get<std::string>().starts_with("\"");
            }),
            0);
}

TEST_F(ContainsEachQuirk, UserAgentsEscapeSlashes) {
  EXPECT_GT(std::count_if(data_->events.begin(), data_->events.end(),
                          [](const auto& line) { return line.raw.find("Mozilla\\/5.0") != std::string::npos; }),
            0);
}

TEST_F(ContainsEachQuirk, SongsWithYearZero) {
  EXPECT_GT(count_songs([](const auto& s) { return s["year"] == 0; }), 0);
}

TEST_F(ContainsEachQuirk, SongsWithNullCoordinates) {
  EXPECT_GT(
      count_songs([](const auto& s) { return s["artist_latitude"].is_null() && s["artist_longitude"].is_null(); }), 0);
}

TEST_F(ContainsEachQuirk, TitlesWithTrailingSpace) {
  EXPECT_GT(count_songs([](const auto& s) { return s["title"].template get<std::string>().ends_with(" "); }), 0);
}

TEST_F(ContainsEachQuirk, SongplaysShareOneMillisecondAcrossUsers) {
  std::map<std::int64_t, std::set<std::string>> users_at;
  for (const auto& line : data_->events) {
    if (is_songplay(line.json)) users_at[line.json["ts"]].insert(line.json["userId"]);
  }
  EXPECT_GE(std::count_if(users_at.begin(), users_at.end(), [](const auto& entry) { return entry.second.size() > 1; }),
            20);
}

TEST_F(ContainsEachQuirk, EmptyLinesInLogFiles) { EXPECT_GT(data_->empty_lines, 0); }

TEST_F(ContainsEachQuirk, AboutAThirdOfSongplaysMatchASong) {
  const auto songplays = count_events(is_songplay);
  const auto matching = count_events([](const auto& e) { return is_songplay(e) && has_song(e["song"], e["artist"]); });
  EXPECT_GT(matching * 100, songplays * 25);
  EXPECT_LT(matching * 100, songplays * 45);
}

TEST_F(ContainsEachQuirk, NearMissSameTitleOtherArtist) {
  EXPECT_GT(count_events([](const auto& e) {
              return is_songplay(e) && !has_song(e["song"], e["artist"]) &&
                     std::any_of(data_->songs.begin(), data_->songs.end(),
                                 [&](const auto& s) { return s["title"] == e["song"]; });
            }),
            0);
}

TEST_F(ContainsEachQuirk, NearMissTitleWithoutTrailingSpace) {
  EXPECT_GT(count_events([](const auto& e) {
              return is_songplay(e) && !has_song(e["song"], e["artist"]) &&
                     has_song(e["song"].template get<std::string>() + " ", e["artist"]);
            }),
            0);
}

TEST_F(ContainsEachQuirk, SongsShareTitleAndArtist) {
  std::map<std::pair<std::string, std::string>, std::set<double>> durations;
  std::map<std::pair<std::string, std::string>, int> members;
  for (const auto& song : data_->songs) {
    durations[{song["title"], song["artist_name"]}].insert(song["duration"].get<double>());
    ++members[{song["title"], song["artist_name"]}];
  }
  const auto same_duration = std::count_if(members.begin(), members.end(), [&](const auto& entry) {
    return entry.second > 1 && durations[entry.first].size() < static_cast<std::size_t>(entry.second);
  });
  const auto different_duration =
      std::count_if(durations.begin(), durations.end(), [](const auto& entry) { return entry.second.size() > 1; });
  EXPECT_GT(same_duration, 0);
  EXPECT_GT(different_duration, 0);
}

TEST_F(ContainsEachQuirk, SomeSongplaysMatchSeveralSongs) {
  std::map<std::pair<std::string, std::string>, int> members;
  for (const auto& song : data_->songs) ++members[{song["title"], song["artist_name"]}];
  EXPECT_GT(count_events([&](const auto& e) {
              if (!is_songplay(e)) return false;
              const auto found = members.find({e["song"], e["artist"]});
              return found != members.end() && found->second > 1;
            }),
            0);
}

}  // namespace
}  // namespace sparkify::generate
