// truth.json against an independent recount of the written files (read back
// with nlohmann::json, counted by the ETL contract in src/generate/truth.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "generate/generator.h"
#include "unit/generate/dataset_reader.h"

namespace sparkify::generate {
namespace {

using testing::Dataset;
using EventKey = std::tuple<std::int64_t, std::int64_t, std::int64_t, std::int64_t>;  // user, session, item, ts

struct CatalogEntry {
  double duration;
  std::string song_id;
};

class TruthRecountTest : public ::testing::Test {
 protected:
  // (title, artist_name) -> songs, from the song files.
  using Catalog = std::map<std::pair<std::string, std::string>, std::vector<CatalogEntry>>;

  static void SetUpTestSuite() {
    dir_ = std::make_unique<testing::TempDir>();
    GenerateOptions options;
    options.out = dir_->path() / "data";
    options.songs = 400;
    options.events = 6000;
    options.malformed = 17;
    options.seed = 1234;
    generate_dataset(options);
    data_ = std::make_unique<Dataset>(testing::read_dataset(options.out));
    catalog_ = std::make_unique<Catalog>();
    for (const auto& song : data_->songs) {
      (*catalog_)[{song["title"], song["artist_name"]}].push_back({song["duration"], song["song_id"]});
    }
  }
  static void TearDownTestSuite() {
    catalog_.reset();
    data_.reset();
    dir_.reset();
  }

  static const Dataset& data() { return *data_; }
  static const nlohmann::json& tables() { return data_->truth["tables"]; }

  static bool is_songplay(const nlohmann::json& event) {
    return event["page"] == "NextSong" && !event["userId"].get<std::string>().empty();
  }

  // The match rule, applied to the song files as read back.
  static std::optional<std::string> resolve(const nlohmann::json& event) {
    const auto found = catalog_->find({event["song"], event["artist"]});
    if (found == catalog_->end()) return std::nullopt;
    const double length = event["length"];
    const auto best = std::min_element(found->second.begin(), found->second.end(), [&](const auto& a, const auto& b) {
      const double da = std::abs(a.duration - length);
      const double db = std::abs(b.duration - length);
      return da != db ? da < db : a.song_id < b.song_id;
    });
    return best->song_id;
  }

  static std::unique_ptr<testing::TempDir> dir_;
  static std::unique_ptr<Dataset> data_;
  static std::unique_ptr<Catalog> catalog_;
};

std::unique_ptr<testing::TempDir> TruthRecountTest::dir_;
std::unique_ptr<Dataset> TruthRecountTest::data_;
std::unique_ptr<TruthRecountTest::Catalog> TruthRecountTest::catalog_;

TEST_F(TruthRecountTest, StagingCountsMatchRecordsInFiles) {
  EXPECT_EQ(tables()["staging_events"], data().events.size());
  EXPECT_EQ(tables()["staging_songs"], data().songs.size());
  EXPECT_EQ(data().truth["records_read"]["events"], data().events.size() + data().rejected_lines.size());
  EXPECT_EQ(data().truth["records_read"]["songs"], data().songs.size());
}

TEST_F(TruthRecountTest, SongplaysAreDistinctKeysOfNextSongEventsWithUserId) {
  std::set<EventKey> keys;
  std::size_t lines = 0;
  for (const auto& line : data().events) {
    if (!is_songplay(line.json)) continue;
    ++lines;
    const auto& e = line.json;
    keys.insert({std::stoll(e["userId"].get<std::string>()), e["sessionId"], e["itemInSession"], e["ts"]});
  }
  EXPECT_GT(keys.size(), 0u);
  EXPECT_GT(lines, keys.size()) << "the data set should hold repeated lines";
  EXPECT_EQ(tables()["songplays"], keys.size());
}

TEST_F(TruthRecountTest, UsersAreDistinctUserIdsOverAllPages) {
  std::set<std::string> users;
  for (const auto& line : data().events) {
    const auto id = line.json["userId"].get<std::string>();
    if (!id.empty()) users.insert(id);
  }
  EXPECT_EQ(tables()["users"], users.size());
}

TEST_F(TruthRecountTest, SongsAndArtistsAreDistinctIds) {
  std::set<std::string> songs;
  std::set<std::string> artists;
  for (const auto& song : data().songs) {
    songs.insert(song["song_id"].get<std::string>());
    artists.insert(song["artist_id"].get<std::string>());
  }
  EXPECT_EQ(tables()["songs"], songs.size());
  EXPECT_EQ(tables()["artists"], artists.size());
}

TEST_F(TruthRecountTest, TimeIsDistinctSongplayTimestamps) {
  std::set<std::int64_t> ts;
  for (const auto& line : data().events) {
    if (is_songplay(line.json)) ts.insert(line.json["ts"].get<std::int64_t>());
  }
  EXPECT_EQ(tables()["time"], ts.size());
}

TEST_F(TruthRecountTest, UsersTakeLevelFromLatestEvent) {
  std::map<std::string, std::pair<EventKey, std::string>> latest;
  for (const auto& line : data().events) {
    const auto& e = line.json;
    const auto id = e["userId"].get<std::string>();
    if (id.empty()) continue;
    const EventKey key{e["ts"], e["sessionId"], e["itemInSession"], 0};
    auto [it, inserted] = latest.try_emplace(id, key, e["level"]);
    if (!inserted && key > it->second.first) it->second = {key, e["level"]};
  }
  ASSERT_EQ(data().truth["user_levels"].size(), latest.size());
  for (const auto& [id, entry] : latest)
    EXPECT_EQ(data().truth["user_levels"].value(id, ""), entry.second) << "user " << id;
}

TEST_F(TruthRecountTest, MatchedSongplaysFollowTheMatchRule) {
  std::int64_t matched = 0;
  std::set<std::string> seen;
  for (const auto& line : data().events) {
    if (is_songplay(line.json) && seen.insert(line.raw).second && resolve(line.json)) ++matched;
  }
  EXPECT_GT(matched, 0);
  EXPECT_EQ(data().truth["matched_songplays"], matched);
}

TEST_F(TruthRecountTest, ExpectedMatchesAgreeWithTheMatchRule) {
  std::map<EventKey, const nlohmann::json*> songplays;
  for (const auto& line : data().events) {
    if (!is_songplay(line.json)) continue;
    const auto& e = line.json;
    songplays[{std::stoll(e["userId"].get<std::string>()), e["sessionId"], e["itemInSession"], e["ts"]}] = &e;
  }
  const auto& samples = data().truth["expected_matches"];
  ASSERT_FALSE(samples.empty());
  for (const auto& sample : samples) {
    const auto found =
        songplays.find({sample["user_id"], sample["session_id"], sample["item_in_session"], sample["ts"]});
    ASSERT_NE(found, songplays.end()) << sample.dump();
    const auto expected = resolve(*found->second);
    if (expected) {
      EXPECT_EQ(sample["song_id"], *expected) << sample.dump();
    } else {
      EXPECT_TRUE(sample["song_id"].is_null()) << sample.dump();
    }
  }
}

TEST_F(TruthRecountTest, ExpectedMatchesIncludeEveryAmbiguousSongplayAndSomeMisses) {
  std::int64_t ambiguous = 0;
  for (const auto& line : data().events) {
    if (!is_songplay(line.json)) continue;
    const auto found = catalog_->find({line.json["song"], line.json["artist"]});
    if (found != catalog_->end() && found->second.size() > 1) ++ambiguous;
  }
  ASSERT_GT(ambiguous, 0);
  std::int64_t sampled_ambiguous = 0;
  std::int64_t sampled_misses = 0;
  for (const auto& sample : data().truth["expected_matches"]) {
    if (sample["song_id"].is_null()) {
      ++sampled_misses;
      continue;
    }
    const auto candidates = std::count_if(data().songs.begin(), data().songs.end(),
                                          [&](const auto& song) { return song["song_id"] == sample["song_id"]; });
    EXPECT_EQ(candidates, 1);
    for (const auto& [key, songs] : *catalog_) {
      const bool in_group = std::any_of(songs.begin(), songs.end(),
                                        [&](const CatalogEntry& entry) { return entry.song_id == sample["song_id"]; });
      if (in_group && songs.size() > 1) ++sampled_ambiguous;
    }
  }
  EXPECT_EQ(sampled_ambiguous, std::min<std::int64_t>(ambiguous, 160));
  EXPECT_GT(sampled_misses, 0);
}

TEST_F(TruthRecountTest, SongplayKeyRepeatsOnlyAsTheSameLineAndItemsIncreaseWithinSession) {
  std::map<EventKey, std::string> keys;
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> last_item;
  for (const auto& line : data().events) {
    const auto& e = line.json;
    const auto id = e["userId"].get<std::string>();
    if (id.empty()) continue;
    const auto [first, inserted_key] =
        keys.try_emplace({std::stoll(id), e["sessionId"], e["itemInSession"], e["ts"]}, line.raw);
    if (!inserted_key) {
      EXPECT_EQ(first->second, line.raw) << "a key repeats with other content";
      continue;
    }
    auto [it, inserted] = last_item.try_emplace({id, e["sessionId"]}, e["itemInSession"]);
    if (!inserted) {
      EXPECT_GT(e["itemInSession"].get<std::int64_t>(), it->second) << line.raw;
      it->second = e["itemInSession"];
    }
  }
}

}  // namespace
}  // namespace sparkify::generate
