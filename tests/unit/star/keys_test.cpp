#include "star/keys.h"

#include <gtest/gtest.h>

#include <string>

namespace sparkify::star {
namespace {

std::string text(const SongplayKey& key) { return std::string(key.data(), key.size()); }

TEST(SongplayKey, IsTheMd5HexOfTheColonJoinedFields) {
  // md5("39:583:0:1541105830796"), computed with md5sum.
  EXPECT_EQ("f7982fd6fae487e9311be4871b373e4a", text(songplay_key(39, 583, 0, 1541105830796)));
}

TEST(SongplayKey, WritesNegativeNumbersWithTheirSign) {
  EXPECT_NE(text(songplay_key(1, 2, 3, 4)), text(songplay_key(1, 2, 3, -4)));
}

TEST(TimeRow, MatchesTheCalendarOfAKnownInstant) {
  // 2018-11-01 21:01:46.796 UTC, a Thursday of ISO week 44.
  const TimeRow row = time_row(1541106106796);
  EXPECT_EQ(1541106106796, row.start_time_ms);
  EXPECT_EQ(21, row.hour);
  EXPECT_EQ(1, row.day);
  EXPECT_EQ(11, row.month);
  EXPECT_EQ(2018, row.year);
  EXPECT_EQ(44, row.week);
  EXPECT_EQ(4, row.weekday);
}

TEST(TimeRow, SundayIsWeekdayZero) {
  EXPECT_EQ(0, time_row(1541289600000).weekday);  // 2018-11-04 00:00 UTC, Sunday
  EXPECT_EQ(6, time_row(1541289599999).weekday);  // one ms before: Saturday 23:59:59.999
  EXPECT_EQ(23, time_row(1541289599999).hour);
}

TEST(TimeRow, IsoWeeksAtYearBoundaries) {
  EXPECT_EQ(1, time_row(1546214400000).week);   // 2018-12-31 (Monday) is in week 1 of 2019
  EXPECT_EQ(53, time_row(1609459200000).week);  // 2021-01-01 (Friday) is in week 53 of 2020
  EXPECT_EQ(52, time_row(1514678400000).week);  // 2017-12-31 (Sunday): week 52 of 2017
}

TEST(TimeRow, InstantsBefore1970) {
  const TimeRow row = time_row(-1);  // 1969-12-31 23:59:59.999, a Wednesday
  EXPECT_EQ(1969, row.year);
  EXPECT_EQ(12, row.month);
  EXPECT_EQ(31, row.day);
  EXPECT_EQ(23, row.hour);
  EXPECT_EQ(3, row.weekday);
  EXPECT_EQ(1, row.week);
}

TEST(EpochDay, InvertsTheCalendar) {
  EXPECT_EQ(0, epoch_day(1970, 1, 1));
  EXPECT_EQ(17836, epoch_day(2018, 11, 1));
  EXPECT_EQ(-1, epoch_day(1969, 12, 31));
  EXPECT_EQ(11016, epoch_day(2000, 2, 29));
}

TEST(EpochDayAt, RoundsDownOnBothSidesOf1970) {
  EXPECT_EQ(epoch_day_at(0), 0);
  EXPECT_EQ(epoch_day_at(kMsPerDay - 1), 0);
  EXPECT_EQ(epoch_day_at(kMsPerDay), 1);
  EXPECT_EQ(epoch_day_at(-1), -1);
  EXPECT_EQ(epoch_day_at(-kMsPerDay), -1);
  EXPECT_EQ(epoch_day_at(1541105830796), epoch_day(2018, 11, 1));
}

}  // namespace
}  // namespace sparkify::star
