// SongCatalog: the song match of docs/semantics.md, in memory. Built from the
// warehouse's songs joined to artists (after this run's songs are merged), it
// answers, for a play's (song, artist, length), the song whose title equals
// the play's song and whose artist's name equals the play's artist, byte for
// byte; of several, the closest duration (an unknown distance last), then the
// smallest song_id. Immutable once built: match() is safe from many threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sparkify::star {

struct CatalogSong {
  std::string title, artist_name;
  std::optional<double> duration;
  std::string song_id, artist_id;
};

class SongCatalog {
 public:
  explicit SongCatalog(std::vector<CatalogSong> songs);

  // The best match, or nullptr when no song has that title and artist name.
  const CatalogSong* match(std::string_view song, std::string_view artist, std::optional<double> length) const;

  std::size_t size() const { return songs_.size(); }

 private:
  struct PairHash {
    std::size_t operator()(const std::pair<std::string_view, std::string_view>& key) const;
  };
  std::vector<CatalogSong> songs_;
  // (title, artist name) -> indexes into songs_, sorted by song_id.
  std::unordered_map<std::pair<std::string_view, std::string_view>, std::vector<std::uint32_t>, PairHash> by_pair_;
};

}  // namespace sparkify::star
