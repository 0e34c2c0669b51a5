#include <fmt/format.h>

#include "report/render.h"
#include "report/svg_chart.h"
#include "report/text.h"

namespace sparkify::report {
namespace {

constexpr std::string_view kStyle = R"(
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; background: #f4f5f7; color: #1f2933;
         font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
  header { background: #1f2933; color: #fff; padding: 24px 32px; }
  header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; }
  header p { margin: 0; color: #cbd2d9; }
  main { max-width: 1040px; margin: 0 auto; padding: 24px 16px 48px; }
  .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; margin-bottom: 24px; }
  .figure { background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  .figure .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
  .figure .label { color: #616e7c; }
  .warning { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 8px; padding: 12px 16px; margin-bottom: 24px; }
  .chart-card { background: #fff; border-radius: 8px; margin: 0 0 20px; padding: 16px 20px 12px;
                box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  .chart-card h2 { margin: 0 0 6px; font-size: 17px; font-weight: 600; }
  .chart-card p.note { margin: 0 0 8px; color: #616e7c; }
  .legend { margin: 0 0 6px; color: #3e4c59; }
  .legend span { display: inline-block; margin-right: 16px; }
  .legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
  svg.chart { display: block; height: auto; font-family: inherit; }
  svg.chart text { font-size: 12px; fill: #3e4c59; }
  svg.chart text.axis-label { font-size: 13px; fill: #616e7c; }
  svg.chart text.empty { font-size: 18px; fill: #7b8794; }
  svg.chart rect.bar:hover { opacity: .8; }
  footer { color: #7b8794; text-align: center; font-size: 12px; }
)";

std::string render_figures(const Report& report) {
  if (report.figures.empty()) return "";
  std::string out = "<section class=\"figures\">\n";
  for (const auto& figure : report.figures) {
    out += fmt::format("<div class=\"figure\"><div class=\"value\">{}</div><div class=\"label\">{}</div></div>\n",
                       escape_html(figure.value), escape_html(figure.label));
  }
  return out + "</section>\n";
}

std::string render_legend(const Chart& chart) {
  if (chart.series.size() < 2 || chart.empty()) return "";
  std::string out = "<div class=\"legend\">";
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    out += fmt::format("<span><i style=\"background:{}\"></i>{}</span>", series_colour(s),
                       escape_html(chart.series[s].name));
  }
  return out + "</div>\n";
}

std::string render_card(const Chart& chart) {
  std::string out = fmt::format("<figure class=\"chart-card\" id=\"{}\">\n<h2>{}</h2>\n", escape_html(chart.id),
                                escape_html(chart.title));
  if (!chart.note.empty() && !chart.empty()) out += fmt::format("<p class=\"note\">{}</p>\n", escape_html(chart.note));
  out += render_legend(chart);
  out += render_svg(chart);
  return out + "</figure>\n";
}

}  // namespace

std::string render_html(const Report& report) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>Sparkify report</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  out += fmt::format("<header>\n<h1>Sparkify report</h1>\n<p>{} · generated {}</p>\n</header>\n<main>\n",
                     escape_html(report.target), escape_html(report.generated_at));
  if (!report.missing_tables.empty()) {
    std::string names;
    for (const auto& table : report.missing_tables) names += (names.empty() ? "" : ", ") + table;
    out += fmt::format(
        "<p class=\"warning\">No data yet: this warehouse lacks sparkify's tables ({}). Run "
        "<code>sparkify create-tables</code> and <code>sparkify etl --source DIR</code> first.</p>\n",
        escape_html(names));
  }
  out += render_figures(report);
  for (const auto& chart : report.charts) out += render_card(chart);
  out += "<footer>Drawn by sparkify report; this file needs no network.</footer>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace sparkify::report
