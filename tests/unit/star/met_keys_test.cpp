// MetKeys: a key filter's "maybe" settled by the keys held by day; for a
// day let go, the filter alone, and never a "no" for a key met before.
#include "star/met_keys.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace sparkify::star {
namespace {

using Met = MetKeys::Met;

// A filter of 64 bits answers "maybe" for nearly every key once a few dozen
// are in: what the keys held have to settle.
constexpr std::uint64_t kTinyFilter = 64;
constexpr std::uint64_t kKeys = 1000;
constexpr std::int64_t kDay = 17'836;

std::uint64_t key(std::uint64_t k) { return KeyFilter::mix(k + 1); }

TEST(MetKeys, KeysHeldAreNewUntilMetAgain) {
  MetKeys keys(kTinyFilter, 1 << 16);
  for (std::uint64_t k = 0; k < kKeys; ++k) EXPECT_EQ(keys.test_and_add(key(k), kDay + k % 3), Met::no) << k;
  for (std::uint64_t k = 0; k < kKeys; ++k) EXPECT_EQ(keys.test_and_add(key(k), kDay + k % 3), Met::yes) << k;
}

// What the keys held settle: with none held, the same filter takes most of
// the same new keys for keys met before.
TEST(MetKeys, WithNoKeysHeldTheFilterAloneTakesNewKeysForOldOnes) {
  MetKeys keys(kTinyFilter, 0);
  int maybes = 0;
  for (std::uint64_t k = 0; k < kKeys; ++k) maybes += keys.test_and_add(key(k), kDay) != Met::no ? 1 : 0;
  EXPECT_GT(maybes, 900);
}

// Past its room a day is let go: every key met on it before, whether held
// then or not, is still a "maybe"; another day's keys are still settled.
TEST(MetKeys, ForADayLetGoEveryKeyMetBeforeIsStillAMaybe) {
  constexpr std::uint64_t kRoom = 256;
  MetKeys keys(kTinyFilter, kRoom);
  for (std::uint64_t k = 0; k < kKeys; ++k) (void)keys.test_and_add(key(k), kDay);  // past the room
  for (std::uint64_t k = 0; k < kKeys; ++k) EXPECT_EQ(keys.test_and_add(key(k), kDay), Met::maybe) << k;
  for (std::uint64_t k = kKeys; k < kKeys + 100; ++k) EXPECT_EQ(keys.test_and_add(key(k), kDay + 1), Met::no) << k;
}

}  // namespace
}  // namespace sparkify::star
