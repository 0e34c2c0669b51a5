#include "star/song_match.h"

#include <gtest/gtest.h>

namespace sparkify::star {
namespace {

SongCatalog catalog() {
  return SongCatalog({
      {"Halo", "Beyonce", 261.0, "SOB", "AR1"},
      {"Halo", "Beyonce", 250.0, "SOA", "AR1"},
      {"Halo", "Beyonce", 239.0, "SOC", "AR1"},
      {"Halo ", "Beyonce", 261.0, "SOT", "AR1"},
      {"Halo", "Depeche Mode", 270.0, "SOD", "AR2"},
      {"Fix", "Coldplay", std::nullopt, "SOF2", "AR3"},
      {"Fix", "Coldplay", std::nullopt, "SOF1", "AR3"},
  });
}

std::string id(const CatalogSong* song) { return song ? song->song_id : "none"; }

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

}  // namespace
}  // namespace sparkify::star
