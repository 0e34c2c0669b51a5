// load_staging with an in-memory Source and a recording StagingLoader: the
// three-stage pipeline delivers every record once, counts rejects and failed
// objects, and stops cleanly when a stage fails.
#include "pipeline/staging_load.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "common/error.h"

namespace sparkify::pipeline {
namespace {

class MemorySource final : public source::Source {
 public:
  std::map<std::string, std::string> files;    // uri -> body
  std::map<std::string, std::string> failing;  // uri -> error text
  bool throw_after_first = false;

  std::string describe() const override { return "memory"; }
  source::Listing list(std::stop_token) override {
    source::Listing out;
    for (const auto& [uri, body] : files) out.objects.push_back({uri, body.size(), {}});
    for (const auto& [uri, error] : failing) out.objects.push_back({uri, 0, {}});
    return out;
  }
  int handed_over = 0;  // objects fetch_objects gave to its consumer
  void fetch_objects(const std::vector<source::ObjectRef>& objects, const source::ObjectConsumer& consume) override {
    int delivered = 0;
    for (const auto& object : objects) {
      if (throw_after_first && delivered == 1) throw_error(ErrorKind::source, "connection lost");
      source::FetchedObject fetched;
      fetched.ref = &object;
      if (auto it = failing.find(object.uri); it != failing.end()) {
        fetched.error = it->second;
      } else {
        fetched.body = files.at(object.uri);
        fetched.body.reserve(fetched.body.size() + source::kBodyPadding);
      }
      if (!consume(std::move(fetched))) return;
      ++delivered;
      ++handed_over;
    }
  }
};

class RecordingLoader final : public warehouse::StagingLoader {
 public:
  std::vector<std::pair<std::string, std::int64_t>> events;  // (file, line)
  std::vector<std::string> song_ids;
  bool fail = false;
  void append_events(std::span<const parse::EventRow> rows) override {
    if (fail) throw_error(ErrorKind::warehouse, "disk full");
    for (const auto& row : rows) events.emplace_back(std::string(row.source_file), row.source_line);
  }
  void append_songs(std::span<const parse::SongRow> rows) override {
    for (const auto& row : rows) song_ids.emplace_back(row.song_id);
  }
  void finish() override {}
};

std::string event_line(int item) {
  return R"({"artist":null,"auth":"Logged In","firstName":"A","gender":"F","itemInSession":)" + std::to_string(item) +
         R"(,"lastName":"B","length":null,"level":"free","location":"X","method":"GET","page":"Home",)"
         R"("registration":1540919166796.0,"sessionId":1,"song":null,"status":200,"ts":1541105830796,)"
         R"("userAgent":"UA","userId":"7"})";
}

std::string day_file(int lines, int first_item) {
  std::string body;
  for (int i = 0; i < lines; ++i) body += event_line(first_item + i) + "\n";
  return body;
}

class StagingLoad : public ::testing::Test {
 protected:
  std::filesystem::path rejects_path =
      std::filesystem::temp_directory_path() / ("staging-load-" + std::to_string(::getpid()) + ".ndjson");
  void TearDown() override { std::filesystem::remove(rejects_path); }
};

TEST_F(StagingLoad, DeliversEveryRecordOnceAcrossManyFiles) {
  MemorySource source;
  for (int f = 0; f < 50; ++f) source.files["log/" + std::to_string(100 + f) + ".json"] = day_file(40, f * 40);
  RecordingLoader loader;
  RejectLog rejects(rejects_path);
  auto stats = load_staging(RecordKind::events, source, source.list_objects().objects, loader, rejects, 3);
  EXPECT_EQ(stats.files, 50);
  EXPECT_EQ(stats.records_read, 2000);
  EXPECT_EQ(stats.loaded, 2000);
  std::set<std::pair<std::string, std::int64_t>> unique(loader.events.begin(), loader.events.end());
  EXPECT_EQ(unique.size(), 2000u);
}

TEST_F(StagingLoad, CountsRejectsAndWritesThemWithFileAndLine) {
  MemorySource source;
  source.files["log/a.json"] = event_line(1) + "\n{broken\n" + event_line(2);
  RecordingLoader loader;
  RejectLog rejects(rejects_path);
  auto stats = load_staging(RecordKind::events, source, source.list_objects().objects, loader, rejects, 2);
  EXPECT_EQ(stats.records_read, 3);
  EXPECT_EQ(stats.loaded, 2);
  EXPECT_EQ(stats.rejected, 1);
  std::ifstream in(rejects_path);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_NE(line.find(R"("file":"log/a.json")"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("line":2)"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("raw":"{broken")"), std::string::npos) << line;
}

TEST_F(StagingLoad, UnreadableObjectCountsAsRejectedNotLost) {
  MemorySource source;
  source.files["log/a.json"] = day_file(3, 0);
  source.failing["log/b.json"] = "HTTP 500 after 5 attempts";
  RecordingLoader loader;
  RejectLog rejects(rejects_path);
  auto stats = load_staging(RecordKind::events, source, source.list_objects().objects, loader, rejects, 2);
  EXPECT_EQ(stats.failed_objects, 1);
  EXPECT_EQ(stats.rejected, 1);
  EXPECT_EQ(stats.loaded, 3);
  EXPECT_EQ(stats.records_read, stats.loaded + stats.rejected);
  EXPECT_EQ(rejects.count(), 1);
}

TEST_F(StagingLoad, SourceFailureIsRethrownOnTheCallingThread) {
  MemorySource source;
  for (int f = 0; f < 5; ++f) source.files["log/" + std::to_string(f) + ".json"] = day_file(2, f * 2);
  source.throw_after_first = true;
  RecordingLoader loader;
  RejectLog rejects(rejects_path);
  EXPECT_THROW(
      {
        try {
          load_staging(RecordKind::events, source, source.list_objects().objects, loader, rejects, 2);
        } catch (const Error& error) {
          EXPECT_STREQ(error.what(), "connection lost");
          throw;
        }
      },
      Error);
}

// The source is told to stop (its consumer returns false): it fetches at most
// what the bounded queues hold, not every object.
TEST_F(StagingLoad, LoaderFailureStopsTheOtherStages) {
  MemorySource source;
  for (int f = 0; f < 5000; ++f) source.files["log/" + std::to_string(10000 + f) + ".json"] = day_file(1, f);
  RecordingLoader loader;
  loader.fail = true;
  RejectLog rejects(rejects_path);
  EXPECT_THROW(load_staging(RecordKind::events, source, source.list_objects().objects, loader, rejects, 2), Error);
  EXPECT_LT(source.handed_over, 2500);
}

TEST_F(StagingLoad, SongsGoToTheSongLoader) {
  MemorySource source;
  source.files["song/TRA.json"] =
      R"({"num_songs":1,"artist_id":"AR1","artist_latitude":null,"artist_longitude":null,"artist_location":"",)"
      R"("artist_name":"N","song_id":"SO1","title":"T ","duration":1.5,"year":0})";
  RecordingLoader loader;
  RejectLog rejects(rejects_path);
  auto stats = load_staging(RecordKind::songs, source, source.list_objects().objects, loader, rejects, 1);
  EXPECT_EQ(stats.loaded, 1);
  EXPECT_EQ(loader.song_ids, std::vector<std::string>{"SO1"});
  EXPECT_FALSE(std::filesystem::exists(rejects_path)) << "no rejects, no file";
}

// Counts body bytes handed out by a source and bytes whose rows were appended,
// so a test can see how many bytes were between the two at any moment.
struct BytesInFlight {
  std::atomic<std::int64_t> delivered = 0;
  std::atomic<std::int64_t> appended = 0;
  std::atomic<std::int64_t> most = 0;
  void note() {
    const std::int64_t now = delivered - appended;
    for (auto seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
    }
  }
};

class MeteredSource final : public source::Source {
 public:
  MeteredSource(MemorySource& inner, BytesInFlight& meter) : inner_(inner), meter_(meter) {}
  std::string describe() const override { return "metered"; }
  source::Listing list(std::stop_token stop) override { return inner_.list_objects(std::move(stop)); }
  void fetch_objects(const std::vector<source::ObjectRef>& objects, const source::ObjectConsumer& consume) override {
    inner_.fetch_objects(objects, [&](source::FetchedObject&& object) {
      const auto size = static_cast<std::int64_t>(object.body.size());
      const bool more = consume(std::move(object));
      meter_.delivered += size;
      meter_.note();
      return more;
    });
  }

 private:
  MemorySource& inner_;
  BytesInFlight& meter_;
};

// Appends slowly, so the fetcher and parsers run ahead as far as they may.
class SlowLoader final : public warehouse::StagingLoader {
 public:
  SlowLoader(const MemorySource& source, BytesInFlight& meter) : source_(source), meter_(meter) {}
  std::int64_t rows = 0;
  void append_events(std::span<const parse::EventRow> batch) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    rows += static_cast<std::int64_t>(batch.size());
    meter_.appended += static_cast<std::int64_t>(source_.files.at(std::string(batch.front().source_file)).size());
  }
  void append_songs(std::span<const parse::SongRow>) override {}
  void finish() override {}

 private:
  const MemorySource& source_;
  BytesInFlight& meter_;
};

TEST_F(StagingLoad, BodyBytesInFlightStayWithinTheBudget) {
  MemorySource files;
  for (int f = 0; f < 60; ++f) files.files["log/" + std::to_string(100 + f) + ".json"] = day_file(20, f * 20);
  const auto file_size = files.files.begin()->second.size();
  BytesInFlight meter;
  MeteredSource source(files, meter);
  SlowLoader loader(files, meter);
  RejectLog rejects(rejects_path);
  const std::size_t budget = 3 * file_size;
  auto stats =
      load_staging(RecordKind::events, source, source.list_objects().objects, loader, rejects, 2, nullptr, budget);
  EXPECT_EQ(stats.loaded, 1200);
  EXPECT_EQ(loader.rows, 1200);
  EXPECT_LE(meter.most.load(), static_cast<std::int64_t>(budget));
}

TEST_F(StagingLoad, ObjectLargerThanTheBudgetStillLoads) {
  MemorySource source;
  for (int f = 0; f < 4; ++f) source.files["log/" + std::to_string(f) + ".json"] = day_file(30, f * 30);
  RecordingLoader loader;
  RejectLog rejects(rejects_path);
  auto stats = load_staging(RecordKind::events, source, source.list_objects().objects, loader, rejects, 2, nullptr, 16);
  EXPECT_EQ(stats.loaded, 120);
  EXPECT_EQ(loader.events.size(), 120u);
}

}  // namespace
}  // namespace sparkify::pipeline
