// PlayKeys: a key filter's "maybe" settled by the keys held exactly, up to a
// limit; past it, the filter alone, and never a "new" for a key met before.
#include "star/play_keys.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace sparkify::star {
namespace {

// A filter of 64 bits answers "maybe" for nearly every key once a few dozen
// are in: what the keys held exactly have to settle.
constexpr std::uint64_t kTinyFilter = 64;
constexpr std::uint64_t kKeys = 1000;

std::uint64_t key(std::uint64_t k) { return KeyFilter::mix(k + 1); }

TEST(PlayKeys, KeysHeldExactlyAreNewUntilMetAgain) {
  PlayKeys keys(kTinyFilter, kKeys, kKeys);
  for (std::uint64_t k = 0; k < kKeys; ++k) EXPECT_FALSE(keys.test_and_add(key(k))) << k;
  EXPECT_TRUE(keys.exact());
  for (std::uint64_t k = 0; k < kKeys; ++k) EXPECT_TRUE(keys.test_and_add(key(k))) << k;
}

// What the keys held exactly settle: with none held, the same filter takes
// most of the same new keys for keys met before.
TEST(PlayKeys, WithNoKeysHeldTheFilterAloneTakesNewKeysForOldOnes) {
  PlayKeys keys(kTinyFilter, kKeys, 0);
  int maybes = 0;
  for (std::uint64_t k = 0; k < kKeys; ++k) maybes += keys.test_and_add(key(k)) ? 1 : 0;
  EXPECT_FALSE(keys.exact());
  EXPECT_GT(maybes, 900);
}

// Past the limit the keys held are let go: every key met before, whether it
// was held or came after, is still a "maybe".
TEST(PlayKeys, PastItsLimitEveryKeyMetBeforeIsStillAMaybe) {
  constexpr std::uint64_t kHeld = 100;
  PlayKeys keys(kTinyFilter, kKeys, kHeld);
  for (std::uint64_t k = 0; k < kHeld; ++k) EXPECT_FALSE(keys.test_and_add(key(k))) << k;
  EXPECT_TRUE(keys.exact());
  for (std::uint64_t k = kHeld; k < kKeys; ++k) (void)keys.test_and_add(key(k));
  EXPECT_FALSE(keys.exact());
  for (std::uint64_t k = 0; k < kKeys; ++k) EXPECT_TRUE(keys.test_and_add(key(k))) << k;
}

}  // namespace
}  // namespace sparkify::star
