// load_star_streaming: the streaming engine (docs/semantics.md "Engines"),
// inside the caller's open transaction, on a warehouse with a RunLoader:
//   1. song files -> run_songs (appender / COPY) -> merge songs and artists
//      -> re-match the plays their titles concern (late songs);
//   2. the song catalog (songs joined to artists) is read into memory;
//   3. event files are parsed by `threads` workers, which also compute each
//      play's final songplays and time rows (key, song match, calendar) and
//      each user's best event; the calling thread appends the rows and notes
//      the keys that may repeat (KeyFilter, seeded with the keys already
//      stored on the days the run touches; time and songplay keys are also
//      held exactly by day, in room for StreamLimits::exact_time_keys and
//      exact_play_keys, which settles the filters' "maybe" on the days held;
//      a play equal to the stored row of its key is dropped, up to
//      StreamLimits::stored_plays_bytes of stored keys and rows held);
//   4. the merge steps resolve repeated keys and merge users.
// Step 3's two sides are their own modules: event_rows.h (what a worker
// makes of an event file) and event_sink.h (what the appending thread does
// with it).
// Each work table is created when the run first needs it, so a run creates
// only those it uses.
// Memory: the byte budget of stream_objects, the catalog (the songs), one
// row per user, the two key filters (sized for the run's event bytes, within
// fixed bounds), the time and songplay keys held by day (in fixed room) and
// the stored plays held (up to a fixed number of bytes) — not the number of
// events.
// While events stream, the warehouse's own memory is capped at
// kStreamingEngineMemory beyond what its indexes hold (Warehouse::
// limit_memory), so the blocks it has written do not stay cached (DuckDB
// spills what must stay, such as this run's work tables, to its temporary
// directory), and its work runs on the calling thread (Warehouse::
// work_on_calling_thread), which appends. Merges run with the engine's own
// threads: each merge round with the cap lifted, the merge steps too when
// over kCappedMergePlays plays or kCappedMergeTimes time keys wait for them,
// since a merge's joins and ranking want room for the rows they resolve; a
// smaller merge runs under kSmallMergeEngineMemory, so reading the stored
// plays does not fill the cache. The song merges run with the engine's own
// limit and threads, and its cache is emptied after each of them (down to
// kStreamingEngineMemory and back), so what the steps cached does not add up
// with the songs.
// Why each cap is where it is (appending needs little beyond the indexes, a
// merge wants room, a `--full` rerun's rounds want the cap lifted), with the
// runs that set them: bench/README.md, "Why the streaming caps are where
// they are".
// The merge statements are the run's transform, reported to `on_step`; the
// song and event files are phases of `board`, counted per object parsed.
// Rejects go to `rejects`; `files` receives one manifest row per file read
// (not for files that could not be read, so the next run tries them again).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "common/progress.h"
#include "pipeline/reject_log.h"
#include "pipeline/run_statements.h"
#include "pipeline/staging_load.h"
#include "source/source.h"
#include "sql/load_audit.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

inline constexpr std::size_t kStreamingEngineMemory = std::size_t{40} << 20;
inline constexpr std::size_t kSmallMergeEngineMemory = std::size_t{64} << 20;
inline constexpr std::size_t kCappedMergePlays = 16384;
inline constexpr std::size_t kCappedMergeTimes = 65536;

// How much a run keeps to itself before it leaves the rest to SQL
// (EtlOptions::limits; tests lower them to reach what lies past them).
struct StreamLimits {
  // Plays whose key may repeat wait in a work table; once the waiting rows
  // weigh this many bytes (their texts and a fixed part per row, as a merge
  // holds them), they are merged into songplays and the table emptied. A
  // merge ranks the stored and waiting rows of their keys together, in memory
  // in proportion to their bytes: on an engine in this process
  // (Warehouse::runs_in_process) the bound keeps the peak of a run that
  // repeats many stored plays (etl --full) the same whatever the history or
  // the rows' width. A server bounds its own memory, and each round costs a
  // pass over the plays stored near its keys, so there rounds are larger
  // (bench/README.md, stop 25).
  std::size_t repeat_bytes_per_round = std::size_t{16} << 20;
  std::size_t repeat_bytes_per_round_in_server = std::size_t{96} << 20;
  // Time keys in doubt (below) wait in the process, then in run_times; once
  // this many wait, they are merged into time and run_times emptied, for the
  // same reason.
  std::size_t repeat_times_per_round = std::size_t{1} << 18;
  // A key filter may answer "maybe" for a key it never met, so the run's
  // keys (its own and its days' stored ones) are also held exactly by day
  // (star::MetKeys: star::DayKeys with room for this many keys, 16 bytes
  // each, the days added to longest ago let go first; a first load meets its
  // days file by file), which settles the filter's "maybe" for the days
  // held. A time row is a function of its key, so a time key held is known
  // to be written (or stored) and is dropped, one not held on a day held is
  // new; a time key that may repeat on a day let go goes to run_times.
  std::uint64_t exact_time_keys = std::uint64_t{1} << 18;
  // Songplay keys the same way: a key the filter may have met but the keys
  // held lack is new; on a day let go the filter decides alone. Without
  // them, a new play the filter mistakes for a repeat waits for a merge,
  // whose passes over songplays and time cost more than the run saves: one
  // play in 36,324 at 50,000 events, 3 of 725,190 at 1M (about a second of a
  // 4.3 s first load into PostgreSQL), 6,350 plays and 41,840 time keys of
  // 10M (3.4 s of a 41.5 s first load into DuckDB).
  std::uint64_t exact_play_keys = std::uint64_t{1} << 18;
  // A play equal in every column to a row of songplays changes nothing (the
  // row wins the merge's tie), so it is dropped here instead of waiting for
  // a merge: the keys of each stored day the run meets are held
  // (star::StoredPlays), and the day's rows too once a play of the run has a
  // stored key, up to this many bytes, the days met longest ago let go first.
  // A `--full` rerun then merges nothing, and its memory is a first load's
  // (bench/README.md, stop 27). A day of 10M events over 300 days takes
  // about 11 MiB. 0 holds none: every stored key met again waits for a merge.
  std::size_t stored_plays_bytes = std::size_t{16} << 20;
  // The stored keys of a window of days are read in one query and held at
  // once as they are read (about 16 bytes a play). Where each such query
  // reads the whole table (no start_time index yet) a window may span more
  // days than elsewhere, but only while twice the last window's keys stay
  // within this many: a table whose loader may not index it (not its owner)
  // has no index however large it grows.
  std::size_t window_keys = std::size_t{1} << 19;
  // A run whose event files hold at most this many bytes (a gzip file
  // counted at 20 times its size) and that does not build its song catalog
  // from the songs it picked reads them all first, holding the parsed files,
  // then only the songs its plays name (the work table played_songs), not
  // the whole catalog: a daily run's match then costs what its day names,
  // not the warehouse's songs (100,000 songs took 0.25 s to read on
  // PostgreSQL; a day of 15.6 MB into DuckDB peaked at 245 MB either way:
  // bench/README.md, stop 33). A larger run reads the whole catalog first
  // and matches as it reads. 0: always the whole catalog.
  std::size_t played_songs_bytes = std::size_t{32} << 20;
};

// The plays the engine appended to songplays itself (not through a merge
// step), and how many of them matched a song.
struct PlaysAppended {
  std::int64_t rows = 0, matched = 0;
};

struct StreamStats {
  LoadStats songs, events;
  PlaysAppended plays_appended;
};

// `songs_read` is called once, after the song phase (when song_objects is
// not empty), with every song file's manifest row in `files` and before any
// event file's: from then on song_objects is not read again, so the caller
// may record those rows, take them out of `files` and let song_objects go
// (a first load of 100,000 song files holds about 25 MB in them).
StreamStats load_star_streaming(warehouse::Warehouse& warehouse, warehouse::RunLoader& loader, source::Source& songs,
                                const std::vector<source::ObjectRef>& song_objects, source::Source& logs,
                                const std::vector<source::ObjectRef>& log_objects, RejectLog& rejects, int threads,
                                std::vector<sql::ManifestRow>& files, const std::function<void()>& songs_read,
                                const Progress& progress, const StepObserver& on_step, progress::Board& board,
                                const StreamLimits& limits);

}  // namespace sparkify::pipeline
