// BundleWriter: bundles are sent at max_items or max_bytes; when the budget
// has no room the bundle gathered so far is sent before the wait (so a lone
// producer never waits for its own bytes); a stopped budget or queue makes
// add() false.
#include "common/bundle_writer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>

namespace sparkify {
namespace {

using namespace std::chrono_literals;

// The result of a call that must end within 5 s. One still blocked cannot be
// joined (the future's destructor would wait forever), so the test binary
// fails at once, saying which call stayed blocked.
template <typename T>
T ended(std::future<T>& call, const char* what) {
  if (call.wait_for(5s) != std::future_status::ready) {
    std::fprintf(stderr, "FAILED: %s still blocked after 5 s\n", what);
    std::_Exit(1);
  }
  return call.get();
}

TEST(BundleWriter, SendsABundleAtMaxItemsOrMaxBytesAndTheRestOnFlush) {
  WorkQueue<Bundle<std::string>> queue(8);
  ByteBudget budget(1000);
  BundleWriter<std::string> writer(queue, budget, 3, 100);
  for (const char* item : {"a", "b", "c", "d"}) ASSERT_TRUE(writer.add(item, 1));
  ASSERT_TRUE(writer.add("big", 150));  // d and big: 151 bytes, sent at once
  ASSERT_TRUE(writer.add("e", 1));
  ASSERT_TRUE(writer.flush());
  queue.close();
  auto first = queue.pop(), second = queue.pop(), third = queue.pop();
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->items, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(first->bytes, 3u);
  EXPECT_EQ(second->items, (std::vector<std::string>{"d", "big"}));
  EXPECT_EQ(second->bytes, 151u);
  EXPECT_EQ(third->items, std::vector<std::string>{"e"});
  EXPECT_FALSE(queue.pop());
}

TEST(BundleWriter, SendsWhatItHoldsBeforeWaitingForRoom) {
  WorkQueue<Bundle<std::string>> queue(8);
  ByteBudget budget(10);
  BundleWriter<std::string> writer(queue, budget, 100, 100);
  ASSERT_TRUE(writer.add("six", 6));
  auto second = std::async(std::launch::async, [&] { return writer.add("six more", 6); });
  auto pop = std::async(std::launch::async, [&] { return queue.pop(); });
  auto sent = ended(pop, "pop (the first bundle must arrive while the second add waits)");
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->items, std::vector<std::string>{"six"});
  EXPECT_EQ(second.wait_for(50ms), std::future_status::timeout);
  budget.release(sent->bytes);
  EXPECT_TRUE(ended(second, "the second add"));
}

TEST(BundleWriter, AddIsFalseOnceTheBudgetOrTheQueueIsStopped) {
  WorkQueue<Bundle<std::string>> queue(8);
  ByteBudget budget(10);
  BundleWriter<std::string> writer(queue, budget, 1, 100);
  ASSERT_TRUE(writer.add("x", 10));
  budget.cancel();
  EXPECT_FALSE(writer.add("y", 1));
  WorkQueue<Bundle<std::string>> cancelled(8);
  ByteBudget room(10);
  BundleWriter<std::string> other(cancelled, room, 1, 100);
  cancelled.cancel();
  EXPECT_FALSE(other.add("z", 1));
}

}  // namespace
}  // namespace sparkify
