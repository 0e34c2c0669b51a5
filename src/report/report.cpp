#include "report/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "report/text.h"
#include "sql/report_queries.h"
#include "sql/tables.h"

namespace sparkify::report {
namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

constexpr std::size_t kMaxRuns = 20;  // load history shows the latest runs
constexpr long kMaxDailyBars = 92;    // beyond this many days, paid vs free is drawn per week

double number(const std::optional<std::string>& cell) { return cell ? std::stod(*cell) : 0.0; }
std::string label(const std::optional<std::string>& cell) { return cell ? *cell : "(none)"; }

std::string iso_date(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

Rows rows_of(warehouse::Warehouse& warehouse, const sql::Statement& statement) {
  return warehouse.query(statement.text).rows;
}

std::vector<std::string> missing_tables(warehouse::Warehouse& warehouse) {
  std::set<std::string> present;
  for (const auto& row : rows_of(warehouse, sql::report::tables_present())) present.insert(label(row[0]));
  std::vector<std::string> missing;
  auto need = [&](std::string_view table) {
    if (!present.contains(std::string(table))) missing.emplace_back(table);
  };
  for (auto table : sql::kStarTables) need(table);
  need(sql::kRunsTable);
  return missing;
}

// A chart of one series whose categories are the integers 0..count-1, named
// by `name_of`: rows hold the integer first and the value last.
template <typename NameOf>
Chart counts_by_index(warehouse::Warehouse* warehouse, const sql::Statement& statement, long count, NameOf name_of) {
  Chart chart;
  chart.series = {{"plays", std::vector<double>(static_cast<std::size_t>(count), 0.0)}};
  for (long i = 0; i < count; ++i) chart.categories.push_back(name_of(i));
  if (!warehouse) return chart;
  for (const auto& row : rows_of(*warehouse, statement)) {
    const auto index = static_cast<long>(number(row[0]));
    if (index >= 0 && index < count) chart.series[0].values[static_cast<std::size_t>(index)] = number(row.back());
  }
  return chart;
}

Chart plays_by_hour(warehouse::Warehouse* warehouse) {
  Chart chart = counts_by_index(warehouse, sql::report::plays_by_hour(), 24, [](long h) { return std::to_string(h); });
  chart.id = "plays-by-hour";
  chart.title = "Plays by hour of day (UTC)";
  chart.category_label = "hour of day (UTC)";
  chart.value_label = "plays";
  return chart;
}

Chart plays_by_weekday(warehouse::Warehouse* warehouse) {
  Chart chart = counts_by_index(warehouse, sql::report::plays_by_weekday(), 7, weekday_name);
  chart.id = "plays-by-weekday";
  chart.title = "Plays by weekday";
  chart.category_label = "weekday";
  chart.value_label = "plays";
  return chart;
}

Chart ranking(warehouse::Warehouse* warehouse, const sql::Statement& statement, std::size_t label_columns) {
  Chart chart;
  chart.layout = Chart::Layout::rows;
  chart.value_label = "plays";
  chart.series = {{"plays", {}}};
  if (!warehouse) return chart;
  for (const auto& row : rows_of(*warehouse, statement)) {
    std::string name = label(row[0]);
    for (std::size_t c = 1; c < label_columns; ++c) name += " — " + label(row[c]);
    chart.categories.push_back(name);
    chart.series[0].values.push_back(number(row[label_columns]));
  }
  return chart;
}

Chart top_songs(warehouse::Warehouse* warehouse) {
  Chart chart = ranking(warehouse, sql::report::top_songs(), 2);
  chart.id = "top-songs";
  chart.title = "Top songs";
  chart.note = "The 10 most played songs that matched the song catalog (title — artist).";
  chart.category_label = "song";
  return chart;
}

Chart top_artists(warehouse::Warehouse* warehouse) {
  Chart chart = ranking(warehouse, sql::report::top_artists(), 1);
  chart.id = "top-artists";
  chart.title = "Top artists";
  chart.note = "The 10 artists with the most matched plays.";
  chart.category_label = "artist";
  return chart;
}

// Paid vs free plays per day, or per week (from the first day) over long spans.
Chart paid_vs_free(warehouse::Warehouse* warehouse) {
  using namespace std::chrono;
  Chart chart;
  chart.id = "paid-vs-free";
  chart.title = "Paid vs free plays over time";
  chart.category_label = "day (UTC)";
  chart.value_label = "plays";
  chart.stacked = true;
  std::map<sys_days, std::map<std::string, double>> by_day;
  std::set<std::string> levels;
  if (warehouse) {
    for (const auto& row : rows_of(*warehouse, sql::report::plays_by_day_and_level())) {
      const sys_days day{year{static_cast<int>(number(row[0]))} / static_cast<unsigned>(number(row[1])) /
                         static_cast<unsigned>(number(row[2]))};
      by_day[day][label(row[3])] += number(row[4]);
      levels.insert(label(row[3]));
    }
  }
  if (levels.empty()) levels = {"free", "paid"};
  for (const auto& level : levels) chart.series.push_back({level, {}});
  if (by_day.empty()) return chart;
  const sys_days first = by_day.begin()->first, last = by_day.rbegin()->first;
  const long span = (last - first).count() + 1;
  const long step = span > kMaxDailyBars ? 7 : 1;
  if (step == 7) chart.category_label = "week starting (UTC)";
  chart.note = step == 7 ? "Songplays per week and subscription level at play time."
                         : "Songplays per day and subscription level at play time.";
  for (long offset = 0; offset < span; offset += step) {
    const year_month_day ymd{first + days{offset}};
    chart.categories.push_back(
        fmt::format("{:02}-{:02}", static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())));
    std::size_t s = 0;
    for (const auto& level : levels) {
      double sum = 0;
      for (long d = offset; d < std::min(span, offset + step); ++d) {
        if (auto it = by_day.find(first + days{d}); it != by_day.end()) {
          if (auto value = it->second.find(level); value != it->second.end()) sum += value->second;
        }
      }
      chart.series[s++].values.push_back(sum);
    }
  }
  chart.note += fmt::format(" {} to {}.", iso_date(first), iso_date(last));
  return chart;
}

Chart level_changes(warehouse::Warehouse* warehouse) {
  Chart chart;
  chart.id = "level-changes";
  chart.title = "Users changing level";
  chart.note = "A change is two consecutive plays of one user at different subscription levels.";
  chart.category_label = "change";
  chart.value_label = "changes / users";
  chart.layout = Chart::Layout::rows;
  chart.series = {{"changes", {}}, {"users", {}}};
  if (!warehouse) return chart;
  for (const auto& row : rows_of(*warehouse, sql::report::level_changes())) {
    chart.categories.push_back(label(row[0]) + " → " + label(row[1]));
    chart.series[0].values.push_back(number(row[2]));
    chart.series[1].values.push_back(number(row[3]));
  }
  return chart;
}

Chart song_match(warehouse::Warehouse* warehouse) {
  Chart chart;
  chart.id = "song-match";
  chart.title = "Song-match rate";
  chart.category_label = "songplays";
  chart.value_label = "plays";
  chart.layout = Chart::Layout::rows;
  chart.series = {{"plays", {}}};
  if (!warehouse) return chart;
  const auto rows = rows_of(*warehouse, sql::report::song_match());
  const double plays = number(rows.at(0)[0]), matched = number(rows.at(0)[1]);
  chart.categories = {"matched a song", "no matching song"};
  chart.series[0].values = {matched, plays - matched};
  if (plays > 0) {
    chart.note = fmt::format("{:.1f}% of {} songplays matched a song by title, artist and duration.",
                             100.0 * matched / plays, format_number(plays));
  }
  return chart;
}

Chart load_history(warehouse::Warehouse* warehouse) {
  Chart chart;
  chart.id = "load-history";
  chart.title = "Load history";
  chart.category_label = "etl run (finished, UTC)";
  chart.value_label = "records";
  chart.layout = Chart::Layout::rows;
  chart.series = {{"records read", {}}, {"records rejected", {}}};
  if (!warehouse) return chart;
  const auto rows = rows_of(*warehouse, sql::report::load_history());
  const std::size_t first = rows.size() > kMaxRuns ? rows.size() - kMaxRuns : 0;
  for (std::size_t r = first; r < rows.size(); ++r) {
    const auto& row = rows[r];
    chart.categories.push_back(fmt::format("run {} · {}", r + 1, label(row[0]).substr(0, 19)));
    chart.series[0].values.push_back(number(row[1]) + number(row[3]));
    chart.series[1].values.push_back(number(row[2]) + number(row[4]));
  }
  chart.note = fmt::format("{} etl run{} recorded in etl_runs{}; records are events and songs together.", rows.size(),
                           rows.size() == 1 ? "" : "s", first ? fmt::format(", the latest {} shown", kMaxRuns) : "");
  return chart;
}

std::vector<Figure> figures(warehouse::Warehouse& warehouse) {
  std::vector<Figure> out;
  for (auto table : sql::kStarTables) {
    const auto rows = warehouse.query(sql::count_rows(table)).rows;
    out.push_back({std::string(table), format_number(number(rows.at(0)[0]))});
  }
  const auto runs = warehouse.query(sql::count_rows(sql::kRunsTable)).rows;
  out.push_back({"etl runs", format_number(number(runs.at(0)[0]))});
  return out;
}

}  // namespace

Report build_report(warehouse::Warehouse& warehouse, std::string generated_at) {
  Report report;
  report.target = warehouse.describe();
  report.generated_at = std::move(generated_at);
  report.missing_tables = missing_tables(warehouse);
  warehouse::Warehouse* source = report.missing_tables.empty() ? &warehouse : nullptr;
  if (source) report.figures = figures(warehouse);
  report.charts = {plays_by_hour(source), plays_by_weekday(source), top_songs(source),  top_artists(source),
                   paid_vs_free(source),  level_changes(source),    song_match(source), load_history(source)};
  return report;
}

}  // namespace sparkify::report
