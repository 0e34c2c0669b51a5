// RunTotals: what etl reports after its load, in the run's transaction: each
// star table's rows, what the run added to each (inserted less deleted),
// and the plays matched to a song.
// Where the dialect keeps the totals (Dialect::keeps_star_totals,
// sql/star_totals.h) and they are exact, they come from the kept row and the
// run's own changes, without reading the star tables; otherwise the tables
// are counted (on an engine that does not count a transaction's changes,
// also before the run: on construction). The kept totals are then stored for
// the next run, in the same transaction. A warehouse that should keep them
// but was made before they existed gets them (sql::create_star_totals) when
// the user may make them; that run counts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "pipeline/run_statements.h"
#include "pipeline/star_stream.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

struct StarCounts {
  std::map<std::string, std::int64_t> rows;   // every star table
  std::map<std::string, std::int64_t> added;  // every star table: inserted less deleted by the run
  std::int64_t songplays_matched = 0;
};

class RunTotals {
 public:
  // In the run's transaction, before the run changes a star table: marks
  // the transaction as a run's (sql::mark_etl_run) where the totals are kept.
  explicit RunTotals(warehouse::Warehouse& warehouse);

  // After the load: `appended` is what the streaming engine appended to
  // songplays itself (zero for the SQL route). Reports on `progress` where
  // the totals came from and how long that took.
  StarCounts after(warehouse::Warehouse& warehouse, const PlaysAppended& appended, const Progress& progress) const;

 private:
  bool keeps_totals_;
  bool counts_added_;                                          // Dialect::counts_rows_added_in_transaction
  std::optional<std::map<std::string, std::int64_t>> before_;  // rows before the run, where counted
};

}  // namespace sparkify::pipeline
