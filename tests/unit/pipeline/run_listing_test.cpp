// RunListing lists a run's objects on a thread of its own: the caller goes on
// meanwhile (in `etl`, opening the warehouse), takes the listing when it needs
// it, and a listing no longer wanted is asked to stop.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

#include "common/error.h"
#include "pipeline/etl.h"
#include "unit/pipeline/redshift_fakes.h"

namespace sparkify::pipeline {
namespace {

using namespace std::chrono_literals;

// A source whose listing waits for open() (or, with `until_stopped`, for a
// stop request), at most 10 s, then lists one object or throws.
class GateSource final : public source::Source {
 public:
  bool until_stopped = false;
  bool fail = false;

  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  bool timed_out() const { return timed_out_; }
  bool saw_stop() const { return saw_stop_; }

  std::string describe() const override { return "gate"; }
  void fetch_objects(const std::vector<source::ObjectRef>&, const source::ObjectConsumer&) override {}

 protected:
  source::Listing list(std::stop_token stop) override {
    std::unique_lock lock(mutex_);
    if (until_stopped) {
      timed_out_ = !changed_any_.wait_for(lock, stop, 10s, [] { return false; }) && !stop.stop_requested();
      saw_stop_ = stop.stop_requested();
      return {};
    }
    timed_out_ = !changed_.wait_for(lock, 10s, [&] { return open_; });
    if (fail) throw_error(ErrorKind::source, "gate listing failed");
    source::Listing out;
    out.objects.push_back({"gate/one.json", 10, "v"});
    return out;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::condition_variable_any changed_any_;
  bool open_ = false;
  bool timed_out_ = false;
  bool saw_stop_ = false;
};

TEST(RunListing, ListsWhileTheCallerGoesOn) {
  GateSource songs;
  fakes::MemorySource logs{"mem://log_data", {{"mem://log_data/a.json", "{}"}}};
  EtlOptions options;
  RunListing listing(songs, logs, options);
  songs.open();  // too late, had the constructor listed
  const auto listed = listing.take();
  EXPECT_FALSE(songs.timed_out());
  ASSERT_EQ(listed.songs.size(), 1u);
  EXPECT_EQ(listed.songs[0].uri, "gate/one.json");
  ASSERT_EQ(listed.logs.size(), 1u);
  EXPECT_EQ(listed.logs[0].uri, "mem://log_data/a.json");
}

TEST(RunListing, TakeRethrowsTheListingsError) {
  GateSource songs;
  songs.fail = true;
  fakes::MemorySource logs{"mem://log_data", {}};
  EtlOptions options;
  RunListing listing(songs, logs, options);
  songs.open();
  try {
    listing.take();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::source);
    EXPECT_NE(std::string(e.what()).find("gate listing failed"), std::string::npos) << e.what();
  }
}

TEST(RunListing, DestroyedUntakenItAsksTheListingToStop) {
  GateSource songs;
  songs.until_stopped = true;
  fakes::MemorySource logs{"mem://log_data", {}};
  EtlOptions options;
  const auto started = std::chrono::steady_clock::now();
  { RunListing listing(songs, logs, options); }
  EXPECT_TRUE(songs.saw_stop());
  EXPECT_FALSE(songs.timed_out());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

}  // namespace
}  // namespace sparkify::pipeline
