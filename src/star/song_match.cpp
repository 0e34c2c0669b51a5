#include "star/song_match.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <tuple>

namespace sparkify::star {

std::uint64_t SongCatalog::pair_hash(std::string_view title, std::string_view artist_name) {
  const std::uint64_t a = std::hash<std::string_view>{}(title);
  const std::uint64_t b = std::hash<std::string_view>{}(artist_name);
  return (a ^ (b * 0x9e3779b97f4a7c15ULL)) * 0xff51afd7ed558ccdULL;
}

void SongCatalog::Builder::add(std::string_view title, std::string_view artist_name, std::optional<double> duration,
                               std::string_view song_id, std::string_view artist_id) {
  Added song{text_.size(),
             static_cast<std::uint32_t>(title.size()),
             static_cast<std::uint32_t>(artist_name.size()),
             static_cast<std::uint32_t>(song_id.size()),
             static_cast<std::uint32_t>(artist_id.size()),
             duration,
             SongCatalog::pair_hash(title, artist_name)};
  for (const std::string_view text : {title, artist_name, song_id, artist_id}) {
    text_.insert(text_.end(), text.begin(), text.end());
  }
  added_.push_back(song);
}

SongCatalog SongCatalog::Builder::build() && { return SongCatalog(std::move(*this)); }

CatalogSong SongCatalog::view(const Song& song) const {
  std::size_t at = song.at;
  auto next = [&](std::uint32_t length) {
    const std::string_view text(text_.data() + at, length);
    at += length;
    return text;
  };
  CatalogSong out;
  out.title = next(song.title);
  out.artist_name = next(song.artist_name);
  out.song_id = next(song.song_id);
  out.artist_id = next(song.artist_id);
  out.duration = song.duration;
  return out;
}

// Songs of one pair end up together, in song_id order; pairs are ordered by
// their hash first, so most comparisons are of two integers, not of texts.
SongCatalog::SongCatalog(Builder&& builder) : text_(std::move(builder.text_)), songs_(std::move(builder.added_)) {
  std::sort(songs_.begin(), songs_.end(), [this](const Song& a, const Song& b) {
    if (a.pair_hash != b.pair_hash) return a.pair_hash < b.pair_hash;
    const CatalogSong x = view(a), y = view(b);
    return std::tie(x.title, x.artist_name, x.song_id) < std::tie(y.title, y.artist_name, y.song_id);
  });
  for (std::uint32_t i = 0; i < songs_.size(); ++i) {
    const auto starts_group = [&] {
      if (groups_.empty()) return true;
      const Song& first = songs_[groups_.back().first];
      if (first.pair_hash != songs_[i].pair_hash) return true;
      const CatalogSong last = view(first), song = view(songs_[i]);
      return last.title != song.title || last.artist_name != song.artist_name;
    };
    if (starts_group()) groups_.push_back({i, 0});
    ++groups_.back().count;
  }
  std::size_t size = 16;
  while (size < 2 * groups_.size()) size *= 2;
  slots_.resize(size);
  for (std::uint32_t g = 0; g < groups_.size(); ++g) {
    const std::uint64_t hash = songs_[groups_[g].first].pair_hash;
    std::size_t at = hash & (size - 1);
    while (slots_[at].group_plus_one != 0) at = (at + 1) & (size - 1);
    slots_[at] = {g + 1, static_cast<std::uint32_t>(hash >> 32)};
  }
}

SongCatalog::Probe SongCatalog::start(std::string_view song, std::string_view artist) const {
  const std::uint64_t hash = pair_hash(song, artist);
  __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  return {hash};
}

const SongCatalog::Group* SongCatalog::find(std::string_view title, std::string_view artist_name,
                                            std::uint64_t hash) const {
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t at = hash & mask; slots_[at].group_plus_one != 0; at = (at + 1) & mask) {
    if (slots_[at].tag != tag) continue;
    const Group& group = groups_[slots_[at].group_plus_one - 1];
    const CatalogSong first = view(songs_[group.first]);
    if (first.title == title && first.artist_name == artist_name) return &group;
  }
  return nullptr;
}

std::optional<CatalogSong> SongCatalog::match(std::string_view song, std::string_view artist,
                                              std::optional<double> length) const {
  return match(song, artist, length, {pair_hash(song, artist)});
}

std::optional<CatalogSong> SongCatalog::match(std::string_view song, std::string_view artist,
                                              std::optional<double> length, Probe probe) const {
  const Group* group = find(song, artist, probe.hash);
  if (group == nullptr) return std::nullopt;
  const Song* best = nullptr;
  std::optional<double> best_distance;
  // Candidates are in song_id order, so a later one wins only when strictly closer.
  for (std::uint32_t i = group->first; i < group->first + group->count; ++i) {
    const Song& candidate = songs_[i];
    std::optional<double> distance;
    if (length && candidate.duration) distance = std::fabs(*candidate.duration - *length);
    if (best == nullptr || (distance && (!best_distance || *distance < *best_distance))) {
      best = &candidate;
      best_distance = distance;
    }
  }
  return view(*best);
}

}  // namespace sparkify::star
