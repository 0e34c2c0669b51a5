// Dialect: every SQL statement sparkify runs against one engine, as readable
// text. The pipeline asks the dialect for statements and hands them to the
// warehouse; no other module builds SQL. `sparkify sql --dialect NAME` prints
// exactly these statements, in the order the pipeline runs them.
//
// Contract of the statements (the same on every engine; docs/semantics.md):
//  - drop_tables / create_tables: every table of sql::table_schemas().
//  - clear_staging: empties both staging tables (run inside the etl transaction).
//  - build_star_schema: staging -> songplays, users, songs, artists, time.
//    Idempotent: running it twice on the same staging leaves the same tables.
//  - copy_staging: the server-side loads (Redshift COPY), each tagged with the
//    staging table it fills, so callers never pick statements by name.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sparkify::sql {

struct Statement {
  std::string name;  // what it does, e.g. "insert songplays"
  std::string text;  // one SQL statement, no trailing semicolon
};

enum class StagingTable { events, songs };

// One server-side load: the objects listed in one manifest, all plain JSON or
// all gzip-compressed JSON (a manifest cannot mix them: COPY's GZIP applies to
// every object it reads).
struct CopySource {
  StagingTable table = StagingTable::events;
  std::string manifest_uri;  // s3://.../<name>.manifest, listing every object by full URL
  bool gzip = false;
  // Parts written by pipeline/repack.h (gzip NDJSON whose records carry
  // their origin keys): the COPY also fills the origin columns.
  bool packed = false;
};

// Parameters of the server-side bulk loads (Redshift COPY from S3).
struct CopyParams {
  std::vector<CopySource> sources;  // one COPY each, in this order
  std::string jsonpaths_uri;        // s3://.../events_jsonpaths.json
  std::string iam_role_arn;
  std::string region;
  std::string packed_jsonpaths_uri{};  // s3://.../events_packed_jsonpaths.json, for packed events parts
};

struct CopyStatement {
  StagingTable table;
  Statement statement;
};

// The run's work tables, TEMPORARY on every engine (gone with the session,
// never written to the warehouse file); created by create_work_tables():
//   run_songs(song_id, title, artist_id, year, duration, artist_name,
//             artist_location, artist_latitude, artist_longitude)
//       every song record of this run;
//   run_users(user_id, first_name, last_name, gender, level, latest_ts,
//             latest_session_id, latest_item_in_session)
//       candidate users rows: at least each user's best event of this run
//       (more rows are allowed; the merge applies the rule);
//   repeat_plays(<songplays columns>)  song-matched plays whose key may
//       already be in songplays (the streaming route sends a play here
//       instead of songplays when its key may have been seen before);
//   run_times(start_time)  time keys that may now occur more than once;
//   rematch_titles(title)  titles whose plays must be matched again;
//   played_songs(song, artist)  the distinct (title, artist name) pairs the
//       run's plays name, for the songs that may match them
//       (sql::select_song_catalog_of_played_songs).
// Every merge applies the rules of docs/semantics.md ("Star schema rules"),
// so the result does not depend on which run loaded what.
class Dialect {
 public:
  virtual ~Dialect() = default;

  virtual std::string_view name() const = 0;  // "duckdb", "postgres", "redshift"

  virtual std::vector<Statement> drop_tables() const = 0;
  virtual std::vector<Statement> create_tables() const = 0;
  virtual std::vector<Statement> clear_staging() const = 0;

  // --- the merge, shared by both routes (docs/semantics.md "Engines") ---
  // Settings for the rest of the run's transaction, its first statements
  // (default none).
  virtual std::vector<Statement> run_settings() const;
  // Each work table named (this list's and sql/star_merge.h's), empty: a
  // table of that name an earlier run of the session left is dropped first.
  // A run may create only those its steps name
  // (star_merge.h's work_tables_named_in()).
  virtual std::vector<Statement> create_work_tables(std::span<const std::string_view> names) const = 0;
  // run_settings() and every work table.
  std::vector<Statement> create_run_tables() const;
  // The song merge, in three parts run in this order:
  // run_songs -> changed_songs, changed_artists: the rows the merge adds or
  // replaces (best row per key over the warehouse's rows and the run's).
  virtual std::vector<Statement> find_changed_songs_and_artists() const = 0;
  // Fills rematch_titles with the titles (before and after) of every song
  // added or changed and of every song by an artist added or changed. Only
  // stored songplays are matched again, so a run that found songplays empty
  // may leave this out together with rematch_songplays.
  virtual std::vector<Statement> note_rematch_titles() const = 0;
  // changed_songs, changed_artists -> songs, artists.
  virtual std::vector<Statement> apply_changed_songs_and_artists() const = 0;
  // Every songplay whose song is in rematch_titles gets the song match of
  // the current songs/artists (NULL when none).
  virtual std::vector<Statement> rematch_songplays() const = 0;
  // For each key in repeat_plays: the best of its songplays row and its
  // repeat_plays rows by the rule ends in songplays, as the key's one row
  // (an existing row is updated in place, never deleted).
  virtual std::vector<Statement> resolve_songplay_keys() const = 0;
  // Empties repeat_plays and the merge's own work table, so that
  // resolve_songplay_keys can run again for the plays that follow.
  virtual std::vector<Statement> clear_repeat_plays() const = 0;
  // For each start_time in run_times: exactly one time row (added when the
  // key is not yet in time).
  virtual std::vector<Statement> resolve_time_keys() const = 0;
  // Empties run_times, so that resolve_time_keys can run again for the time
  // keys that follow.
  virtual std::vector<Statement> clear_run_times() const = 0;
  // run_users -> users (best per user over the warehouse's row and the run's).
  virtual std::vector<Statement> merge_users() const = 0;
  // After the streaming route has bulk-loaded songplays and time, before the
  // merges: what the engine needs to find stored rows by their keys without
  // reading the whole table (default none).
  virtual std::vector<Statement> prepare_key_lookups() const;
  // One row, one boolean per statement of prepare_key_lookups(), in its
  // order: whether that statement may do anything in the open transaction
  // (false: it would do nothing, and need not run); nullopt: always run them
  // (default).
  virtual std::optional<std::string> select_key_lookups_due() const;

  // --- the SQL route only: from the staging tables ---
  // staging_songs -> run_songs.
  virtual std::vector<Statement> stage_run_songs() const = 0;
  // staging_events -> songplays: one row per key of the run (best event by
  // the rule), song-matched against the current dimensions; plays whose key
  // is already in songplays go to repeat_plays instead.
  virtual std::vector<Statement> insert_staged_songplays() const = 0;
  // staging_events -> run_users (each user's best event of the run).
  virtual std::vector<Statement> stage_run_users() const = 0;
  // Every start_time of the run's songplays (run_plays) not yet in time ->
  // time; earlier songplays got theirs in their own run.
  virtual std::vector<Statement> insert_new_time() const = 0;

  // The SQL route's whole transform, in order: create_run_tables,
  // stage_run_songs, find_changed_songs_and_artists, note_rematch_titles,
  // apply_changed_songs_and_artists, rematch_songplays,
  // insert_staged_songplays, resolve_songplay_keys, stage_run_users,
  // merge_users, insert_new_time. Written once, here.
  std::vector<Statement> build_star_schema() const;

  // Server-side COPY statements, one per params.sources entry; empty for
  // engines that are loaded by the client.
  virtual std::vector<CopyStatement> copy_staging(const CopyParams& params) const;

  // The names (one column, lowercase) of the tables in the connection's
  // current database and schema that the user may use (default:
  // information_schema, sql::existing_tables()).
  virtual std::string existing_tables() const;

  // Run once per connection before anything else (SET statements); default none.
  virtual std::vector<Statement> session_settings() const;

  // `text` as a string literal of this engine (default: quote_literal, quotes
  // doubled). For values sparkify itself produces.
  virtual std::string string_literal(std::string_view text) const;

  // What a uniqueness check counts distinct values of, for the key `column`
  // (default: the column itself, the cheapest to count).
  virtual std::string counted_key(std::string_view column) const;

  // An expression (a BIGINT, needing no FROM) for the rows the open
  // transaction has added to `table` (inserted less deleted), where the
  // engine keeps that count, so that etl need not count the table before the
  // run; nullopt: count before and after (default).
  virtual std::optional<std::string> rows_added_in_transaction(std::string_view table) const;
  // Whether it does (for the star tables).
  bool counts_rows_added_in_transaction() const;

  // Whether create-tables also makes sql/star_totals.h's table and triggers,
  // which keep the totals exact (default: false; etl counts the star tables
  // after each run).
  virtual bool keeps_star_totals() const;

  // One row, one boolean: whether time has the start_time index that
  // prepare_key_lookups() makes; nullopt where the engine makes none (default).
  virtual std::optional<std::string> select_time_indexed() const;

  // A TIMESTAMP expression as epoch milliseconds, a BIGINT (default:
  // EXTRACT(EPOCH ...), exact on PostgreSQL).
  virtual std::string epoch_ms(std::string_view timestamp) const;
};

}  // namespace sparkify::sql
