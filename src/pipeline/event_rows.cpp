#include "pipeline/event_rows.h"

#include <algorithm>
#include <span>
#include <string>
#include <unordered_set>
#include <utility>

#include "star/keys.h"

namespace sparkify::pipeline {
namespace {

// A play is a NextSong event of a known user.
bool is_play(const parse::EventRow& e) { return e.user_id && e.page == "NextSong"; }

// The play's song match (song_id, artist_id), if the catalog has one;
// `probe`, when given, is the catalog's start() of the play's song and artist.
void match_song(star::SongplayRow& play, const star::SongCatalog& catalog,
                std::optional<star::SongCatalog::Probe> probe = std::nullopt) {
  if (!play.song || !play.artist) return;
  const auto match = probe ? catalog.match(*play.song, *play.artist, play.length, *probe)
                           : catalog.match(*play.song, *play.artist, play.length);
  if (match) {
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
  // The catalog's lookup begins here and ends after the play's key is
  // computed, which hides its first cache miss.
  std::optional<star::SongCatalog::Probe> probe;
  if (catalog && e.song && e.artist) probe = catalog->start(*e.song, *e.artist);
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
  if (catalog) match_song(play, *catalog, probe);
  if (previous && *previous == play) {
    out.plays.pop_back();
    return;
  }
  previous = &play;
  out.times.push_back(star::time_row(e.ts));
  out.hashes.push_back({star::songplay_key_hash(play.songplay_id), star::time_key_hash(e.ts)});
}

}  // namespace

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

void match_plays(EventProduct& product, const star::SongCatalog& catalog) {
  for (PlaySlice& slice : product.slices) {
    for (star::SongplayRow& play : slice.plays) match_song(play, catalog);
  }
}

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

}  // namespace sparkify::pipeline
