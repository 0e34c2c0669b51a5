// The two renderings of a Report.
//
// render_html: one self-contained HTML5 page: inline CSS and inline SVG
// charts, no scripts, no external URL of any kind, so it opens offline.
// Every text from the warehouse is escaped. Each chart is a
// <figure class="chart-card" id="<chart id>"> holding one <svg class="chart">.
//
// render_markdown: GitHub-flavoured markdown for pasting into a README: the
// figures, then one table per chart with a text bar column (empty charts say
// "no data yet").
#pragma once

#include <string>

#include "report/report.h"

namespace sparkify::report {

std::string render_html(const Report& report);
std::string render_markdown(const Report& report);

}  // namespace sparkify::report
