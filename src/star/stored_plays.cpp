#include "star/stored_plays.h"

#include <algorithm>
#include <cstring>

#include "star/keys.h"

namespace sparkify::star {
namespace {

// A day's index at first: room for 512 rows.
constexpr std::size_t kFirstSlots = 1024;

// The first free slot from the hash's own (linear probing; the index is
// never more than half full).
std::size_t free_slot(const std::vector<std::uint32_t>& slots, std::uint64_t hash) {
  const std::size_t mask = slots.size() - 1;
  std::size_t at = hash & mask;
  while (slots[at]) at = (at + 1) & mask;
  return at;
}

// The hash of the key an encoded record begins with.
std::uint64_t hash_of_record(std::string_view record) {
  SongplayKey key{};
  std::memcpy(key.data(), record.data(), key.size());
  return songplay_key_hash(key);
}

void put_number(std::string& out, std::uint64_t bits) { out.append(reinterpret_cast<const char*>(&bits), 8); }

// A text as its presence, its length and its bytes: no two texts, nor a
// missing text and an empty one, encode alike.
void put_text(std::string& out, const Text& text) {
  if (!text) {
    out.push_back('\0');
    return;
  }
  out.push_back('\1');
  put_number(out, text->size());
  out.append(*text);
}

}  // namespace

void StoredPlays::encode(const SongplayRow& row, std::string& out) {
  out.clear();
  out.append(row.songplay_id.data(), row.songplay_id.size());
  put_number(out, static_cast<std::uint64_t>(row.start_time_ms));
  put_number(out, static_cast<std::uint64_t>(row.user_id));
  put_number(out, static_cast<std::uint64_t>(row.session_id));
  for (const Text& text : {row.level, row.song_id, row.artist_id, row.location, row.user_agent, row.song, row.artist}) {
    put_text(out, text);
  }
  // A length compares as a double does (SongplayRow::operator==): 0.0 and
  // -0.0 are equal, so they encode alike.
  if (!row.length) {
    out.push_back('\0');
  } else {
    const double length = *row.length == 0 ? 0.0 : *row.length;
    std::uint64_t bits = 0;
    std::memcpy(&bits, &length, 8);
    out.push_back('\1');
    put_number(out, bits);
  }
}

bool StoredPlays::make_room(Day& day, std::int64_t number, std::size_t cost) {
  while (bytes_ + cost > most_bytes_) {
    const auto oldest = std::find_if(order_.begin(), order_.end(), [&](std::int64_t d) { return d != number; });
    if (oldest == order_.end()) return false;
    const auto held = days_.find(*oldest);
    bytes_ -= held->second.bytes;
    days_.erase(held);  // never `day`: references to other elements stay valid
    order_.erase(oldest);
  }
  day.bytes += cost;
  bytes_ += cost;
  return true;
}

void StoredPlays::add_keys(std::int64_t number, std::vector<std::uint64_t> play_keys,
                           std::vector<std::int64_t> time_keys) {
  if (days_.contains(number)) return;
  Day day;
  const std::size_t cost = play_keys.capacity() * sizeof(std::uint64_t) + time_keys.capacity() * sizeof(std::int64_t);
  if (!make_room(day, number, cost)) return;
  std::sort(play_keys.begin(), play_keys.end());
  std::sort(time_keys.begin(), time_keys.end());
  day.play_keys = std::move(play_keys);
  day.time_keys = std::move(time_keys);
  days_.emplace(number, std::move(day));
  order_.push_back(number);
}

std::string_view StoredPlays::record_at(const Day& day, std::uint32_t position) {
  const std::string& chunk = day.chunks[position / kChunkBytes];
  const std::size_t at = position % kChunkBytes;
  std::uint32_t size = 0;
  std::memcpy(&size, chunk.data() + at, 4);
  return {chunk.data() + at + 4, size};
}

void StoredPlays::hold(Day& day, std::int64_t number, std::uint64_t hash) {
  const std::size_t size = 4 + scratch_.size();
  if (size > kChunkBytes) return;
  const bool new_chunk = day.chunks.empty() || day.chunks.back().size() + size > kChunkBytes;
  // Positions are 32-bit: a day holds at most 4 GiB less a chunk.
  if (new_chunk && day.chunks.size() + 1 >= (std::uint64_t{1} << 32) / kChunkBytes) return;
  const std::size_t slots = day.slots.empty() ? kFirstSlots : day.slots.size();
  const std::size_t new_slots = day.slots.empty() ? slots : 2 * (day.rows + 1) > slots ? 2 * slots : 0;
  if (!make_room(day, number, (new_chunk ? kChunkBytes : 0) + new_slots * sizeof(std::uint32_t))) return;
  if (new_chunk) day.chunks.emplace_back().reserve(kChunkBytes);
  std::string& chunk = day.chunks.back();
  const auto position = static_cast<std::uint32_t>((day.chunks.size() - 1) * kChunkBytes + chunk.size());
  const auto length = static_cast<std::uint32_t>(scratch_.size());
  chunk.append(reinterpret_cast<const char*>(&length), 4);
  chunk.append(scratch_);
  if (new_slots) {
    std::vector<std::uint32_t> old(new_slots, 0);
    old.swap(day.slots);
    bytes_ -= old.size() * sizeof(std::uint32_t);  // freed below
    day.bytes -= old.size() * sizeof(std::uint32_t);
    for (const std::uint32_t held : old) {
      if (held) day.slots[free_slot(day.slots, hash_of_record(record_at(day, held - 1)))] = held;
    }
  }
  day.slots[free_slot(day.slots, hash)] = position + 1;
  ++day.rows;
}

void StoredPlays::add(const SongplayRow& row) {
  const std::int64_t number = epoch_day_at(row.start_time_ms);
  const auto day = days_.find(number);
  if (day == days_.end()) return;
  encode(row, scratch_);
  hold(day->second, number, songplay_key_hash(row.songplay_id));
}

bool StoredPlays::may_store(const SongplayRow& play) const {
  const auto day = days_.find(epoch_day_at(play.start_time_ms));
  return day != days_.end() && std::binary_search(day->second.play_keys.begin(), day->second.play_keys.end(),
                                                  songplay_key_hash(play.songplay_id));
}

bool StoredPlays::holds(const SongplayRow& play) {
  const auto found = days_.find(epoch_day_at(play.start_time_ms));
  if (found == days_.end() || found->second.slots.empty()) return false;
  const Day& day = found->second;
  const std::string_view key(play.songplay_id.data(), play.songplay_id.size());
  const std::size_t mask = day.slots.size() - 1;
  bool encoded = false;
  for (std::size_t at = songplay_key_hash(play.songplay_id) & mask; day.slots[at]; at = (at + 1) & mask) {
    const std::string_view record = record_at(day, day.slots[at] - 1);
    if (!record.starts_with(key)) continue;
    if (!encoded) encode(play, scratch_);
    encoded = true;
    if (record == scratch_) return true;
  }
  return false;
}

bool StoredPlays::holds_time(std::int64_t start_time_ms) const {
  const auto day = days_.find(epoch_day_at(start_time_ms));
  return day != days_.end() &&
         std::binary_search(day->second.time_keys.begin(), day->second.time_keys.end(), start_time_ms);
}

}  // namespace sparkify::star
