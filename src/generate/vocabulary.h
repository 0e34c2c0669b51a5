// Vocabulary: the fixed word pools the generator draws names, titles, places
// and user agents from. Pools deliberately contain the quirks of the real data:
// non-ASCII letters (é, ü, ø, 日本), emoji, embedded double quotes, slashes.
#pragma once

#include <span>
#include <string_view>

namespace sparkify::generate {

struct Place {
  std::string_view name;  // "Memphis, TN"
  double latitude;
  double longitude;
};

namespace vocabulary {

std::span<const std::string_view> first_names();
std::span<const std::string_view> last_names();
std::span<const std::string_view> user_locations();  // "City-Metro, ST"
std::span<const std::string_view> user_agents();     // some wrapped in double quotes
std::span<const Place> artist_places();              // with coordinates
std::span<const std::string_view> vague_places();    // known to have no coordinates
std::span<const std::string_view> title_words();
std::span<const std::string_view> exotic_title_words();  // é, ü, 日本, emoji
std::span<const std::string_view> artist_words();
std::span<const std::string_view> artist_suffixes();
std::span<const std::string_view> outside_artists();  // never in song_data by construction of names

}  // namespace vocabulary
}  // namespace sparkify::generate
