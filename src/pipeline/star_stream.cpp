#include "pipeline/star_stream.h"

#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>

#include "parse/parsers.h"
#include "pipeline/event_rows.h"
#include "pipeline/event_sink.h"
#include "pipeline/object_stream.h"
#include "pipeline/run_statements.h"
#include "star/song_match.h"
#include "star/song_pick.h"

namespace sparkify::pipeline {
namespace {

std::vector<sql::Statement> concatenate(std::vector<sql::Statement> first, const std::vector<sql::Statement>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

// The songs `sql` selects (sql::select_song_catalog's columns), read row by
// row into the catalog's own buffer.
star::SongCatalog read_catalog(warehouse::Warehouse& warehouse, const std::string& sql) {
  star::SongCatalog::Builder songs;
  for_each_row(warehouse, sql, [&](Values values) {
    songs.add(text_value(values, 0).value_or(""), text_value(values, 1).value_or(""),
              double_value(values[2], "duration in songs"), text_value(values, 3).value_or(""),
              text_value(values, 4).value_or(""));
  });
  return std::move(songs).build();
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
