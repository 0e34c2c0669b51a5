#include "source/local_source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "common/error.h"

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

std::vector<ObjectRef> LocalSource::list_objects() {
  std::error_code ec;
  if (!std::filesystem::is_directory(root_, ec)) {
    throw_error(ErrorKind::source, "input folder {} does not exist (check --source and --song-prefix/--log-prefix)",
                root_.string());
  }
  std::vector<ObjectRef> objects;
  auto options = std::filesystem::directory_options::skip_permission_denied;
  for (auto it = std::filesystem::recursive_directory_iterator(root_, options, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".json") continue;
    objects.push_back(ObjectRef{it->path().string(), it->file_size(ec), {}});
  }
  if (ec) throw_error(ErrorKind::source, "cannot list {}: {}", root_.string(), ec.message());
  std::sort(objects.begin(), objects.end(), [](const ObjectRef& a, const ObjectRef& b) { return a.uri < b.uri; });
  return objects;
}

void LocalSource::fetch_objects(const std::vector<ObjectRef>& objects, const ObjectConsumer& consume) {
  for (const auto& object : objects) {
    FetchedObject fetched;
    fetched.ref = &object;
    fetched.error = read_file(object.uri, object.size, fetched.body);
    if (fetched.error) fetched.body.clear();
    consume(std::move(fetched));
  }
}

}  // namespace sparkify::source
