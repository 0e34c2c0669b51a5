// StoredPlays: songplays rows and time keys the warehouse held when a run
// began, a few days of them, to tell a play of the run that equals a stored
// row in every column, and a time key already stored. Such a play changes
// nothing a merge would: the merge keeps the best row per key and the stored
// row wins a tie (sql/star_merge.h), so a play equal to it loses, whatever
// else the run brings for its key; a time row is a function of its key, so a
// stored key's row is the run's. A run can then drop both instead of sending
// them to a merge, and a rerun of stored files sends the merges nothing
// (bench/README.md, stop 27).
//
// Memory is bounded: rows are held up to `most_bytes` (their encoded bytes
// and their index), the days added longest ago let go first; a row that finds
// no room is not held. A row not held is only a play the merge decides, as
// without this set: what it holds or lets go never changes a result.
// Not for concurrent use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "star/rows.h"

namespace sparkify::star {

class StoredPlays {
 public:
  explicit StoredPlays(std::size_t most_bytes) : most_bytes_(most_bytes) {}

  // Holds `row`, a stored row, under the day of its start_time. The rows of
  // one day come together, after those of the days added before it: when
  // they need room, the days before it are let go, oldest first.
  void add(const SongplayRow& row);
  // Holds a stored time key (epoch ms), under its day, as add() does.
  void add_time(std::int64_t start_time_ms);

  // Whether a row equal to `play` in every column is held.
  bool holds(const SongplayRow& play);
  // Whether the time key is held.
  bool holds_time(std::int64_t start_time_ms) const;

  // The bytes the held rows take, as counted against `most_bytes`.
  std::size_t bytes() const { return bytes_; }

 private:
  // A day's rows, encoded (encode()) back to back in chunks of kChunkBytes,
  // each found by its key's hash in an open-addressing index of their
  // positions; and its time keys.
  struct Day {
    std::vector<std::string> chunks;   // each reserved to kChunkBytes once
    std::vector<std::uint32_t> slots;  // position + 1 of a record (0: free), a power of two, at most half full
    std::size_t rows = 0;
    std::unordered_set<std::int64_t> times;
    std::size_t bytes = 0;  // as counted against most_bytes
  };
  static constexpr std::size_t kChunkBytes = std::size_t{1} << 18;

  // The bytes of `row` that decide equality: every column, the key first.
  static void encode(const SongplayRow& row, std::string& out);
  // The day `cost` more bytes are held under, room made for them by letting
  // go of the oldest days before it; nullptr when there is no room.
  Day* room_on(std::int64_t day, std::size_t cost);
  // Holds scratch_ (an encoded row whose key hashes to `hash`) in `day`;
  // false when there is no room.
  bool hold(std::int64_t day, std::uint64_t hash);
  static std::string_view record_at(const Day& day, std::uint32_t position);

  std::size_t most_bytes_;
  std::size_t bytes_ = 0;
  std::unordered_map<std::int64_t, Day> days_;
  std::deque<std::int64_t> order_;  // days_' keys, oldest first
  std::string scratch_;             // an encoded row
};

}  // namespace sparkify::star
