#include "star/song_pick.h"

#include <tuple>
#include <utility>

namespace sparkify::star {
namespace {

// The sort keys of the two rules, smallest first. std::optional orders
// nullopt first; std::string_view compares as unsigned bytes.
auto song_order(std::string_view title, std::string_view artist_id, std::optional<std::int32_t> year,
                std::optional<double> duration) {
  return std::make_tuple(title, artist_id, year, duration);
}

auto artist_order(std::string_view name, Text location, std::optional<double> latitude,
                  std::optional<double> longitude) {
  const int unlocated = location && !location->empty() ? 0 : 1;
  const int no_coordinates = latitude && longitude ? 0 : 1;
  return std::make_tuple(unlocated, no_coordinates, name, location, latitude, longitude);
}

// The rows of `picks`, moved out; `picks` is left empty.
template <typename Row>
std::vector<Row> take(std::unordered_map<std::string, Row>& picks) {
  std::vector<Row> out;
  out.reserve(picks.size());
  for (auto& [key, row] : picks) out.push_back(std::move(row));
  picks.clear();
  return out;
}

}  // namespace

void SongPicks::offer(const SongRecord& r) {
  auto [song, new_song] = songs_.try_emplace(std::string(r.song_id));
  SongRow& s = song->second;
  if (new_song ||
      song_order(r.title, r.artist_id, r.year, r.duration) < song_order(s.title, s.artist_id, s.year, s.duration)) {
    s = SongRow{std::string(r.song_id), std::string(r.title), std::string(r.artist_id), r.year, r.duration};
  }
  auto [artist, new_artist] = artists_.try_emplace(std::string(r.artist_id));
  ArtistRow& a = artist->second;
  if (new_artist || artist_order(r.artist_name, r.artist_location, r.artist_latitude, r.artist_longitude) <
                        artist_order(a.name, view(a.location), a.latitude, a.longitude)) {
    a = ArtistRow{std::string(r.artist_id), std::string(r.artist_name), own(r.artist_location), r.artist_latitude,
                  r.artist_longitude};
  }
}

std::vector<SongRow> SongPicks::take_songs() { return take(songs_); }

std::vector<ArtistRow> SongPicks::take_artists() { return take(artists_); }

}  // namespace sparkify::star
