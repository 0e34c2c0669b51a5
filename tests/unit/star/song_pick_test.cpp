#include "star/song_pick.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sparkify::star {
namespace {

std::string text(const std::optional<std::string>& s) { return s ? "'" + *s + "'" : "NULL"; }
template <typename T>
std::string number(const std::optional<T>& n) {
  if (!n) return "NULL";
  std::string out = std::to_string(*n);
  if constexpr (std::is_floating_point_v<T>) out.erase(out.find_last_not_of('0') + 1);
  return out;
}

SongRecord song(const char* id, const char* title, const char* artist_id, std::optional<std::int32_t> year,
                std::optional<double> duration) {
  return {id, title, artist_id, year, duration, "Band", std::nullopt, std::nullopt, std::nullopt};
}

SongRecord artist(const char* song_id, const char* name, Text location, std::optional<double> latitude,
                  std::optional<double> longitude) {
  return {song_id, "T", "A1", std::nullopt, std::nullopt, name, location, latitude, longitude};
}

// Each record order gives the same picks: "<song_id> <title> <artist_id> <year> <duration>" per song.
std::vector<std::string> songs_in_every_order(std::vector<SongRecord> records) {
  std::vector<std::string> first;
  std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) { return a.title < b.title; });
  do {
    SongPicks picks;
    for (const auto& r : records) picks.offer(r);
    std::vector<std::string> out;
    for (const auto& s : picks.take_songs())
      out.push_back(s.song_id + " " + s.title + " " + s.artist_id + " " + number(s.year) + " " + number(s.duration));
    std::sort(out.begin(), out.end());
    if (first.empty()) first = out;
    EXPECT_EQ(out, first);
  } while (std::next_permutation(records.begin(), records.end(),
                                 [](const auto& a, const auto& b) { return a.title < b.title; }));
  return first;
}

std::string artist_in_every_order(std::vector<SongRecord> records) {
  std::string first;
  std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) { return a.song_id < b.song_id; });
  do {
    SongPicks picks;
    for (const auto& r : records) picks.offer(r);
    const auto artists = picks.take_artists();
    if (artists.size() != 1) return "artists: " + std::to_string(artists.size());
    const auto& a = artists[0];
    const std::string out =
        a.artist_id + " '" + a.name + "' " + text(a.location) + " " + number(a.latitude) + " " + number(a.longitude);
    if (first.empty()) first = out;
    EXPECT_EQ(out, first);
  } while (std::next_permutation(records.begin(), records.end(),
                                 [](const auto& a, const auto& b) { return a.song_id < b.song_id; }));
  return first;
}

TEST(SongPicks, OneRowPerSongId) {
  EXPECT_EQ(songs_in_every_order({song("S1", "Song", "A1", 2000, 100), song("S2", "Other", "A1", 2001, 200)}),
            (std::vector<std::string>{"S1 Song A1 2000 100.", "S2 Other A1 2001 200."}));
}

TEST(SongPicks, TheSmallestTitleThenArtistThenYearThenDuration) {
  EXPECT_EQ(songs_in_every_order({song("S1", "b", "A1", 2000, 100), song("S1", "a", "A2", 2000, 100),
                                  song("S1", "a ", "A1", 2000, 300), song("S1", "a", "A1", 2000, 200)}),
            (std::vector<std::string>{"S1 a A1 2000 200."}));
}

TEST(SongPicks, NullYearAndDurationComeFirst) {
  EXPECT_EQ(songs_in_every_order({song("S1", "a", "A1", 1999, 100), song("S1", "b", "A1", std::nullopt, 300),
                                  song("S1", "a", "A1", std::nullopt, 300), song("S1", "a", "A1", 0, 50)}),
            (std::vector<std::string>{"S1 a A1 NULL 300."}));
  EXPECT_EQ(songs_in_every_order({song("S1", "a", "A1", 0, 100), song("S1", "a", "A1", 0, std::nullopt)}),
            (std::vector<std::string>{"S1 a A1 0 NULL"}));
}

TEST(SongPicks, TitlesCompareByBytes) {
  // "\xC3\x89t\xC3\xA9" (Été) sorts after every ASCII title.
  EXPECT_EQ(songs_in_every_order({song("S1", "\xC3\x89t\xC3\xA9", "A1", 0, 1), song("S1", "Zebra", "A1", 0, 1)}),
            (std::vector<std::string>{"S1 Zebra A1 0 1."}));
}

TEST(SongPicks, ALocatedArtistRecordBeatsOneWithCoordinatesOnly) {
  EXPECT_EQ(artist_in_every_order({artist("S1", "Aa", std::nullopt, 1.5, 2.5), artist("S2", "Zz", "Paris", {}, {})}),
            "A1 'Zz' 'Paris' NULL NULL");
}

TEST(SongPicks, AnEmptyLocationCountsAsNone) {
  EXPECT_EQ(artist_in_every_order({artist("S1", "Aa", "", {}, {}), artist("S2", "Bb", std::nullopt, 3, 4)}),
            "A1 'Bb' NULL 3. 4.");
}

TEST(SongPicks, CoordinatesNeedBothLatitudeAndLongitude) {
  EXPECT_EQ(artist_in_every_order({artist("S1", "Aa", "X", 1, std::nullopt), artist("S2", "Bb", "X", 1, 2)}),
            "A1 'Bb' 'X' 1. 2.");
}

TEST(SongPicks, ThenTheSmallestNameLocationLatitudeLongitude) {
  EXPECT_EQ(artist_in_every_order({artist("S1", "Band", "Rome", 5, 6), artist("S2", "Band", "Oslo", 7, 8),
                                   artist("S3", "Band", "Oslo", 7, 1), artist("S4", "Bond", "Oslo", 1, 1)}),
            "A1 'Band' 'Oslo' 7. 1.");
  EXPECT_EQ(artist_in_every_order({artist("S1", "Band", "", 5, 6), artist("S2", "Band", std::nullopt, 5, 6)}),
            "A1 'Band' NULL 5. 6.");
}

}  // namespace
}  // namespace sparkify::star
