#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parse/parsers.h"

namespace sparkify::parse {
namespace {

const std::string kSong =
    R"({"num_songs": 1, "artist_id": "ARJIE2Y1187B994AB7", "artist_latitude": null, )"
    R"("artist_longitude": null, "artist_location": "", "artist_name": "Line Renaud", )"
    R"("song_id": "SOUPIRU12A6D4FA1E1", "title": "Der Kleine Dompfaff", "duration": 152.92036, "year": 0})";

const std::string kPrettySong = R"({
  "num_songs": 1,
  "artist_id": "AR7G5I41187FB4CE6C",
  "artist_latitude": 35.14968,
  "artist_longitude": -90.04892,
  "artist_location": "London, England",
  "artist_name": "Adam Ant",
  "song_id": "SONHOTT12A8C13493C",
  "title": "Something Girls",
  "duration": 233.40363,
  "year": 1982
}
)";

std::unique_ptr<SongBatch> parse(const std::string& body) {
  return parse_songs("data/song_data/A/A/A/TRAAAAW128F429D538.json", body);
}

TEST(ParseSongs, SongFileWithOneObject) {
  auto batch = parse(kSong + "\n");
  ASSERT_EQ(batch->rows.size(), 1u);
  const SongRow& row = batch->rows[0];
  EXPECT_EQ(row.num_songs, 1);
  EXPECT_EQ(row.artist_id, "ARJIE2Y1187B994AB7");
  EXPECT_EQ(row.artist_latitude, std::nullopt);
  EXPECT_EQ(row.artist_longitude, std::nullopt);
  EXPECT_EQ(row.artist_name, "Line Renaud");
  EXPECT_EQ(row.song_id, "SOUPIRU12A6D4FA1E1");
  EXPECT_EQ(row.title, "Der Kleine Dompfaff");
  EXPECT_EQ(row.duration, 152.92036);
  EXPECT_EQ(row.source_file, "data/song_data/A/A/A/TRAAAAW128F429D538.json");
  EXPECT_EQ(batch->records_read, 1);
}

TEST(ParseSongs, PrettyPrintedSongFile) {
  auto batch = parse(kPrettySong);
  ASSERT_EQ(batch->rows.size(), 1u) << (batch->rejects.empty() ? "" : batch->rejects[0].reason);
  const SongRow& row = batch->rows[0];
  EXPECT_EQ(row.artist_latitude, 35.14968);
  EXPECT_EQ(row.artist_longitude, -90.04892);
  EXPECT_EQ(row.artist_location, "London, England");
  EXPECT_EQ(row.title, "Something Girls");
  EXPECT_EQ(row.year, 1982);
}

TEST(ParseSongs, SongFileAsNdjson) {
  auto batch = parse(kSong + "\n\n" + kSong + "\n{\"title\": \n");
  EXPECT_EQ(batch->rows.size(), 2u);
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].line, 4);
  EXPECT_EQ(batch->rejects[0].raw, "{\"title\": ");
  EXPECT_EQ(batch->records_read, 3);
}

TEST(ParseSongs, SongMissingSongIdIsRejected) {
  const std::string body = R"({"artist_id": "AR1", "artist_name": "A", "title": "T"})";
  auto batch = parse(body);
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].reason, R"(missing required field "song_id")");
  EXPECT_EQ(batch->rejects[0].line, 1);
  EXPECT_EQ(batch->rejects[0].raw, body);
  EXPECT_TRUE(batch->rows.empty());
}

TEST(ParseSongs, SongNullTitleIsRejected) {
  auto batch = parse(R"({"artist_id": "AR1", "artist_name": "A", "song_id": "S1", "title": null})");
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].reason, R"(field "title": required, got null)");
}

TEST(ParseSongs, SongYearZeroKept) {
  auto batch = parse(kSong);
  ASSERT_EQ(batch->rows.size(), 1u);
  EXPECT_EQ(batch->rows[0].year, 0);
}

TEST(ParseSongs, EmptyArtistLocationKeptAsEmpty) {
  auto batch = parse(kSong);
  ASSERT_EQ(batch->rows.size(), 1u);
  EXPECT_EQ(batch->rows[0].artist_location, "");
}

TEST(ParseSongs, NullOptionalSongFieldsBecomeNullopt) {
  auto batch = parse(R"({"num_songs": null, "artist_id": "AR1", "artist_location": null, "artist_name": "A",)"
                     R"( "song_id": "S1", "title": "T", "duration": null, "year": null})");
  ASSERT_EQ(batch->rows.size(), 1u);
  const SongRow& row = batch->rows[0];
  EXPECT_FALSE(row.num_songs || row.artist_location || row.duration || row.year || row.artist_latitude);
}

TEST(ParseSongs, BrokenPrettyPrintedSongIsOneReject) {
  const std::string broken = kPrettySong.substr(0, kPrettySong.size() / 2);
  auto batch = parse(broken);
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].line, 1);
  EXPECT_THAT(batch->rejects[0].reason, ::testing::StartsWith("invalid JSON: "));
  EXPECT_THAT(batch->rejects[0].raw, ::testing::StartsWith("{\n  \"num_songs\": 1,"));
  EXPECT_TRUE(batch->rows.empty());
}

TEST(ParseSongs, WrongTypeInSongIsRejectedNamingField) {
  auto batch = parse(R"({"artist_id": "AR1", "artist_name": "A", "song_id": "S1", "title": "T", "year": "1982"})");
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].reason, R"(field "year": expected an integer, got string)");
}

TEST(ParseSongs, EmptySongFileHasNoRecords) {
  auto batch = parse(" \n\n");
  EXPECT_EQ(batch->records_read, 0);
  EXPECT_TRUE(batch->rows.empty());
  EXPECT_TRUE(batch->rejects.empty());
}

}  // namespace
}  // namespace sparkify::parse
