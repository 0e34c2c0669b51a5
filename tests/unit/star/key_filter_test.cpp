#include "star/key_filter.h"

#include <gtest/gtest.h>

namespace sparkify::star {
namespace {

TEST(KeyFilter, AKeySeenBeforeIsAlwaysNominated) {
  KeyFilter filter;
  for (std::uint64_t i = 0; i < 100000; ++i) EXPECT_FALSE(filter.test_and_add(KeyFilter::mix(i)) && i == 0);
  for (std::uint64_t i = 0; i < 100000; ++i) ASSERT_TRUE(filter.test_and_add(KeyFilter::mix(i))) << i;
}

TEST(KeyFilter, NewKeysAreRarelyNominated) {
  KeyFilter filter;
  int false_alarms = 0;
  for (std::uint64_t i = 0; i < 1000000; ++i) false_alarms += filter.test_and_add(KeyFilter::mix(i)) ? 1 : 0;
  EXPECT_LT(false_alarms, 1000);  // ~ (1 - e^(-3n/m))^3 per key: about 60 expected at 1M keys
}

}  // namespace
}  // namespace sparkify::star
