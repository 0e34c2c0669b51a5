// Star totals kept between runs: the rows of each star table and the plays
// matched to a song, as the last etl run committed them, so that a run can
// add its own changes to them instead of counting whole tables (on
// PostgreSQL a count reads the whole table, so a daily run would cost what
// the history costs; bench/README.md, stop 32).
//
// Where they are kept (Dialect::keeps_star_totals(); PostgreSQL, whose
// triggers make it exact):
//  - kTotalsTable holds one row: the totals, and `exact`;
//  - a statement trigger on each star table (AFTER INSERT, UPDATE, DELETE
//    or TRUNCATE) sets `exact` to false when the statement runs outside an
//    etl run, that is, in a transaction that did not run mark_etl_run();
//    its function is SECURITY DEFINER, so that a user who may write a star
//    table but not kTotalsTable can still write it, names kTotalsTable with
//    the star table's schema, so that a writer's own temporary table of that
//    name cannot take the mark, and does nothing once kTotalsTable is gone;
//  - a run reads the row with a lock (select_kept_star_totals) at its end:
//    another transaction that changed a star table has then either
//    committed (exact is false) or waits on the lock to set it false after
//    the run commits, so `exact` and the run's own counts
//    (pg_stat_xact_user_tables, exact for the transaction) give the totals
//    the run commits; otherwise the run counts the tables and stores what it
//    counted.
// A run can also tell the plays matched to a song from its own changes
// only when every songplays row it wrote is one it appended (nothing
// updated or deleted, as many inserted as appended): the matched plays it
// appended are then the change. Otherwise it counts them.
// The statements are PostgreSQL's; other engines count (DuckDB reads its
// counts from its own metadata).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sql/dialect.h"
#include "sql/tables.h"

namespace sparkify::sql {

inline constexpr std::string_view kTotalsTable = "etl_totals";

// kTotalsTable with its one row, the trigger function and one trigger per
// star table, after the star tables. For create-tables `tables_empty`: the
// row's zeros are exact. For a run that found a warehouse made before
// kTotalsTable existed (select_star_totals_state()), not: the row says so,
// and the run counts the tables and stores their totals. The triggers lock
// each star table against other writers until the transaction ends, so what
// the run counts after them is what it commits.
std::vector<Statement> create_star_totals(bool tables_empty);
// kTotalsTable and the trigger function (the triggers go with their
// tables); for create-tables, after the tables.
std::vector<Statement> drop_star_totals();

// For the run's transaction, before it changes a star table: its statements
// leave `exact` as it is.
Statement mark_etl_run();

// One row, two booleans: whether kTotalsTable exists; and whether it does
// not and the user may make it (create_star_totals()): CREATE on the current
// schema, TRIGGER on every star table, and no function or trigger of its
// triggers' name left over.
std::string select_star_totals_state();

// The kept totals, their row locked until the transaction ends; one row (none
// if someone deleted it), columns in this order: the rows of each table of
// kStarTables; the matched plays; `exact`; whether every star table's
// trigger is in force (false when one was dropped or disabled); what the
// open transaction added to each star table (inserted less deleted), in
// kStarTables order (Dialect::rows_added_in_transaction, which `dialect`
// must have); and the songplays rows it inserted, updated and deleted.
std::string select_kept_star_totals(const Dialect& dialect);

// The totals after the run, stored with `exact` true: an UPDATE of the kept
// row, or when select_kept_star_totals() found none (`row_kept` false), an
// INSERT of it.
struct StarTotals {
  std::array<std::int64_t, kStarTables.size()> rows{};  // kStarTables order
  std::int64_t songplays_matched = 0;
};
Statement store_star_totals(const StarTotals& totals, bool row_kept);

// One row, one number: the plays of songplays matched to a song.
std::string count_matched_plays();

}  // namespace sparkify::sql
