// The parse workers' side of the events phase (load_star_streaming): what a
// worker makes of one event file — its plays' final songplays and time rows
// (key, song match, calendar) and key hashes, in the slices it was parsed in,
// and each user's best event — and the steps that finish a product made
// before the song catalog was read. Pure functions of their inputs; a
// product's rows point into its batch, which owns the file's text.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "parse/parsers.h"
#include "source/source.h"
#include "star/rows.h"
#include "star/song_match.h"
#include "star/user_pick.h"

namespace sparkify::pipeline {

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

// The product of one fetched event file (a reject when it could not be
// read). Its plays are matched to `catalog`'s songs, or left unmatched when
// it is null (match_plays adds the match later). A play equal in every
// column to the file's previous play is dropped (a line written twice).
EventProduct make_event_rows(source::FetchedObject&& fetched, const star::SongCatalog* catalog);

// The song matches of a product made without a catalog.
void match_plays(EventProduct& product, const star::SongCatalog& catalog);

// The distinct (song, artist) pairs of the products' plays that name both,
// pointing into the products' batches.
std::vector<star::PlayedSong> played_songs(const std::vector<EventProduct>& products);

}  // namespace sparkify::pipeline
