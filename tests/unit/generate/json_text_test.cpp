// The hand-written JSON formatting reads back (with nlohmann::json) as the
// value that was written.
#include "generate/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace sparkify::generate {
namespace {

TEST(JsonText, AsciiOnlyWritesSurrogatePairsAboveBmp) {
  std::string out;
  append_json_string(out, "Caf\xC3\xA9 \xF0\x9F\x8E\xB8 \xE6\x97\xA5", JsonEscaping{true, false});
  EXPECT_EQ(out, R"("Caf\u00e9 \ud83c\udfb8 \u65e5")");
  EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), "Caf\xC3\xA9 \xF0\x9F\x8E\xB8 \xE6\x97\xA5");
}

TEST(JsonText, QuotesBackslashesAndSlashesAreEscaped) {
  std::string out;
  append_json_string(out, R"("Mozilla/5.0" \ x)", JsonEscaping{false, true});
  EXPECT_EQ(out, R"("\"Mozilla\/5.0\" \\ x")");
  EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), R"("Mozilla/5.0" \ x)");
}

TEST(JsonText, DecimalsAlwaysHaveAFractionAndReadBackExactly) {
  for (const double value : {200.0, 218.93179, -90.04892, 0.00001, 1e-5 * 3'000'001}) {
    std::string out;
    append_decimal(out, value);
    EXPECT_NE(out.find('.'), std::string::npos) << out;
    EXPECT_EQ(out.find('e'), std::string::npos) << out;
    EXPECT_EQ(nlohmann::json::parse(out).get<double>(), value) << out;
  }
}

}  // namespace
}  // namespace sparkify::generate
