// Chart: what one figure of the report shows, independent of how it is drawn.
// The HTML report draws it as inline SVG (svg_chart.h), the markdown report as
// a table with a text bar column (markdown_report.h); both read only this.
#pragma once

#include <string>
#include <vector>

namespace sparkify::report {

struct Series {
  std::string name;            // legend text, e.g. "paid"
  std::vector<double> values;  // one per category of the chart
};

struct Chart {
  enum class Layout {
    columns,  // vertical bars, categories along the x axis (hours, days)
    rows,     // horizontal bars, one row per category (rankings with long labels)
  };
  std::string id;              // stable identifier, e.g. "plays-by-hour" (HTML id, test hook)
  std::string title;           // e.g. "Plays by hour of day (UTC)"
  std::string note;            // one sentence under the title; may be empty
  std::string category_label;  // axis title of the categories, e.g. "hour"
  std::string value_label;     // axis title of the values, e.g. "plays"
  std::vector<std::string> categories;
  std::vector<Series> series;  // at least one; each holds categories.size() values
  Layout layout = Layout::columns;
  bool stacked = false;  // series stacked in one bar (parts of a whole) instead of side by side

  // True when there is nothing to draw: no categories or every value zero.
  bool empty() const;
  // The largest bar: a stacked category's sum, else the largest single value (0 when empty).
  double largest_bar() const;
};

}  // namespace sparkify::report
