// gzip_file: the bytes of a gzip file holding `data` (zlib deflate with a
// gzip wrapper), for tests that need .json.gz inputs. Header-only, so unit
// tests can use it without linking the harness.
#pragma once

#include <zlib.h>

#include <stdexcept>
#include <string>

namespace sparkify::testing {

inline std::string gzip_file(const std::string& data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("gzip_file: deflateInit2 failed");
  }
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int code = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (code != Z_STREAM_END) throw std::runtime_error("gzip_file: deflate did not finish");
  return out;
}

}  // namespace sparkify::testing
