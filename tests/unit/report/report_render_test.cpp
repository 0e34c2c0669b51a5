// The report's text helpers and renderers on hand-made Charts.
#include <gtest/gtest.h>

#include "report/render.h"
#include "report/svg_chart.h"
#include "report/text.h"

namespace sparkify::report {
namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

Chart chart_with_text(std::string_view text) {
  Chart chart;
  chart.id = "c";
  chart.title = std::string(text);
  chart.note = std::string(text);
  chart.category_label = std::string(text);
  chart.value_label = std::string(text);
  chart.categories = {std::string(text)};
  chart.series = {{std::string(text), {3}}, {"other", {1}}};
  return chart;
}

TEST(ReportText, EscapeHtmlEscapesMarkupAndQuotes) {
  EXPECT_EQ(escape_html(R"(<a href="x">Tom's & Jerry</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&lt;/a&gt;");
}

TEST(ReportText, MarkdownCellEscapesPipesAndLineBreaks) {
  EXPECT_EQ(escape_markdown_cell("a|b\nc<d>"), "a\\|b c&lt;d&gt;");
}

TEST(ReportText, FormatNumberGroupsThousands) {
  EXPECT_EQ(format_number(0), "0");
  EXPECT_EQ(format_number(999), "999");
  EXPECT_EQ(format_number(1234567), "1,234,567");
  EXPECT_EQ(format_number(-1000), "-1,000");
  EXPECT_EQ(format_number(12.5), "12.5");
}

TEST(ReportText, ShortenCutsWholeUtf8Characters) {
  EXPECT_EQ(shorten("Crème brûlée", 20), "Crème brûlée");
  EXPECT_EQ(shorten("桜桜桜桜", 3), "桜桜…");
  EXPECT_EQ(shorten("abcd", 4), "abcd");
  EXPECT_EQ(shorten("abcde", 4), "abc…");
}

TEST(ReportText, TextBarIsProportionalInEighths) {
  EXPECT_EQ(text_bar(10, 10, 3), "███");
  EXPECT_EQ(text_bar(5, 10, 3), "█▌");
  EXPECT_EQ(text_bar(0, 10, 3), "");
  EXPECT_EQ(text_bar(0.001, 10, 3), "▏");
}

TEST(ReportText, WeekdayZeroIsSunday) {
  EXPECT_EQ(weekday_name(0), "Sunday");
  EXPECT_EQ(weekday_name(6), "Saturday");
  EXPECT_EQ(weekday_name(7), "day 7");
}

TEST(ReportSvg, EmptyChartIsAFrameSayingNoDataYet) {
  Chart chart;
  chart.id = "empty";
  chart.categories = {"a"};
  chart.series = {{"plays", {0}}};
  const auto svg = render_svg(chart);
  EXPECT_EQ(count(svg, "<svg class=\"chart\""), 1u);
  EXPECT_NE(svg.find(">no data yet<"), std::string::npos);
  EXPECT_EQ(svg.find("class=\"bar\""), std::string::npos);
}

TEST(ReportSvg, DrawsOneBarPerValue) {
  Chart chart;
  chart.id = "bars";
  chart.categories = {"a", "b", "c"};
  chart.series = {{"free", {1, 2, 3}}, {"paid", {4, 5, 6}}};
  for (bool stacked : {false, true}) {
    chart.stacked = stacked;
    for (auto layout : {Chart::Layout::columns, Chart::Layout::rows}) {
      chart.layout = layout;
      EXPECT_EQ(count(render_svg(chart), "<rect class=\"bar\""), 6u);
    }
  }
}

TEST(ReportHtml, EveryTextIsEscaped) {
  Report report;
  report.target = "<target>";
  report.generated_at = "<now>";
  report.figures = {{"<figure>", "<1>"}};
  for (auto layout : {Chart::Layout::columns, Chart::Layout::rows}) {
    report.charts.push_back(chart_with_text("<i>&\"'"));
    report.charts.back().layout = layout;
  }
  const auto html = render_html(report);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("<target>"), std::string::npos);
  EXPECT_EQ(html.find("<now>"), std::string::npos);
  EXPECT_EQ(html.find("<figure>"), std::string::npos);
  EXPECT_EQ(html.find("<1>"), std::string::npos);
  EXPECT_NE(html.find("&lt;i&gt;&amp;&quot;&#39;"), std::string::npos);
  const auto markdown = render_markdown(report);
  EXPECT_EQ(markdown.find("<i>"), std::string::npos);
}

TEST(ReportMarkdown, TableHasABarColumnAndEmptyChartsSayNoDataYet) {
  Report report;
  Chart full;
  full.title = "Plays";
  full.category_label = "hour";
  full.categories = {"0", "1"};
  full.series = {{"plays", {2, 4}}};
  Chart empty = full;
  empty.title = "Nothing";
  empty.series = {{"plays", {0, 0}}};
  report.charts = {full, empty};
  const auto markdown = render_markdown(report);
  EXPECT_NE(markdown.find("| hour | plays | |\n|---|---:|:---|\n| 0 | 2 | " + text_bar(2, 4, 30) + " |\n| 1 | 4 | " +
                          text_bar(4, 4, 30) + " |\n"),
            std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("## Nothing\n\n_no data yet_"), std::string::npos) << markdown;
}

}  // namespace
}  // namespace sparkify::report
