#include "warehouse/value_json.h"

#include <gtest/gtest.h>

namespace sparkify::warehouse {
namespace {

TEST(ValueJson, TimestampsGetThreeFractionDigits) {
  EXPECT_EQ(fixed_millis("2018-11-01 01:55:19.66"), "2018-11-01 01:55:19.660");
  EXPECT_EQ(fixed_millis("2018-11-01 01:55:19"), "2018-11-01 01:55:19.000");
  EXPECT_EQ(fixed_millis("2018-11-01 01:55:19.5+00"), "2018-11-01 01:55:19.500+00");
  EXPECT_EQ(fixed_millis("2018-11-01 01:55:19.123456"), "2018-11-01 01:55:19.123456");
  EXPECT_EQ(fixed_millis("not a time"), "not a time");
}

TEST(ValueJson, TimestampsAreIsoUtc) {
  EXPECT_EQ(iso_utc("2018-11-01 01:55:19.66"), "2018-11-01T01:55:19.660Z");
  EXPECT_EQ(iso_utc("2018-11-01 01:55:19.66+00"), "2018-11-01T01:55:19.660Z");
  EXPECT_EQ(iso_utc("2018-11-01 01:55:19+05:30"), "2018-11-01T01:55:19.000+05:30");
}

TEST(ValueJson, EachKindHasItsJsonType) {
  EXPECT_EQ(json_value(std::string("42"), ValueKind::integer), "42");
  EXPECT_EQ(json_value(std::string("nan"), ValueKind::decimal), "\"nan\"");
  EXPECT_EQ(json_value(std::string("t"), ValueKind::boolean), "true");
  EXPECT_EQ(json_value(std::string("2018-11-01 01:55:19.66"), ValueKind::timestamp), "\"2018-11-01T01:55:19.660Z\"");
  EXPECT_EQ(json_value(std::string("[1,{\"a\":null}]"), ValueKind::nested), "[1,{\"a\":null}]");
  EXPECT_EQ(json_value(std::string("[1, 2]"), ValueKind::text), "\"[1, 2]\"");
  EXPECT_EQ(json_value(std::nullopt, ValueKind::nested), "null");
}

}  // namespace
}  // namespace sparkify::warehouse
