// LocalSource listing: .json and .json.gz files are objects; hidden entries,
// other names, broken links, FIFOs and directories named like JSON are named
// as skipped, never silent; .json.gz is delivered decompressed; a file's
// version is its mtime in nanoseconds. Several threads list a tree as one
// does; fetching many small files on several reader threads hands each over
// once, on the calling thread.
#include "source/local_source.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "common/error.h"
#include "harness/gzip_file.h"

namespace sparkify::source {
namespace {

namespace fs = std::filesystem;

std::string gzip(const std::string& data) { return testing::gzip_file(data); }

class LocalSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("sparkify-local-source-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& relative, const std::string& body) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative, std::ios::binary) << body;
  }
  std::string at(const std::string& relative) const { return (root_ / relative).string(); }

  std::map<std::string, std::string> fetch_all(LocalSource& source, const std::vector<ObjectRef>& objects) {
    std::map<std::string, std::string> out;
    source.fetch_objects(objects, [&](FetchedObject&& object) {
      out[object.ref->uri] = object.error ? "error: " + *object.error : object.body;
      return true;
    });
    return out;
  }

  fs::path root_;
};

TEST_F(LocalSourceTest, ListsJsonAndGzipAndNamesEverythingElse) {
  write("a.json", "{}");
  write("b.json.gz", gzip("{}"));
  write("notes.txt", "x");
  write("data.csv", "x");
  write(".hidden.json", "{}");
  write("_SUCCESS", "");
  write(".ipynb_checkpoints/day-checkpoint.json", "{}");
  write("sub/_temporary/part.json", "{}");
  write("dir.json/inner.json", "{}");
  ASSERT_EQ(::mkfifo(at("pipe.json").c_str(), 0600), 0);
  fs::create_symlink(root_ / "nowhere.json", root_ / "broken.json");

  LocalSource source(root_);
  const Listing listing = source.list_objects();
  std::vector<std::string> objects;
  for (const auto& object : listing.objects) objects.push_back(object.uri);
  EXPECT_EQ(objects, (std::vector<std::string>{at("a.json"), at("b.json.gz"), at("dir.json/inner.json")}));

  std::vector<std::pair<std::string, SkipReason>> skipped;
  for (const auto& entry : listing.skipped) skipped.emplace_back(entry.uri, entry.reason);
  EXPECT_EQ(skipped, (std::vector<std::pair<std::string, SkipReason>>{
                         {at(".hidden.json"), SkipReason::hidden},
                         {at(".ipynb_checkpoints"), SkipReason::hidden},
                         {at("_SUCCESS"), SkipReason::hidden},
                         {at("broken.json"), SkipReason::broken_link},
                         {at("data.csv"), SkipReason::not_json},
                         {at("dir.json"), SkipReason::not_a_file},
                         {at("notes.txt"), SkipReason::not_json},
                         {at("pipe.json"), SkipReason::not_a_file},
                         {at("sub/_temporary"), SkipReason::hidden},
                     }));
}

// A folder given with a trailing slash names its files with one slash, as
// the same folder without it does, at every depth.
TEST_F(LocalSourceTest, TrailingSlashOfTheFolderDoesNotDoubleInNames) {
  write("a.json", "{}");
  write("A/B/c.json", "{}");
  for (const std::string& root : {root_.string(), root_.string() + "/"}) {
    LocalSource source(root);
    std::vector<std::string> objects;
    for (const auto& object : source.list_objects().objects) objects.push_back(object.uri);
    EXPECT_EQ(objects, (std::vector<std::string>{at("A/B/c.json"), at("a.json")})) << root;
  }
}

TEST_F(LocalSourceTest, GzipIsDeliveredDecompressedAndCorruptGzipIsAnError) {
  write("good.json.gz", gzip("{\"song_id\":\"S1\"}\n"));
  write("bad.json.gz", "this is not gzip");
  LocalSource source(root_);
  const Listing listing = source.list_objects();
  const auto bodies = fetch_all(source, listing.objects);
  EXPECT_EQ(bodies.at(at("good.json.gz")), "{\"song_id\":\"S1\"}\n");
  EXPECT_NE(bodies.at(at("bad.json.gz")).find("error: not a valid gzip file"), std::string::npos)
      << bodies.at(at("bad.json.gz"));
}

TEST_F(LocalSourceTest, VersionIsTheMtimeInNanoseconds) {
  write("a.json", "{}");
  const timespec times[2] = {{1700000000, 123456789}, {1700000000, 123456789}};
  ASSERT_EQ(::utimensat(AT_FDCWD, at("a.json").c_str(), times, 0), 0);
  LocalSource source(root_);
  const Listing listing = source.list_objects();
  ASSERT_EQ(listing.objects.size(), 1u);
  EXPECT_EQ(listing.objects[0].version, "1700000000123456789");
  EXPECT_EQ(listing.objects[0].size, 2u);
}

// A tree listed by eight threads lists what one thread lists, in the same
// order: every file and every skipped entry, at any depth.
TEST_F(LocalSourceTest, ATreeListedOnEightThreadsIsListedAsOnOne) {
  for (int i = 0; i < 1200; ++i) {
    const std::string folder = "song_data/" + std::string(1, static_cast<char>('A' + i % 5)) + "/" +
                               std::string(1, static_cast<char>('A' + i % 7)) + "/" + std::to_string(i % 11);
    write(folder + "/TR" + std::to_string(i) + (i % 10 == 0 ? ".txt" : ".json"), "{}");
    if (i % 100 == 0) write(folder + "/.hidden/TR" + std::to_string(i) + ".json", "{}");
  }
  const Listing one = LocalSource(root_, 1).list_objects();
  const Listing eight = LocalSource(root_, 8).list_objects();
  ASSERT_EQ(one.objects.size(), 1080u);
  ASSERT_EQ(one.skipped.size(), 120u + 12u);
  ASSERT_EQ(eight.objects.size(), one.objects.size());
  for (std::size_t i = 0; i < one.objects.size(); ++i) {
    EXPECT_EQ(eight.objects[i].uri, one.objects[i].uri);
    EXPECT_EQ(eight.objects[i].size, one.objects[i].size);
    EXPECT_EQ(eight.objects[i].version, one.objects[i].version);
  }
  ASSERT_EQ(eight.skipped.size(), one.skipped.size());
  for (std::size_t i = 0; i < one.skipped.size(); ++i) {
    EXPECT_EQ(eight.skipped[i].uri, one.skipped[i].uri);
    EXPECT_EQ(eight.skipped[i].reason, one.skipped[i].reason);
  }
}

// The calling thread lists a chain of single folders alone, then shares the
// folders with other threads once enough wait: every file is found either way.
TEST_F(LocalSourceTest, AChainOfFoldersThenAWideOneIsListedWhole) {
  std::string chain = "log_data";
  for (int depth = 0; depth < 5; ++depth) {
    chain += "/" + std::to_string(depth);
    write(chain + "/day" + std::to_string(depth) + ".json", "{}");
  }
  for (int wide = 0; wide < 20; ++wide) write(chain + "/w" + std::to_string(wide) + "/x.json", "{}");
  for (int threads : {1, 2, 8, 64}) {
    const Listing listing = LocalSource(root_, threads).list_objects();
    EXPECT_EQ(listing.objects.size(), 25u) << threads;
    for (std::size_t i = 1; i < listing.objects.size(); ++i) {
      EXPECT_LT(listing.objects[i - 1].uri, listing.objects[i].uri);
    }
  }
}

// A listing asked to stop lists no folder after those it has begun: asked
// before it starts, only the root's own entries.
TEST_F(LocalSourceTest, AListingAskedToStopListsNoFurtherFolder) {
  write("a.json", "{}");
  write("sub/b.json", "{}");
  write("sub/deeper/c.json", "{}");
  std::stop_source stop;
  stop.request_stop();
  for (int threads : {1, 8}) {
    const Listing stopped = LocalSource(root_, threads).list_objects(stop.get_token());
    ASSERT_EQ(stopped.objects.size(), 1u) << threads;
    EXPECT_EQ(stopped.objects[0].uri, (root_ / "a.json").string());
    EXPECT_EQ(LocalSource(root_, threads).list_objects().objects.size(), 3u);
  }
}

// Many small files are read on several threads: each is handed over once,
// whole, on the calling thread, and one that cannot be read is an error of
// its own, not a failed fetch.
TEST_F(LocalSourceTest, SmallFilesReadOnSeveralThreadsArriveOnceEachOnTheCallingThread) {
  for (int i = 0; i < 1000; ++i)
    write("song_data/" + std::to_string(i % 7) + "/" + std::to_string(i) + ".json", std::to_string(i));
  LocalSource source(root_, 8);
  const Listing listing = source.list_objects();
  ASSERT_EQ(listing.objects.size(), 1000u);
  std::filesystem::remove(root_ / "song_data/3/500.json");  // gone after listing
  std::map<std::string, std::string> bodies;
  std::map<std::string, int> times;
  std::set<std::thread::id> threads;
  source.fetch_objects(listing.objects, [&](FetchedObject&& object) {
    threads.insert(std::this_thread::get_id());
    ++times[object.ref->uri];
    bodies[object.ref->uri] = object.error ? "error: " + *object.error : object.body;
    return true;
  });
  EXPECT_EQ(threads, std::set<std::thread::id>{std::this_thread::get_id()});
  ASSERT_EQ(times.size(), 1000u);
  for (int i = 0; i < 1000; ++i) {
    const std::string uri = at("song_data/" + std::to_string(i % 7) + "/" + std::to_string(i) + ".json");
    EXPECT_EQ(times[uri], 1) << uri;
    if (i == 500) {
      EXPECT_TRUE(bodies[uri].starts_with("error: cannot open")) << bodies[uri];
    } else {
      EXPECT_EQ(bodies[uri], std::to_string(i)) << uri;
    }
  }
}

// A consumer that says stop gets nothing more; one that throws stops the
// readers and its exception comes out of fetch_objects.
TEST_F(LocalSourceTest, SeveralReadersStopWhenTheConsumerStopsOrThrows) {
  for (int i = 0; i < 1000; ++i) write("song_data/" + std::to_string(i) + ".json", "{}");
  LocalSource source(root_, 8);
  const Listing listing = source.list_objects();
  int calls = 0;
  source.fetch_objects(listing.objects, [&](FetchedObject&&) { return ++calls < 100; });
  EXPECT_EQ(calls, 100);
  calls = 0;
  EXPECT_THROW(source.fetch_objects(listing.objects,
                                    [&](FetchedObject&&) -> bool {
                                      if (++calls == 100) throw Error(ErrorKind::data, "the consumer failed");
                                      return true;
                                    }),
               Error);
  EXPECT_EQ(calls, 100);
}

// Reads that wait on the device add readers. Every object is a FIFO that
// answers a millisecond after a reader opens it (a slow device); 16 writers
// serve them, each a share, whenever a reader is there. Started with two
// readers, the FIFOs are then read three or more at a time, and every object
// arrives whole.
TEST_F(LocalSourceTest, ReadsThatWaitAddReaders) {
  constexpr int kObjects = 6 * 64, kWriters = 16;
  fs::create_directories(root_ / "song_data");
  std::vector<ObjectRef> objects;
  for (int i = 0; i < kObjects; ++i) {
    const std::string path = at("song_data/" + std::to_string(1000 + i) + ".json");
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
    objects.push_back(ObjectRef{path, 0, "1"});
  }
  std::atomic<int> served = 0, open_now = 0, most_open = 0;
  std::vector<std::jthread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      std::vector<bool> done(kObjects);
      while (served.load() < kObjects && std::chrono::steady_clock::now() < give_up) {
        bool found = false;
        for (int i = w; i < kObjects; i += kWriters) {
          if (done[static_cast<std::size_t>(i)]) continue;
          // Opens only once a reader has the FIFO open.
          const int fd = ::open(objects[static_cast<std::size_t>(i)].uri.c_str(), O_WRONLY | O_NONBLOCK);
          if (fd < 0) continue;
          found = true;
          int now = ++open_now, most = most_open.load();
          while (now > most && !most_open.compare_exchange_weak(most, now)) {
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          const std::string body = "{\"n\": " + std::to_string(i) + "}";
          EXPECT_EQ(::write(fd, body.data(), body.size()), static_cast<ssize_t>(body.size()));
          --open_now;
          ::close(fd);
          done[static_cast<std::size_t>(i)] = true;
          ++served;
        }
        if (!found) std::this_thread::sleep_for(std::chrono::microseconds(100));
      }
    });
  }
  LocalSource source(root_, 2);
  const auto bodies = fetch_all(source, objects);
  writers.clear();
  ASSERT_EQ(bodies.size(), objects.size());
  for (int i = 0; i < kObjects; ++i) {
    EXPECT_EQ(bodies.at(objects[static_cast<std::size_t>(i)].uri), "{\"n\": " + std::to_string(i) + "}") << i;
  }
  EXPECT_GE(most_open.load(), 3) << "no reader was added";
}

TEST_F(LocalSourceTest, MissingFolderIsASourceError) {
  LocalSource source(root_ / "missing");
  EXPECT_THROW(source.list_objects(), Error);
}

}  // namespace
}  // namespace sparkify::source
