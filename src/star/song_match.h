// SongCatalog: the song match of docs/semantics.md, in memory. Built from the
// warehouse's songs joined to artists (after this run's songs are merged), it
// answers, for a play's (song, artist, length), the song whose title equals
// the play's song and whose artist's name equals the play's artist, byte for
// byte; of several, the closest duration (an unknown distance last), then the
// smallest song_id. Immutable once built: match() is safe from many threads.
// The songs' texts live in one buffer the catalog owns (100,000 songs are a
// few allocations, not half a million); each song is kept as where its texts
// begin there and their lengths (40 bytes), each (title, artist name) pair as
// its run of songs (8 bytes); CatalogSong views the buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sparkify::star {

struct CatalogSong {
  std::string_view title, artist_name;
  std::optional<double> duration;
  std::string_view song_id, artist_id;
};

class SongCatalog {
 public:
  // Takes the songs one at a time (copying their texts), then builds.
  class Builder {
   public:
    void add(std::string_view title, std::string_view artist_name, std::optional<double> duration,
             std::string_view song_id, std::string_view artist_id);
    SongCatalog build() &&;

   private:
    friend class SongCatalog;
    struct Added {  // where a song's texts begin in text_ (title, artist name, song_id, artist_id), their lengths
      std::size_t at = 0;
      std::uint32_t title = 0, artist_name = 0, song_id = 0, artist_id = 0;
      std::optional<double> duration;
      std::uint64_t pair_hash = 0;  // of (title, artist name)
    };
    std::vector<char> text_;
    std::vector<Added> added_;
  };

  // The best match, or nullopt when no song has that title and artist name.
  std::optional<CatalogSong> match(std::string_view song, std::string_view artist, std::optional<double> length) const;

  // The same lookup in two halves, for a caller with other work to do in
  // between: start() hashes the pair and asks the cache for the slot the
  // lookup reads first (a miss, most of a lookup's time in a large
  // catalog); match() given the Probe answers as match() without it, for
  // the same song and artist.
  struct Probe {
    std::uint64_t hash = 0;
  };
  Probe start(std::string_view song, std::string_view artist) const;
  std::optional<CatalogSong> match(std::string_view song, std::string_view artist, std::optional<double> length,
                                   Probe probe) const;

  std::size_t size() const { return songs_.size(); }

  // The hash of a (title, artist name) pair the catalog keys its songs by;
  // also for other sets of such pairs (a run's played songs).
  static std::uint64_t pair_hash(std::string_view title, std::string_view artist_name);

 private:
  using Song = Builder::Added;
  // One (title, artist name) pair and its songs: songs_[first, first + count),
  // in song_id order.
  struct Group {
    std::uint32_t first = 0, count = 0;
  };
  // An open-addressing slot: the group's index + 1 (0: empty) and the high
  // half of its pair's hash, so a probe rejects most other pairs without
  // touching their strings.
  struct Slot {
    std::uint32_t group_plus_one = 0;
    std::uint32_t tag = 0;
  };
  const Group* find(std::string_view title, std::string_view artist_name, std::uint64_t hash) const;
  CatalogSong view(const Song& song) const;

  explicit SongCatalog(Builder&& builder);

  std::vector<char> text_;   // every song's texts; a moved vector keeps its buffer
  std::vector<Song> songs_;  // by pair hash, title, artist name, song_id (the builder's, moved)
  std::vector<Group> groups_;
  std::vector<Slot> slots_;  // a power of two, at most half full
};

}  // namespace sparkify::star
