#include "report/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "report/text.h"

namespace sparkify::report {
namespace {

constexpr double kWidth = 960;
constexpr double kCharWidth = 6.6;  // average advance of the 12-unit sans-serif font, for layout estimates

// Axis ticks: 0, step, 2*step, ... up to a "nice" top (1, 2 or 5 times a power of ten per step).
struct Scale {
  double top = 1, step = 1;
};

Scale nice_scale(double largest, int target_ticks) {
  if (largest <= 0) return {};
  const double raw = largest / target_ticks;
  const double power = std::pow(10, std::floor(std::log10(raw)));
  double step = power;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * power;
    if (step >= raw) break;
  }
  step = std::max(step, 1.0);  // counts: integer ticks
  return {std::ceil(largest / step) * step, step};
}

std::string open_svg(const Chart& chart, double height) {
  return fmt::format(
      "<svg class=\"chart\" data-chart=\"{0}\" role=\"img\" aria-label=\"{1}\" xmlns=\"http://www.w3.org/2000/svg\" "
      "viewBox=\"0 0 {2} {3}\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\">\n<title>{1}</title>\n",
      escape_html(chart.id), escape_html(chart.title), kWidth, height);
}

std::string text(double x, double y, std::string_view content, std::string_view attributes = "") {
  return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\"{}{}>{}</text>\n", x, y, attributes.empty() ? "" : " ", attributes,
                     escape_html(content));
}

std::string bar(double x, double y, double w, double h, std::size_t series, std::string_view tooltip) {
  return fmt::format(
      "<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" "
      "rx=\"2\"><title>{}</title></rect>\n",
      x, y, std::max(w, 0.0), std::max(h, 0.0), series_colour(series), escape_html(tooltip));
}

std::string tooltip(const Chart& chart, std::size_t category, std::size_t series) {
  const auto& s = chart.series[series];
  std::string label = chart.categories[category];
  if (chart.series.size() > 1) label += " · " + s.name;
  return label + ": " + format_number(s.values[category]) + " " + chart.value_label;
}

std::string render_empty(const Chart& chart) {
  constexpr double height = 120;
  std::string svg = open_svg(chart, height);
  svg += fmt::format(
      "<rect x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#d0d4da\" "
      "stroke-dasharray=\"6 4\" rx=\"6\"/>\n",
      kWidth - 1, height - 1);
  svg += text(kWidth / 2, height / 2 + 6, "no data yet",
              "class=\"empty\" text-anchor=\"middle\" font-size=\"18\" fill=\"#6b7280\"");
  return svg + "</svg>\n";
}

// Vertical bars: categories along the bottom, value axis on the left.
std::string render_columns(const Chart& chart) {
  constexpr double height = 320, left = 72, right = 16, top = 16, bottom = 64;
  const double plot_w = kWidth - left - right, plot_h = height - top - bottom;
  const Scale scale = nice_scale(chart.largest_bar(), 5);
  const auto y_of = [&](double value) { return top + plot_h - value / scale.top * plot_h; };
  std::string svg = open_svg(chart, height);

  for (double tick = 0; tick <= scale.top + 1e-9; tick += scale.step) {
    const double y = y_of(tick);
    svg += fmt::format("<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\"/>\n", left,
                       kWidth - right, y, y, tick == 0 ? "#6b7280" : "#e5e7eb");
    svg += text(left - 8, y + 4, format_number(tick), "class=\"tick\" text-anchor=\"end\"");
  }

  const std::size_t n = chart.categories.size(), ns = chart.series.size();
  const double band = plot_w / static_cast<double>(n);
  const double group = band * 0.8;
  std::size_t longest = 1;
  for (const auto& c : chart.categories) longest = std::max(longest, c.size());
  const auto label_every = static_cast<std::size_t>(std::ceil((longest * kCharWidth + 10) / band));
  for (std::size_t c = 0; c < n; ++c) {
    const double x0 = left + band * static_cast<double>(c) + (band - group) / 2;
    double stacked_top = 0;
    for (std::size_t s = 0; s < ns; ++s) {
      const double value = chart.series[s].values[c];
      if (chart.stacked) {
        svg += bar(x0, y_of(stacked_top + value), group, y_of(stacked_top) - y_of(stacked_top + value), s,
                   tooltip(chart, c, s));
        stacked_top += value;
      } else {
        const double w = group / static_cast<double>(ns);
        svg += bar(x0 + w * static_cast<double>(s), y_of(value), w, y_of(0) - y_of(value), s, tooltip(chart, c, s));
      }
    }
    if (c % std::max<std::size_t>(label_every, 1) == 0) {
      svg += text(left + band * (static_cast<double>(c) + 0.5), top + plot_h + 18, chart.categories[c],
                  "class=\"category\" text-anchor=\"middle\"");
    }
  }
  svg += text(left + plot_w / 2, height - 14, chart.category_label, "class=\"axis-label\" text-anchor=\"middle\"");
  svg += text(
      16, top + plot_h / 2, chart.value_label,
      fmt::format("class=\"axis-label\" text-anchor=\"middle\" transform=\"rotate(-90 16 {:.1f})\"", top + plot_h / 2));
  return svg + "</svg>\n";
}

// Horizontal bars: one row per category with its label on the left and the
// value printed after the bar.
std::string render_rows(const Chart& chart) {
  constexpr std::size_t kLabelChars = 44;
  constexpr double top = 8, bottom = 40, right = 96;
  const std::size_t n = chart.categories.size(), ns = chart.series.size();
  std::size_t longest = 4;
  for (const auto& c : chart.categories) longest = std::max(longest, std::min(c.size(), kLabelChars));
  const double left = std::min(360.0, static_cast<double>(longest) * kCharWidth + 16);
  const double row = ns > 1 && !chart.stacked ? 14.0 * static_cast<double>(ns) + 10 : 28;
  const double height = top + row * static_cast<double>(n) + bottom;
  const double plot_w = kWidth - left - right;
  const Scale scale = nice_scale(chart.largest_bar(), 5);
  const auto x_of = [&](double value) { return left + value / scale.top * plot_w; };
  std::string svg = open_svg(chart, height);

  const double plot_bottom = top + row * static_cast<double>(n);
  for (double tick = 0; tick <= scale.top + 1e-9; tick += scale.step) {
    const double x = x_of(tick);
    svg += fmt::format("<line class=\"grid\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{}\" y2=\"{:.1f}\" stroke=\"{}\"/>\n", x,
                       x, top, plot_bottom, tick == 0 ? "#6b7280" : "#e5e7eb");
    svg += text(x, plot_bottom + 16, format_number(tick), "class=\"tick\" text-anchor=\"middle\"");
  }
  for (std::size_t c = 0; c < n; ++c) {
    const double y0 = top + row * static_cast<double>(c) + 4, inner = row - 8;
    svg += text(left - 8, y0 + inner / 2 + 4, shorten(chart.categories[c], kLabelChars),
                "class=\"category\" text-anchor=\"end\"");
    double stacked_end = 0;
    for (std::size_t s = 0; s < ns; ++s) {
      const double value = chart.series[s].values[c];
      if (chart.stacked) {
        svg +=
            bar(x_of(stacked_end), y0, x_of(stacked_end + value) - x_of(stacked_end), inner, s, tooltip(chart, c, s));
        stacked_end += value;
        continue;
      }
      const double h = inner / static_cast<double>(ns), y = y0 + h * static_cast<double>(s);
      svg += bar(left, y, x_of(value) - left, h - 1, s, tooltip(chart, c, s));
      svg += text(x_of(value) + 6, y + h / 2 + 4, format_number(value), "class=\"value\"");
    }
    if (chart.stacked)
      svg += text(x_of(stacked_end) + 6, y0 + inner / 2 + 4, format_number(stacked_end), "class=\"value\"");
  }
  svg += text(left + plot_w / 2, height - 6, chart.value_label, "class=\"axis-label\" text-anchor=\"middle\"");
  return svg + "</svg>\n";
}

}  // namespace

std::string series_colour(std::size_t index) {
  static constexpr std::array<std::string_view, 6> kPalette = {"#4e79a7", "#f28e2b", "#59a14f",
                                                               "#e15759", "#76b7b2", "#b07aa1"};
  return std::string(kPalette[index % kPalette.size()]);
}

std::string render_svg(const Chart& chart) {
  if (chart.empty()) return render_empty(chart);
  return chart.layout == Chart::Layout::columns ? render_columns(chart) : render_rows(chart);
}

}  // namespace sparkify::report
