// DayKeys: keys held exactly by day in bounded room; the days added to
// longest ago let go first, and a day let go never held again.
#include "star/day_keys.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace sparkify::star {
namespace {

std::uint64_t key(std::uint64_t k) { return KeyFilter::mix(k + 1); }

TEST(DayKeys, HoldsEveryKeyAddedForADay) {
  DayKeys keys(1 << 16);
  for (std::uint64_t k = 0; k < 5000; ++k) keys.add(5, key(k));  // past the first table's room: it doubles
  EXPECT_TRUE(keys.holds(5));
  for (std::uint64_t k = 0; k < 5000; ++k) EXPECT_TRUE(keys.contains(5, key(k))) << k;
  for (std::uint64_t k = 5000; k < 6000; ++k) EXPECT_FALSE(keys.contains(5, key(k))) << k;
  // Another day: held (nothing added for it), and holding none of day 5's keys.
  EXPECT_TRUE(keys.holds(6));
  EXPECT_FALSE(keys.contains(6, key(0)));
}

// Each day's first table has room for ExactKeys::kFirstKeys keys: three fit
// in room for three such tables, a fourth lets go the day added to longest
// ago, which is then never held again.
TEST(DayKeys, TheDayAddedToLongestAgoIsLetGoFirstAndForGood) {
  DayKeys keys(3 * ExactKeys::kFirstKeys);
  keys.add(1, key(1));
  keys.add(2, key(2));
  keys.add(3, key(3));
  keys.add(1, key(11));  // day 1 is now the day added to last but one
  EXPECT_TRUE(keys.holds(1) && keys.holds(2) && keys.holds(3));
  keys.add(4, key(4));
  EXPECT_FALSE(keys.holds(2));
  EXPECT_FALSE(keys.contains(2, key(2)));
  EXPECT_TRUE(keys.holds(1) && keys.holds(3) && keys.holds(4));
  EXPECT_TRUE(keys.contains(1, key(1)) && keys.contains(1, key(11)) && keys.contains(4, key(4)));
  keys.add(2, key(22));  // let go for good: not held again
  EXPECT_FALSE(keys.holds(2));
  EXPECT_FALSE(keys.contains(2, key(22)));
}

TEST(DayKeys, ADayThatAloneOutgrowsTheRoomIsLetGo) {
  DayKeys keys(128);
  for (std::uint64_t k = 0; k < 128; ++k) keys.add(7, key(k));
  EXPECT_TRUE(keys.holds(7));
  keys.add(7, key(128));
  EXPECT_FALSE(keys.holds(7));
  EXPECT_FALSE(keys.contains(7, key(0)));
  EXPECT_TRUE(keys.holds(8));
}

TEST(DayKeys, WithNoRoomNoDayIsHeldOnceAKeyIsAdded) {
  DayKeys keys(0);
  EXPECT_TRUE(keys.holds(1));  // none added yet
  keys.add(1, key(1));
  EXPECT_FALSE(keys.holds(1));
  EXPECT_FALSE(keys.contains(1, key(1)));
}

}  // namespace
}  // namespace sparkify::star
