#include "star/user_pick.h"

#include <gtest/gtest.h>

namespace sparkify::star {
namespace {

UserEvent event(std::int64_t ts, std::int64_t session, std::int32_t item, const char* level,
                const char* first = "Ann") {
  return {7, ts, session, item, first, "Lee", "F", level ? Text(level) : std::nullopt};
}

std::string picked(const UserPicks& picks) {
  const auto rows = picks.rows();
  if (rows.size() != 1) return "rows: " + std::to_string(rows.size());
  const auto& r = rows[0];
  return std::to_string(r.latest_ts) + "/" + std::to_string(r.latest_session_id) + "/" +
         std::to_string(r.latest_item_in_session) + " " + r.level.value_or("NULL") + " " +
         r.first_name.value_or("NULL");
}

TEST(UserPicks, TakesTheLatestEvent) {
  UserPicks picks;
  picks.offer(event(20, 1, 1, "paid"));
  picks.offer(event(10, 9, 9, "free"));
  EXPECT_EQ("20/1/1 paid Ann", picked(picks));
}

TEST(UserPicks, EqualTimesGoToTheLargerSessionThenItem) {
  UserPicks picks;
  picks.offer(event(20, 1, 5, "free"));
  picks.offer(event(20, 2, 1, "paid"));
  picks.offer(event(20, 2, 0, "free"));
  EXPECT_EQ("20/2/1 paid Ann", picked(picks));
}

TEST(UserPicks, TheSameEventTwiceGoesToTheSmallestContentNullFirst) {
  UserPicks a, b;
  a.offer(event(20, 1, 1, "paid"));
  a.offer(event(20, 1, 1, "free"));
  b.offer(event(20, 1, 1, "free"));
  b.offer(event(20, 1, 1, "paid"));
  EXPECT_EQ("20/1/1 free Ann", picked(a));
  EXPECT_EQ(picked(a), picked(b));
  UserPicks c;
  c.offer(event(20, 1, 1, "free"));
  c.offer(event(20, 1, 1, nullptr));
  EXPECT_EQ("20/1/1 NULL Ann", picked(c));
}

TEST(UserPicks, MergingDoesNotDependOnTheSplit) {
  UserPicks left, right, whole;
  left.offer(event(30, 1, 1, "free", "Zoe"));
  right.offer(event(30, 1, 1, "free", "Amy"));
  right.offer(event(5, 1, 1, "paid"));
  whole.offer(event(5, 1, 1, "paid"));
  whole.offer(event(30, 1, 1, "free", "Zoe"));
  whole.offer(event(30, 1, 1, "free", "Amy"));
  left.merge(std::move(right));
  EXPECT_EQ("30/1/1 free Amy", picked(left));
  EXPECT_EQ(picked(whole), picked(left));
}

}  // namespace
}  // namespace sparkify::star
