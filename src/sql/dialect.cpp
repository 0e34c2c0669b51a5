#include "sql/dialect.h"

#include <fmt/format.h>

#include "sql/star_merge.h"
#include "sql/tables.h"

namespace sparkify::sql {

std::vector<CopyStatement> Dialect::copy_staging(const CopyParams&) const { return {}; }

std::vector<Statement> Dialect::prepare_key_lookups() const { return {}; }

std::optional<std::string> Dialect::select_key_lookups_due() const { return std::nullopt; }

std::vector<Statement> Dialect::session_settings() const { return {}; }

std::string Dialect::string_literal(std::string_view text) const { return quote_literal(text); }

std::string Dialect::counted_key(std::string_view column) const { return std::string(column); }

std::optional<std::string> Dialect::rows_added_in_transaction(std::string_view) const { return std::nullopt; }

bool Dialect::keeps_star_totals() const { return false; }

bool Dialect::counts_rows_added_in_transaction() const { return rows_added_in_transaction(kStarTables[0]).has_value(); }

std::optional<std::string> Dialect::select_time_indexed() const { return std::nullopt; }

std::string Dialect::epoch_ms(std::string_view timestamp) const {
  return fmt::format("CAST(EXTRACT(EPOCH FROM {}) * 1000 AS BIGINT)", timestamp);
}

std::vector<Statement> Dialect::run_settings() const { return {}; }

std::string Dialect::existing_tables() const { return sql::existing_tables(); }

std::vector<Statement> Dialect::create_run_tables() const {
  std::vector<Statement> out = run_settings();
  for (Statement& statement : create_work_tables(every_work_table())) out.push_back(std::move(statement));
  return out;
}

std::vector<Statement> Dialect::build_star_schema() const {
  std::vector<Statement> out;
  for (const auto& step :
       {create_run_tables(), stage_run_songs(), find_changed_songs_and_artists(), note_rematch_titles(),
        apply_changed_songs_and_artists(), rematch_songplays(), insert_staged_songplays(), resolve_songplay_keys(),
        stage_run_users(), merge_users(), insert_new_time()}) {
    out.insert(out.end(), step.begin(), step.end());
  }
  return out;
}

}  // namespace sparkify::sql
