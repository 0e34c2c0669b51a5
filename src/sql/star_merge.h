// The merge steps of Dialect (docs/semantics.md "Star schema rules"), written
// once for every engine. A dialect describes the few places where its SQL
// differs in an EngineSql value; these functions return its statements.
//
// Every rule is a choice by content: each merge ranks the warehouse's rows
// together with the run's rows by the rule (row_number() in a subquery, which
// every engine accepts), so the result does not depend on which run loaded
// what. Text compares and sorts by bytes on every engine (the EngineSql
// fragments add COLLATE "C" or LENGTH() where an engine needs them).
//
// Besides the run tables named in dialect.h, the steps use TEMPORARY work
// tables of their own, created empty by create_work_tables():
//   changed_songs, changed_artists, changed_users  rows a merge adds or replaces;
//   run_plays      (SQL route) the run's songplays, one per key, unmatched;
//   play_matches   song matches of the plays being (re)matched;
//   changed_songplays  the best row of each key in repeat_plays, when it is
//                  not the warehouse's row.
// All functions are pure: same EngineSql, same statements.
//
// StarMergeDialect implements Dialect's merge and SQL-route methods with
// these functions; a dialect derives from it and gives its EngineSql.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sql/dialect.h"
#include "sql/schema.h"

namespace sparkify::sql {

struct EngineSql {
  TypeNamer type_name;  // column types of the work tables
  // The sort key of a text expression, ascending, NULL first, in byte order
  // (one or more comma-separated ORDER BY items).
  std::string (*text_ascending)(std::string_view expression);
  // An exact, byte-for-byte equality of two text expressions.
  std::string (*text_equal)(std::string_view left, std::string_view right);
  // The PARTITION BY items of a text expression: one partition per exact value.
  std::string (*text_key)(std::string_view expression);
  // The SELECT DISTINCT items of a text column: one row per exact value (any
  // extra item is named <column>_length).
  std::string (*text_distinct)(std::string_view column);
  // A TIMESTAMP from epoch milliseconds, exact to the millisecond.
  std::string (*timestamp_from_epoch_ms)(std::string_view milliseconds);
  // hour, day, week (ISO), month, year, weekday (0 = Sunday) of a TIMESTAMP,
  // as six comma-separated INTEGER expressions.
  std::string (*time_parts)(std::string_view start_time);
  // The songplay_id of a play from its key's md5 (32 hex digits): a UUID
  // (8-4-4-4-12), or that text where the engine has no UUID type.
  std::string (*songplay_key)(std::string_view md5_hex);
  // The BIGINT user id of a staging_events row (NULL when logged out).
  std::string_view staged_user_id;
  // Whether work tables get fresh statistics (ANALYZE) once filled.
  bool analyze_work_tables = false;
  // Whether a work table is emptied between merge rounds by TRUNCATE rather
  // than DELETE. Only where TRUNCATE is transactional and frees the rows at
  // once (PostgreSQL): there DELETE leaves every row in place until the run's
  // transaction ends, and each later round's scan visits them all again.
  // Redshift commits at a TRUNCATE; DuckDB's TRUNCATE is a DELETE.
  bool truncate_work_tables = false;
  // "<schema>." of the session's temporary tables, so that dropping a work
  // table of an earlier run never drops a permanent table of the same name
  // ("" where the engine has no such name).
  std::string_view temporary_schema;
};

// hour, day, week, month, year, weekday by EXTRACT (PostgreSQL, Redshift).
std::string extract_time_parts(std::string_view start_time);

// The name of every work table (dialect.h's and the list above) that the SQL
// route uses, in the order create_work_tables() creates them; played_songs is
// the streaming engine's alone.
std::vector<std::string_view> every_work_table();
// The work tables that `statements` name (as a whole word), in that order.
std::vector<std::string_view> work_tables_named_in(std::span<const Statement> statements);

std::vector<Statement> create_work_tables(const EngineSql& engine, std::span<const std::string_view> names);
std::vector<Statement> find_changed_songs_and_artists(const EngineSql& engine);
std::vector<Statement> note_rematch_titles(const EngineSql& engine);
std::vector<Statement> apply_changed_songs_and_artists(const EngineSql& engine);
std::vector<Statement> rematch_songplays(const EngineSql& engine);
std::vector<Statement> resolve_songplay_keys(const EngineSql& engine);
std::vector<Statement> clear_repeat_plays(const EngineSql& engine);
std::vector<Statement> resolve_time_keys(const EngineSql& engine);
std::vector<Statement> clear_run_times(const EngineSql& engine);
std::vector<Statement> merge_users(const EngineSql& engine);
std::vector<Statement> stage_run_songs(const EngineSql& engine);
std::vector<Statement> insert_staged_songplays(const EngineSql& engine);
std::vector<Statement> stage_run_users(const EngineSql& engine);
std::vector<Statement> insert_new_time(const EngineSql& engine);

class StarMergeDialect : public Dialect {
 public:
  std::vector<Statement> create_work_tables(std::span<const std::string_view> names) const override {
    return sql::create_work_tables(engine_, names);
  }
  std::vector<Statement> find_changed_songs_and_artists() const override {
    return sql::find_changed_songs_and_artists(engine_);
  }
  std::vector<Statement> note_rematch_titles() const override { return sql::note_rematch_titles(engine_); }
  std::vector<Statement> apply_changed_songs_and_artists() const override {
    return sql::apply_changed_songs_and_artists(engine_);
  }
  std::vector<Statement> rematch_songplays() const override { return sql::rematch_songplays(engine_); }
  std::vector<Statement> resolve_songplay_keys() const override { return sql::resolve_songplay_keys(engine_); }
  std::vector<Statement> clear_repeat_plays() const override { return sql::clear_repeat_plays(engine_); }
  std::vector<Statement> resolve_time_keys() const override { return sql::resolve_time_keys(engine_); }
  std::vector<Statement> clear_run_times() const override { return sql::clear_run_times(engine_); }
  std::vector<Statement> merge_users() const override { return sql::merge_users(engine_); }
  std::vector<Statement> stage_run_songs() const override { return sql::stage_run_songs(engine_); }
  std::vector<Statement> insert_staged_songplays() const override { return sql::insert_staged_songplays(engine_); }
  std::vector<Statement> stage_run_users() const override { return sql::stage_run_users(engine_); }
  std::vector<Statement> insert_new_time() const override { return sql::insert_new_time(engine_); }

 protected:
  explicit StarMergeDialect(const EngineSql& engine) : engine_(engine) {}

 private:
  const EngineSql& engine_;  // a constant of the derived dialect's file
};

}  // namespace sparkify::sql
