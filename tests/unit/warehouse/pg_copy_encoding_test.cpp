// Byte-exact checks of the PostgreSQL COPY encodings against the documented
// formats (PostgreSQL docs, COPY, "Binary Format"; "Text Format").
#include "warehouse/pg_copy_encoding.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace sparkify::warehouse {
namespace {

using namespace std::string_literals;

TEST(BinaryCopy, HeaderIsSignatureFlagsAndEmptyExtension) {
  EXPECT_EQ(copy_header(sql::CopyFormat::binary), "PGCOPY\n\xff\r\n\0"s + "\0\0\0\0"s + "\0\0\0\0"s);
  EXPECT_EQ(copy_header(sql::CopyFormat::binary).size(), 19u);
}

TEST(BinaryCopy, TrailerIsInt16MinusOne) { EXPECT_EQ(copy_trailer(sql::CopyFormat::binary), "\xff\xff"s); }

TEST(BinaryCopy, TextFormatHasNoHeaderOrTrailer) {
  EXPECT_EQ(copy_header(sql::CopyFormat::text), "");
  EXPECT_EQ(copy_trailer(sql::CopyFormat::text), "");
}

TEST(BinaryCopy, RowIsFieldCountThenLengthAndBigEndianValuePerField) {
  std::string out;
  BinaryCopyRow row(out, 5, "t");
  row.int32(0x01020304);
  row.int64(-2);
  row.float64(1.5);
  row.text("ab");
  row.text(std::nullopt);
  row.end_row();
  EXPECT_EQ(out,
            "\0\x05"s                                      // int16 field count
            "\0\0\0\x04\x01\x02\x03\x04"s                  // int4
            "\0\0\0\x08\xff\xff\xff\xff\xff\xff\xff\xfe"s  // int8 -2
            "\0\0\0\x08\x3f\xf8\0\0\0\0\0\0"s              // float8 1.5 = 0x3FF8000000000000
            "\0\0\0\x02"
            "ab"s                  // text: its bytes
            "\xff\xff\xff\xff"s);  // NULL: length -1, no bytes
}

TEST(BinaryCopy, NullNumbersAreLengthMinusOne) {
  std::string out;
  BinaryCopyRow row(out, 3, "t");
  row.int32(std::nullopt);
  row.int64(std::nullopt);
  row.float64(std::nullopt);
  row.end_row();
  EXPECT_EQ(out, "\0\x03"s + "\xff\xff\xff\xff"s + "\xff\xff\xff\xff"s + "\xff\xff\xff\xff"s);
}

TEST(BinaryCopy, TimestampIsMicrosecondsSince2000) {
  std::string out;
  BinaryCopyRow row(out, 2, "t");
  row.timestamp_ms(946'684'800'001);  // 2000-01-01 00:00:00.001 UTC -> 1000 us
  row.timestamp_ms(946'684'799'999);  // 1999-12-31 23:59:59.999 UTC -> -1000 us
  row.end_row();
  EXPECT_EQ(out, "\0\x02"s +
                     "\0\0\0\x08"
                     "\0\0\0\0\0\0\x03\xe8"s +
                     "\0\0\0\x08\xff\xff\xff\xff\xff\xff\xfc\x18"s);
}

TEST(BinaryCopy, UuidIsItsSixteenBytes) {
  std::string out;
  BinaryCopyRow row(out, 1, "t");
  const std::uint8_t bytes[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                  0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
  row.uuid(bytes);
  row.end_row();
  EXPECT_EQ(out, "\0\x01"s + "\0\0\0\x10"s + "\x01\x23\x45\x67\x89\xab\xcd\xef\xfe\xdc\xba\x98\x76\x54\x32\x10"s);
}

TEST(BinaryCopy, RowWithTooFewValuesIsAnError) {
  std::string out;
  BinaryCopyRow row(out, 2, "songplays");
  row.int64(1);
  try {
    row.end_row();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::warehouse);
    EXPECT_STREQ(e.what(), "internal: a row for songplays set 1 of its 2 columns");
  }
}

TEST(BinaryCopy, RowWithTooManyValuesIsAnError) {
  std::string out;
  BinaryCopyRow row(out, 1, "time");
  row.int64(1);
  row.int64(2);
  EXPECT_THROW(row.end_row(), Error);
}

TEST(BinaryCopy, EachRowRepeatsItsFieldCount) {
  std::string out;
  BinaryCopyRow row(out, 1, "t");
  row.int32(7);
  row.end_row();
  row.int32(8);
  row.end_row();
  EXPECT_EQ(out, "\0\x01\0\0\0\x04\0\0\0\x07"s + "\0\x01\0\0\0\x04\0\0\0\x08"s);
}

parse::SongRow song() {
  parse::SongRow row;
  row.num_songs = 1;
  row.artist_id = "AR1";
  row.artist_latitude = 1.5;
  row.artist_location = "a\tb\\c";
  row.artist_name = "Name";
  row.song_id = "SO1";
  row.title = "Title";
  row.duration = 218.93179;
  row.year = 0;
  row.source_file = "f.json";
  return row;
}

// Columns in staging_songs order; NULL is \N; tab and backslash escaped.
TEST(TextCopy, SongRowIsOneTabSeparatedLineInColumnOrder) {
  const parse::SongRow rows[] = {song()};
  std::string out;
  encode_songs(rows, sql::CopyFormat::text, out);
  EXPECT_EQ(out, "1\tAR1\t1.5\t\\N\ta\\tb\\\\c\tName\tSO1\tTitle\t218.93179\t0\tf.json\n");
}

TEST(BinaryCopy, SongRowHasElevenFieldsInColumnOrder) {
  const parse::SongRow rows[] = {song()};
  std::string out;
  encode_songs(rows, sql::CopyFormat::binary, out);
  std::string expected = "\0\x0b"s + "\0\0\0\x04\0\0\0\x01"s +
                         "\0\0\0\x03"
                         "AR1"s +
                         "\0\0\0\x08\x3f\xf8\0\0\0\0\0\0"s + "\xff\xff\xff\xff"s +
                         "\0\0\0\x05"
                         "a\tb\\c"s;
  expected +=
      "\0\0\0\x04"
      "Name"s +
      "\0\0\0\x03"
      "SO1"s +
      "\0\0\0\x05"
      "Title"s;
  ASSERT_GE(out.size(), expected.size());
  EXPECT_EQ(out.substr(0, expected.size()), expected);
  // duration (float8), year (int4 0), source_file.
  EXPECT_EQ(out.substr(expected.size() + 12), "\0\0\0\x04\0\0\0\0"s +
                                                  "\0\0\0\x06"
                                                  "f.json"s);
}

TEST(TextCopy, EventRowIsOneTabSeparatedLineInColumnOrder) {
  parse::EventRow row;
  row.artist = "Artist";
  row.auth = "Logged In";
  row.first_name = "Kay";
  row.gender = "F";
  row.item_in_session = 3;
  row.last_name = "Cum";
  row.length = 1.25;
  row.level = "paid";
  row.location = "Here";
  row.method = "PUT";
  row.page = "NextSong";
  row.registration = 1540919166796;
  row.session_id = 42;
  row.song = "Song";
  row.status = 200;
  row.ts = 1541105830796;
  row.user_agent = "UA";
  row.user_id = 8;
  row.source_file = "s3://b/log.json";
  row.source_line = 9;
  const parse::EventRow rows[] = {row};
  std::string out;
  encode_events(rows, sql::CopyFormat::text, out);
  EXPECT_EQ(out,
            "Artist\tLogged In\tKay\tF\t3\tCum\t1.25\tpaid\tHere\tPUT\tNextSong\t1540919166796\t42\tSong\t200\t"
            "1541105830796\tUA\t8\ts3://b/log.json\t9\n");
}

}  // namespace
}  // namespace sparkify::warehouse
