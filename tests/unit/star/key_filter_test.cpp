#include "star/key_filter.h"

#include <gtest/gtest.h>

namespace sparkify::star {
namespace {

constexpr std::uint64_t kBits = std::uint64_t{1} << 27;

TEST(KeyFilter, AKeySeenBeforeIsAlwaysNominated) {
  KeyFilter filter(kBits);
  for (std::uint64_t i = 0; i < 100000; ++i) EXPECT_FALSE(filter.test_and_add(KeyFilter::mix(i)) && i == 0);
  for (std::uint64_t i = 0; i < 100000; ++i) ASSERT_TRUE(filter.test_and_add(KeyFilter::mix(i))) << i;
}

TEST(KeyFilter, NewKeysAreRarelyNominated) {
  KeyFilter filter(kBits);
  int false_alarms = 0;
  for (std::uint64_t i = 0; i < 1000000; ++i) false_alarms += filter.test_and_add(KeyFilter::mix(i)) ? 1 : 0;
  EXPECT_LT(false_alarms, 1000);  // 4 in all at 1M keys (3 bits a key in one block of 512)
}

// Half the bits, several times the false alarms: the size is the one given
// (3M keys: 253 against 1,828).
TEST(KeyFilter, ASmallerFilterNominatesMore) {
  KeyFilter large(kBits), small(kBits / 2);
  int large_alarms = 0, small_alarms = 0;
  for (std::uint64_t i = 0; i < 3000000; ++i) {
    large_alarms += large.test_and_add(KeyFilter::mix(i)) ? 1 : 0;
    small_alarms += small.test_and_add(KeyFilter::mix(i)) ? 1 : 0;
  }
  EXPECT_GT(small_alarms, 4 * large_alarms);
  EXPECT_LT(small_alarms, 3000);
}

// A new filter holds no key even where its words come from memory that held
// set bits: a small filter's words are taken from the heap, which hands back
// what was just freed.
TEST(KeyFilter, ANewFilterHoldsNoKeyInReusedMemory) {
  constexpr std::uint64_t kSmallBits = 4096;
  for (int round = 0; round < 8; ++round) {
    {
      auto* used = new std::uint64_t[kSmallBits / 64];
      for (std::uint64_t i = 0; i < kSmallBits / 64; ++i) used[i] = ~std::uint64_t{0};
      delete[] used;
    }
    KeyFilter filter(kSmallBits);
    ASSERT_FALSE(filter.test_and_add(KeyFilter::mix(static_cast<std::uint64_t>(round)))) << round;
  }
}

TEST(KeyFilter, ItsSizeIsAPowerOfTwo) { EXPECT_THROW(KeyFilter(1000), std::invalid_argument); }

// A filter sized for the keys expected: the power of two at or above
// keys * bits per key, within its bounds.
TEST(KeyFilter, ASizeForTheKeysExpected) {
  constexpr std::uint64_t kLeast = std::uint64_t{1} << 20, kMost = std::uint64_t{1} << 27;
  EXPECT_EQ(KeyFilter::size_for(0, 16, kLeast, kMost), kLeast);
  EXPECT_EQ(KeyFilter::size_for(65536, 16, kLeast, kMost), kLeast);  // exactly 2^20 bits
  EXPECT_EQ(KeyFilter::size_for(65537, 16, kLeast, kMost), kLeast * 2);
  EXPECT_EQ(KeyFilter::size_for(86000, 16, kLeast, kMost), std::uint64_t{1} << 21);
  EXPECT_EQ(KeyFilter::size_for(8720000, 16, kLeast, kMost), kMost);  // 2^28 wanted, capped
  EXPECT_EQ(KeyFilter::size_for(std::uint64_t{1} << 62, 16, kLeast, kMost), kMost);
  EXPECT_EQ(KeyFilter::size_for(86000, 8, kLeast, kMost), std::uint64_t{1} << 20);
  EXPECT_THROW((void)KeyFilter::size_for(10, 16, 1000, kMost), std::invalid_argument);
}

}  // namespace
}  // namespace sparkify::star
