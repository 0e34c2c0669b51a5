#include "source/gzip.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>

#include "common/error.h"

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

namespace sparkify::source {

GzipWriter::GzipWriter(int level) {
  // 16 + MAX_WBITS: write a gzip header and trailer; 8: zlib's default memory level.
  if (deflateInit2(&stream_, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw_error(ErrorKind::source, "cannot start gzip compression (zlib deflateInit2 failed): out of memory?");
  }
}

GzipWriter::~GzipWriter() { deflateEnd(&stream_); }

void GzipWriter::deflate_all(int flush) {
  for (;;) {
    const std::size_t used = out_.size();
    const std::size_t room = std::max<std::size_t>(stream_.avail_in / 2 + 4096, 64 * 1024);
    out_.resize(used + room);
    stream_.next_out = reinterpret_cast<Bytef*>(out_.data() + used);
    stream_.avail_out = static_cast<uInt>(room);
    const int code = deflate(&stream_, flush);
    out_.resize(used + room - stream_.avail_out);
    if (code == Z_STREAM_END) return;
    if (code != Z_OK && code != Z_BUF_ERROR) {
      throw_error(ErrorKind::source, "gzip compression failed: {}", zlib_reason(stream_, code));
    }
    if (flush == Z_NO_FLUSH && stream_.avail_in == 0) return;
  }
}

void GzipWriter::write(std::string_view data) {
  bytes_in_ += data.size();
  while (!data.empty()) {
    const std::size_t chunk = std::min<std::size_t>(data.size(), 1u << 30);
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = static_cast<uInt>(chunk);
    deflate_all(Z_NO_FLUSH);
    data.remove_prefix(chunk);
  }
}

std::string GzipWriter::finish() {
  stream_.next_in = nullptr;
  stream_.avail_in = 0;
  deflate_all(Z_FINISH);
  std::string out = std::move(out_);
  out_.clear();
  bytes_in_ = 0;
  if (deflateReset(&stream_) != Z_OK) throw_error(ErrorKind::source, "cannot restart gzip compression");
  return out;
}

}  // namespace sparkify::source
