#include <fmt/format.h>

#include "report/render.h"
#include "report/text.h"

namespace sparkify::report {
namespace {

constexpr int kBarWidth = 30;  // columns of the text bar at the largest value

std::string render_table(const Chart& chart) {
  std::string out = "| " + escape_markdown_cell(chart.category_label);
  std::string rule = "|---";
  for (const auto& s : chart.series) {
    out += " | " + escape_markdown_cell(s.name);
    rule += "|---:";
  }
  out += " | |\n" + rule + "|:---|\n";
  const double largest = chart.largest_bar();
  for (std::size_t c = 0; c < chart.categories.size(); ++c) {
    out += "| " + escape_markdown_cell(chart.categories[c]);
    double bar = 0;  // stacked: the whole; else the first series (the others are parts of it, or smaller)
    for (const auto& s : chart.series) {
      out += " | " + format_number(s.values[c]);
      if (chart.stacked || &s == &chart.series.front()) bar += s.values[c];
    }
    out += " | " + text_bar(bar, largest, kBarWidth) + " |\n";
  }
  return out;
}

}  // namespace

std::string render_markdown(const Report& report) {
  std::string out = "# Sparkify report\n\n";
  out += fmt::format("_{} · generated {}_\n\n", escape_markdown_cell(report.target),
                     escape_markdown_cell(report.generated_at));
  if (!report.missing_tables.empty()) {
    out +=
        "**No data yet**: this warehouse lacks sparkify's tables. Run `sparkify create-tables` and "
        "`sparkify etl --source DIR` first.\n\n";
  }
  if (!report.figures.empty()) {
    std::string head = "|", rule = "|", values = "|";
    for (const auto& figure : report.figures) {
      head += fmt::format(" {} |", escape_markdown_cell(figure.label));
      rule += "---:|";
      values += fmt::format(" {} |", escape_markdown_cell(figure.value));
    }
    out += head + "\n" + rule + "\n" + values + "\n\n";
  }
  for (const auto& chart : report.charts) {
    out += "## " + escape_markdown_cell(chart.title) + "\n\n";
    if (chart.empty()) {
      out += "_no data yet_\n\n";
      continue;
    }
    if (!chart.note.empty()) out += escape_markdown_cell(chart.note) + "\n\n";
    out += render_table(chart) + "\n";
  }
  return out;
}

}  // namespace sparkify::report
