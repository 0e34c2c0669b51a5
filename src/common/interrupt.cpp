#include "common/interrupt.h"

#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <mutex>

namespace sparkify {
namespace {

std::atomic<int> g_signal{0};
std::mutex g_note_mutex;
std::string g_note;  // guarded by g_note_mutex

sigset_t interrupt_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

[[noreturn]] void exit_now(int signal) {
  const std::string line = interrupt_message() + '\n';
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, line.data(), line.size());
  ::_exit(128 + signal);
}

// Waits up to `timeout` for one of the signals; 0 when none came.
int wait_for_signal(const sigset_t& set, std::chrono::milliseconds timeout) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  const timespec wait{static_cast<time_t>(seconds.count()),
                      static_cast<long>(std::chrono::nanoseconds(timeout - seconds).count())};
  const int signal = ::sigtimedwait(&set, nullptr, &wait);
  return signal > 0 ? signal : 0;
}

}  // namespace

bool interrupted() { return g_signal.load() != 0; }

int interrupt_signal() { return g_signal.load(); }

void set_interrupt_note(std::string note) {
  std::lock_guard lock(g_note_mutex);
  g_note = std::move(note);
}

std::string interrupt_message() {
  std::lock_guard lock(g_note_mutex);
  return g_note.empty() ? "interrupted" : "interrupted: " + g_note;
}

InterruptWatcher::InterruptWatcher(std::chrono::milliseconds grace) : grace_(grace) {
  const sigset_t set = interrupt_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);  // inherited by every thread started from now on
  thread_ = std::thread([this] { watch(); });
}

InterruptWatcher::~InterruptWatcher() {
  stopping_ = true;
  thread_.join();
}

void InterruptWatcher::watch() {
  const sigset_t set = interrupt_signals();
  constexpr std::chrono::milliseconds kPoll(100);
  while (!stopping_) {
    if (const int signal = wait_for_signal(set, kPoll)) {
      g_signal = signal;
      break;
    }
  }
  // Interrupted: give checking code the grace period to unwind, then end the process.
  for (auto waited = std::chrono::milliseconds(0); !stopping_ && waited < grace_; waited += kPoll) {
    if (wait_for_signal(set, kPoll)) break;  // a second signal: stop now
  }
  if (!stopping_) exit_now(g_signal);
}

}  // namespace sparkify
