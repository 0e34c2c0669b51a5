#include "source/local_source.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <thread>

#include "common/bundle_writer.h"
#include "common/byte_budget.h"
#include "common/error.h"
#include "common/first_error.h"
#include "common/thread_annotations.h"
#include "common/work_queue.h"
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

// Objects of this size or more on average are read on the calling thread:
// a file's open and close cost about as much as copying 64 KiB, and big
// bodies read on several threads would leave their freed room in as many
// malloc arenas (20 MB more at the peak of the 2M set).
constexpr std::uint64_t kSmallObjectBytes = std::uint64_t{64} << 10;

// Objects a reader takes at a time, and hands over together: one hand-off per
// object would cost two thread wake-ups per ~280-byte song file.
constexpr std::size_t kReaderClaim = 64;

// A claim whose median read took this long waited on the device. Over the
// 2M set's 100,000 song files a claim's median read took 5-9 us from a warm
// cache and 0.1-2.1 ms (1.2 ms in the middle) after `drop_caches`. A reader
// waiting for a CPU stretches a few reads of a claim, not most: the mean
// passed 200 us in some claims of every warm run, adding 3-10 readers.
constexpr std::chrono::microseconds kWaitingRead{100};

// One object read whole (decompressed when .json.gz), or why it could not be.
// `reading`, when given, gets the time the file took to read, without its
// decompression (CPU, not the device).
FetchedObject read_object(const ObjectRef& object, std::chrono::steady_clock::duration* reading = nullptr) {
  FetchedObject fetched;
  fetched.ref = &object;
  const auto started = std::chrono::steady_clock::now();
  fetched.error = read_file(object.uri, object.size, fetched.body);
  if (reading != nullptr) *reading = std::chrono::steady_clock::now() - started;
  if (!fetched.error && is_gzip_name(object.uri)) {
    std::string compressed = std::move(fetched.body);
    fetched.error = gunzip(compressed, fetched.body, kBodyPadding);
  }
  if (fetched.error) fetched.body.clear();
  return fetched;
}

// fetch_objects on `readers` threads, and on more while reads wait on the
// device: a claim of kReaderClaim objects whose median read took kWaitingRead
// or more asks for one more reader, which the calling thread starts (up to
// kMaxLocalReaders, and no more than claims are left), so a cold cache gets
// more requests in flight and a warm one no more threads. Readers hand the
// objects over in bundles (BundleWriter, at most kReadAheadBytes ahead of
// the consumer); the calling thread consumes them.
void read_on_threads(const std::vector<ObjectRef>& objects, std::size_t readers, const ObjectConsumer& consume) {
  WorkQueue<Bundle<FetchedObject>> ready(kMaxLocalReaders);
  ByteBudget read_ahead(kReadAheadBytes);
  std::atomic<std::size_t> next = 0, running = 0, wanted = 0;
  FirstError first_error;
  auto stop = [&] {
    ready.cancel();
    read_ahead.cancel();
  };
  auto read_claims = [&] {
    try {
      BundleWriter<FetchedObject> writer(ready, read_ahead, kReaderClaim, kReadAheadBytes);
      bool go_on = true;
      for (std::size_t begin = next.fetch_add(kReaderClaim); go_on && begin < objects.size();
           begin = next.fetch_add(kReaderClaim)) {
        const std::size_t end = std::min(begin + kReaderClaim, objects.size());
        std::array<std::chrono::steady_clock::duration, kReaderClaim> took{};
        std::size_t reads = 0;
        for (std::size_t i = begin; go_on && i < end; ++i) {
          FetchedObject object = read_object(objects[i], &took[reads++]);
          const std::size_t bytes = object.body.size();
          go_on = writer.add(std::move(object), bytes);
        }
        if (reads > 0) {
          std::nth_element(took.begin(), took.begin() + reads / 2, took.begin() + reads);
          if (took[reads / 2] >= kWaitingRead) ++wanted;
        }
      }
      if (go_on) (void)writer.flush();
    } catch (...) {
      first_error.capture();
      stop();
    }
    if (--running == 0) ready.close();
  };
  auto claims_left = [&] {
    const std::size_t claimed = next.load();
    return claimed < objects.size() ? (objects.size() - claimed + kReaderClaim - 1) / kReaderClaim : 0;
  };
  std::vector<std::jthread> pool;
  auto start_reader = [&] {
    ++running;
    pool.emplace_back(read_claims);
  };
  try {
    for (std::size_t r = 0; r < readers; ++r) start_reader();
    bool go_on = true;
    while (go_on) {
      auto bundle = ready.pop();
      if (!bundle) break;
      for (auto& object : bundle->items) {
        if (!(go_on = consume(std::move(object)))) break;
      }
      read_ahead.release(bundle->bytes);
      // A reader that ends just after claims_left() closes the queue early
      // for the one started here; that one finds no claim and closes it again.
      while (go_on && wanted.load() > 0 && pool.size() < kMaxLocalReaders && claims_left() > 0) {
        --wanted;
        start_reader();
      }
    }
    if (!go_on) stop();
  } catch (...) {
    stop();
    throw;  // the readers, stopped, are joined on the way out
  }
  pool.clear();
  first_error.rethrow_if_any();
}

// Owns a directory stream (and the descriptor it was opened from).
struct DirClose {
  void operator()(DIR* dir) const { ::closedir(dir); }
};

std::string child_path(const std::string& folder, std::string_view name) {
  std::string path = folder;
  if (path.empty() || path.back() != '/') path += '/';
  return path.append(name);
}

// A folder open for listing: its descriptor and its path.
struct OpenFolder {
  int fd = -1;
  std::string path;
};

// Lists the entries of the folder open as `fd` (taken over) into `listing`,
// and hands each folder in it, open, to `found` (which takes it over).
// Names are resolved against the folder's descriptor, so the kernel does not
// walk the path from the root again for every file, and an entry's type comes
// from the directory read where the file system reports it (a stat only for a
// JSON name, to follow a link and read size and mtime). Links to folders are
// not followed; a folder under the root that may not be read is passed over
// (the root itself must be).
template <typename Found>
void list_folder(int fd, const std::string& folder, Listing& listing, const Found& found) {
  const std::unique_ptr<DIR, DirClose> dir(::fdopendir(fd));
  if (!dir) {
    const int error = errno;
    ::close(fd);
    throw_error(ErrorKind::source, "cannot list {}: {}", folder, std::strerror(error));
  }
  auto skip = [&](std::string path, SkipReason reason) { listing.skipped.push_back({std::move(path), reason}); };
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) throw_error(ErrorKind::source, "cannot list {}: {}", folder, std::strerror(errno));
      return;
    }
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    unsigned char type = entry->d_type;
    if (type == DT_UNKNOWN) {
      struct stat info {};
      if (::fstatat(fd, entry->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone since the read
      type = S_ISDIR(info.st_mode) ? DT_DIR : S_ISLNK(info.st_mode) ? DT_LNK : DT_REG;
    }
    std::string path = child_path(folder, name);
    if (is_hidden_name(name)) {
      skip(std::move(path), SkipReason::hidden);
      continue;
    }
    if (type == DT_DIR) {
      if (is_json_name(name)) skip(path, SkipReason::not_a_file);  // its contents are still listed
      const int sub = ::openat(fd, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0) {
        found(OpenFolder{sub, std::move(path)});
      } else if (errno != EACCES && errno != EPERM && errno != ENOENT) {
        throw_error(ErrorKind::source, "cannot list {}: {}", path, std::strerror(errno));
      }
      continue;
    }
    if (!is_json_name(name)) {
      skip(std::move(path), SkipReason::not_json);
      continue;
    }
    struct stat info {};
    if (::fstatat(fd, entry->d_name, &info, 0) != 0) {
      skip(std::move(path), type == DT_LNK ? SkipReason::broken_link : SkipReason::not_a_file);
      continue;
    }
    if (!S_ISREG(info.st_mode)) {
      skip(std::move(path), SkipReason::not_a_file);
      continue;
    }
    const auto mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    listing.objects.push_back(
        ObjectRef{std::move(path), static_cast<std::uint64_t>(info.st_size), std::to_string(mtime_ns)});
  }
}

// The folders waiting to be listed, shared by the listing threads. next()
// hands one out, or nullopt once every folder is listed (none waiting, none
// being listed) or the walk stopped; done() says a folder handed out is
// listed. Folders never handed out are closed with the queue.
class FolderQueue {
 public:
  explicit FolderQueue(OpenFolder root) { waiting_.push_back(std::move(root)); }
  ~FolderQueue() {
    for (const OpenFolder& folder : waiting_) ::close(folder.fd);
  }
  FolderQueue(const FolderQueue&) = delete;
  FolderQueue& operator=(const FolderQueue&) = delete;

  void add(OpenFolder folder) SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    waiting_.push_back(std::move(folder));
    changed_.notify_one();
  }
  std::optional<OpenFolder> next() SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    while (!stopped_ && waiting_.empty() && listing_ > 0) changed_.wait(lock);
    if (stopped_ || waiting_.empty()) return std::nullopt;
    OpenFolder folder = std::move(waiting_.back());  // depth first: the newest folder
    waiting_.pop_back();
    ++listing_;
    return folder;
  }
  void done() SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    if (--listing_ == 0 && waiting_.empty()) changed_.notify_all();
  }
  std::size_t waiting() SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    return waiting_.size();
  }
  void stop() SPARKIFY_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }

 private:
  Mutex mutex_;
  CondVar changed_;
  std::vector<OpenFolder> waiting_ SPARKIFY_GUARDED_BY(mutex_);
  std::size_t listing_ SPARKIFY_GUARDED_BY(mutex_) = 0;
  bool stopped_ SPARKIFY_GUARDED_BY(mutex_) = false;
};

// Lists the tree under `root` on up to `threads` threads, each folder by
// whichever thread is free; the first error stops the walk and is thrown. A
// stop request ends it after the folders being listed (the rest left open are
// closed with the queue). The calling thread lists the root, and goes on
// alone while fewer folders wait than there are threads; then it starts no
// more threads than folders wait: a chain of single folders
// (log_data/2018/11) takes none, where each thread's start and end would
// cost more than listing it (at its end glibc gives the stack's pages back,
// a TLB flush on every core).
Listing list_tree(OpenFolder root, std::size_t threads, const std::stop_token& stop) {
  FolderQueue queue(std::move(root));
  Listing alone;
  std::size_t waiting = 0;
  do {
    auto folder = queue.next();
    list_folder(folder->fd, folder->path, alone, [&](OpenFolder sub) { queue.add(std::move(sub)); });
    queue.done();
    waiting = queue.waiting();
  } while (waiting > 0 && waiting < threads && !stop.stop_requested());
  std::vector<Listing> listings(stop.stop_requested() ? 0 : std::min(threads, waiting));
  listings.push_back(std::move(alone));
  FirstError first_error;
  {
    std::vector<std::jthread> pool;
    for (Listing& listing : std::span(listings).first(listings.size() - 1)) {
      pool.emplace_back([&queue, &first_error, &listing, &stop] {
        try {
          while (auto folder = queue.next()) {
            if (stop.stop_requested()) queue.stop();
            list_folder(folder->fd, folder->path, listing, [&](OpenFolder sub) { queue.add(std::move(sub)); });
            queue.done();
          }
        } catch (...) {
          first_error.capture();
          queue.stop();
        }
      });
    }
  }
  first_error.rethrow_if_any();
  // Joined in storage of the exact size, each part let go once moved: a
  // listing grows with the files under the folder.
  Listing all;
  std::size_t objects = 0, skipped = 0;
  for (const Listing& listing : listings) {
    objects += listing.objects.size();
    skipped += listing.skipped.size();
  }
  all.objects.reserve(objects);
  all.skipped.reserve(skipped);
  for (Listing& listing : listings) {
    std::move(listing.objects.begin(), listing.objects.end(), std::back_inserter(all.objects));
    std::move(listing.skipped.begin(), listing.skipped.end(), std::back_inserter(all.skipped));
    listing = Listing();
  }
  return all;
}

}  // namespace

LocalSource::LocalSource(std::filesystem::path root, int readers)
    : root_(std::move(root)), readers_(static_cast<std::size_t>(std::max(readers, 1))) {}

std::string LocalSource::describe() const { return root_.string(); }

Listing LocalSource::list(std::stop_token stop) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root_, ec)) {
    throw_error(ErrorKind::source, "input folder {} does not exist (check --source and --song-prefix/--log-prefix)",
                root_.string());
  }
  const int root = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root < 0) throw_error(ErrorKind::source, "cannot list {}: {}", root_.string(), std::strerror(errno));
  Listing listing = list_tree(OpenFolder{root, root_.string()}, readers_, stop);
  std::sort(listing.objects.begin(), listing.objects.end(),
            [](const ObjectRef& a, const ObjectRef& b) { return a.uri < b.uri; });
  std::sort(listing.skipped.begin(), listing.skipped.end(),
            [](const Skipped& a, const Skipped& b) { return a.uri < b.uri; });
  return listing;
}

void LocalSource::fetch_objects(const std::vector<ObjectRef>& objects, const ObjectConsumer& consume) {
  std::uint64_t bytes = 0;
  for (const auto& object : objects) bytes += object.size;
  const std::size_t readers = bytes >= kSmallObjectBytes * objects.size()
                                  ? 1
                                  : std::min(readers_, (objects.size() + kReaderClaim - 1) / kReaderClaim);
  if (readers > 1) return read_on_threads(objects, readers, consume);
  for (const auto& object : objects) {
    if (!consume(read_object(object))) return;
  }
}

}  // namespace sparkify::source
