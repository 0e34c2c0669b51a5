#include "pipeline/run_totals.h"

#include <array>
#include <chrono>
#include <vector>

#include "sql/load_audit.h"
#include "sql/star_totals.h"
#include "sql/tables.h"

namespace sparkify::pipeline {
namespace {

// Each star table's rows and, when `matched`, the plays matched to a song;
// when `added`, what the open transaction added to each (the engine's count,
// Dialect::rows_added_in_transaction). One statement
// (sql::count_star_rows): songplays is read once for both of its counts.
StarCounts count_star_tables(warehouse::Warehouse& warehouse, bool matched, bool added) {
  const auto row = warehouse.query(sql::count_star_rows(warehouse.dialect(), matched, added)).rows.at(0);
  StarCounts out;
  std::size_t column = 0;
  for (auto table : sql::kStarTables) out.rows[std::string(table)] = count_value(row.at(column++));
  if (matched) out.songplays_matched = count_value(row.at(column++));
  if (added) {
    for (auto table : sql::kStarTables) out.added[std::string(table)] = count_value(row.at(column++));
  }
  return out;
}

// The totals from a row of sql::select_kept_star_totals(warehouse.dialect()): nullopt when
// they are not exact (changed outside a run, or a trigger not in force);
// `matched_known` false when the run wrote songplays rows other than those
// it appended, so that the plays matched to a song must be counted.
struct KeptCounts {
  StarCounts counts;
  bool matched_known = false;
};

std::optional<KeptCounts> kept_and_added(const std::vector<std::optional<std::string>>& row,
                                         const PlaysAppended& appended) {
  std::size_t column = 0;
  std::array<std::int64_t, sql::kStarTables.size()> kept{};
  for (auto& rows : kept) rows = count_value(row.at(column++));
  const std::int64_t kept_matched = count_value(row.at(column++));
  const bool exact = row.at(column++) == "true";
  const bool triggers_in_force = row.at(column++) == "true";
  if (!exact || !triggers_in_force) return std::nullopt;
  KeptCounts out;
  for (std::size_t i = 0; i < sql::kStarTables.size(); ++i) {
    const std::string table(sql::kStarTables[i]);
    out.counts.added[table] = count_value(row.at(column++));
    out.counts.rows[table] = kept[i] + out.counts.added[table];
  }
  const std::int64_t inserted = count_value(row.at(column++));
  const std::int64_t updated = count_value(row.at(column++));
  const std::int64_t deleted = count_value(row.at(column++));
  out.matched_known = inserted == appended.rows && updated == 0 && deleted == 0;
  out.counts.songplays_matched = kept_matched + appended.matched;
  return out;
}

sql::StarTotals star_totals(const StarCounts& counts) {
  sql::StarTotals out;
  for (std::size_t i = 0; i < sql::kStarTables.size(); ++i) {
    out.rows[i] = counts.rows.at(std::string(sql::kStarTables[i]));
  }
  out.songplays_matched = counts.songplays_matched;
  return out;
}

}  // namespace

RunTotals::RunTotals(warehouse::Warehouse& warehouse)
    : keeps_totals_(warehouse.dialect().keeps_star_totals()),
      counts_added_(warehouse.dialect().counts_rows_added_in_transaction()) {
  if (keeps_totals_) warehouse.execute(sql::mark_etl_run());
  if (!counts_added_) before_ = count_star_tables(warehouse, false, false).rows;
}

StarCounts RunTotals::after(warehouse::Warehouse& warehouse, const PlaysAppended& appended,
                            const Progress& progress) const {
  // Each -v line is named as `sparkify sql` names its statement.
  const auto timed = [&](std::string_view name, const auto& work) {
    const auto started = std::chrono::steady_clock::now();
    auto result = work();
    progress(phase_done(name, started));
    return result;
  };
  const auto count = [&] {
    StarCounts out = timed("star table rows", [&] { return count_star_tables(warehouse, true, counts_added_); });
    if (before_) {
      for (const auto& [table, rows] : out.rows) out.added[table] = rows - before_->at(table);
    }
    return out;
  };
  bool kept_table = false;
  if (keeps_totals_) {
    const auto state = warehouse.query(sql::select_star_totals_state()).rows.at(0);
    kept_table = state.at(0) == "true";
    if (!kept_table && state.at(1) == "true") {
      run_statements(warehouse, sql::create_star_totals(false), progress);
      kept_table = true;
    }
  }
  if (!kept_table) return count();
  const auto kept_rows = timed("the kept totals and the run's changes",
                               [&] { return warehouse.query(sql::select_kept_star_totals(warehouse.dialect())).rows; });
  const auto kept = kept_rows.empty() ? std::nullopt : kept_and_added(kept_rows.front(), appended);
  StarCounts out = kept ? kept->counts : count();
  if (kept && !kept->matched_known) {
    out.songplays_matched =
        timed("the plays matched to a song", [&] { return query_count(warehouse, sql::count_matched_plays()); });
  }
  timed("keep the totals", [&] {
    warehouse.execute(sql::store_star_totals(star_totals(out), !kept_rows.empty()));
    return true;
  });
  return out;
}

}  // namespace sparkify::pipeline
