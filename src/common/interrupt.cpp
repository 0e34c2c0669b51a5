#include "common/interrupt.h"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <system_error>

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

// Waits up to `timeout` (forever when negative) for a signal on `signal_fd`
// (stored in `signal`) or a wake-up on `stop_fd`, and says which came first.
enum class Woken { signal, stop, timeout };
Woken wait_for(int signal_fd, int stop_fd, std::chrono::milliseconds timeout, int& signal) {
  pollfd fds[2] = {{signal_fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
  for (;;) {
    const int ready = ::poll(fds, 2, static_cast<int>(timeout.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return Woken::timeout;
    if (fds[1].revents != 0) return Woken::stop;
    signalfd_siginfo info{};
    if (::read(signal_fd, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) continue;
    signal = static_cast<int>(info.ssi_signo);
    return Woken::signal;
  }
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
  signal_fd_ = ::signalfd(-1, &set, SFD_CLOEXEC);
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
  if (signal_fd_ < 0 || stop_fd_ < 0) throw std::system_error(errno, std::generic_category(), "interrupt watcher");
  thread_ = std::thread([this] { watch(); });
}

InterruptWatcher::~InterruptWatcher() {
  const std::uint64_t one = 1;
  [[maybe_unused]] auto written = ::write(stop_fd_, &one, sizeof one);
  thread_.join();
  ::close(signal_fd_);
  ::close(stop_fd_);
}

void InterruptWatcher::watch() {
  int signal = 0;
  if (wait_for(signal_fd_, stop_fd_, std::chrono::milliseconds(-1), signal) != Woken::signal) return;
  g_signal = signal;
  // Interrupted: give checking code the grace period to unwind (ended by a
  // second signal), then end the process.
  int second = 0;
  if (wait_for(signal_fd_, stop_fd_, grace_, second) == Woken::stop) return;
  exit_now(g_signal);
}

}  // namespace sparkify
