// The typed field readers (parse/json_record.*) through parse_events: the
// paths of each reader that the event and song suites do not pin, i.e. bad
// `null` atoms per reader, the numeric and escaped forms of userId, and how
// a long bad value is quoted in the reject reason.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parse/parsers.h"
#include "unit/parse/event_line.h"

namespace sparkify::parse {
namespace {

using testing::event_with;
using ::testing::StartsWith;

std::unique_ptr<EventBatch> parse(const std::string& line) { return parse_events("log_data/a.json", line); }

// The reason of the one reject `line` must give.
std::string reject_reason(const std::string& line) {
  auto batch = parse(line);
  EXPECT_TRUE(batch->rows.empty());
  EXPECT_EQ(batch->rejects.size(), 1u);
  return batch->rejects.empty() ? "" : batch->rejects[0].reason;
}

// The user id of the one row `line` must give.
std::optional<std::int64_t> user_id_of(const std::string& line) {
  auto batch = parse(line);
  EXPECT_TRUE(batch->rejects.empty()) << (batch->rejects.empty() ? "" : batch->rejects[0].reason);
  return batch->rows.empty() ? std::nullopt : batch->rows[0].user_id;
}

TEST(FieldReaders, MisspelledNullIsInvalidJsonForEveryReader) {
  for (const char* field : {"song", "ts", "status", "length", "userId"}) {
    EXPECT_THAT(reject_reason(event_with(field, "nul")), StartsWith("invalid JSON: ")) << field;
  }
}

TEST(FieldReaders, WrongTypeNamesTheJsonTypeFound) {
  EXPECT_EQ(reject_reason(event_with("song", "{}")), R"(field "song": expected a string, got object)");
  EXPECT_EQ(reject_reason(event_with("length", "false")), R"(field "length": expected a number, got boolean)");
  EXPECT_EQ(reject_reason(event_with("registration", "[]")), R"(field "registration": expected an integer, got array)");
  EXPECT_EQ(reject_reason(event_with("userId", "true")), R"(field "userId": expected a string of digits, got boolean)");
}

TEST(FieldReaders, NumericUserIdWithZeroFractionIsAccepted) { EXPECT_EQ(user_id_of(event_with("userId", "26.0")), 26); }

TEST(FieldReaders, NumericUserIdWithFractionIsRejectedAsInteger) {
  EXPECT_EQ(reject_reason(event_with("userId", "8.5")), R"(field "userId": expected an integer, got 8.5)");
}

TEST(FieldReaders, EscapedDigitsUserIdIsDecoded) {
  EXPECT_EQ(user_id_of(event_with("userId", R"("\u0034\u0032")")), 42);
}

TEST(FieldReaders, UserIdStringBeyondInt64IsRejected) {
  EXPECT_EQ(reject_reason(event_with("userId", R"("99999999999999999999")")),
            R"(field "userId": expected a string of digits, got "99999999999999999999")");
}

TEST(FieldReaders, NegativeUserIdStringIsRejected) {
  EXPECT_EQ(reject_reason(event_with("userId", R"("-5")")), R"(field "userId": expected a string of digits, got "-5")");
}

TEST(FieldReaders, LongBadValueIsQuotedUpTo40Characters) {
  const std::string value = "1." + std::string(60, '0') + "1";
  EXPECT_EQ(reject_reason(event_with("ts", value)),
            R"(field "ts": expected an integer, got )" + value.substr(0, 40) + "...");
}

TEST(FieldReaders, DoubleOutOfRangeIsInvalidJson) {
  EXPECT_THAT(reject_reason(event_with("length", "1e999")), StartsWith("invalid JSON: "));
}

}  // namespace
}  // namespace sparkify::parse
