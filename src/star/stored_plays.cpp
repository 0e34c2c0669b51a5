#include "star/stored_plays.h"

#include <algorithm>
#include <cstring>

#include "star/key_filter.h"
#include "star/keys.h"

namespace sparkify::star {
namespace {

// What a held time key costs: its node and bucket, and the allocator's header.
constexpr std::size_t kTimeKeyBytes = 48;
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

std::uint64_t hash_of(const SongplayKey& key) {
  std::uint64_t a = 0, b = 0;
  std::memcpy(&a, key.data(), 8);
  std::memcpy(&b, key.data() + 8, 8);
  std::uint64_t c = 0, d = 0;
  std::memcpy(&c, key.data() + 16, 8);
  std::memcpy(&d, key.data() + 24, 8);
  return KeyFilter::mix(a ^ KeyFilter::mix(b ^ KeyFilter::mix(c ^ KeyFilter::mix(d))));
}

// The hash of the key an encoded record begins with.
std::uint64_t hash_of_record(std::string_view record) {
  SongplayKey key{};
  std::memcpy(key.data(), record.data(), key.size());
  return hash_of(key);
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

StoredPlays::Day* StoredPlays::room_on(std::int64_t day, std::size_t cost) {
  while (bytes_ + cost > most_bytes_) {
    const auto oldest = std::find_if(order_.begin(), order_.end(), [&](std::int64_t d) { return d != day; });
    if (oldest == order_.end()) return nullptr;
    const auto held = days_.find(*oldest);
    bytes_ -= held->second.bytes;
    days_.erase(held);
    order_.erase(oldest);
  }
  auto [at, added] = days_.try_emplace(day);
  if (added) order_.push_back(day);
  at->second.bytes += cost;
  bytes_ += cost;
  return &at->second;
}

std::string_view StoredPlays::record_at(const Day& day, std::uint32_t position) {
  const std::string& chunk = day.chunks[position / kChunkBytes];
  const std::size_t at = position % kChunkBytes;
  std::uint32_t size = 0;
  std::memcpy(&size, chunk.data() + at, 4);
  return {chunk.data() + at + 4, size};
}

bool StoredPlays::hold(std::int64_t day_number, std::uint64_t hash) {
  const std::size_t size = 4 + scratch_.size();
  if (size > kChunkBytes) return false;
  const auto found = days_.find(day_number);
  const Day* now = found == days_.end() ? nullptr : &found->second;
  const bool new_chunk = !now || now->chunks.empty() || now->chunks.back().size() + size > kChunkBytes;
  const std::size_t slots = !now || now->slots.empty() ? kFirstSlots : now->slots.size();
  const bool grow = 2 * ((now ? now->rows : 0) + 1) > slots;
  const std::size_t new_slots = grow ? 2 * slots : (!now || now->slots.empty() ? slots : 0);
  // Positions are 32-bit: a day holds at most 4 GiB less a chunk.
  if (new_chunk && now && now->chunks.size() + 1 >= (std::uint64_t{1} << 32) / kChunkBytes) return false;
  Day* day = room_on(day_number, (new_chunk ? kChunkBytes : 0) + new_slots * sizeof(std::uint32_t));
  if (!day) return false;
  if (new_chunk) day->chunks.emplace_back().reserve(kChunkBytes);
  std::string& chunk = day->chunks.back();
  const auto position = static_cast<std::uint32_t>((day->chunks.size() - 1) * kChunkBytes + chunk.size());
  const auto length = static_cast<std::uint32_t>(scratch_.size());
  chunk.append(reinterpret_cast<const char*>(&length), 4);
  chunk.append(scratch_);
  if (new_slots) {
    std::vector<std::uint32_t> old(new_slots, 0);
    old.swap(day->slots);
    bytes_ -= old.size() * sizeof(std::uint32_t);  // freed below
    day->bytes -= old.size() * sizeof(std::uint32_t);
    for (const std::uint32_t held : old) {
      if (held) day->slots[free_slot(day->slots, hash_of_record(record_at(*day, held - 1)))] = held;
    }
  }
  day->slots[free_slot(day->slots, hash)] = position + 1;
  ++day->rows;
  return true;
}

void StoredPlays::add(const SongplayRow& row) {
  encode(row, scratch_);
  (void)hold(epoch_day_at(row.start_time_ms), hash_of(row.songplay_id));
}

void StoredPlays::add_time(std::int64_t start_time_ms) {
  if (Day* day = room_on(epoch_day_at(start_time_ms), kTimeKeyBytes)) day->times.insert(start_time_ms);
}

bool StoredPlays::holds(const SongplayRow& play) {
  const auto found = days_.find(epoch_day_at(play.start_time_ms));
  if (found == days_.end() || found->second.slots.empty()) return false;
  const Day& day = found->second;
  const std::string_view key(play.songplay_id.data(), play.songplay_id.size());
  const std::size_t mask = day.slots.size() - 1;
  bool encoded = false;
  for (std::size_t at = hash_of(play.songplay_id) & mask; day.slots[at]; at = (at + 1) & mask) {
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
  return day != days_.end() && day->second.times.contains(start_time_ms);
}

}  // namespace sparkify::star
