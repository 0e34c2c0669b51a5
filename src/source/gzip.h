// gzip (RFC 1952) with zlib, both ways:
//  - gunzip: a whole gzip file (several members one after another, as
//    `cat a.gz b.gz` makes, are one stream) -> its uncompressed bytes. Used by
//    the sources for ".json.gz" objects, so the pipeline sees plain JSON.
//  - GzipWriter: bytes appended piece by piece -> one gzip member. Used to
//    pack many small objects into a few compressed parts (pipeline/repack.h).
#pragma once

#include <zlib.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sparkify::source {

// Decompresses `compressed` into `out` (replacing its contents), leaving at
// least `padding` bytes of spare capacity after the data. Returns nullopt on
// success, or one line saying why the data is not valid gzip (out is then
// cleared).
std::optional<std::string> gunzip(std::string_view compressed, std::string& out, std::size_t padding);

// Compresses what write() is given into one gzip member held in memory;
// finish() returns the whole gzip file and leaves the writer ready for the
// next one. Owns its zlib stream. A zlib failure (only out of memory in
// practice) throws sparkify::Error. Not thread-safe.
class GzipWriter {
 public:
  // level: zlib's 1 (fastest) to 9 (smallest).
  explicit GzipWriter(int level);
  ~GzipWriter();
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  void write(std::string_view data);
  [[nodiscard]] std::string finish();
  // Uncompressed bytes written since the last finish().
  std::size_t bytes_in() const { return bytes_in_; }

 private:
  void deflate_all(int flush);

  z_stream stream_{};
  std::string out_;
  std::size_t bytes_in_ = 0;
};

}  // namespace sparkify::source
