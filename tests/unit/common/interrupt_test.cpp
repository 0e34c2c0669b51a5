// InterruptWatcher: a signal sets the flag; the process ends after the grace
// period unless the watcher is destroyed first; destroying a watcher that saw
// nothing returns at once (a command's exit never waits on it).
#include "common/interrupt.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <thread>

namespace sparkify {
namespace {

using namespace std::chrono_literals;

// Restores the calling thread's signal mask, which a watcher changes.
class SignalMaskGuard {
 public:
  SignalMaskGuard() { pthread_sigmask(SIG_SETMASK, nullptr, &saved_); }
  ~SignalMaskGuard() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }

 private:
  sigset_t saved_{};
};

bool pending(int signal) {
  sigset_t set;
  sigpending(&set);
  return sigismember(&set, signal) == 1;
}

TEST(InterruptWatcher, DestroyingAWatcherThatSawNothingReturnsAtOnce) {
  SignalMaskGuard mask;
  // Ten watchers, each destroyed 5 ms after it starts, once it waits; only
  // the destructions are timed. A watcher that polled for signals every
  // 100 ms would take about 1 s in all here.
  std::chrono::steady_clock::duration destroying{};
  for (int i = 0; i < 10; ++i) {
    auto watcher = std::make_unique<InterruptWatcher>();
    std::this_thread::sleep_for(5ms);
    const auto start = std::chrono::steady_clock::now();
    watcher.reset();
    destroying += std::chrono::steady_clock::now() - start;
  }
  EXPECT_LT(destroying, 500ms);
}

TEST(InterruptWatcher, ASignalSetsTheFlagAndTheProcessLivesWhileItUnwindsInTheGracePeriod) {
  SignalMaskGuard mask;
  {
    InterruptWatcher watcher(60s);
    set_interrupt_note("nothing committed");
    ASSERT_EQ(kill(getpid(), SIGTERM), 0);
    // Until the watcher has taken the signal: one left pending would end the
    // process once the mask is restored.
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while ((!interrupted() || pending(SIGTERM)) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(1ms);
    }
    ASSERT_FALSE(pending(SIGTERM));
    ASSERT_TRUE(interrupted());
    EXPECT_EQ(interrupt_signal(), SIGTERM);
    EXPECT_EQ(interrupt_message(), "interrupted: nothing committed");
  }  // the command unwound in time: the watcher goes and the process lives on
}

TEST(InterruptWatcherDeathTest, CodeThatDoesNotUnwindIsEndedAfterTheGracePeriod) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        InterruptWatcher watcher(50ms);
        kill(getpid(), SIGINT);
        std::this_thread::sleep_for(30s);  // code that never checks the flag
      },
      ::testing::ExitedWithCode(128 + SIGINT), "^interrupted\n$");
}

TEST(InterruptWatcherDeathTest, ASecondSignalEndsTheProcessBeforeTheGracePeriod) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        InterruptWatcher watcher(60s);
        kill(getpid(), SIGTERM);
        while (!interrupted()) std::this_thread::sleep_for(1ms);
        kill(getpid(), SIGTERM);
        std::this_thread::sleep_for(30s);
      },
      ::testing::ExitedWithCode(128 + SIGTERM), "^interrupted\n$");
}

}  // namespace
}  // namespace sparkify
