#include "pipeline/star_stream.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>

#include "common/error.h"
#include "parse/parsers.h"
#include "pipeline/object_stream.h"
#include "pipeline/run_statements.h"
#include "sql/star_merge.h"
#include "sql/tables.h"
#include "star/key_filter.h"
#include "star/keys.h"
#include "star/met_keys.h"
#include "star/song_match.h"
#include "star/song_pick.h"
#include "star/stored_plays.h"
#include "star/user_pick.h"

namespace sparkify::pipeline {
namespace {

std::vector<sql::Statement> concatenate(std::vector<sql::Statement> first, const std::vector<sql::Statement>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

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

// `what` names the column in the error.
std::optional<double> parse_double(const std::optional<std::string>& text, std::string_view what) {
  if (!text) return std::nullopt;
  double value = 0;
  const auto result = std::from_chars(text->data(), text->data() + text->size(), value);
  if (result.ec != std::errc()) throw_error(ErrorKind::warehouse, "unexpected {} '{}'", what, *text);
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

// A text value as a row's Text (pointing into the value).
star::Text text_at(Values values, std::size_t i) { return values[i] ? star::Text(*values[i]) : star::Text(); }

// The songs `sql` selects (sql::select_song_catalog's columns), read row by
// row into the catalog's own buffer.
star::SongCatalog read_catalog(warehouse::Warehouse& warehouse, const std::string& sql) {
  star::SongCatalog::Builder songs;
  for_each_row(warehouse, sql, [&](Values values) {
    songs.add(text_at(values, 0).value_or(""), text_at(values, 1).value_or(""),
              parse_double(values[2], "duration in songs"), text_at(values, 3).value_or(""),
              text_at(values, 4).value_or(""));
  });
  return std::move(songs).build();
}

// A row of sql::select_songplays_on (pointing into the values).
star::SongplayRow stored_play(Values values) {
  star::SongplayRow play;
  play.songplay_id = parse_songplay_key(values[0]);
  play.start_time_ms = parse_int(values[1]);
  play.user_id = parse_int(values[2]);
  play.level = text_at(values, 3);
  play.song_id = text_at(values, 4);
  play.artist_id = text_at(values, 5);
  play.session_id = parse_int(values[6]);
  play.location = text_at(values, 7);
  play.user_agent = text_at(values, 8);
  play.song = text_at(values, 9);
  play.artist = text_at(values, 10);
  play.length = parse_double(values[11], "length in songplays");
  return play;
}

// The catalog of a run that wrote its picks into empty songs and artists
// tables: what read_catalog would read back (each song joined to its
// artist), built without the query.
star::SongCatalog catalog_of(const std::vector<star::SongRow>& songs, const std::vector<star::ArtistRow>& artists) {
  std::unordered_map<std::string_view, std::string_view> names;  // artist_id -> name
  names.reserve(artists.size());
  for (const star::ArtistRow& artist : artists) names.emplace(artist.artist_id, artist.name);
  star::SongCatalog::Builder catalog;
  for (const star::SongRow& song : songs) {
    const auto name = names.find(song.artist_id);
    if (name != names.end()) catalog.add(song.title, name->second, song.duration, song.song_id, song.artist_id);
  }
  return std::move(catalog).build();
}

// A play is a NextSong event of a known user.
bool is_play(const parse::EventRow& e) { return e.user_id && e.page == "NextSong"; }

// A play's key hashes for the key filters (songplay_key_hash,
// time_key_hash), computed by the worker that makes the play, so the thread
// that appends (the run's critical path) hashes nothing.
struct KeyHashes {
  std::uint64_t play;
  std::uint64_t time;
};

// The plays of one parse slice, their time rows and key hashes (times[i] and
// hashes[i] belong to plays[i]), each vector reserved to the slice's plays:
// no regrowth copies.
struct PlaySlice {
  std::vector<star::SongplayRow> plays;
  std::vector<star::TimeRow> times;
  std::vector<KeyHashes> hashes;
};

// What a worker makes of one event file: the parsed batch (which owns the
// strings the rows point into) and its final rows.
struct EventProduct {
  std::unique_ptr<parse::EventBatch> batch;
  std::vector<PlaySlice> slices;
  star::UserPicks users;
  std::optional<parse::Reject> unreadable;
};

// The play's song match (song_id, artist_id), if the catalog has one.
void match_song(star::SongplayRow& play, const star::SongCatalog& catalog) {
  if (!play.song || !play.artist) return;
  if (const auto match = catalog.match(*play.song, *play.artist, play.length)) {
    play.song_id = match->song_id;
    play.artist_id = match->artist_id;
  }
}

// One event's part of the product: its user offer; for a play, the play
// with its song match (none without a catalog: match_plays adds it later)
// and its time row, unless the file's previous play is equal to it in every
// column (a line written twice: the star rows are the same with it or
// without it). Two plays that differ only in their match differ in their
// song, artist or length, so leaving the match for later drops the same
// plays.
void add_event(const parse::EventRow& e, const star::SongCatalog* catalog, star::UserPicks& users, PlaySlice& out,
               const star::SongplayRow*& previous) {
  if (!e.user_id) return;
  users.offer({*e.user_id, e.ts, e.session_id, e.item_in_session, e.first_name, e.last_name, e.gender, e.level});
  if (!is_play(e)) return;
  star::SongplayRow& play = out.plays.emplace_back();
  play.songplay_id = star::songplay_key(*e.user_id, e.session_id, e.item_in_session, e.ts);
  play.start_time_ms = e.ts;
  play.user_id = *e.user_id;
  play.level = e.level;
  play.session_id = e.session_id;
  play.location = e.location;
  play.user_agent = e.user_agent;
  play.song = e.song;
  play.artist = e.artist;
  play.length = e.length;
  if (catalog) match_song(play, *catalog);
  if (previous && *previous == play) {
    out.plays.pop_back();
    return;
  }
  previous = &play;
  out.times.push_back(star::time_row(e.ts));
  out.hashes.push_back({star::songplay_key_hash(play.songplay_id), star::time_key_hash(e.ts)});
}

// The event rows are read in slices and turned into the product as they
// come (parse::parse_events with a slice consumer): the batch keeps the
// body and arena the rows point into, not the rows. Without a catalog the
// plays are left unmatched (match_plays).
EventProduct make_event_rows(source::FetchedObject&& fetched, const star::SongCatalog* catalog) {
  EventProduct out;
  if (fetched.error) {
    out.unreadable = parse::Reject{fetched.ref->uri, 0, "cannot read object: " + *fetched.error, ""};
    return out;
  }
  // The file's last play kept. It keeps its address: a slice's plays are
  // reserved before it is filled, and a slice moved as later ones are added
  // takes its buffer with it.
  const star::SongplayRow* previous = nullptr;
  out.batch =
      parse::parse_events(fetched.ref->uri, std::move(fetched.body), [&](std::span<const parse::EventRow> rows) {
        PlaySlice& slice = out.slices.emplace_back();
        const auto plays = static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), is_play));
        slice.plays.reserve(plays);
        slice.times.reserve(plays);
        slice.hashes.reserve(plays);
        for (const parse::EventRow& e : rows) add_event(e, catalog, out.users, slice, previous);
      });
  return out;
}

// The song matches of a product made without a catalog.
void match_plays(EventProduct& product, const star::SongCatalog& catalog) {
  for (PlaySlice& slice : product.slices) {
    for (star::SongplayRow& play : slice.plays) match_song(play, catalog);
  }
}

// The distinct (song, artist) pairs of the products' plays that name both,
// pointing into the products' batches.
std::vector<star::PlayedSong> played_songs(const std::vector<EventProduct>& products) {
  struct Hash {
    std::size_t operator()(const star::PlayedSong& pair) const {
      return star::SongCatalog::pair_hash(pair.song, pair.artist);
    }
  };
  std::unordered_set<star::PlayedSong, Hash> pairs;
  for (const EventProduct& product : products) {
    for (const PlaySlice& slice : product.slices) {
      for (const star::SongplayRow& play : slice.plays) {
        if (play.song && play.artist) pairs.insert({*play.song, *play.artist});
      }
    }
  }
  return {pairs.begin(), pairs.end()};
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

// An estimate from above of the events in `objects`: no event line is
// shorter than kFewestEventBytes, and gzip shrinks logs by about
// kGzipLogRatio at most. An estimate too low costs only wrong nominations
// (rows in the resolve steps), never a wrong row.
constexpr std::uint64_t kFewestEventBytes = 100;
constexpr std::uint64_t kGzipLogRatio = 20;
// The bytes of the objects' lines, at most (a gzip file's as above).
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

// Which star tables held any row when the run began: one statement
// (sql::select_star_tables_holding_rows).
struct Stored {
  bool songplays = false, users = false, songs = false, artists = false, time = false;
};

Stored read_stored(warehouse::Warehouse& warehouse) {
  const auto row = warehouse.query(sql::select_star_tables_holding_rows()).rows.at(0);
  std::map<std::string_view, bool> holds;
  for (std::size_t i = 0; i < sql::kStarTables.size(); ++i) holds[sql::kStarTables[i]] = row.at(i) == "1";
  return {holds.at("songplays"), holds.at("users"), holds.at("songs"), holds.at("artists"), holds.at("time")};
}

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
  StoredDays(warehouse::Warehouse& warehouse, bool time_stored) {
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

  // Whether `day` is stored, if known without a query.
  std::optional<bool> known(std::int64_t day) const {
    if (days_) return days_->contains(day);
    if (const auto found = looked_up_.find(day); found != looked_up_.end()) return found->second;
    return std::nullopt;
  }
  // Whether a query of the stored rows or keys of some days reads all of
  // songplays and time: the engine makes a start_time index
  // (Dialect::select_time_indexed) and has not made it yet, as the tables
  // are small.
  bool reads_whole_tables() const { return reads_whole_tables_; }
  // Records what the caller found of a day not known at the start (whether
  // time holds a row of it), before the run appended any row of it.
  void remember(std::int64_t day, bool stored) {
    if (!days_) looked_up_.emplace(day, stored);
  }

 private:
  // Every stored day, where known at the start (read, or none: time was empty).
  std::optional<std::unordered_set<std::int64_t>> days_;
  std::unordered_map<std::int64_t, bool> looked_up_;  // otherwise, the days found so far
  bool reads_whole_tables_ = false;
};

// The run's work tables (sql/dialect.h, sql/star_merge.h), each created just
// before the run first appends to it or runs a step that names it, so a run
// creates only those it uses: on PostgreSQL each costs two statements and a
// catalog entry, and a first load uses three of eleven. Appending must not be
// under way when one is created (a RunLoader is flushed first).
class WorkTables {
 public:
  WorkTables(warehouse::Warehouse& warehouse, const Progress& progress) : warehouse_(warehouse), progress_(progress) {}

  void before_steps(const std::vector<sql::Statement>& steps) { create(sql::work_tables_named_in(steps)); }
  void before_appending(std::string_view table) { create({table}); }
  bool created(std::string_view table) const { return created_.contains(table); }

 private:
  void create(const std::vector<std::string_view>& tables) {
    std::vector<std::string_view> missing;
    for (std::string_view table : tables) {
      if (created_.insert(table).second) missing.push_back(table);
    }
    if (!missing.empty()) run_statements(warehouse_, warehouse_.dialect().create_work_tables(missing), progress_);
  }

  warehouse::Warehouse& warehouse_;
  const Progress& progress_;
  std::unordered_set<std::string_view> created_;  // names of static storage (sql) or literals
};

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

  // Appends the product's rows slice by slice, gathers its users, and runs a
  // merge round once the waiting plays weigh the round's bytes or the round's
  // time keys wait.
  void add(EventProduct&& product) {
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

  void finish() {
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

 private:
  // Sorts the slice's rows in place, the new plays and time rows first, the
  // plays that may repeat after them, drops the plays equal to a stored row,
  // and appends the rest; counts those waiting.
  void append_slice(PlaySlice& slice) {
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

  // The key filters' blocks of a play are prefetched kKeysAhead plays
  // before its keys are tested: the misses of the cache overlap instead of
  // following each other.
  static constexpr std::size_t kKeysAhead = 8;

  // Whether the time key is new, to be appended; a key that may have been
  // met before is either known to be written or stored (its row would be the
  // same: dropped) or, if that cannot be told exactly, left to run_times.
  // `hash`: time_key_hash(start_time_ms).
  bool new_time(std::int64_t start_time_ms, std::uint64_t hash, std::int64_t day) {
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
  void send_repeated_times() {
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
  void note_day(std::int64_t day) {
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
  bool stored_again(const star::SongplayRow& play) {
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

// The engine's settings for the run, for the life of the guard:
// `stream()` caps its memory at kStreamingEngineMemory and runs it on the
// calling thread (Warehouse::work_on_calling_thread), for appending;
// `small_merge()` caps it at kSmallMergeEngineMemory with its own threads;
// `lift()` restores its own limit and threads; `shed()` empties its cache:
// the limit goes down to kStreamingEngineMemory and straight back to the one
// in force, which evicts every block the engine can (DuckDB drops those
// already written and moves the run's own to its temporary directory). On
// the way out, whatever happens, the engine's own settings are back.
class EngineSettings {
 public:
  explicit EngineSettings(warehouse::Warehouse& warehouse) : warehouse_(warehouse) {}
  ~EngineSettings() {
    try {
      lift();
    } catch (...) {  // the run is failing already; its rollback follows
    }
  }
  EngineSettings(const EngineSettings&) = delete;
  EngineSettings& operator=(const EngineSettings&) = delete;

  void stream() { set(kStreamingEngineMemory, true); }
  void small_merge() { set(kSmallMergeEngineMemory, false); }
  void lift() { set(std::nullopt, false); }
  void shed() {
    warehouse_.limit_memory(kStreamingEngineMemory);
    warehouse_.limit_memory(bytes_);
  }

 private:
  void set(std::optional<std::size_t> bytes, bool calling_thread) {
    if (bytes != bytes_) warehouse_.limit_memory(bytes);
    bytes_ = bytes;
    if (calling_thread != calling_thread_) warehouse_.work_on_calling_thread(calling_thread);
    calling_thread_ = calling_thread;
  }

  warehouse::Warehouse& warehouse_;
  std::optional<std::size_t> bytes_;  // the memory limit set, if any
  bool calling_thread_ = false;
};

constexpr std::string_view kNoPlaysStored = "no songplays stored";
constexpr std::string_view kTooFewForLookups = "too few rows to index";
constexpr std::string_view kNothingStored = "first load: picked as read";
constexpr std::string_view kNoUsersStored = "no users stored: picked as read";

// Picking a first load's songs in this process saves the merge steps' fixed
// cost, but holds every picked song here (some 400 bytes each) where the
// engine would stream them to its own storage: faster up to 50,000 song
// files, even at 100,000, and 190 MB more at its peak at 500,000
// (bench/README.md, stop 21). Larger first loads merge in SQL.
constexpr std::size_t kMostPickedSongFiles = 50'000;

// What the song phase does, decided before it reads a file.
struct SongPlan {
  // Only stored songplays are matched again (the run's own come later and
  // are matched as they stream): with none stored the rematch steps have
  // nothing to do.
  bool plays_stored = false;
  // Nothing stored to merge with (no songs, artists or songplays): the
  // run's best songs and artists rows are picked as the records come
  // (star::SongPicks) and written as they are, up to kMostPickedSongFiles.
  bool pick = false;
};

SongPlan plan_songs(const Stored& stored, std::size_t song_files) {
  SongPlan plan;
  plan.plays_stored = stored.songplays;
  plan.pick = song_files <= kMostPickedSongFiles && !stored.songplays && !stored.songs && !stored.artists;
  return plan;
}

star::SongRecord song_record(const parse::SongRow& r) {
  return {r.song_id,         r.title,           r.artist_id,       r.year, r.duration, r.artist_name,
          r.artist_location, r.artist_latitude, r.artist_longitude};
}

}  // namespace

StreamStats load_star_streaming(warehouse::Warehouse& warehouse, warehouse::RunLoader& loader, source::Source& songs,
                                const std::vector<source::ObjectRef>& song_objects, source::Source& logs,
                                const std::vector<source::ObjectRef>& log_objects, RejectLog& rejects, int threads,
                                std::vector<sql::ManifestRow>& files, const std::function<void()>& songs_read,
                                const Progress& progress, const StepObserver& on_step, progress::Board& board,
                                const StreamLimits& limits) {
  StreamStats stats;
  const auto& dialect = warehouse.dialect();
  // The transform, numbered as one step log.
  std::vector<sql::Statement> find_songs, rematch_titles, apply_songs, rematch_plays;
  std::vector<sql::Statement> key_lookups, resolve_plays, resolve_times, merge_users;
  if (!song_objects.empty()) {
    find_songs = dialect.find_changed_songs_and_artists();
    rematch_titles = dialect.note_rematch_titles();
    apply_songs = dialect.apply_changed_songs_and_artists();
    rematch_plays = dialect.rematch_songplays();
  }
  if (!log_objects.empty()) {
    key_lookups = dialect.prepare_key_lookups();
    resolve_plays = dialect.resolve_songplay_keys();
    resolve_times = dialect.resolve_time_keys();
    merge_users = dialect.merge_users();
  }
  StepRunner steps(
      warehouse,
      static_cast<int>(find_songs.size() + rematch_titles.size() + apply_songs.size() + rematch_plays.size() +
                       key_lookups.size() + resolve_plays.size() + resolve_times.size() + merge_users.size()),
      on_step);
  EngineSettings engine(warehouse);
  WorkTables work_tables(warehouse, progress);
  // Every step runs once the work tables it names exist.
  const auto run_steps = [&](const std::vector<sql::Statement>& part, const std::function<void()>& after_each = {}) {
    work_tables.before_steps(part);
    steps.run(part, after_each);
  };
  // A part the run has nothing for is reported skipped, with why.
  const auto run_or_skip = [&](const std::vector<sql::Statement>& part, bool run, std::string_view why,
                               const std::function<void()>& after_each = {}) {
    if (run) {
      run_steps(part, after_each);
    } else {
      steps.skip(part, why);
    }
  };

  const Stored stored = read_stored(warehouse);
  // The songs and artists tables are the run's picks (SongPlan::pick): the
  // events are matched against them without reading them back.
  std::optional<star::SongCatalog> picked_catalog;
  stats.songs.files = static_cast<std::int64_t>(song_objects.size());
  const bool run_has_songs = !song_objects.empty();
  if (run_has_songs) {
    const auto started = std::chrono::steady_clock::now();
    const SongPlan plan = plan_songs(stored, song_objects.size());
    std::optional<star::SongPicks> picks;
    if (plan.pick) {
      picks.emplace();
    } else {
      work_tables.before_appending("run_songs");
    }
    ObjectTally tally(RecordKind::songs, stats.songs, rejects, &files);
    progress::PhaseScope phase(board, "songs", stats.songs.files);
    using SongProduct = std::variant<std::unique_ptr<parse::SongBatch>, parse::Reject>;
    stream_objects<SongProduct>(
        songs, song_objects, threads, 0,
        [](source::FetchedObject&& object) -> SongProduct {
          if (object.error) return parse::Reject{object.ref->uri, 0, "cannot read object: " + *object.error, ""};
          return parse::parse_songs(object.ref->uri, std::move(object.body));
        },
        [&](SongProduct&& product, const source::ObjectRef& object, std::size_t bytes) {
          stats.songs.bytes += static_cast<std::int64_t>(bytes);
          phase.counters().add(1,
                               std::holds_alternative<parse::Reject>(product) ? 1 : std::get<0>(product)->records_read,
                               static_cast<std::int64_t>(bytes));
          if (auto* reject = std::get_if<parse::Reject>(&product)) return tally.count_unreadable(*reject);
          const auto& batch = *std::get<std::unique_ptr<parse::SongBatch>>(product);
          if (picks) {
            for (const parse::SongRow& row : batch.rows) picks->offer(song_record(row));
          } else {
            loader.append_run_songs(batch.rows);
          }
          tally.count(batch, object);
        });
    if (picks) {
      const auto picked_songs = picks->take_songs();
      const auto picked_artists = picks->take_artists();
      loader.append_songs(picked_songs);
      loader.append_artists(picked_artists);
      if (!log_objects.empty()) picked_catalog = catalog_of(picked_songs, picked_artists);
    }
    loader.flush();
    progress(
        phase_done(read_summary(RecordKind::songs, stats.songs, picks ? "songs and artists written" : ""), started));
    phase.finish();
    // Each merge step leaves the blocks it read and wrote in the engine's
    // cache; emptied after each, they do not add up over the steps.
    const auto shed = [&] { engine.shed(); };
    const std::string_view why = plan.pick ? kNothingStored : kNoPlaysStored;
    run_or_skip(find_songs, !plan.pick, why, shed);
    run_or_skip(rematch_titles, plan.plays_stored, why, shed);
    run_or_skip(apply_songs, !plan.pick, why, shed);
    run_or_skip(rematch_plays, plan.plays_stored, why, shed);
    songs_read();
  }

  stats.events.files = static_cast<std::int64_t>(log_objects.size());
  if (!log_objects.empty()) {
    auto started = std::chrono::steady_clock::now();
    // A small run reads only the songs its plays name, once it has read
    // them (StreamLimits::played_songs_bytes); others match as they read.
    const bool match_after_reading =
        !picked_catalog && limits.played_songs_bytes > 0 && most_line_bytes(log_objects) <= limits.played_songs_bytes;
    star::SongCatalog catalog = star::SongCatalog::Builder().build();  // none yet
    if (!match_after_reading) {
      catalog = picked_catalog ? std::move(*picked_catalog) : read_catalog(warehouse, sql::select_song_catalog());
      progress(phase_done(
          fmt::format("{} the song catalog: {} songs", picked_catalog ? "picked" : "read", catalog.size()), started));
      started = std::chrono::steady_clock::now();
    }
    ObjectTally tally(RecordKind::events, stats.events, rejects, &files);
    progress::PhaseScope phase(board, "events", stats.events.files);
    engine.stream();
    const auto play_round = concatenate(resolve_plays, dialect.clear_repeat_plays());
    const auto time_round = concatenate(resolve_times, dialect.clear_run_times());
    const auto run_round = [&](const std::vector<sql::Statement>& round) {
      work_tables.before_steps(round);
      run_statements(warehouse, round, progress);
    };
    EventSink sink(warehouse, loader, work_tables, most_events(log_objects), stored, limits,
                   [&](bool plays, bool times) {
                     engine.lift();
                     if (plays) run_round(play_round);
                     if (times) run_round(time_round);
                     engine.stream();
                   });
    std::vector<EventProduct> held;  // until the catalog is read, when matching after reading
    stream_objects<EventProduct>(
        logs, log_objects, threads, 0,
        [&](source::FetchedObject&& object) {
          return make_event_rows(std::move(object), match_after_reading ? nullptr : &catalog);
        },
        [&](EventProduct&& product, const source::ObjectRef& object, std::size_t bytes) {
          stats.events.bytes += static_cast<std::int64_t>(bytes);
          phase.counters().add(1, product.batch ? product.batch->records_read : 1, static_cast<std::int64_t>(bytes));
          if (product.unreadable) return tally.count_unreadable(*product.unreadable);
          tally.count(*product.batch, object);
          if (match_after_reading) {
            held.push_back(std::move(product));
          } else {
            sink.add(std::move(product));
          }
        });
    if (match_after_reading) {
      const auto catalog_started = std::chrono::steady_clock::now();
      const std::vector<star::PlayedSong> pairs = played_songs(held);
      // Without songs before the run and none in it, there is none to read.
      const bool any_songs = stored.songs || run_has_songs;
      if (any_songs && !pairs.empty()) {
        work_tables.before_appending("played_songs");
        loader.append_played_songs(pairs);
        loader.flush();
        catalog = read_catalog(warehouse, sql::select_song_catalog_of_played_songs());
      }
      progress(phase_done(any_songs ? fmt::format("read the song catalog: {} songs, by a title and an artist of the "
                                                  "run's plays ({} (title, artist) pairs)",
                                                  catalog.size(), pairs.size())
                                    : std::string("read the song catalog: 0 songs, as the warehouse holds none"),
                          catalog_started));
      for (EventProduct& product : held) {
        match_plays(product, catalog);
        sink.add(std::move(product));
      }
      held.clear();
    }
    sink.finish();
    stats.plays_appended = sink.plays_appended();
    if (sink.waiting_repeats() > kCappedMergePlays || sink.waiting_times() > kCappedMergeTimes) {
      engine.lift();
    } else {
      engine.small_merge();
    }
    std::string appended = "songplays and time appended";
    if (sink.days_read_whole() > 0) {
      appended += fmt::format(", {} play(s) equal to a stored row left as stored (the rows of {} stored day(s) read)",
                              sink.plays_stored(), sink.days_read_whole());
    }
    progress(phase_done(read_summary(RecordKind::events, stats.events, appended), started));
    phase.finish();
    if (const auto due = dialect.select_key_lookups_due()) {
      const auto row = warehouse.query(*due).rows.at(0);
      for (std::size_t i = 0; i < key_lookups.size(); ++i) {
        run_or_skip({key_lookups[i]}, row.at(i) == "true", kTooFewForLookups);
      }
    } else {
      run_steps(key_lookups);
    }
    // A merge whose work table the run left empty has nothing to do (yet on
    // an engine without an index on the key it would read a whole table).
    const std::string no_repeats = sink.plays_stored() == 0
                                       ? std::string("no play's key repeated")
                                       : fmt::format("no play waits; {} equal to a stored row", sink.plays_stored());
    run_or_skip(resolve_plays, sink.waiting_repeats() > 0, no_repeats);
    run_or_skip(resolve_times, sink.waiting_times() > 0, "no time key in doubt");
    run_or_skip(merge_users, stored.users, kNoUsersStored);
    engine.lift();
  }
  return stats;
}

}  // namespace sparkify::pipeline
