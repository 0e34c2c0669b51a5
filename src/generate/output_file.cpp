#include "generate/output_file.h"

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "common/error.h"

namespace sparkify::generate {

OutputFile::OutputFile(std::filesystem::path path) : path_(std::move(path)) {
  file_.reset(std::fopen(path_.c_str(), "wb"));
  if (!file_) {
    throw_error(ErrorKind::source, "cannot create {}: {}; check that the output folder is writable",
                path_.string(), std::strerror(errno));
  }
}

void OutputFile::write(std::string_view bytes) {
  if (bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size()) {
    throw_error(ErrorKind::source, "cannot write {}: {}; check free disk space", path_.string(),
                std::strerror(errno));
  }
  bytes_written_ += static_cast<std::int64_t>(bytes.size());
}

void OutputFile::close() {
  if (!file_) return;
  if (std::fclose(file_.release()) != 0) {
    throw_error(ErrorKind::source, "cannot finish writing {}: {}; check free disk space",
                path_.string(), std::strerror(errno));
  }
}

std::int64_t write_whole_file(const std::filesystem::path& path, std::string_view bytes) {
  OutputFile file(path);
  file.write(bytes);
  file.close();
  return file.bytes_written();
}

void make_directories(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    throw_error(ErrorKind::source, "cannot create folder {}: {}; check the --out path",
                path.string(), error.message());
  }
}

}  // namespace sparkify::generate
