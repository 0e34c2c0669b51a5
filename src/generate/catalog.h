// Catalog: the generated songs and artists (song_data), kept in memory because
// events refer to them and truth.json needs the match rule. Its size grows with
// --songs only, never with --events.
//
// Quirks built in by index, so even small data sets have each of them: artists
// with several songs (one song record with empty location and null coordinates
// while the artist's others have them), year 0, null coordinates, titles with a
// trailing space, titles with double quotes or non-ASCII text, songs sharing
// title AND artist name (same or different duration), files written with \u
// escapes, files without a trailing newline.
//
// Not thread-safe (resolve() reuses a scratch buffer).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "generate/random.h"

namespace sparkify::generate {

struct Artist {
  std::string id;  // "AR" + 16 upper-case alphanumerics
  std::string name;
  std::string location;  // may be ""
  std::optional<double> latitude;
  std::optional<double> longitude;
};

struct Song {
  std::string track_id;  // "TR" + 16: the file name; chars 3-5 are the folders
  std::string song_id;   // "SO" + 16
  std::uint32_t artist = 0;
  std::string title;
  double duration = 0;  // seconds; exactly the double the written text reads back as
  int year = 0;
  bool hides_artist_place = false;  // record says "" and null coordinates
  bool ascii_escaped = false;       // file writes non-ASCII as \u escapes
  bool trailing_newline = true;
};

struct Resolution {
  std::optional<std::uint32_t> song;  // index into songs(); nullopt = no match
  std::size_t candidates = 0;         // songs with that exact title and artist name
};

class Catalog {
 public:
  Catalog(std::uint64_t seed, std::int64_t song_count);

  const std::vector<Song>& songs() const { return songs_; }
  const std::vector<Artist>& artists() const { return artists_; }
  // Songs whose (title, artist name) some other song shares.
  const std::vector<std::uint32_t>& ambiguous_songs() const { return ambiguous_; }
  const std::string& artist_name(const Song& song) const { return artists_[song.artist].name; }

  // The ETL's match rule: songs with title == `title` and artist name ==
  // `artist` (exact bytes); among several, the smallest |duration - length|,
  // then the smallest song_id (byte order).
  Resolution resolve(std::string_view title, std::string_view artist, double length) const;

  // The song file's content: one JSON object on one line.
  std::string song_file_text(const Song& song) const;

 private:
  void add_artists(Random& random, std::int64_t count);
  void add_song(Random& random, std::uint32_t index);
  void add_duplicate(Random& random, std::uint32_t original, bool same_duration);
  std::string unique_id(Random& random, std::string_view prefix, bool track_id);
  const std::string& key_of(std::string_view title, std::string_view artist) const;

  std::vector<Artist> artists_;
  std::vector<Song> songs_;
  std::vector<std::uint32_t> ambiguous_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_title_and_artist_;
  std::unordered_set<std::string> used_ids_;
  mutable std::string scratch_key_;
};

}  // namespace sparkify::generate
