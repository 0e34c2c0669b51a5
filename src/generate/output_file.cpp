#include "generate/output_file.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "common/error.h"
#include "common/interrupt.h"

namespace sparkify::generate {

namespace {

void stop_if_interrupted(const std::filesystem::path& path) {
  if (interrupted()) throw_error(ErrorKind::source, "interrupted while writing {}", path.string());
}

}  // namespace

OutputFile::OutputFile(std::filesystem::path path) : path_(std::move(path)) {
  stop_if_interrupted(path_);
  file_.reset(std::fopen(path_.c_str(), "wb"));
  if (!file_) {
    throw_error(ErrorKind::source, "cannot create {}: {}; check that the output folder is writable", path_.string(),
                std::strerror(errno));
  }
}

void OutputFile::write(std::string_view bytes) {
  if (bytes.empty()) return;
  stop_if_interrupted(path_);
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size()) {
    throw_error(ErrorKind::source, "cannot write {}: {}; check free disk space", path_.string(), std::strerror(errno));
  }
  bytes_written_ += static_cast<std::int64_t>(bytes.size());
}

void OutputFile::close() {
  if (!file_) return;
  if (std::fclose(file_.release()) != 0) {
    throw_error(ErrorKind::source, "cannot finish writing {}: {}; check free disk space", path_.string(),
                std::strerror(errno));
  }
}

StagedFolder::StagedFolder(std::filesystem::path final_path, const std::vector<std::string>& entries)
    : final_path_(std::move(final_path)) {
  for (const auto& name : entries) {
    std::error_code error;
    if (std::filesystem::exists(final_path_ / name, error)) {
      throw_error(ErrorKind::usage, "{} already exists; choose a new --out folder or remove the old data set",
                  (final_path_ / name).string());
    }
  }
  auto absolute = std::filesystem::absolute(final_path_).lexically_normal();
  if (absolute.filename().empty()) absolute = absolute.parent_path();  // "data/"
  temp_path_ = absolute.parent_path() / fmt::format(".{}.partial-{}", absolute.filename().string(), ::getpid());
  std::error_code error;
  std::filesystem::remove_all(temp_path_, error);
  make_directories(temp_path_);
}

StagedFolder::~StagedFolder() {
  if (committed_) return;
  std::error_code error;
  std::filesystem::remove_all(temp_path_, error);  // best effort: the error in flight says more
}

void StagedFolder::commit() {
  std::error_code error;
  if (!std::filesystem::exists(final_path_, error)) {
    std::filesystem::rename(temp_path_, final_path_, error);
    if (error) {
      throw_error(ErrorKind::source, "cannot move {} to {}: {}; check the --out path", temp_path_.string(),
                  final_path_.string(), error.message());
    }
    committed_ = true;
    return;
  }
  std::vector<std::filesystem::path> entries;
  for (const auto& entry : std::filesystem::directory_iterator(temp_path_)) entries.push_back(entry.path());
  // A file (truth.json) last: a folder that has it holds the whole data set.
  std::stable_partition(entries.begin(), entries.end(),
                        [](const std::filesystem::path& p) { return std::filesystem::is_directory(p); });
  for (const auto& entry : entries) {
    std::filesystem::rename(entry, final_path_ / entry.filename(), error);
    if (error) {
      throw_error(ErrorKind::source, "cannot move {} into {}: {}; check the --out path", entry.string(),
                  final_path_.string(), error.message());
    }
  }
  std::filesystem::remove(temp_path_, error);
  committed_ = true;
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
    throw_error(ErrorKind::source, "cannot create folder {}: {}; check the --out path", path.string(), error.message());
  }
}

}  // namespace sparkify::generate
