// make_event_rows, match_plays and played_songs (pipeline/event_rows.h): what
// a parse worker makes of one event file, on log lines of test_plays::line.
#include "pipeline/event_rows.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "star/keys.h"
#include "unit/pipeline/play_line.h"

namespace sparkify::pipeline {
namespace {

using test_plays::Play;

const source::ObjectRef kFile{"/d/log_data/2018/11/2018-11-01-events.json", 0, "1"};

// `from` replaced by `to` in the line (once; the test fails when absent).
std::string with(std::string line, const std::string& from, const std::string& to) {
  const auto at = line.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) line.replace(at, from.size(), to);
  return line;
}

EventProduct product_of(std::string lines, const star::SongCatalog* catalog) {
  source::FetchedObject fetched;
  fetched.ref = &kFile;
  fetched.body = std::move(lines);
  return make_event_rows(std::move(fetched), catalog);
}

std::vector<star::SongplayRow> plays_of(const EventProduct& product) {
  std::vector<star::SongplayRow> plays;
  for (const PlaySlice& slice : product.slices) plays.insert(plays.end(), slice.plays.begin(), slice.plays.end());
  return plays;
}

// One song, "S" by "A", 200.5 s long.
star::SongCatalog catalog_of_s() {
  star::SongCatalog::Builder songs;
  songs.add("S", "A", 200.5, "SOS", "ARA");
  return std::move(songs).build();
}

TEST(EventRowsTest, APlayCarriesItsKeyTimeRowAndKeyHashes) {
  const EventProduct product = product_of(test_plays::line(Play{.item = 3}), nullptr);
  ASSERT_EQ(product.slices.size(), 1u);
  const PlaySlice& slice = product.slices[0];
  ASSERT_EQ(slice.plays.size(), 1u);
  const std::int64_t ts = test_plays::play_ts(3);
  const star::SongplayRow& play = slice.plays[0];
  EXPECT_EQ(play.songplay_id, star::songplay_key(9, 5, 3, ts));
  EXPECT_EQ(play.start_time_ms, ts);
  EXPECT_EQ(play.user_id, 9);
  EXPECT_EQ(play.level, "free");
  EXPECT_EQ(play.location, "Here");
  EXPECT_EQ(play.user_agent, "UA");
  ASSERT_EQ(slice.times.size(), 1u);
  EXPECT_EQ(slice.times[0].start_time_ms, ts);
  EXPECT_EQ(slice.times[0].hour, star::time_row(ts).hour);
  ASSERT_EQ(slice.hashes.size(), 1u);
  EXPECT_EQ(slice.hashes[0].play, star::songplay_key_hash(play.songplay_id));
  EXPECT_EQ(slice.hashes[0].time, star::time_key_hash(ts));
  EXPECT_EQ(product.users.size(), 1u);
}

TEST(EventRowsTest, OnlyNextSongEventsOfKnownUsersArePlaysAndOnlyKnownUsersArePicked) {
  const std::string home = with(test_plays::line(Play{.item = 1}), R"("page":"NextSong")", R"("page":"Home")");
  const std::string logged_out = with(test_plays::line(Play{.item = 2}), R"("userId":"9")", R"("userId":"")");
  const EventProduct product = product_of(home + logged_out, nullptr);
  EXPECT_TRUE(plays_of(product).empty());
  ASSERT_EQ(product.users.size(), 1u);
  EXPECT_EQ(product.users.rows().at(0).user_id, 9);
}

TEST(EventRowsTest, ALineWrittenTwiceInARowMakesOnePlay) {
  const std::string once = test_plays::line(Play{.item = 1});
  EXPECT_EQ(plays_of(product_of(once + once, nullptr)).size(), 1u);
  EXPECT_EQ(plays_of(product_of(once + test_plays::line(Play{.item = 2}), nullptr)).size(), 2u);
}

TEST(EventRowsTest, PlaysMatchTheCatalogGivenOrLaterTheSame) {
  const star::SongCatalog catalog = catalog_of_s();
  const std::string lines = test_plays::line(Play{.item = 1}) + test_plays::line(Play{.item = 2, .song = R"("T")"});
  const auto matched = plays_of(product_of(lines, &catalog));
  ASSERT_EQ(matched.size(), 2u);
  EXPECT_EQ(matched[0].song_id, "SOS");
  EXPECT_EQ(matched[0].artist_id, "ARA");
  EXPECT_FALSE(matched[1].song_id);

  EventProduct later = product_of(lines, nullptr);
  EXPECT_FALSE(plays_of(later).at(0).song_id);
  match_plays(later, catalog);
  EXPECT_EQ(plays_of(later), matched);
}

TEST(EventRowsTest, AnUnreadableFileIsARejectOfItsOwn) {
  source::FetchedObject fetched;
  fetched.ref = &kFile;
  fetched.error = "connection reset";
  const EventProduct product = make_event_rows(std::move(fetched), nullptr);
  ASSERT_TRUE(product.unreadable);
  EXPECT_EQ(product.unreadable->file, kFile.uri);
  EXPECT_EQ(product.unreadable->reason, "cannot read object: connection reset");
  EXPECT_FALSE(product.batch);
  EXPECT_TRUE(product.slices.empty());
}

TEST(EventRowsTest, PlayedSongsAreTheDistinctPairsOfPlaysNamingBoth) {
  std::vector<EventProduct> products;
  products.push_back(
      product_of(test_plays::line(Play{.item = 1}) + test_plays::line(Play{.item = 2, .song = R"("T")"}), nullptr));
  products.push_back(product_of(test_plays::line(Play{.item = 3}) + test_plays::line(Play{.item = 4, .song = "null"}) +
                                    test_plays::line(Play{.item = 5, .song = R"("U")", .artist = "null"}),
                                nullptr));
  auto pairs = played_songs(products);
  std::sort(pairs.begin(), pairs.end(),
            [](const star::PlayedSong& a, const star::PlayedSong& b) { return a.song < b.song; });
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0], (star::PlayedSong{"S", "A"}));
  EXPECT_EQ(pairs[1], (star::PlayedSong{"T", "A"}));
}

}  // namespace
}  // namespace sparkify::pipeline
