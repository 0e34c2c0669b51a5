#include "pipeline/reject_log.h"

#include <fcntl.h>
#include <fmt/chrono.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/redact.h"

namespace sparkify::pipeline {
namespace {

namespace fs = std::filesystem;

// Absolute, with `.`, `..` and existing symlinks resolved, for comparisons.
fs::path resolved(const fs::path& path) {
  std::error_code ec;
  auto result = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::absolute(path).lexically_normal() : result;
}

bool lies_under(const fs::path& path, const fs::path& folder) {
  auto [folder_end, path_end] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
  // A trailing separator leaves an empty last component in `folder`.
  return folder_end == folder.end() || (std::next(folder_end) == folder.end() && folder_end->empty());
}

std::string file_kind(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::block:
    case fs::file_type::character:
      return "a device";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

}  // namespace

void validate_rejects_path(const fs::path& rejects, const RejectsPathGuards& guards) {
  if (rejects.empty()) throw_error(ErrorKind::usage, "--rejects needs a file path, e.g. --rejects rejects.ndjson");
  std::error_code ec;
  const auto status = fs::status(rejects, ec);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    throw_error(ErrorKind::usage, "--rejects {} is {}: give a path for a new file, e.g. --rejects rejects.ndjson",
                rejects.string(), file_kind(status.type()));
  }
  const auto target = resolved(rejects);
  for (const auto& file : guards.protected_files) {
    if (target == resolved(file)) {
      throw_error(ErrorKind::usage, "--rejects {} is the warehouse file {}: choose another path", rejects.string(),
                  file.string());
    }
  }
  for (const auto& folder : guards.source_folders) {
    if (lies_under(target, resolved(folder))) {
      throw_error(ErrorKind::usage, "--rejects {} lies under the input folder {}: choose a path outside the input",
                  rejects.string(), folder.string());
    }
  }
  const fs::path parent = target.parent_path();
  if (!fs::is_directory(parent, ec)) {
    throw_error(ErrorKind::usage, "--rejects {}: folder {} does not exist; create it or choose another path",
                rejects.string(), parent.string());
  }
  if (::access(parent.c_str(), W_OK | X_OK) != 0) {
    throw_error(ErrorKind::usage, "--rejects {}: cannot create files in {} ({}); choose another path", rejects.string(),
                parent.string(), std::strerror(errno));
  }
}

RejectLog::RejectLog(fs::path requested)
    : requested_(std::move(requested)),
      path_(requested_),
      run_stamp_(fmt::format("{:%Y%m%dT%H%M%SZ}",
                             std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()))) {}

RejectLog::~RejectLog() {
  if (fd_ >= 0) ::close(fd_);
}

void RejectLog::create_file() {
  constexpr int kFlags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
  fd_ = ::open(requested_.c_str(), kFlags, 0644);
  for (int attempt = 1; fd_ < 0 && errno == EEXIST && attempt < 100; ++attempt) {
    const auto suffix = attempt == 1 ? fmt::format("-{}-{}", run_stamp_, ::getpid())
                                     : fmt::format("-{}-{}-{}", run_stamp_, ::getpid(), attempt);
    path_ = requested_.parent_path() / (requested_.stem().string() + suffix + requested_.extension().string());
    fd_ = ::open(path_.c_str(), kFlags, 0644);
  }
  if (fd_ < 0) {
    throw_error(ErrorKind::data, "cannot create the rejects file {}: {}; choose another path with --rejects",
                path_.string(), std::strerror(errno));
  }
}

void RejectLog::write_all(const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    const auto n = ::write(fd_, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw_error(ErrorKind::data,
                  "cannot write reject #{} to {}: {}; the run is rolled back: free space or choose another path "
                  "with --rejects",
                  count_ + 1, path_.string(), n < 0 ? std::strerror(errno) : "nothing written");
    }
    written += static_cast<std::size_t>(n);
  }
}

void RejectLog::write(const parse::Reject& reject) {
  if (fd_ < 0) create_file();
  // A reason may quote an endpoint (a failed S3 GET): no password in the file.
  nlohmann::json line = {{"file", reject.file}, {"line", reject.line}, {"reason", redact_userinfo(reject.reason)}};
  // Raw input may hold invalid UTF-8: keep it, replacing only what JSON cannot carry.
  line["raw"] = reject.raw;
  write_all(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n');
  ++count_;
}

void RejectLog::finish() {
  if (fd_ < 0) return;
  const int fd = std::exchange(fd_, -1);
  const bool synced = ::fsync(fd) == 0;
  const int sync_errno = errno;
  const bool closed = ::close(fd) == 0;
  if (!synced || !closed) {
    throw_error(ErrorKind::data, "cannot save the rejects file {}: {}; the run is rolled back", path_.string(),
                std::strerror(synced ? errno : sync_errno));
  }
}

}  // namespace sparkify::pipeline
