#include "common/work_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <stdexcept>

#include "common/first_error.h"

namespace sparkify {
namespace {

using namespace std::chrono_literals;

// A blocked call must still be blocked after kStillBlocked, and must return
// within kWoken once woken.
constexpr auto kStillBlocked = 50ms;
constexpr auto kWoken = 5s;

// The result of a call that must have been woken. One still blocked after
// kWoken cannot be joined (the future's destructor would wait forever), so
// the test binary fails at once, saying which call stayed blocked.
template <typename T>
T woken(std::future<T>& call, const char* what) {
  if (call.wait_for(kWoken) != std::future_status::ready) {
    std::fprintf(stderr, "FAILED: %s still blocked after 5 s: a wake-up is missing\n", what);
    std::_Exit(1);
  }
  return call.get();
}

TEST(WorkQueue, PopsItemsInOrderThenNulloptAfterClose) {
  WorkQueue<int> queue(4);
  ASSERT_TRUE(queue.push(1));
  ASSERT_TRUE(queue.push(2));
  queue.close();
  EXPECT_EQ(queue.pop(), 1);
  EXPECT_EQ(queue.pop(), 2);
  EXPECT_EQ(queue.pop(), std::nullopt);
}

TEST(WorkQueue, PushAfterCloseIsRefused) {
  WorkQueue<int> queue(4);
  queue.close();
  EXPECT_FALSE(queue.push(3));
  EXPECT_EQ(queue.pop(), std::nullopt);
}

TEST(WorkQueue, CancelDropsQueuedItems) {
  WorkQueue<int> queue(4);
  ASSERT_TRUE(queue.push(1));
  queue.cancel();
  EXPECT_TRUE(queue.cancelled());
  EXPECT_EQ(queue.pop(), std::nullopt);
  EXPECT_FALSE(queue.push(2));
}

TEST(WorkQueue, FullQueueBlocksProducerUntilConsumed) {
  WorkQueue<int> queue(1);
  ASSERT_TRUE(queue.push(1));
  auto producer = std::async(std::launch::async, [&] { return queue.push(2); });
  EXPECT_EQ(producer.wait_for(kStillBlocked), std::future_status::timeout);
  EXPECT_EQ(queue.pop(), 1);
  EXPECT_TRUE(woken(producer, "push() after a pop()"));
  EXPECT_EQ(queue.pop(), 2);
}

TEST(WorkQueue, CloseWakesABlockedConsumer) {
  WorkQueue<int> queue(1);
  auto consumer = std::async(std::launch::async, [&] { return queue.pop(); });
  EXPECT_EQ(consumer.wait_for(kStillBlocked), std::future_status::timeout);
  queue.close();
  EXPECT_EQ(woken(consumer, "pop() after close()"), std::nullopt);
}

TEST(WorkQueue, CancelWakesEveryBlockedConsumer) {
  WorkQueue<int> queue(1);
  auto first = std::async(std::launch::async, [&] { return queue.pop(); });
  auto second = std::async(std::launch::async, [&] { return queue.pop(); });
  EXPECT_EQ(first.wait_for(kStillBlocked), std::future_status::timeout);
  queue.cancel();
  EXPECT_EQ(woken(first, "pop() after cancel()"), std::nullopt);
  EXPECT_EQ(woken(second, "a second pop() after cancel()"), std::nullopt);
}

TEST(WorkQueue, CancelWakesABlockedProducer) {
  WorkQueue<int> queue(1);
  ASSERT_TRUE(queue.push(1));
  auto producer = std::async(std::launch::async, [&] { return queue.push(2); });
  EXPECT_EQ(producer.wait_for(kStillBlocked), std::future_status::timeout);
  queue.cancel();
  EXPECT_FALSE(woken(producer, "push() after cancel()"));
}

TEST(WorkQueue, CloseWakesABlockedProducer) {
  WorkQueue<int> queue(1);
  ASSERT_TRUE(queue.push(1));
  auto producer = std::async(std::launch::async, [&] { return queue.push(2); });
  EXPECT_EQ(producer.wait_for(kStillBlocked), std::future_status::timeout);
  queue.close();
  EXPECT_FALSE(woken(producer, "push() after close()"));
  EXPECT_EQ(queue.pop(), 1);
}

TEST(FirstError, RethrowsTheFirstCapturedException) {
  FirstError first;
  first.rethrow_if_any();  // nothing captured: no throw
  try {
    throw std::runtime_error("first");
  } catch (...) {
    first.capture();
  }
  try {
    throw std::runtime_error("second");
  } catch (...) {
    first.capture();
  }
  try {
    first.rethrow_if_any();
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "first");
  }
}

}  // namespace
}  // namespace sparkify
