// CredentialCache: temporary credentials are fetched again ahead of their
// Expiration, long-term keys once; concurrent signers share one refresh.
#include "aws/credential_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "common/error.h"

namespace sparkify::aws {
namespace {

using namespace std::chrono_literals;

// Hands out "AKID1", "AKID2", ... each valid for `lifetime` from the fake clock's now.
class CountingProvider : public CredentialProvider {
 public:
  CountingProvider(const WallClock::time_point* now, std::optional<std::chrono::seconds> lifetime,
                   std::atomic<int>* fetches)
      : now_(now), lifetime_(lifetime), fetches_(fetches) {}
  std::optional<TimedCredentials> fetch() override {
    const int n = ++*fetches_;
    if (fail_after_ && n > *fail_after_) throw Error(ErrorKind::aws, "provider down");
    TimedCredentials answer{{"AKID" + std::to_string(n), "secret", "token"}, {}};
    if (lifetime_) answer.expiration = *now_ + *lifetime_;
    return answer;
  }
  std::string name() const override { return "counting"; }
  std::optional<int> fail_after_;

 private:
  const WallClock::time_point* now_;
  std::optional<std::chrono::seconds> lifetime_;
  std::atomic<int>* fetches_;
};

struct Fixture {
  WallClock::time_point now = WallClock::time_point(std::chrono::hours(500000));
  std::atomic<int> fetches{0};
  CountingProvider* provider = nullptr;
  std::unique_ptr<CredentialCache> cache(std::optional<std::chrono::seconds> lifetime) {
    auto owned = std::make_unique<CountingProvider>(&now, lifetime, &fetches);
    provider = owned.get();
    return std::make_unique<CredentialCache>(std::move(owned), 5min, [this] { return now; });
  }
};

TEST(CredentialCache, TemporaryCredentialsAreFetchedAgainFiveMinutesBeforeExpiration) {
  Fixture f;
  auto cache = f.cache(std::chrono::seconds(3600));
  EXPECT_EQ(cache->current().access_key_id, "AKID1");
  f.now += 54min;
  EXPECT_EQ(cache->current().access_key_id, "AKID1");
  f.now += 2min;  // 4 minutes left: inside the refresh window
  EXPECT_EQ(cache->current().access_key_id, "AKID2");
  EXPECT_EQ(f.fetches.load(), 2);
}

TEST(CredentialCache, LongTermKeysAreFetchedOnce) {
  Fixture f;
  auto cache = f.cache(std::nullopt);
  for (int i = 0; i < 5; ++i) {
    f.now += 24h;
    EXPECT_EQ(cache->current().access_key_id, "AKID1");
  }
  EXPECT_EQ(f.fetches.load(), 1);
}

TEST(CredentialCache, FailedRefreshKeepsCredentialsThatHaveNotExpiredYet) {
  Fixture f;
  auto cache = f.cache(std::chrono::seconds(600));
  f.provider->fail_after_ = 1;
  EXPECT_EQ(cache->current().access_key_id, "AKID1");
  f.now += 8min;  // in the window, not expired
  EXPECT_EQ(cache->current().access_key_id, "AKID1");
  f.now += 3min;  // expired
  EXPECT_THROW((void)cache->current(), Error);
}

TEST(CredentialCache, ConcurrentSignersShareOneFetch) {
  Fixture f;
  auto cache = f.cache(std::chrono::seconds(3600));
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j) EXPECT_EQ(cache->current().access_key_id, "AKID1");
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(f.fetches.load(), 1);
}

TEST(ParseExpiration, ReadsUtcFractionsAndOffsets) {
  const auto base = parse_expiration("2026-11-29T17:00:00Z", "t");
  EXPECT_EQ(WallClock::to_time_t(base), 1795971600);
  EXPECT_EQ(parse_expiration("2026-11-29T17:00:00.123Z", "t"), base);
  EXPECT_EQ(parse_expiration("2026-11-29T18:00:00+01:00", "t"), base);
  EXPECT_THROW((void)parse_expiration("tomorrow", "t"), Error);
}

}  // namespace
}  // namespace sparkify::aws
