#include "source/gzip.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>

namespace sparkify::source {
namespace {

// Owns an inflate stream.
class Inflater {
 public:
  Inflater() {
    ok_ = inflateInit2(&stream_, 16 + MAX_WBITS) == Z_OK;  // 16: expect a gzip header and trailer
  }
  ~Inflater() {
    if (ok_) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  bool ok() const { return ok_; }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
  bool ok_ = false;
};

std::string zlib_reason(const z_stream& stream, int code) {
  return stream.msg != nullptr ? std::string(stream.msg) : fmt::format("zlib error {}", code);
}

}  // namespace

std::optional<std::string> gunzip(std::string_view compressed, std::string& out, std::size_t padding) {
  out.clear();
  Inflater inflater;
  if (!inflater.ok()) return std::string("cannot start gzip decompression (zlib inflateInit2 failed)");
  z_stream& stream = inflater.stream();
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  if (compressed.size() != stream.avail_in) return std::string("gzip file larger than 4 GiB");
  out.resize(std::max<std::size_t>(compressed.size() * 4, 4096));
  std::size_t produced = 0;
  for (;;) {
    if (produced == out.size()) out.resize(out.size() * 2);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - produced, 1u << 30));
    const uInt room = stream.avail_out;
    const int code = inflate(&stream, Z_NO_FLUSH);
    produced += room - stream.avail_out;
    if (code == Z_STREAM_END) {
      if (stream.avail_in == 0) break;
      if (inflateReset(&stream) != Z_OK) return std::string("cannot continue after a gzip member");
      continue;  // another member follows
    }
    if (code == Z_OK) continue;
    if (code == Z_BUF_ERROR && stream.avail_out != 0) {
      out.clear();
      return fmt::format("not a complete gzip file: it ends after {} compressed bytes", compressed.size());
    }
    if (code == Z_BUF_ERROR) continue;
    out.clear();
    return fmt::format("not a valid gzip file: {}", zlib_reason(stream, code));
  }
  out.resize(produced);
  out.reserve(produced + padding);
  return std::nullopt;
}

}  // namespace sparkify::source
