// render_svg: one Chart as a self-contained inline <svg> element (no scripts,
// no external references, every text escaped). Sizes are in SVG user units
// on a fixed viewBox; the element scales to its container's width.
//
// The element carries class="chart" and data-chart="<id>"; an empty chart
// (Chart::empty) is drawn as a frame saying "no data yet", so a report always
// holds the same figures.
#pragma once

#include <string>

#include "report/chart.h"

namespace sparkify::report {

std::string render_svg(const Chart& chart);

// The colour of series `index` (a fixed palette, repeated), e.g. "#4e79a7".
std::string series_colour(std::size_t index);

}  // namespace sparkify::report
