// `sparkify report` rendered by a real browser: generated data -> etl ->
// report with the real binary, then headless Chromium (Debian's `chromium`,
// installed by scripts/setup.sh --with-test-servers) renders the HTML. Each
// test keeps a screenshot under <build>/test-artifacts/ and asserts on the
// DOM as Chromium built it (--dump-dom) and on its log (script errors).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>

#include "harness/workspace.h"
#include "warehouse/duckdb_warehouse.h"

namespace sparkify::testing {
namespace {

const std::vector<std::string> kChartIds = {"plays-by-hour", "plays-by-weekday", "top-songs",  "top-artists",
                                            "paid-vs-free",  "level-changes",    "song-match", "load-history"};

// The chromium executable on PATH, or "" when it is not installed.
std::string find_chromium() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    for (const char* name : {"chromium", "chromium-browser"}) {
      const auto candidate = std::filesystem::path(dirs.substr(start, end - start)) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    start = end + 1;
  }
  return "";
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// Width and height from a PNG's IHDR chunk (0x0 when the file is not a PNG).
std::pair<unsigned, unsigned> png_size(const std::filesystem::path& file) {
  const std::string bytes = read_text_file(file);
  if (bytes.size() < 24 || bytes.compare(1, 3, "PNG") != 0) return {0, 0};
  auto be32 = [&](std::size_t at) {
    unsigned v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    return v;
  };
  return {be32(16), be32(20)};
}

class ReportInBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = find_chromium();
    if (chromium_.empty())
      GTEST_SKIP() << "chromium is not installed (scripts/setup.sh --with-test-servers installs it)";
    std::filesystem::create_directories(SPARKIFY_TEST_ARTIFACTS);
  }

  // Chromium with a fresh profile, no network services, on the report file.
  CommandResult chromium(const std::vector<std::string>& flags, const std::filesystem::path& html) {
    const auto profile = ws_.path() / ("profile-" + std::to_string(runs_++));
    std::vector<std::string> argv = {chromium_,
                                     "--headless",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--disable-quic",
                                     "--no-first-run",
                                     "--disable-background-networking",
                                     "--disable-component-update",
                                     "--disable-sync",
                                     "--hide-scrollbars",
                                     "--user-data-dir=" + profile.string()};
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.push_back("file://" + html.string());
    CommandOptions options;
    options.timeout = std::chrono::seconds(90);
    return run_command(argv, options);
  }

  // Renders `html`: keeps a screenshot as `artifact`.png and returns the DOM.
  std::string render(const std::filesystem::path& html, const std::string& artifact) {
    const auto png = std::filesystem::path(SPARKIFY_TEST_ARTIFACTS) / (artifact + ".png");
    std::filesystem::remove(png);
    auto shot = chromium({"--screenshot=" + png.string(), "--window-size=1200,3200"}, html);
    EXPECT_EQ(shot.exit_code, 0) << shot.err;
    EXPECT_EQ(png_size(png), std::make_pair(1200u, 3200u)) << "screenshot " << png;
    auto dom = chromium({"--dump-dom", "--enable-logging=stderr", "--v=0"}, html);
    EXPECT_EQ(dom.exit_code, 0) << dom.err;
    // Page script errors and console messages are logged as CONSOLE lines.
    EXPECT_EQ(dom.err.find("Uncaught"), std::string::npos) << dom.err;
    EXPECT_EQ(dom.err.find(":CONSOLE("), std::string::npos) << dom.err;
    return dom.out;
  }

  // The report file must name no URL but the SVG namespace: it opens offline.
  static void expect_no_external_reference(const std::string& html) {
    EXPECT_EQ(count(html, "://"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
  }

  Workspace ws_;
  std::string chromium_;
  int runs_ = 0;
};

TEST_F(ReportInBrowser, GeneratedDataRendersEveryChartWithAxesAndNamedWeekdays) {
  ws_.generate("data", 300, 6000, 5);
  ws_.sparkify_ok({"create-tables"});
  ws_.sparkify_ok({"etl", "--source", "data"});
  // A title that is markup and a script: it must come out as text, not run.
  // Written straight into the file (`sparkify query` opens it read-only).
  {
    warehouse::DuckDbWarehouse warehouse((ws_.path() / "sparkify.duckdb").string());
    warehouse.execute({"inject a title",
                       "UPDATE songs SET title = '<script>throw new Error(\"injected\")</script> & \"Tom''s\" <b>' "
                       "WHERE song_id = (SELECT song_id FROM songplays WHERE song_id IS NOT NULL GROUP BY song_id "
                       "ORDER BY count(*) DESC, song_id LIMIT 1)"});
  }
  auto result = ws_.sparkify_ok({"report", "--out", "report.html"});
  EXPECT_NE(result.out.find("8 charts, 8 with data"), std::string::npos) << result.out;
  const auto html = read_text_file(ws_.path() / "report.html");
  expect_no_external_reference(html);

  const std::string dom = render(ws_.path() / "report.html", "report-generated");
  EXPECT_EQ(count(dom, "<svg class=\"chart\""), kChartIds.size()) << dom;
  for (const auto& id : kChartIds) EXPECT_EQ(count(dom, "data-chart=\"" + id + "\""), 1u) << id;
  EXPECT_EQ(dom.find("no data yet"), std::string::npos);
  for (const char* label : {">hour of day (UTC)<", ">weekday<", ">plays<", ">day (UTC)<", ">records<"}) {
    EXPECT_NE(dom.find(label), std::string::npos) << label;
  }
  std::size_t at = 0;  // weekday names in order, Sunday first
  for (const char* day : {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}) {
    at = dom.find(std::string(">") + day + "<", at);
    EXPECT_NE(at, std::string::npos) << day;
  }
  EXPECT_NE(dom.find("&lt;script&gt;throw new Error(\"injected\")&lt;/script&gt; &amp; \"Tom's\" &lt;b&gt;"),
            std::string::npos);
  EXPECT_EQ(dom.find("<b>"), std::string::npos);
}

TEST_F(ReportInBrowser, EmptyWarehouseRendersEveryChartAsNoDataYet) {
  ws_.sparkify_ok({"create-tables"});
  ws_.sparkify_ok({"report", "--out", "empty.html"});
  const auto html = read_text_file(ws_.path() / "empty.html");
  expect_no_external_reference(html);
  const std::string dom = render(ws_.path() / "empty.html", "report-empty");
  EXPECT_EQ(count(dom, "<svg class=\"chart\""), kChartIds.size());
  EXPECT_EQ(count(dom, ">no data yet<"), kChartIds.size());
  for (const auto& id : kChartIds) EXPECT_EQ(count(dom, "data-chart=\"" + id + "\""), 1u) << id;
}

}  // namespace
}  // namespace sparkify::testing
