// LocalSource: a folder on the local file system as a Source (contract in
// source.h). Lists *.json and *.json.gz files recursively (symlinked folders
// are not followed), naming everything else it passes over: hidden entries,
// other names, broken links, and FIFOs, sockets, devices or directories named
// like JSON. A file's version is its mtime in nanoseconds; the listing is
// sorted by path. Reads each file whole into a padded buffer (decompressing
// .json.gz).
// Both list_objects and fetch_objects work on `readers` threads of their own:
// a folder is listed by whichever thread is free, and many small files
// (song_data: ~280 bytes each) are read the same way, on up to
// kMaxLocalReaders threads while reads wait on the device, and handed to the
// consumer on the calling thread, in the order reads end. Opening and
// statting or reading 100,000 files one at a time cost a thread more than the
// parse workers spend on them, and a disk answers several requests at once
// (bench/README.md). Reads run ahead of the consumer by at most
// kReadAheadBytes, and a file per thread. Bigger files (event logs) are read
// on the calling thread, one at a time, as fast as they are taken.
#pragma once

#include <cstddef>
#include <filesystem>

#include "source/source.h"

namespace sparkify::source {

inline constexpr std::size_t kReadAheadBytes = std::size_t{1} << 20;
// Threads that list a tree, and that start reading many small files: 8 read
// the 2M set's 100,000 song files from a cold cache in half the time 2 take,
// and in the same time from a warm one.
inline constexpr int kLocalReaders = 8;
// Readers of small files while their reads wait on the device (a cold
// cache): 64 read those files after `drop_caches` in 2.2-3.3 s where 8 took
// 3.6-6.8 s; from a warm cache they are slower (0.70-0.90 s against
// 0.61-0.79 s), so a run starts with kLocalReaders and adds readers only
// while reads wait.
inline constexpr std::size_t kMaxLocalReaders = 64;

class LocalSource final : public Source {
 public:
  explicit LocalSource(std::filesystem::path root, int readers = kLocalReaders);

  std::string describe() const override;
  void fetch_objects(const std::vector<ObjectRef>& objects, const ObjectConsumer& consume) override;

 protected:
  Listing list(std::stop_token stop) override;

 private:
  std::filesystem::path root_;
  std::size_t readers_;
};

}  // namespace sparkify::source
