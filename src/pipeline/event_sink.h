// The consuming side of the events phase (load_star_streaming), on the
// thread that appends: EventSink appends the workers' rows (event_rows.h),
// decides which plays and time keys may repeat a stored or earlier one and
// sends those to the merge, and gathers the users. With it, what it needs of
// the warehouse as the run began (Stored, StoredDays), the run's work tables
// (WorkTables) and the sizes of the key filters. Not thread-safe: one thread
// owns each of these, inside the run's open transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "pipeline/event_rows.h"
#include "pipeline/run_statements.h"
#include "pipeline/star_stream.h"
#include "source/source.h"
#include "sql/dialect.h"
#include "star/met_keys.h"
#include "star/stored_plays.h"
#include "star/user_pick.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

// Which star tables held any row when the run began: one statement
// (sql::select_star_tables_holding_rows).
struct Stored {
  bool songplays = false, users = false, songs = false, artists = false, time = false;
};
Stored read_stored(warehouse::Warehouse& warehouse);

// The bytes of the objects' lines, at most (a gzip file's as the most its
// size may expand to).
std::uint64_t most_line_bytes(const std::vector<source::ObjectRef>& objects);
// An estimate from above of the events in `objects` (the key filters are
// sized for it). An estimate too low costs only wrong nominations (rows in
// the resolve steps), never a wrong row.
std::uint64_t most_events(const std::vector<source::ObjectRef>& objects);

// The run's work tables (sql/dialect.h, sql/star_merge.h), each created just
// before the run first appends to it or runs a step that names it, so a run
// creates only those it uses: on PostgreSQL each costs two statements and a
// catalog entry, and a first load uses three of eleven. Appending must not be
// under way when one is created (a RunLoader is flushed first).
class WorkTables {
 public:
  WorkTables(warehouse::Warehouse& warehouse, const Progress& progress) : warehouse_(warehouse), progress_(progress) {}

  void before_steps(const std::vector<sql::Statement>& steps);
  void before_appending(std::string_view table);
  bool created(std::string_view table) const { return created_.contains(table); }

 private:
  void create(const std::vector<std::string_view>& tables);

  warehouse::Warehouse& warehouse_;
  const Progress& progress_;
  std::unordered_set<std::string_view> created_;  // names of static storage (sql) or literals
};

// Which days the warehouse held plays for when the run began. Where the
// engine has an index on time.start_time to walk (Dialect::select_time_indexed)
// every stored day is read at the start, by walking it or, without it yet, by
// a scan. Elsewhere (DuckDB) the run looks a day up when it first meets it,
// with the next days of its window (EventSink::note_day), and remember()s
// them: the engine prunes that scan to the blocks whose range holds those
// days, so a daily load reads a few days of time, not the whole table
// (bench/README.md, stop 20). Looked up before the run appends any row of that
// day, a day found is a stored day. With time empty at the start, no day is
// stored.
class StoredDays {
 public:
  // `time_stored`: whether time held any row when the run began.
  StoredDays(warehouse::Warehouse& warehouse, bool time_stored);

  // Whether `day` is stored, if known without a query.
  std::optional<bool> known(std::int64_t day) const;
  // Whether a query of the stored rows or keys of some days reads all of
  // songplays and time: the engine makes a start_time index
  // (Dialect::select_time_indexed) and has not made it yet, as the tables
  // are small.
  bool reads_whole_tables() const { return reads_whole_tables_; }
  // Records what the caller found of a day not known at the start (whether
  // time holds a row of it), before the run appended any row of it.
  void remember(std::int64_t day, bool stored);

 private:
  // Every stored day, where known at the start (read, or none: time was empty).
  std::optional<std::unordered_set<std::int64_t>> days_;
  std::unordered_map<std::int64_t, bool> looked_up_;  // otherwise, the days found so far
  bool reads_whole_tables_ = false;
};

// The consuming side of the events phase: appends rows, sends the plays
// whose key may have been seen before to repeat_plays (and their time keys to
// run_times) instead, gathers users: at the end, straight to users when the
// run found users empty (its picks are the rows), else to run_users for the
// merge. Nothing it appends is ever deleted in the run: the resolve steps
// only update and insert. `merge_round(plays, times)` merges and empties
// repeat_plays (when `plays`) and run_times (when `times`); it runs once the
// plays waiting there weigh StreamLimits::repeat_bytes_per_round (or
// repeat_bytes_per_round_in_server) or StreamLimits::repeat_times_per_round
// time keys wait (the merge keeps the best row per key by a total order, and
// a time row is a function of its key, so merging in rounds gives the same
// rows as merging once).
class EventSink {
 public:
  // `events`: about how many events the run's files hold, at most (the key
  // filters are sized for them).
  EventSink(warehouse::Warehouse& warehouse, warehouse::RunLoader& loader, WorkTables& work_tables,
            std::uint64_t events, const Stored& stored, const StreamLimits& limits,
            std::function<void(bool plays, bool times)> merge_round);

  // Appends the product's rows slice by slice, gathers its users, and runs a
  // merge round once the waiting plays weigh the round's bytes or the round's
  // time keys wait.
  void add(EventProduct&& product);
  // Sends the time keys still in doubt and the users (to users when the run
  // found it empty, else to run_users), and flushes the loader.
  void finish();

  // Plays appended to songplays so far.
  PlaysAppended plays_appended() const { return plays_appended_; }
  // Plays waiting in repeat_plays for the last merge.
  std::size_t waiting_repeats() const { return waiting_repeats_; }
  // Plays dropped as equal to a row of songplays (stored_again()).
  std::size_t plays_stored() const { return plays_stored_; }
  // Stored days whose rows were read to compare plays with them.
  std::size_t days_read_whole() const { return days_read_whole_.size(); }
  // Time keys waiting in run_times for the last merge (after finish()).
  std::size_t waiting_times() const { return waiting_times_; }

 private:
  void append_slice(PlaySlice& slice);
  bool new_time(std::int64_t start_time_ms, std::uint64_t hash, std::int64_t day);
  void send_repeated_times();
  void note_day(std::int64_t day);
  bool stored_again(const star::SongplayRow& play);

  warehouse::Warehouse& warehouse_;
  warehouse::RunLoader& loader_;
  WorkTables& work_tables_;
  bool pick_users_;
  StoredDays stored_days_;
  std::int64_t most_window_days_;                            // the most days one read of keys or rows covers
  std::size_t window_keys_;                                  // StreamLimits::window_keys
  std::unordered_set<std::int64_t> met_days_;                // the days of the run's plays so far
  std::unordered_map<std::int64_t, std::size_t> keys_read_;  // stored days whose keys note_day() read: their plays
  std::int64_t window_days_ = 1;                             // days note_day() reads keys for next
  star::MetKeys songplay_keys_, time_keys_;
  star::StoredPlays stored_plays_;                    // settles songplay_keys_' "maybe" for a play equal to a row
  std::unordered_set<std::int64_t> days_read_whole_;  // days whose rows stored_again() read
  std::size_t plays_stored_ = 0;                      // plays dropped as equal to a row of songplays
  PlaysAppended plays_appended_;
  std::size_t bytes_per_round_, times_per_round_;
  std::function<void(bool plays, bool times)> merge_round_;
  std::size_t waiting_repeats_ = 0, waiting_bytes_ = 0, waiting_times_ = 0;
  std::vector<std::int64_t> repeated_times_;  // time keys in doubt, not yet in run_times
  star::UserPicks users_;
};

}  // namespace sparkify::pipeline
