#include "pipeline/event_sink.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <span>
#include <string>
#include <utility>

#include "common/error.h"
#include "sql/star_merge.h"
#include "sql/tables.h"
#include "star/keys.h"

namespace sparkify::pipeline {
namespace {

// The most days one read of stored keys (EventSink::note_day) or stored rows
// (EventSink::stored_again) covers: a query scans the blocks that hold its
// days, about the same for one small day as for several.
constexpr std::int64_t kMostWindowDays = 8;
// The same where each such query reads the whole table (no start_time index
// yet: StoredDays::reads_whole_tables), so that a read costs the same for
// one day as for all of them: a 200k rerun on PostgreSQL ran 132 of them,
// 3.7 s of its 4.6 s (bench/README.md, stop 29). A window grows past
// kMostWindowDays only while its keys are few (StreamLimits::window_keys).
constexpr std::int64_t kMostWindowDaysReadingWholeTables = 64;
// What a stored play held costs, about (StoredPlays: a row's columns and its
// slot), to tell how many days' rows a read may bring.
constexpr std::size_t kStoredRowBytes = 256;

std::string day_text(std::int64_t day) {
  const star::TimeRow row = star::time_row(day * star::kMsPerDay);
  return fmt::format("{:04}-{:02}-{:02}", row.year, row.month, row.day);
}

// "YYYY-MM-DD" -> days since 1970-01-01.
std::int64_t parse_day(std::string_view text) {
  const auto day = star::epoch_day_of(text);
  if (!day) throw_error(ErrorKind::warehouse, "unexpected date '{}' in the time table", text);
  return *day;
}

std::int64_t parse_int(const std::optional<std::string>& text) {
  std::int64_t value = 0;
  if (text) std::from_chars(text->data(), text->data() + text->size(), value);
  return value;
}

// A songplay_id read back: the UUID's text (8-4-4-4-12) without its dashes
// is the key's md5 hex.
star::SongplayKey parse_songplay_key(const std::optional<std::string>& text) {
  star::SongplayKey key{};
  std::size_t length = 0;
  for (const char c : text.value_or("")) {
    if (c != '-' && length < key.size()) key[length++] = c;
  }
  if (length != key.size()) throw_error(ErrorKind::warehouse, "unexpected songplay_id '{}'", text.value_or(""));
  return key;
}

using Met = star::MetKeys::Met;

// A row of sql::select_songplays_on (pointing into the values).
star::SongplayRow stored_play(Values values) {
  star::SongplayRow play;
  play.songplay_id = parse_songplay_key(values[0]);
  play.start_time_ms = parse_int(values[1]);
  play.user_id = parse_int(values[2]);
  play.level = text_value(values, 3);
  play.song_id = text_value(values, 4);
  play.artist_id = text_value(values, 5);
  play.session_id = parse_int(values[6]);
  play.location = text_value(values, 7);
  play.user_agent = text_value(values, 8);
  play.song = text_value(values, 9);
  play.artist = text_value(values, 10);
  play.length = double_value(values[11], "length in songplays");
  return play;
}

// The key filters' sizes: bits per event the run's files may hold, within
// bounds. A play nominated wrongly costs a row in the merge steps, a time key
// only a row of run_times, so the time filter may err more. The floor leaves
// room for the stored keys of the days a small run meets. How many each
// nominates: bench/README.md, "Why the key filters are the sizes they are".
constexpr std::uint64_t kSongplayFilterBitsPerEvent = 16;
constexpr std::uint64_t kTimeFilterBitsPerEvent = 8;
constexpr std::uint64_t kFilterMinBits = std::uint64_t{1} << 20;          // 128 KiB
constexpr std::uint64_t kSongplayFilterMaxBits = std::uint64_t{1} << 27;  // 16 MiB
constexpr std::uint64_t kTimeFilterMaxBits = std::uint64_t{1} << 26;      // 8 MiB

// most_events: no event line is shorter than kFewestEventBytes, and gzip
// shrinks logs by about kGzipLogRatio at most.
constexpr std::uint64_t kFewestEventBytes = 100;
constexpr std::uint64_t kGzipLogRatio = 20;

// About the bytes a play's row takes in a merge: its texts, and a fixed part
// for the key, the five numbers and each text's header.
constexpr std::size_t kPlayRowFixedBytes = 16 + 5 * 8 + 7 * 16;
std::size_t merge_bytes(const star::SongplayRow& play) {
  std::size_t bytes = kPlayRowFixedBytes;
  for (const star::Text& text :
       {play.level, play.song_id, play.artist_id, play.location, play.user_agent, play.song, play.artist}) {
    if (text) bytes += text->size();
  }
  return bytes;
}

// The key filters' blocks of a play are prefetched kKeysAhead plays
// before its keys are tested: the misses of the cache overlap instead of
// following each other.
constexpr std::size_t kKeysAhead = 8;

}  // namespace

Stored read_stored(warehouse::Warehouse& warehouse) {
  const auto row = warehouse.query(sql::select_star_tables_holding_rows()).rows.at(0);
  std::map<std::string_view, bool> holds;
  for (std::size_t i = 0; i < sql::kStarTables.size(); ++i) holds[sql::kStarTables[i]] = row.at(i) == "1";
  return {holds.at("songplays"), holds.at("users"), holds.at("songs"), holds.at("artists"), holds.at("time")};
}

std::uint64_t most_line_bytes(const std::vector<source::ObjectRef>& objects) {
  std::uint64_t bytes = 0;
  for (const source::ObjectRef& object : objects) {
    bytes += source::is_gzip_name(object.uri) ? object.size * kGzipLogRatio : object.size;
  }
  return bytes;
}
std::uint64_t most_events(const std::vector<source::ObjectRef>& objects) {
  return most_line_bytes(objects) / kFewestEventBytes + 1;
}

void WorkTables::before_steps(const std::vector<sql::Statement>& steps) { create(sql::work_tables_named_in(steps)); }
void WorkTables::before_appending(std::string_view table) { create({table}); }

void WorkTables::create(const std::vector<std::string_view>& tables) {
  std::vector<std::string_view> missing;
  for (std::string_view table : tables) {
    if (created_.insert(table).second) missing.push_back(table);
  }
  if (!missing.empty()) run_statements(warehouse_, warehouse_.dialect().create_work_tables(missing), progress_);
}

StoredDays::StoredDays(warehouse::Warehouse& warehouse, bool time_stored) {
  if (!time_stored) {
    days_.emplace();  // none stored
    return;
  }
  const auto indexed = warehouse.dialect().select_time_indexed();
  if (!indexed) return;
  const bool walk = warehouse.query(*indexed).rows.at(0).at(0) == "true";
  reads_whole_tables_ = !walk;
  days_.emplace();
  for (const auto& row : warehouse.query(sql::select_time_days(walk)).rows) {
    if (row[0]) days_->insert(parse_day(*row[0]));
  }
}

std::optional<bool> StoredDays::known(std::int64_t day) const {
  if (days_) return days_->contains(day);
  if (const auto found = looked_up_.find(day); found != looked_up_.end()) return found->second;
  return std::nullopt;
}

void StoredDays::remember(std::int64_t day, bool stored) {
  if (!days_) looked_up_.emplace(day, stored);
}

EventSink::EventSink(warehouse::Warehouse& warehouse, warehouse::RunLoader& loader, WorkTables& work_tables,
                     std::uint64_t events, const Stored& stored, const StreamLimits& limits,
                     std::function<void(bool plays, bool times)> merge_round)
    : warehouse_(warehouse),
      loader_(loader),
      work_tables_(work_tables),
      pick_users_(!stored.users),
      stored_days_(warehouse, stored.time),
      most_window_days_(stored_days_.reads_whole_tables() ? kMostWindowDaysReadingWholeTables : kMostWindowDays),
      window_keys_(limits.window_keys),
      songplay_keys_(
          star::KeyFilter::size_for(events, kSongplayFilterBitsPerEvent, kFilterMinBits, kSongplayFilterMaxBits),
          limits.exact_play_keys),
      time_keys_(star::KeyFilter::size_for(events, kTimeFilterBitsPerEvent, kFilterMinBits, kTimeFilterMaxBits),
                 limits.exact_time_keys),
      stored_plays_(limits.stored_plays_bytes),
      bytes_per_round_(warehouse.runs_in_process() ? limits.repeat_bytes_per_round
                                                   : limits.repeat_bytes_per_round_in_server),
      times_per_round_(limits.repeat_times_per_round),
      merge_round_(std::move(merge_round)) {}

void EventSink::add(EventProduct&& product) {
  for (PlaySlice& slice : product.slices) append_slice(slice);
  users_.merge(std::move(product.users));
  const bool plays = waiting_bytes_ >= bytes_per_round_;
  const bool times = repeated_times_.size() >= times_per_round_;
  if (!plays && !times) return;
  if (times) send_repeated_times();
  loader_.flush();
  merge_round_(plays, times);
  if (plays) waiting_repeats_ = waiting_bytes_ = 0;
  if (times) waiting_times_ = 0;
}

void EventSink::finish() {
  loader_.flush();
  if (!pick_users_) work_tables_.before_appending("run_users");
  send_repeated_times();
  const auto users = users_.rows();
  if (pick_users_) {
    loader_.append_users(users);
  } else {
    loader_.append_run_users(users);
  }
  loader_.flush();
}

// Sorts the slice's rows in place, the new plays and time rows first, the
// plays that may repeat after them, drops the plays equal to a stored row,
// and appends the rest; counts those waiting.
void EventSink::append_slice(PlaySlice& slice) {
  auto& plays = slice.plays;
  auto& times = slice.times;
  const auto& hashes = slice.hashes;  // not moved: hashes[i] is read by step i, before plays[i] moves
  // plays[0, new_plays) are new, plays[new_plays, kept) may repeat.
  std::size_t new_plays = 0, kept = 0, new_times = 0;
  for (std::size_t i = 0; i < plays.size(); ++i) {
    if (i + kKeysAhead < plays.size()) {
      songplay_keys_.prefetch(hashes[i + kKeysAhead].play);
      time_keys_.prefetch(hashes[i + kKeysAhead].time);
    }
    const std::int64_t start_time_ms = plays[i].start_time_ms;
    const std::int64_t day = star::epoch_day_at(start_time_ms);
    note_day(day);
    if (new_time(start_time_ms, hashes[i].time, day)) times[new_times++] = times[i];
    const bool seen = songplay_keys_.test_and_add(hashes[i].play, day) != Met::no;
    if (seen && stored_again(plays[i])) {
      ++plays_stored_;
      continue;
    }
    if (kept != i) plays[kept] = plays[i];
    if (!seen) std::swap(plays[new_plays++], plays[kept]);
    ++kept;
  }
  const auto rows = std::span<const star::SongplayRow>(plays).first(kept);
  loader_.append_songplays(rows.first(new_plays));
  plays_appended_.rows += static_cast<std::int64_t>(new_plays);
  for (const star::SongplayRow& play : rows.first(new_plays)) plays_appended_.matched += play.song_id ? 1 : 0;
  loader_.append_time(std::span<const star::TimeRow>(times).first(new_times));
  if (new_plays < kept && !work_tables_.created("repeat_plays")) {
    loader_.flush();
    work_tables_.before_appending("repeat_plays");
  }
  const auto repeats = rows.subspan(new_plays);
  loader_.append_repeat_plays(repeats);
  waiting_repeats_ += repeats.size();
  for (const star::SongplayRow& play : repeats) waiting_bytes_ += merge_bytes(play);
}

// Whether the time key is new, to be appended; a key that may have been
// met before is either known to be written or stored (its row would be the
// same: dropped) or, if that cannot be told exactly, left to run_times.
// `hash`: time_key_hash(start_time_ms).
bool EventSink::new_time(std::int64_t start_time_ms, std::uint64_t hash, std::int64_t day) {
  switch (time_keys_.test_and_add(hash, day)) {
    case Met::no:
      return true;
    case Met::yes:
      return false;
    case Met::maybe:
      if (!stored_plays_.holds_time(start_time_ms)) repeated_times_.push_back(start_time_ms);
      return false;
  }
  return false;
}

// The time keys in doubt so far go to run_times (the caller flushes what
// this appends).
void EventSink::send_repeated_times() {
  if (repeated_times_.empty()) return;
  loader_.flush();
  work_tables_.before_appending("run_times");
  loader_.append_run_times(repeated_times_);
  waiting_times_ += repeated_times_.size();
  repeated_times_.clear();
}

// Before the first row of a day that the warehouse already holds plays
// for, its stored keys enter the filters, so a stored key met again is
// nominated for the resolve step; they are also held (stored_plays_), so
// that a stored time key is dropped and a play with a stored key is
// compared with the stored rows (stored_again()). The keys are read for a
// window of days: this one and the next days the run has not met (no row
// of theirs appended yet, so what time holds of them is what was stored),
// one day at first and twice as many with each window read, up to
// most_window_days_ (kMostWindowDays while a window's keys are many): a
// daily load reads its day, a rerun of many days two queries a window
// instead of three a day.
void EventSink::note_day(std::int64_t day) {
  if (!met_days_.insert(day).second || keys_read_.contains(day)) return;
  const std::optional<bool> known = stored_days_.known(day);
  if (known && !*known) return;
  loader_.flush();  // the queries below come after the rows appended so far
  const std::int64_t end = day + window_days_;
  auto in_window = [&](std::int64_t other) {
    return other >= day && other < end && (other == day || !met_days_.contains(other)) && !keys_read_.contains(other);
  };
  const std::string from = day_text(day), to = day_text(end);
  // By day, the window's days that time holds: stored days, as the run has
  // appended no row of them.
  std::map<std::int64_t, std::vector<std::int64_t>> time_keys;
  std::size_t keys = 0;
  for_each_row(warehouse_, sql::select_time_keys_on(warehouse_.dialect(), from, to), [&](Values values) {
    const std::int64_t key = parse_int(values[0]);
    const std::int64_t key_day = star::epoch_day_at(key);
    if (in_window(key_day)) {
      time_keys[key_day].push_back(key);
      ++keys;
    }
  });
  for (std::int64_t other = day; other < end; ++other) {
    if (in_window(other)) stored_days_.remember(other, time_keys.contains(other));
  }
  window_days_ = std::min(window_days_ * 2, 2 * keys <= window_keys_ ? most_window_days_ : kMostWindowDays);
  if (time_keys.empty()) return;
  std::map<std::int64_t, std::vector<std::uint64_t>> play_keys;
  for_each_row(warehouse_, sql::select_songplay_keys_on(warehouse_.dialect(), from, to), [&](Values values) {
    const std::int64_t key_day = star::epoch_day_at(parse_int(values[1]));
    if (time_keys.contains(key_day))
      play_keys[key_day].push_back(star::songplay_key_hash(parse_songplay_key(values[0])));
  });
  for (auto& [stored_day, times] : time_keys) {
    std::vector<std::uint64_t>& plays = play_keys[stored_day];
    for (const std::uint64_t hash : plays) (void)songplay_keys_.test_and_add(hash, stored_day);
    for (const std::int64_t key : times) (void)time_keys_.test_and_add(star::time_key_hash(key), stored_day);
    keys_read_.emplace(stored_day, plays.size());
    stored_plays_.add_keys(stored_day, std::move(plays), std::move(times));
  }
}

// Whether the play equals a row of songplays, so that it changes nothing.
// Only a play whose key is stored on its day (as far as the stored keys
// held tell) may: the first such play of a day reads that day's rows, once,
// with those of the next stored days whose keys are read and rows are not,
// while their plays (kStoredRowBytes each) take a quarter of the budget at
// most, up to most_window_days_: one query for many small days, as the
// engine scans the same blocks for one day as for several, a day at a time
// where a day is large. Those are its stored rows and any the run appended
// before them: a play equal to either loses the merge's tie all the same.
bool EventSink::stored_again(const star::SongplayRow& play) {
  if (!stored_plays_.may_store(play)) return false;
  const std::int64_t day = star::epoch_day_at(play.start_time_ms);
  if (days_read_whole_.insert(day).second) {
    std::int64_t end = day + 1;
    const auto read = keys_read_.find(day);
    std::size_t plays = read == keys_read_.end() ? 0 : read->second;
    for (; end < day + most_window_days_; ++end) {
      const auto next = keys_read_.find(end);
      if (next == keys_read_.end() || days_read_whole_.contains(end) ||
          (plays + next->second) * kStoredRowBytes > stored_plays_.most_bytes() / 4) {
        break;
      }
      plays += next->second;
      days_read_whole_.insert(end);
    }
    loader_.flush();  // the rows appended so far come before the query
    for_each_row(warehouse_, sql::select_songplays_on(warehouse_.dialect(), day_text(day), day_text(end)),
                 [&](Values values) { stored_plays_.add(stored_play(values)); });
  }
  return stored_plays_.holds(play);
}

}  // namespace sparkify::pipeline
