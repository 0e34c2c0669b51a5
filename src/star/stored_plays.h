// StoredPlays: what the warehouse held on a few days a run meets, to tell a
// play of the run that equals a stored row in every column, and a time key
// already stored. Such a play changes nothing a merge would: the merge keeps
// the best row per key and a row in songplays wins a tie (sql/star_merge.h),
// so a play equal to it loses, whatever else the run brings for its key; a
// time row is a function of its key, so a stored key's row is the run's. A
// run can then drop both instead of sending them to a merge, and a rerun of
// stored files sends the merges nothing (bench/README.md, stop 27).
//
// A day is held in two parts: its keys (the hashes of its songplay keys, and
// its time keys), added when the run first meets it; its rows, added only
// once a play of the run turns out to have a stored key (may_store), since
// reading a day's rows costs several times reading its keys and a day's new
// plays need none of them.
//
// Memory is bounded: keys and rows are held up to `most_bytes`, about, the
// days added longest ago let go first; a day's keys that find no room are
// not held, nor is a row. What is not held only sends a play or a time key
// to the merge, as without this set: what it holds or lets go never changes
// a result. Not for concurrent use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "star/rows.h"

namespace sparkify::star {

class StoredPlays {
 public:
  explicit StoredPlays(std::size_t most_bytes) : most_bytes_(most_bytes) {}

  // Holds the keys stored on `day`: the hashes of its songplay keys
  // (songplay_key_hash) and its time keys (epoch ms); all of them, or none
  // when there is no room. Once per day, before its rows.
  void add_keys(std::int64_t day, std::vector<std::uint64_t> play_keys, std::vector<std::int64_t> time_keys);
  // Holds `row`, a stored row, under the day of its start_time, if that
  // day's keys are held and there is room.
  void add(const SongplayRow& row);

  // Whether `play`'s key hashes as a stored key of its day that is held (it
  // may be another key with the same hash).
  bool may_store(const SongplayRow& play) const;
  // Whether a row equal to `play` in every column is held.
  bool holds(const SongplayRow& play);
  // Whether the time key is held.
  bool holds_time(std::int64_t start_time_ms) const;

  // The bytes held, as counted against `most_bytes`.
  std::size_t bytes() const { return bytes_; }
  std::size_t most_bytes() const { return most_bytes_; }

 private:
  // A day's keys, sorted; its rows, encoded (encode()) back to back in
  // chunks of kChunkBytes, each found by its key's hash in an
  // open-addressing index of their positions.
  struct Day {
    std::vector<std::uint64_t> play_keys;
    std::vector<std::int64_t> time_keys;
    std::vector<std::string> chunks;   // each reserved to kChunkBytes once
    std::vector<std::uint32_t> slots;  // position + 1 of a record (0: free), a power of two, at most half full
    std::size_t rows = 0;
    std::size_t bytes = 0;  // as counted against most_bytes
  };
  static constexpr std::size_t kChunkBytes = std::size_t{1} << 18;

  // The bytes of `row` that decide equality: every column, the key first.
  static void encode(const SongplayRow& row, std::string& out);
  // Makes room for `cost` more bytes on `day` by letting go of the oldest
  // days before it, and counts them on it; false when there is no room.
  bool make_room(Day& day, std::int64_t number, std::size_t cost);
  // Holds scratch_ (an encoded row whose key hashes to `hash`) in `day`.
  void hold(Day& day, std::int64_t number, std::uint64_t hash);
  static std::string_view record_at(const Day& day, std::uint32_t position);

  std::size_t most_bytes_;
  std::size_t bytes_ = 0;
  std::unordered_map<std::int64_t, Day> days_;
  std::deque<std::int64_t> order_;  // days_' keys, oldest first
  std::string scratch_;             // an encoded row
};

}  // namespace sparkify::star
