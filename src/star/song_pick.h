// SongPicks: the best songs row per song_id and the best artists row per
// artist_id over a run's song records, by the rules of docs/semantics.md
// ("songs", "artists"): songs the smallest (title, artist_id, year,
// duration); artists a non-empty location first, then both coordinates, then
// the smallest (name, location, latitude, longitude). NULL comes before any
// value and text compares by bytes. Both rules are total orders on the rows'
// values, so the picks do not depend on the order the records come in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "star/rows.h"

namespace sparkify::star {

// The fields of one song record that the rules read; views valid for the call.
struct SongRecord {
  std::string_view song_id, title, artist_id;
  std::optional<std::int32_t> year;
  std::optional<double> duration;
  std::string_view artist_name;
  Text artist_location;
  std::optional<double> artist_latitude, artist_longitude;
};

class SongPicks {
 public:
  void offer(const SongRecord& record);
  // The picks, in no particular order; each is handed over once (the
  // picks are left empty).
  std::vector<SongRow> take_songs();
  std::vector<ArtistRow> take_artists();

 private:
  std::unordered_map<std::string, SongRow> songs_;      // by song_id
  std::unordered_map<std::string, ArtistRow> artists_;  // by artist_id
};

}  // namespace sparkify::star
