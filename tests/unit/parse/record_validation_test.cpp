// One validation rule for every engine: a BOM is skipped, U+0000 in a string,
// a time outside years 0001-9999 and invalid JSON anywhere in a record (unknown
// keys included) are rejects with file, line, reason and raw text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "parse/parsers.h"
#include "unit/parse/event_line.h"

namespace sparkify::parse {
namespace {

using testing::event_line;
using testing::event_with;
using ::testing::HasSubstr;
using testing::valid_event_fields;

constexpr const char* kFile = "log_data/a.json";

std::unique_ptr<EventBatch> parse(const std::string& body) { return parse_events(kFile, body); }

// Parses `line` as the second line of a file; it must be rejected. Returns the reason.
std::string reject_reason(const std::string& line) {
  const std::string body = event_line(valid_event_fields()) + "\n" + line + "\n";
  auto batch = parse(body);
  EXPECT_EQ(batch->rows.size(), 1u);
  EXPECT_EQ(batch->records_read, 2);
  if (batch->rejects.size() != 1u) {
    ADD_FAILURE() << "not rejected: " << line;
    return "";
  }
  const Reject& reject = batch->rejects[0];
  EXPECT_EQ(reject.file, kFile);
  EXPECT_EQ(reject.line, 2);
  EXPECT_EQ(reject.raw, line);
  return reject.reason;
}

std::string with_extra(const std::string& extra) {
  std::string line = event_line(valid_event_fields());
  line.pop_back();  // the closing brace
  return line + "," + extra + "}";
}

TEST(RecordValidation, BomAtTheStartOfAnEventFileIsSkipped) {
  auto batch = parse("\xEF\xBB\xBF" + event_line(valid_event_fields()) + "\n" + event_line(valid_event_fields()));
  EXPECT_EQ(batch->rejects.size(), 0u) << batch->rejects[0].reason;
  ASSERT_EQ(batch->rows.size(), 2u);
  EXPECT_EQ(batch->rows[0].source_line, 1);
}

TEST(RecordValidation, BomAtTheStartOfASongFileIsSkipped) {
  auto batch =
      parse_songs("song_data/A/TRA.json",
                  "\xEF\xBB\xBF{\"song_id\":\"S1\",\"title\":\"T\",\"artist_id\":\"A1\",\"artist_name\":\"N\"}");
  EXPECT_EQ(batch->rejects.size(), 0u) << batch->rejects[0].reason;
  EXPECT_EQ(batch->rows.size(), 1u);
}

TEST(RecordValidation, BomInsideALineIsStillAReject) {
  EXPECT_THAT(reject_reason("\xEF\xBB\xBF" + event_line(valid_event_fields())), HasSubstr("invalid JSON"));
}

TEST(RecordValidation, EscapedNulInAStringIsARejectNamingTheField) {
  EXPECT_EQ(reject_reason(event_with("song", R"("a\u0000b")")),
            R"(field "song": contains U+0000 (NUL), which PostgreSQL and Redshift cannot store)");
  EXPECT_THAT(reject_reason(event_with("userId", R"("\u0000")")), HasSubstr(R"(field "userId": contains U+0000)"));
}

TEST(RecordValidation, RawNulByteInAStringIsAReject) {
  EXPECT_THAT(reject_reason(event_with("artist", std::string("\"a\0b\"", 5))), HasSubstr("invalid JSON"));
}

TEST(RecordValidation, TimesAtTheEdgesOfTheRangeAreKept) {
  for (const auto ms : {kMinTimeMs, kMaxTimeMs}) {
    auto batch = parse(event_with("ts", std::to_string(ms)));
    ASSERT_EQ(batch->rows.size(), 1u) << ms << ": " << batch->rejects[0].reason;
    EXPECT_EQ(batch->rows[0].ts, ms);
  }
}

TEST(RecordValidation, RangeIsYears0001To9999Utc) {
  using namespace std::chrono;
  const auto first = sys_days{year{1} / January / 1};
  const auto last = sys_days{year{9999} / December / 31} + days{1} - milliseconds{1};
  EXPECT_EQ(duration_cast<milliseconds>(first.time_since_epoch()).count(), kMinTimeMs);
  EXPECT_EQ(duration_cast<milliseconds>(last.time_since_epoch()).count(), kMaxTimeMs);
}

TEST(RecordValidation, TsOutsideTheTimestampRangeIsAReject) {
  EXPECT_THAT(reject_reason(event_with("ts", std::to_string(kMaxTimeMs + 1))),
              HasSubstr(R"(field "ts": 253402300800000 is outside the timestamp range)"));
  EXPECT_THAT(reject_reason(event_with("ts", std::to_string(kMinTimeMs - 1))), HasSubstr(R"(field "ts")"));
  EXPECT_THAT(reject_reason(event_with("ts", "9223372036854775807")), HasSubstr(R"(field "ts")"));
}

TEST(RecordValidation, RegistrationOutsideTheTimestampRangeIsAReject) {
  EXPECT_THAT(reject_reason(event_with("registration", "-9223372036854775808")), HasSubstr(R"(field "registration")"));
}

TEST(RecordValidation, InvalidAtomInAnUnknownKeyIsAReject) {
  EXPECT_THAT(reject_reason(with_extra(R"("x": tru)")), HasSubstr(R"(invalid JSON in field "x": )"));
  EXPECT_THAT(reject_reason(with_extra(R"("x": nul)")), HasSubstr(R"(invalid JSON in field "x")"));
  EXPECT_THAT(reject_reason(with_extra(R"("x": 01)")), HasSubstr(R"(invalid JSON in field "x")"));
  EXPECT_THAT(reject_reason(with_extra(R"("x": -)")), HasSubstr(R"(invalid JSON)"));
}

TEST(RecordValidation, BrokenArrayInAnUnknownKeyIsAReject) {
  EXPECT_THAT(reject_reason(with_extra(R"("y": [})")), HasSubstr("invalid JSON"));
  EXPECT_THAT(reject_reason(R"({"y": [}, )" + event_line(valid_event_fields()).substr(1)), HasSubstr("invalid JSON"));
  EXPECT_THAT(reject_reason(R"({"y": [1 2], )" + event_line(valid_event_fields()).substr(1)),
              HasSubstr("invalid JSON"));
  EXPECT_THAT(reject_reason(R"({"y": {"a" 1}, )" + event_line(valid_event_fields()).substr(1)),
              HasSubstr("invalid JSON"));
}

TEST(RecordValidation, InvalidJsonNestedInAnUnknownKeyIsAReject) {
  EXPECT_THAT(reject_reason(with_extra(R"("z": {"a": [1, {"b": fals}]})")), HasSubstr(R"(invalid JSON in field "z")"));
  EXPECT_THAT(reject_reason(with_extra(R"("z": "bad \q escape")")), HasSubstr(R"(invalid JSON in field "z")"));
}

TEST(RecordValidation, ValidUnknownKeysOfEveryTypeAreIgnored) {
  auto batch = parse(with_extra(
      R"("extra": {"a": [1, -2.5e3, 0.5E-2, "x\u00e9", true, false, null, {}, []], "b": {"c": {"d": 1e400}}})"));
  EXPECT_EQ(batch->rejects.size(), 0u) << batch->rejects[0].reason;
  EXPECT_EQ(batch->rows.size(), 1u);
}

}  // namespace
}  // namespace sparkify::parse
