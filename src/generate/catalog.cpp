#include "generate/catalog.h"

#include <algorithm>
#include <cmath>

#include "generate/json_text.h"
#include "generate/vocabulary.h"

namespace sparkify::generate {
namespace {

constexpr std::string_view kAlphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::uint64_t kSongStream = 1;

// Durations are whole units of 10 microseconds: the written text has at most
// five decimals and units / 1e5 is exactly the double that text reads back as.
double duration_from_units(std::int64_t units) { return static_cast<double>(units) / 100000.0; }

std::string make_title(Random& random, std::uint32_t index) {
  const auto words = vocabulary::title_words();
  std::string title;
  const auto count = random.between(1, 3);
  for (std::int64_t w = 0; w < count; ++w) {
    if (w > 0) title += ' ';
    const bool quoted = index % 17 == 3 && w == count - 1;
    if (quoted) title += '"';
    title += random.pick(words);
    if (quoted) title += '"';
  }
  if (index % 11 == 4) {
    title += ' ';
    title += random.pick(vocabulary::exotic_title_words());
  }
  if (index % 13 == 5) title += ' ';
  return title;
}

std::string make_artist_name(Random& random, std::uint32_t index) {
  std::string name = random.chance(0.3) ? "The " : "";
  name += random.pick(vocabulary::artist_words());
  if (random.chance(0.5)) {
    name += ' ';
    name += random.pick(vocabulary::artist_words());
  }
  name += random.pick(vocabulary::artist_suffixes());
  if (index >= 24) {
    // Keep names mostly distinct in large catalogs, as real artist names are.
    name += ' ';
    name += static_cast<char>('A' + index % 26);
    name += '.';
  }
  return name;
}

}  // namespace

Catalog::Catalog(std::uint64_t seed, std::int64_t song_count) {
  Random random(seed, kSongStream);
  const std::int64_t artist_count = song_count == 0 ? 0 : std::max<std::int64_t>(1, (song_count + 1) / 2);
  add_artists(random, artist_count);
  songs_.reserve(static_cast<std::size_t>(song_count));
  for (std::int64_t i = 0; i < song_count; ++i) add_song(random, static_cast<std::uint32_t>(i));
  for (const auto& [key, members] : by_title_and_artist_) {
    if (members.size() > 1) ambiguous_.insert(ambiguous_.end(), members.begin(), members.end());
  }
  std::sort(ambiguous_.begin(), ambiguous_.end());
}

void Catalog::add_artists(Random& random, std::int64_t count) {
  artists_.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) {
    Artist artist;
    artist.id = unique_id(random, "AR", false);
    artist.name = make_artist_name(random, static_cast<std::uint32_t>(i));
    const double kind = random.unit();
    if (i == 0 || kind < 0.6) {
      const Place& place = random.pick(vocabulary::artist_places());
      artist.location = place.name;
      artist.latitude = place.latitude;
      artist.longitude = place.longitude;
    } else if (kind < 0.8) {
      artist.location = random.pick(vocabulary::vague_places());
    }
    artists_.push_back(std::move(artist));
  }
}

void Catalog::add_song(Random& random, std::uint32_t index) {
  const auto artist_count = static_cast<std::uint32_t>(artists_.size());
  // The first song of every artist, then repeats; k numbers the repeats.
  const std::int64_t k = static_cast<std::int64_t>(index) - artist_count;
  if (k > 0 && k % 40 == 1) return add_duplicate(random, static_cast<std::uint32_t>(random.below(index)), true);
  if (k > 0 && k % 40 == 2) return add_duplicate(random, static_cast<std::uint32_t>(random.below(index)), false);

  Song song;
  song.track_id = unique_id(random, "TR", true);
  song.song_id = unique_id(random, "SO", false);
  if (k < 0) {
    song.artist = index;
  } else if (k == 0) {
    song.artist = 0;  // artist 0 always has a place: this record disagrees with its first song
  } else if (random.chance(0.5)) {
    song.artist = static_cast<std::uint32_t>(random.below(std::max<std::uint32_t>(1, artist_count / 10)));
  } else {
    song.artist = static_cast<std::uint32_t>(random.below(artist_count));
  }
  song.hides_artist_place = k == 0 || (k > 0 && artists_[song.artist].latitude && random.chance(0.25));
  song.title = make_title(random, index);
  song.duration = duration_from_units(random.between(3'000'000, 60'000'000));
  song.year = index % 9 == 2 ? 0 : static_cast<int>(random.between(1960, 2018));
  song.ascii_escaped = index % 2 == 1;
  song.trailing_newline = index % 3 != 0;
  by_title_and_artist_[key_of(song.title, artists_[song.artist].name)].push_back(index);
  songs_.push_back(std::move(song));
}

// A new song with the title and artist of `original`: a different song_id, and
// the same duration (the tie-break falls to song_id) or one at least 2 s away
// from every song of the group (so the closest duration is never a near tie).
void Catalog::add_duplicate(Random& random, std::uint32_t original, bool same_duration) {
  const auto index = static_cast<std::uint32_t>(songs_.size());
  Song song = songs_[original];
  song.track_id = unique_id(random, "TR", true);
  song.song_id = unique_id(random, "SO", false);
  song.hides_artist_place = false;
  song.ascii_escaped = index % 2 == 1;
  song.trailing_newline = index % 3 != 0;
  auto& group = by_title_and_artist_[key_of(song.title, artists_[song.artist].name)];
  if (!same_duration) {
    const auto far_from_group = [&](double duration) {
      return std::all_of(group.begin(), group.end(),
                         [&](std::uint32_t member) { return std::abs(songs_[member].duration - duration) >= 2.0; });
    };
    do {
      song.duration = duration_from_units(random.between(3'000'000, 60'000'000));
    } while (!far_from_group(song.duration));
  }
  group.push_back(index);
  songs_.push_back(std::move(song));
}

std::string Catalog::unique_id(Random& random, std::string_view prefix, bool track_id) {
  std::string id;
  do {
    id.assign(prefix);
    for (int i = 0; i < 16; ++i) {
      // Track ids: folders (chars 3-5) in A-B/A-F/A-Z, about as spread as the
      // real subset (A/A-B/A-Z) and few enough to create quickly.
      if (track_id && i == 0) {
        id += kLetters[random.below(2)];
      } else if (track_id && i == 1) {
        id += kLetters[random.below(6)];
      } else if (track_id && i == 2) {
        id += kLetters[random.below(kLetters.size())];
      } else {
        id += kAlphanumerics[random.below(kAlphanumerics.size())];
      }
    }
  } while (!used_ids_.insert(id).second);
  return id;
}

const std::string& Catalog::key_of(std::string_view title, std::string_view artist) const {
  scratch_key_.assign(title);
  scratch_key_.push_back('\0');
  scratch_key_.append(artist);
  return scratch_key_;
}

Resolution Catalog::resolve(std::string_view title, std::string_view artist, double length) const {
  const auto found = by_title_and_artist_.find(key_of(title, artist));
  if (found == by_title_and_artist_.end()) return {};
  const auto& group = found->second;
  const auto better = [&](std::uint32_t a, std::uint32_t b) {
    const double distance_a = std::abs(songs_[a].duration - length);
    const double distance_b = std::abs(songs_[b].duration - length);
    if (distance_a != distance_b) return distance_a < distance_b;
    return songs_[a].song_id < songs_[b].song_id;
  };
  return {*std::min_element(group.begin(), group.end(), better), group.size()};
}

std::string Catalog::song_file_text(const Song& song) const {
  const Artist& artist = artists_[song.artist];
  const JsonEscaping escaping{song.ascii_escaped, false};
  std::string text;
  text.reserve(320);
  text += R"({"num_songs": 1, "artist_id": )";
  append_json_string(text, artist.id);
  text += R"(, "artist_latitude": )";
  append_decimal_or_null(text, song.hides_artist_place ? std::nullopt : artist.latitude);
  text += R"(, "artist_longitude": )";
  append_decimal_or_null(text, song.hides_artist_place ? std::nullopt : artist.longitude);
  text += R"(, "artist_location": )";
  append_json_string(text, song.hides_artist_place ? std::string_view() : artist.location, escaping);
  text += R"(, "artist_name": )";
  append_json_string(text, artist.name, escaping);
  text += R"(, "song_id": )";
  append_json_string(text, song.song_id);
  text += R"(, "title": )";
  append_json_string(text, song.title, escaping);
  text += R"(, "duration": )";
  append_decimal(text, song.duration);
  text += R"(, "year": )";
  append_integer(text, song.year);
  text += '}';
  if (song.trailing_newline) text += '\n';
  return text;
}

}  // namespace sparkify::generate
