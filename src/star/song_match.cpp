#include "star/song_match.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace sparkify::star {

std::size_t SongCatalog::PairHash::operator()(const std::pair<std::string_view, std::string_view>& key) const {
  const std::size_t a = std::hash<std::string_view>{}(key.first);
  const std::size_t b = std::hash<std::string_view>{}(key.second);
  return a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
}

SongCatalog::SongCatalog(std::vector<CatalogSong> songs) : songs_(std::move(songs)) {
  std::sort(songs_.begin(), songs_.end(),
            [](const CatalogSong& a, const CatalogSong& b) { return a.song_id < b.song_id; });
  by_pair_.reserve(songs_.size());
  for (std::uint32_t i = 0; i < songs_.size(); ++i) {
    by_pair_[{songs_[i].title, songs_[i].artist_name}].push_back(i);
  }
}

const CatalogSong* SongCatalog::match(std::string_view song, std::string_view artist,
                                      std::optional<double> length) const {
  const auto found = by_pair_.find({song, artist});
  if (found == by_pair_.end()) return nullptr;
  const CatalogSong* best = nullptr;
  std::optional<double> best_distance;
  // Candidates are in song_id order, so a later one wins only when strictly closer.
  for (const std::uint32_t index : found->second) {
    const CatalogSong& candidate = songs_[index];
    std::optional<double> distance;
    if (length && candidate.duration) distance = std::fabs(*candidate.duration - *length);
    if (best == nullptr || (distance && (!best_distance || *distance < *best_distance))) {
      best = &candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace sparkify::star
