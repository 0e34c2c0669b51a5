#include "star/song_match.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sparkify::star {
namespace {

// A song as the test writes it; the catalog keeps copies of its texts.
struct Song {
  std::string title, artist_name;
  std::optional<double> duration;
  std::string song_id, artist_id;
};

SongCatalog catalog_of(const std::vector<Song>& songs) {
  SongCatalog::Builder builder;
  for (const Song& s : songs) builder.add(s.title, s.artist_name, s.duration, s.song_id, s.artist_id);
  return std::move(builder).build();
}

SongCatalog catalog() {
  return catalog_of({
      {"Halo", "Beyonce", 261.0, "SOB", "AR1"},
      {"Halo", "Beyonce", 250.0, "SOA", "AR1"},
      {"Halo", "Beyonce", 239.0, "SOC", "AR1"},
      {"Halo ", "Beyonce", 261.0, "SOT", "AR1"},
      {"Halo", "Depeche Mode", 270.0, "SOD", "AR2"},
      {"Fix", "Coldplay", std::nullopt, "SOF2", "AR3"},
      {"Fix", "Coldplay", std::nullopt, "SOF1", "AR3"},
  });
}

std::string id(const std::optional<CatalogSong>& song) { return song ? std::string(song->song_id) : "none"; }
std::string id(const Song* song) { return song ? song->song_id : "none"; }

TEST(SongMatch, NeedsTitleAndArtistNameByteForByte) {
  const auto c = catalog();
  EXPECT_EQ("SOD", id(c.match("Halo", "Depeche Mode", 270.0)));
  EXPECT_EQ("SOT", id(c.match("Halo ", "Beyonce", 1.0)));
  EXPECT_EQ("none", id(c.match("halo", "Beyonce", 261.0)));
  EXPECT_EQ("none", id(c.match("Halo", "Beyoncé", 261.0)));
}

TEST(SongMatch, PicksTheClosestDuration) {
  const auto c = catalog();
  EXPECT_EQ("SOB", id(c.match("Halo", "Beyonce", 260.0)));
  EXPECT_EQ("SOC", id(c.match("Halo", "Beyonce", 200.0)));
}

TEST(SongMatch, EqualDistancesGoToTheSmallestSongId) {
  const auto c = catalog();
  EXPECT_EQ("SOA", id(c.match("Halo", "Beyonce", 244.5)));  // 5.5 from SOA and SOC
  EXPECT_EQ("SOA", id(c.match("Halo", "Beyonce", 255.5)));  // 5.5 from SOA and SOB
}

TEST(SongMatch, AnUnknownDistanceComesLast) {
  const auto c = catalog();
  EXPECT_EQ("SOA", id(c.match("Halo", "Beyonce", std::nullopt)));  // every distance unknown: smallest id
  EXPECT_EQ("SOF1", id(c.match("Fix", "Coldplay", 100.0)));
}

// The rule written as plainly as possible, over every song.
const Song* reference_match(const std::vector<Song>& songs, std::string_view song, std::string_view artist,
                            std::optional<double> length) {
  const Song* best = nullptr;
  for (const auto& candidate : songs) {
    if (candidate.title != song || candidate.artist_name != artist) continue;
    const auto distance = [&](const Song& s) -> std::optional<double> {
      if (!length || !s.duration) return std::nullopt;
      return std::fabs(*s.duration - *length);
    };
    const auto d = distance(candidate);
    const auto b = best ? distance(*best) : std::nullopt;
    const bool closer = best == nullptr || (d && !b) || (d && b && *d < *b) ||
                        (((d && b && *d == *b) || (!d && !b)) && candidate.song_id < best->song_id);
    if (closer) best = &candidate;
  }
  return best;
}

// Thousands of songs over a small vocabulary (many songs per pair, many
// pairs per hash slot run): every answer equals the plain rule's, looked up
// at once or begun with start().
TEST(SongMatch, AgreesWithThePlainRuleOnManySongs) {
  std::mt19937 random(7);
  const std::vector<std::string> words = {"Halo", "Halo ", "Fix", "Yellow", "Ünïcode", "", "a", "b"};
  auto pick = [&] { return words[random() % words.size()] + words[random() % words.size()]; };
  std::vector<Song> songs;
  for (int i = 0; i < 3000; ++i) {
    std::optional<double> duration;
    if (random() % 5 != 0) duration = static_cast<double>(random() % 40);
    songs.push_back({pick(), pick(), duration, "SO" + std::to_string(random() % 100000), "AR"});
  }
  const SongCatalog catalog = catalog_of(songs);
  for (int i = 0; i < 5000; ++i) {
    const std::string song = pick(), artist = pick();
    std::optional<double> length;
    if (random() % 4 != 0) length = static_cast<double>(random() % 40) + 0.5 * (random() % 2);
    const Song* expected = reference_match(songs, song, artist, length);
    const std::optional<CatalogSong> actual = catalog.match(song, artist, length);
    ASSERT_EQ(id(expected), id(actual)) << "'" << song << "' by '" << artist << "'";
    const std::optional<CatalogSong> probed = catalog.match(song, artist, length, catalog.start(song, artist));
    ASSERT_EQ(id(expected), id(probed)) << "'" << song << "' by '" << artist << "', begun with start()";
  }
}

}  // namespace
}  // namespace sparkify::star
