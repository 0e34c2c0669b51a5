// Parsed batches: the rows and rejects from one object (file), plus the memory
// their string views point into. A batch owns the object body it was parsed
// from, so a batch is self-contained and can be handed between threads.
// Batches are neither copied nor moved (a moved short std::string would leave
// views dangling): they travel as std::unique_ptr<Batch<Row>>.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parse/reject.h"
#include "parse/rows.h"

namespace sparkify::parse {

// Append-only string storage with stable addresses (views stay valid while the
// arena lives; growing never moves earlier strings). Its blocks grow from
// small to kLargestBlock bytes and are not cleared first, so a batch that
// stores a few short strings (a song file with one escaped name) costs a
// small allocation.
class StringArena {
 public:
  std::string_view store(std::string_view text);

 private:
  struct Block {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
  };
  std::deque<Block> blocks_;  // the back block is the one being filled
  std::size_t used_in_last_ = 0;
};

template <typename Row>
struct Batch {
  std::string body;       // the object's bytes; row views may point here
  StringArena arena;      // unescaped strings that differ from the body
  std::string file;       // ObjectRef::uri; row.source_file points here
  std::vector<Row> rows;  // empty when they were handed over in slices (parsers.h)
  std::vector<Reject> rejects;
  std::int64_t records_read = 0;  // rows read + rejects.size()

  Batch() = default;
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;
};

using EventBatch = Batch<EventRow>;
using SongBatch = Batch<SongRow>;

}  // namespace sparkify::parse
