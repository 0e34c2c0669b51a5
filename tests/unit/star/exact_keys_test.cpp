// ExactKeys: exact membership up to its capacity (growing as it fills), then
// refusals that leave it incomplete but still exact about what it holds.
#include "star/exact_keys.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace sparkify::star {
namespace {

// It starts small and doubles as it fills: keys added before and after
// each doubling are all found.
TEST(ExactKeys, HoldsEveryKeyAddedUpToItsCapacity) {
  ExactKeys keys(10000, 1 << 20);
  const auto key = [](std::uint64_t k) { return k * 7919 + 1; };  // never 0, which is held apart
  for (std::uint64_t k = 0; k < 10000; ++k) ASSERT_TRUE(keys.add(key(k))) << k;
  for (std::uint64_t k = 0; k < 10000; ++k) EXPECT_TRUE(keys.contains(key(k))) << k;
  for (std::uint64_t k = 0; k < 10000; ++k) EXPECT_FALSE(keys.contains(key(k) + 1)) << k;
  EXPECT_TRUE(keys.complete());
  // Adding a key held already takes no room.
  for (std::uint64_t k = 0; k < 10000; ++k) ASSERT_TRUE(keys.add(key(k)));
  EXPECT_TRUE(keys.complete());
  EXPECT_FALSE(keys.add(key(10000)));  // the 10,001st
  EXPECT_FALSE(keys.complete());
}

// Each key is found as soon as it is added, the one whose add doubles the
// table too (placed in the table it moved to), through ten doublings.
TEST(ExactKeys, EachKeyIsFoundRightAfterItsAddAcrossDoublings) {
  constexpr std::uint64_t kKeys = std::uint64_t{1} << 21;
  ExactKeys keys(kKeys, kKeys);
  for (std::uint64_t k = 1; k <= kKeys; ++k) {
    ASSERT_TRUE(keys.add(KeyFilter::mix(k)));
    ASSERT_TRUE(keys.contains(KeyFilter::mix(k))) << k;
  }
}

TEST(ExactKeys, ZeroAndTheExtremesAreKeysLikeAnyOther) {
  ExactKeys keys(8, 8);
  EXPECT_FALSE(keys.contains(0));
  const auto lowest = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::min());
  for (std::uint64_t k : {std::uint64_t{0}, lowest, ~std::uint64_t{0}}) {
    EXPECT_TRUE(keys.add(k));
    EXPECT_TRUE(keys.contains(k));
  }
  EXPECT_FALSE(keys.contains(1));
}

TEST(ExactKeys, PastTheSmallerOfKeysAndAtMostKeysAreRefusedAndItIsIncomplete) {
  ExactKeys keys(100, 10);  // room for 10
  for (std::uint64_t k = 1; k <= 10; ++k) ASSERT_TRUE(keys.add(k));
  EXPECT_TRUE(keys.complete());
  EXPECT_FALSE(keys.add(11));
  EXPECT_FALSE(keys.complete());
  EXPECT_FALSE(keys.contains(11));
  for (std::uint64_t k = 1; k <= 10; ++k) EXPECT_TRUE(keys.contains(k));  // still exact about these
  EXPECT_FALSE(keys.add(5));  // full and incomplete: refused unseen, yet held
  EXPECT_TRUE(keys.contains(5));
  ExactKeys none(0, 10);
  EXPECT_FALSE(none.add(3));
  EXPECT_FALSE(none.complete());
}

}  // namespace
}  // namespace sparkify::star
