#include "parse/staging_fields.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

namespace sparkify::parse {
namespace {

// "itemInSession" -> "item_in_session".
std::string snake_case(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

template <typename Fields>
std::vector<std::string> columns(const Fields& fields) {
  std::vector<std::string> out;
  for_each_field(fields, [&](const auto& field) { out.emplace_back(field.column); });
  return out;
}

// A JSON key paired with another field's column (a swapped line) fails here.
template <typename Fields>
void expect_keys_name_their_columns(const Fields& fields) {
  for_each_field(fields, [&](const auto& field) {
    if (field.in_json()) {
      EXPECT_EQ(snake_case(field.json_key), field.column);
    }
  });
}

TEST(StagingFields, EventKeysNameTheirColumns) { expect_keys_name_their_columns(kEventFields); }

TEST(StagingFields, SongKeysNameTheirColumns) { expect_keys_name_their_columns(kSongFields); }

// The staging column order of docs/semantics.md and the DDL goldens.
TEST(StagingFields, EventColumnsInStagingOrder) {
  EXPECT_EQ(columns(kEventFields),
            (std::vector<std::string>{"artist",    "auth",         "first_name", "gender",      "item_in_session",
                                      "last_name", "length",       "level",      "location",    "method",
                                      "page",      "registration", "session_id", "song",        "status",
                                      "ts",        "user_agent",   "user_id",    "source_file", "source_line"}));
}

TEST(StagingFields, SongColumnsInStagingOrder) {
  EXPECT_EQ(columns(kSongFields), (std::vector<std::string>{"num_songs", "artist_id", "artist_latitude",
                                                            "artist_longitude", "artist_location", "artist_name",
                                                            "song_id", "title", "duration", "year", "source_file"}));
}

TEST(StagingFields, JsonKeysAreTheJsonFieldsInOrder) {
  constexpr auto keys = json_keys<kEventFields>();
  ASSERT_EQ(keys.size(), 18u);
  EXPECT_EQ(keys.front(), "artist");
  EXPECT_EQ(keys[4], "itemInSession");
  EXPECT_EQ(keys.back(), "userId");
  EXPECT_EQ((json_keys<kSongFields>().size()), 10u);
}

// A column writer that records what write_row hands it.
struct RecordingWriter {
  std::vector<std::string> values;
  int rows = 0;
  void text(std::optional<std::string_view> v) { values.push_back(v ? "t:" + std::string(*v) : "t:NULL"); }
  void int32(std::optional<std::int32_t> v) { values.push_back(v ? "i4:" + std::to_string(*v) : "i4:NULL"); }
  void int64(std::optional<std::int64_t> v) { values.push_back(v ? "i8:" + std::to_string(*v) : "i8:NULL"); }
  void float64(std::optional<double> v) { values.push_back(v ? "f8:" + std::to_string(*v) : "f8:NULL"); }
  void end_row() { ++rows; }
};

TEST(StagingFields, WriteRowHandsEverySongValueInColumnOrderWithItsType) {
  SongRow row;
  row.num_songs = 1;
  row.artist_id = "AR1";
  row.artist_latitude = 1.5;
  row.artist_location = "Paris";
  row.artist_name = "Name";
  row.song_id = "SO1";
  row.title = "Title";
  row.duration = 2.5;
  row.year = 0;
  row.source_file = "f.json";
  RecordingWriter w;
  write_row(kSongFields, w, row);
  EXPECT_EQ(w.rows, 1);
  EXPECT_EQ(w.values, (std::vector<std::string>{"i4:1", "t:AR1", "f8:1.500000", "f8:NULL", "t:Paris", "t:Name", "t:SO1",
                                                "t:Title", "f8:2.500000", "i4:0", "t:f.json"}));
}

}  // namespace
}  // namespace sparkify::parse
