#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parse/parsers.h"
#include "unit/parse/event_line.h"

namespace sparkify::parse {
namespace {

using testing::event_line;
using testing::event_with;
using testing::event_without;
using ::testing::HasSubstr;
using testing::valid_event_fields;

std::unique_ptr<EventBatch> parse(const std::string& body) { return parse_events("s3://bucket/log_data/a.json", body); }

// Parses one line that must become a row.
EventRow parse_row(const std::string& line) {
  static thread_local std::unique_ptr<EventBatch> keep;  // views point into it
  keep = parse(line);
  EXPECT_EQ(keep->rejects.size(), 0u) << (keep->rejects.empty() ? "" : keep->rejects[0].reason);
  EXPECT_EQ(keep->rows.size(), 1u);
  return keep->rows.empty() ? EventRow{} : keep->rows[0];
}

// Parses one line that must be rejected; returns the reason.
std::string parse_reject(const std::string& line) {
  auto batch = parse(line);
  EXPECT_EQ(batch->rows.size(), 0u);
  EXPECT_EQ(batch->rejects.size(), 1u);
  return batch->rejects.empty() ? "" : batch->rejects[0].reason;
}

TEST(ParseEvents, ParsesAllEventFields) {
  const EventRow row = parse_row(event_line(valid_event_fields()));
  EXPECT_EQ(row.artist, "Des'ree");
  EXPECT_EQ(row.auth, "Logged In");
  EXPECT_EQ(row.first_name, "Kaylee");
  EXPECT_EQ(row.gender, "F");
  EXPECT_EQ(row.item_in_session, 1);
  EXPECT_EQ(row.last_name, "Summers");
  EXPECT_EQ(row.length, 246.30812);
  EXPECT_EQ(row.level, "free");
  EXPECT_EQ(row.location, "Phoenix-Mesa-Scottsdale, AZ");
  EXPECT_EQ(row.method, "PUT");
  EXPECT_EQ(row.page, "NextSong");
  EXPECT_EQ(row.registration, 1540344794796);
  EXPECT_EQ(row.session_id, 139);
  EXPECT_EQ(row.song, "You Gotta Be");
  EXPECT_EQ(row.status, 200);
  EXPECT_EQ(row.ts, 1541106106796);
  EXPECT_EQ(row.user_agent, "Mozilla/5.0 (Windows NT 6.1; WOW64)");
  EXPECT_EQ(row.user_id, 8);
  EXPECT_EQ(row.source_file, "s3://bucket/log_data/a.json");
  EXPECT_EQ(row.source_line, 1);
}

TEST(ParseEvents, FieldOrderDoesNotMatter) {
  const EventRow row =
      parse_row(R"({"userId":"8","ts":1541106106796,"page":"Home","sessionId":139,"itemInSession":0,"song":null})");
  EXPECT_EQ(row.user_id, 8);
  EXPECT_EQ(row.ts, 1541106106796);
  EXPECT_EQ(row.page, "Home");
  EXPECT_EQ(row.session_id, 139);
}

TEST(ParseEvents, EmptyUserIdBecomesNull) { EXPECT_EQ(parse_row(event_with("userId", R"("")")).user_id, std::nullopt); }

TEST(ParseEvents, NullUserIdBecomesNull) { EXPECT_EQ(parse_row(event_with("userId", "null")).user_id, std::nullopt); }

TEST(ParseEvents, IntegerUserIdIsAccepted) { EXPECT_EQ(parse_row(event_with("userId", "26")).user_id, 26); }

TEST(ParseEvents, NonNumericUserIdIsRejected) {
  EXPECT_EQ(parse_reject(event_with("userId", R"("abc")")),
            R"(field "userId": expected a string of digits, got "abc")");
  EXPECT_THAT(parse_reject(event_with("userId", R"("12x")")), HasSubstr("\"userId\""));
}

TEST(ParseEvents, MissingUserIdKeyIsRejected) {
  EXPECT_EQ(parse_reject(event_without("userId")), R"(missing required field "userId")");
}

TEST(ParseEvents, RegistrationWithFractionZeroIsExactInt64) {
  // 2^53 + 1 has no exact double: a round trip through double would give 2^53.
  // It lies beyond year 9999, so it is rejected, quoting the exact value read.
  EXPECT_THAT(parse_reject(event_with("registration", "9007199254740993.0")),
              HasSubstr(R"(field "registration": 9007199254740993 is outside)"));
  EXPECT_EQ(parse_row(event_with("registration", "1540919166796.000")).registration, 1540919166796);
}

TEST(ParseEvents, TsAboveInt32Range) { EXPECT_EQ(parse_row(event_with("ts", "1543607664796")).ts, 1543607664796); }

TEST(ParseEvents, TsWithFractionZeroIsAccepted) {
  EXPECT_EQ(parse_row(event_with("ts", "1543607664796.0")).ts, 1543607664796);
}

TEST(ParseEvents, NonIntegralTsIsRejected) {
  EXPECT_EQ(parse_reject(event_with("ts", "1.5")), R"(field "ts": expected an integer, got 1.5)");
}

TEST(ParseEvents, TsOutOfInt64RangeIsRejected) {
  EXPECT_THAT(parse_reject(event_with("ts", "99999999999999999999")),
              HasSubstr(R"(field "ts": expected a 64-bit integer)"));
}

TEST(ParseEvents, StatusOutOfInt32RangeIsRejected) {
  EXPECT_EQ(parse_reject(event_with("status", "3000000000")),
            R"(field "status": expected a 32-bit integer, got 3000000000)");
}

TEST(ParseEvents, KeepsTrailingSpacesInTitle) {
  EXPECT_EQ(parse_row(event_with("song", R"("Intro  ")")).song, "Intro  ");
}

TEST(ParseEvents, DecodesUnicodeAndEscapedQuotes) {
  const EventRow row = parse_row(event_with("song", R"("Caf\u00e9 \"Live\" \ud83c\udfb5\\")"));
  EXPECT_EQ(row.song, "Caf\xC3\xA9 \"Live\" \xF0\x9F\x8E\xB5\\");
}

TEST(ParseEvents, KeepsRawUtf8) {
  EXPECT_EQ(parse_row(event_with("artist", "\"Bj\xC3\xB6rk\"")).artist, "Bj\xC3\xB6rk");
}

TEST(ParseEvents, UnescapedStringsViewTheBody) {
  auto batch = parse(event_line(valid_event_fields()));
  ASSERT_EQ(batch->rows.size(), 1u);
  const char* begin = batch->body.data();
  const char* song = batch->rows[0].song->data();
  EXPECT_TRUE(song >= begin && song < begin + batch->body.size());
}

TEST(ParseEvents, SkipsEmptyLinesButCountsLineNumbers) {
  const std::string line = event_line(valid_event_fields());
  auto batch = parse("\n" + line + "\n  \n\t\n" + line + "\n\n");
  ASSERT_EQ(batch->rows.size(), 2u);
  EXPECT_EQ(batch->rows[0].source_line, 2);
  EXPECT_EQ(batch->rows[1].source_line, 5);
  EXPECT_EQ(batch->records_read, 2);
  EXPECT_TRUE(batch->rejects.empty());
}

TEST(ParseEvents, LastLineWithoutNewlineCounts) {
  const std::string line = event_line(valid_event_fields());
  auto batch = parse(line + "\n" + event_with("ts", "7"));
  ASSERT_EQ(batch->rows.size(), 2u);
  EXPECT_EQ(batch->rows[1].ts, 7);
  EXPECT_EQ(batch->rows[1].source_line, 2);
}

TEST(ParseEvents, CrLfLineEndings) {
  const std::string line = event_line(valid_event_fields());
  auto batch = parse(line + "\r\n\r\n" + event_with("song", R"("End ")") + "\r\n" + R"({"ts":)" + "\r\n");
  ASSERT_EQ(batch->rows.size(), 2u);
  EXPECT_EQ(batch->rows[1].song, "End ");
  EXPECT_EQ(batch->rows[1].source_line, 3);
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].raw, R"({"ts":)");
  EXPECT_EQ(batch->rejects[0].line, 4);
}

TEST(ParseEvents, EmptyBodyHasNoRecords) {
  auto batch = parse("");
  EXPECT_EQ(batch->records_read, 0);
  EXPECT_TRUE(batch->rows.empty());
  EXPECT_TRUE(batch->rejects.empty());
}

TEST(ParseEvents, MissingTsIsRejectedWithReason) {
  EXPECT_EQ(parse_reject(event_without("ts")), R"(missing required field "ts")");
}

TEST(ParseEvents, EachRequiredFieldIsRequired) {
  for (const std::string name : {"ts", "sessionId", "itemInSession", "page"}) {
    EXPECT_EQ(parse_reject(event_without(name)), "missing required field \"" + name + "\"");
  }
}

// Required keys are checked after the object, in the field order of
// parse::kEventFields (itemInSession, page, sessionId, ts, then userId).
TEST(ParseEvents, SeveralMissingRequiredFieldsReportTheFirstInFieldOrder) {
  testing::Fields fields = valid_event_fields();
  fields.erase("ts");
  fields.erase("page");
  fields.erase("userId");
  EXPECT_EQ(parse_reject(event_line(fields)), R"(missing required field "page")");
  fields.erase("itemInSession");
  EXPECT_EQ(parse_reject(event_line(fields)), R"(missing required field "itemInSession")");
}

TEST(ParseEvents, NullRequiredFieldIsRejected) {
  EXPECT_EQ(parse_reject(event_with("sessionId", "null")), R"(field "sessionId": required, got null)");
  EXPECT_EQ(parse_reject(event_with("page", "null")), R"(field "page": required, got null)");
}

TEST(ParseEvents, WrongTypeIsRejectedNamingField) {
  EXPECT_EQ(parse_reject(event_with("ts", R"("1541106106796")")), R"(field "ts": expected an integer, got string)");
  EXPECT_EQ(parse_reject(event_with("length", R"("246.3")")), R"(field "length": expected a number, got string)");
  EXPECT_EQ(parse_reject(event_with("page", "5")), R"(field "page": expected a string, got number)");
  EXPECT_EQ(parse_reject(event_with("userId", "[8]")), R"(field "userId": expected a string of digits, got array)");
  EXPECT_EQ(parse_reject(event_with("status", "true")), R"(field "status": expected an integer, got boolean)");
}

TEST(ParseEvents, TruncatedJsonIsRejectedWithRawText) {
  const std::string good = event_line(valid_event_fields());
  const std::string truncated = good.substr(0, good.size() / 2);
  auto batch = parse(good + "\n" + truncated + "\n" + good + "\n");
  ASSERT_EQ(batch->rows.size(), 2u);
  ASSERT_EQ(batch->rejects.size(), 1u);
  const Reject& reject = batch->rejects[0];
  EXPECT_EQ(reject.file, "s3://bucket/log_data/a.json");
  EXPECT_EQ(reject.line, 2);
  EXPECT_EQ(reject.raw, truncated);
  EXPECT_THAT(reject.reason, ::testing::StartsWith("invalid JSON: "));
  EXPECT_EQ(batch->records_read, 3);
}

TEST(ParseEvents, TruncatedLastLineWithoutNewlineIsRejected) {
  const std::string good = event_line(valid_event_fields());
  auto batch = parse(good + "\n" + R"({"ts":15411)");
  ASSERT_EQ(batch->rows.size(), 1u);
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].line, 2);
  EXPECT_EQ(batch->rejects[0].raw, R"({"ts":15411)");
  EXPECT_THAT(batch->rejects[0].reason, ::testing::StartsWith("invalid JSON: "));
}

TEST(ParseEvents, InvalidUtf8IsRejected) {
  EXPECT_THAT(parse_reject(event_with("artist", "\"Bj\xC3\"")), ::testing::StartsWith("invalid JSON: "));
}

TEST(ParseEvents, NotAnObjectIsRejected) {
  EXPECT_EQ(parse_reject("[1, 2]"), "not a JSON object");
  EXPECT_EQ(parse_reject("42"), "not a JSON object");
}

TEST(ParseEvents, TrailingContentAfterObjectIsRejected) {
  EXPECT_THAT(parse_reject(event_line(valid_event_fields()) + "}"), ::testing::StartsWith("invalid JSON: "));
  EXPECT_THAT(parse_reject(event_line(valid_event_fields()) + " {}"), ::testing::StartsWith("invalid JSON: "));
}

TEST(ParseEvents, MisspelledNullIsRejected) {
  EXPECT_THAT(parse_reject(event_with("artist", "nul")), ::testing::StartsWith("invalid JSON: "));
}

TEST(ParseEvents, MalformedNumberIsRejected) {
  EXPECT_THAT(parse_reject(event_with("ts", "12x")), ::testing::StartsWith("invalid JSON: "));
  EXPECT_THAT(parse_reject(event_with("ts", "0012")), ::testing::StartsWith("invalid JSON: "));
}

TEST(ParseEvents, NullOptionalFieldsBecomeNullopt) {
  testing::Fields fields = valid_event_fields();
  for (const char* name : {"artist", "auth", "firstName", "gender", "lastName", "length", "level", "location", "method",
                           "registration", "song", "status", "userAgent"}) {
    fields[name] = "null";
  }
  const EventRow row = parse_row(event_line(fields));
  EXPECT_FALSE(row.artist || row.auth || row.first_name || row.gender || row.last_name || row.length || row.level ||
               row.location || row.method || row.registration || row.song || row.status || row.user_agent);
}

TEST(ParseEvents, MissingOptionalFieldsBecomeNullopt) {
  const EventRow row = parse_row(R"({"ts":1541106106796,"sessionId":1,"itemInSession":0,"page":"Home","userId":""})");
  EXPECT_FALSE(row.artist || row.auth || row.first_name || row.gender || row.last_name || row.length || row.level ||
               row.location || row.method || row.registration || row.song || row.status || row.user_agent ||
               row.user_id);
}

TEST(ParseEvents, UnknownFieldsAreIgnored) {
  const EventRow row = parse_row(event_with("extra", R"({"nested":[1,2,{"x":"y"}]})"));
  EXPECT_EQ(row.page, "NextSong");
}

TEST(ParseEvents, EmptyStringIsKeptNotNull) { EXPECT_EQ(parse_row(event_with("location", R"("")")).location, ""); }

}  // namespace
}  // namespace sparkify::parse

namespace sparkify::parse {
namespace {

// The sliced parse hands over, slice by slice, exactly the rows the whole
// parse keeps, with the same rejects and counts, on a body of 2.5 slices
// with blank lines and bad lines between them (and none after the last).
TEST(ParseEventsInSlices, HandsOverTheRowsOfTheWholeParse) {
  std::string body;
  for (int i = 0; i < static_cast<int>(kEventSlice * 5 / 2); ++i) {
    body += i % 100 == 7 ? "{not json" : testing::event_with("ts", std::to_string(1541106106796 + i));
    body += i % 300 == 11 ? "\n\n" : "\n";
  }
  const auto whole = parse_events("a.json", body);
  std::vector<std::pair<std::int64_t, std::int64_t>> sliced;  // ts, source_line
  std::vector<std::size_t> slice_sizes;
  const auto batch = parse_events("a.json", body, [&](std::span<const EventRow> rows) {
    slice_sizes.push_back(rows.size());
    for (const EventRow& row : rows) sliced.emplace_back(row.ts, row.source_line);
  });
  std::vector<std::pair<std::int64_t, std::int64_t>> expected;
  for (const EventRow& row : whole->rows) expected.emplace_back(row.ts, row.source_line);
  EXPECT_EQ(sliced, expected);
  EXPECT_EQ(slice_sizes, (std::vector<std::size_t>{kEventSlice, kEventSlice, expected.size() - 2 * kEventSlice}));
  EXPECT_TRUE(batch->rows.empty());
  EXPECT_EQ(batch->records_read, whole->records_read);
  ASSERT_EQ(batch->rejects.size(), whole->rejects.size());
  EXPECT_EQ(batch->rejects.back().line, whole->rejects.back().line);
  EXPECT_GT(batch->rejects.size(), 20u);
}

}  // namespace
}  // namespace sparkify::parse
