#include "source/local_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/error.h"
#include "source/gzip.h"

namespace sparkify::source {
namespace {

// Reads a whole file; returns an error text instead of throwing so one bad
// file becomes a reject, not a crash.
std::optional<std::string> read_file(const std::string& path, std::uint64_t size_hint, std::string& body) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fmt::format("cannot open: {}", std::strerror(errno));
  body.clear();
  body.reserve(size_hint + kBodyPadding);
  std::optional<std::string> error;
  char chunk[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = fmt::format("cannot read: {}", std::strerror(errno));
      break;
    }
    if (n == 0) break;
    body.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (body.capacity() - body.size() < kBodyPadding) body.reserve(body.size() + kBodyPadding);
  return error;
}

}  // namespace

LocalSource::LocalSource(std::filesystem::path root) : root_(std::move(root)) {}

std::string LocalSource::describe() const { return root_.string(); }

Listing LocalSource::list_objects() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) {
    throw_error(ErrorKind::source, "input folder {} does not exist (check --source and --song-prefix/--log-prefix)",
                root_.string());
  }
  Listing listing;
  auto skip = [&](const fs::path& path, SkipReason reason) { listing.skipped.push_back({path.string(), reason}); };
  auto it = fs::recursive_directory_iterator(root_, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& path = it->path();
    const std::string name = path.filename().string();
    // The entry's type as the directory read reported it (a system call only
    // where the file system does not say); a link is not followed here.
    const bool symlink = it->is_symlink(ec);
    const bool directory = !ec && !symlink && it->is_directory(ec);
    if (ec) break;
    if (is_hidden_name(name)) {
      if (directory) it.disable_recursion_pending();
      skip(path, SkipReason::hidden);
      continue;
    }
    if (directory) {
      if (is_json_name(name)) skip(path, SkipReason::not_a_file);  // its contents are still listed
      continue;
    }
    if (!is_json_name(name)) {
      skip(path, SkipReason::not_json);
      continue;
    }
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      skip(path, symlink ? SkipReason::broken_link : SkipReason::not_a_file);
      continue;
    }
    if (!S_ISREG(info.st_mode)) {
      skip(path, SkipReason::not_a_file);
      continue;
    }
    const auto mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    listing.objects.push_back(
        ObjectRef{path.string(), static_cast<std::uint64_t>(info.st_size), std::to_string(mtime_ns)});
  }
  if (ec) throw_error(ErrorKind::source, "cannot list {}: {}", root_.string(), ec.message());
  std::sort(listing.objects.begin(), listing.objects.end(),
            [](const ObjectRef& a, const ObjectRef& b) { return a.uri < b.uri; });
  std::sort(listing.skipped.begin(), listing.skipped.end(),
            [](const Skipped& a, const Skipped& b) { return a.uri < b.uri; });
  return listing;
}

void LocalSource::fetch_objects(const std::vector<ObjectRef>& objects, const ObjectConsumer& consume) {
  for (const auto& object : objects) {
    FetchedObject fetched;
    fetched.ref = &object;
    fetched.error = read_file(object.uri, object.size, fetched.body);
    if (!fetched.error && is_gzip_name(object.uri)) {
      std::string compressed = std::move(fetched.body);
      fetched.error = gunzip(compressed, fetched.body, kBodyPadding);
    }
    if (fetched.error) fetched.body.clear();
    if (!consume(std::move(fetched))) return;
  }
}

}  // namespace sparkify::source
