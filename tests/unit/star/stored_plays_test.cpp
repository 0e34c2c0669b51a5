// StoredPlays: a day's keys first, its rows after; a play is held only as a
// row equal to it in every column; many rows of a day are all found; memory
// stays within its bytes, the days added longest ago let go first, and what
// is let go is simply not held.
#include "star/stored_plays.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "star/keys.h"

namespace sparkify::star {
namespace {

constexpr std::int64_t kDay = 17'836;  // 2018-11-01

// A play on `day` whose key and texts follow from `n`; its texts point
// into `texts` (a deque: they stay where they are), which must outlive it.
SongplayRow play(std::int64_t n, std::deque<std::string>& texts, std::int64_t day = kDay) {
  texts.push_back("Mozilla/5.0 (Macintosh) agent " + std::to_string(n));
  texts.push_back("San Jose-Sunnyvale-Santa Clara, CA " + std::to_string(n % 7));
  texts.push_back("Song number " + std::to_string(n));
  SongplayRow row;
  row.start_time_ms = day * kMsPerDay + n * 1000;
  row.user_id = 10 + n % 50;
  row.session_id = 100 + n;
  row.songplay_id = songplay_key(row.user_id, row.session_id, 1, row.start_time_ms);
  row.level = "free";
  row.song_id = "SOABCDE12345678901";
  row.artist_id = std::nullopt;
  row.location = texts[texts.size() - 2];
  row.user_agent = texts[texts.size() - 3];
  row.song = texts.back();
  row.artist = "Artist";
  row.length = 200.5 + static_cast<double>(n);
  return row;
}

// Holds `rows` as a stored day's: its keys (and start times), then its rows.
void add_day(StoredPlays& stored, std::int64_t day, const std::vector<SongplayRow>& rows) {
  std::vector<std::uint64_t> keys;
  std::vector<std::int64_t> times;
  for (const SongplayRow& row : rows) {
    keys.push_back(songplay_key_hash(row.songplay_id));
    times.push_back(row.start_time_ms);
  }
  stored.add_keys(day, std::move(keys), std::move(times));
  for (const SongplayRow& row : rows) stored.add(row);
}

TEST(StoredPlays, HoldsOnlyARowEqualInEveryColumn) {
  std::deque<std::string> texts;
  StoredPlays stored(std::size_t{1} << 20);
  const SongplayRow row = play(1, texts);
  add_day(stored, kDay, {row});
  EXPECT_TRUE(stored.may_store(row));
  EXPECT_TRUE(stored.holds(row));

  const std::string empty, other = "other";
  const std::vector<std::function<void(SongplayRow&)>> changes = {
      [](SongplayRow& r) { r.songplay_id[31] = r.songplay_id[31] == '0' ? '1' : '0'; },
      [](SongplayRow& r) { r.start_time_ms += 1; },
      [](SongplayRow& r) { r.user_id += 1; },
      [](SongplayRow& r) { r.session_id += 1; },
      [&](SongplayRow& r) { r.level = "paid"; },
      [&](SongplayRow& r) { r.level = std::nullopt; },
      [&](SongplayRow& r) { r.song_id = std::nullopt; },
      [&](SongplayRow& r) { r.artist_id = empty; },  // empty is not missing
      [&](SongplayRow& r) { r.location = other; },
      [&](SongplayRow& r) { r.user_agent = other; },
      [&](SongplayRow& r) { r.song = std::nullopt; },
      [&](SongplayRow& r) { r.artist = "Artis"; },
      [&](SongplayRow& r) { r.artist = "Artist "; },
      [](SongplayRow& r) { r.length = std::nullopt; },
      [](SongplayRow& r) { *r.length += 1e-9; },
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    SongplayRow changed = row;
    changes[i](changed);
    EXPECT_FALSE(stored.holds(changed)) << "change " << i;
  }
  // Texts equal in content are equal wherever they live.
  const std::string same_song(*row.song);
  SongplayRow copy = row;
  copy.song = same_song;
  EXPECT_TRUE(stored.holds(copy));
}

TEST(StoredPlays, ALengthOfMinusZeroEqualsZeroAsTheColumnsCompare) {
  std::deque<std::string> texts;
  StoredPlays stored(std::size_t{1} << 20);
  SongplayRow row = play(1, texts);
  row.length = 0.0;
  add_day(stored, kDay, {row});
  row.length = -0.0;
  EXPECT_TRUE(stored.holds(row));
}

// A day's keys tell which plays may be stored before any row is read; rows
// of a day whose keys are not held are not held either.
TEST(StoredPlays, KeysComeFirstAndRowsOnlyForADayWhoseKeysAreHeld) {
  std::deque<std::string> texts;
  StoredPlays stored(std::size_t{1} << 20);
  const SongplayRow row = play(1, texts), other = play(2, texts), elsewhere = play(3, texts, kDay + 1);
  stored.add_keys(kDay, {songplay_key_hash(row.songplay_id)}, {row.start_time_ms});
  EXPECT_TRUE(stored.may_store(row));
  EXPECT_FALSE(stored.may_store(other));
  EXPECT_FALSE(stored.holds(row));  // its rows are not read yet
  EXPECT_TRUE(stored.holds_time(row.start_time_ms));
  EXPECT_FALSE(stored.holds_time(other.start_time_ms));
  stored.add(row);
  EXPECT_TRUE(stored.holds(row));
  stored.add(elsewhere);  // kDay + 1: no keys held
  EXPECT_FALSE(stored.may_store(elsewhere));
  EXPECT_FALSE(stored.holds(elsewhere));
}

// 20,000 rows of one day fill many chunks and grow the index several
// times: every row is found, and rows of other keys are not.
TEST(StoredPlays, EveryRowOfALargeDayIsFound) {
  std::deque<std::string> texts;
  std::vector<SongplayRow> rows;
  for (std::int64_t n = 0; n < 20'000; ++n) rows.push_back(play(n, texts));
  StoredPlays stored(std::size_t{64} << 20);
  add_day(stored, kDay, rows);
  for (const SongplayRow& row : rows) ASSERT_TRUE(stored.holds(row)) << row.session_id;
  for (std::int64_t n = 20'000; n < 21'000; ++n) {
    const SongplayRow row = play(n, texts);
    EXPECT_FALSE(stored.may_store(row));
    EXPECT_FALSE(stored.holds(row));
  }
  EXPECT_LE(stored.bytes(), std::size_t{64} << 20);
}

// Two stored rows of one key (a table without a key constraint may hold
// them): each is held.
TEST(StoredPlays, RowsSharingAKeyAreEachHeld) {
  std::deque<std::string> texts;
  StoredPlays stored(std::size_t{1} << 20);
  const SongplayRow first = play(1, texts);
  SongplayRow second = first;
  second.level = "paid";
  add_day(stored, kDay, {first, second});
  EXPECT_TRUE(stored.holds(first));
  EXPECT_TRUE(stored.holds(second));
}

// Under a budget of about two days, adding a third lets go of the first
// (its keys, time keys and rows), keeps the second, and holds the third; the
// bytes never pass the budget.
TEST(StoredPlays, TheDaysAddedLongestAgoAreLetGoFirst) {
  std::deque<std::string> texts;
  std::vector<std::vector<SongplayRow>> days(3);
  for (std::int64_t d = 0; d < 3; ++d) {
    for (std::int64_t n = 0; n < 3'000; ++n) days[d].push_back(play(n, texts, kDay + d));
  }
  // What one day takes, measured.
  StoredPlays one(std::size_t{64} << 20);
  add_day(one, kDay, days[0]);
  const std::size_t day_bytes = one.bytes();

  const std::size_t budget = 2 * day_bytes + day_bytes / 2;
  StoredPlays stored(budget);
  for (std::int64_t d = 0; d < 3; ++d) {
    add_day(stored, kDay + d, days[d]);
    ASSERT_LE(stored.bytes(), budget);
  }
  EXPECT_FALSE(stored.may_store(days[0][0]));
  EXPECT_FALSE(stored.holds(days[0][0]));
  EXPECT_FALSE(stored.holds(days[0][2'999]));
  EXPECT_FALSE(stored.holds_time(days[0][0].start_time_ms));
  for (std::int64_t d = 1; d < 3; ++d) {
    for (const SongplayRow& row : days[d]) ASSERT_TRUE(stored.holds(row)) << d;
    EXPECT_TRUE(stored.holds_time(days[d][0].start_time_ms)) << d;
  }
}

// A day larger than the whole budget is held in part: its keys and the rows
// that found room, not the rest, and no other day is kept for it.
TEST(StoredPlays, ADayLargerThanTheBudgetIsHeldInPart) {
  std::deque<std::string> texts;
  std::vector<SongplayRow> rows;
  for (std::int64_t n = 0; n < 20'000; ++n) rows.push_back(play(n, texts));
  constexpr std::size_t kBudget = std::size_t{1} << 20;
  StoredPlays stored(kBudget);
  add_day(stored, kDay, rows);
  EXPECT_LE(stored.bytes(), kBudget);
  std::size_t held = 0;
  for (const SongplayRow& row : rows) held += stored.holds(row) ? 1 : 0;
  EXPECT_GT(held, 0u);
  EXPECT_LT(held, rows.size());
  EXPECT_TRUE(stored.holds(rows.front()));
  EXPECT_FALSE(stored.holds(rows.back()));
  EXPECT_TRUE(stored.may_store(rows.back()));
}

TEST(StoredPlays, ABudgetOfNothingHoldsNothing) {
  std::deque<std::string> texts;
  StoredPlays stored(0);
  const SongplayRow row = play(1, texts);
  add_day(stored, kDay, {row});
  EXPECT_FALSE(stored.may_store(row));
  EXPECT_FALSE(stored.holds(row));
  EXPECT_FALSE(stored.holds_time(row.start_time_ms));
  EXPECT_EQ(stored.bytes(), 0u);
}

}  // namespace
}  // namespace sparkify::star
