// Interruption by SIGINT or SIGTERM, seen by the whole program as a flag.
//
// InterruptWatcher (one, owned by the command line for the life of a command)
// blocks both signals in every thread and waits for them on its own thread.
// On the first signal it sets the flag that interrupted() reads; long loops
// check it and throw, so transactions roll back and temporary files are
// removed while the stack unwinds, and the command line then prints
// "interrupted: <note>" and exits 128 + signal (130 for SIGINT, 143 for
// SIGTERM). Code that does not check the flag is not waited for: after a
// grace period, or at a second signal, the watcher prints the same line and
// ends the process at once (_exit), which commits nothing either: an open
// database transaction is never committed by an exit. The watcher sleeps
// until a signal or its destruction, which wakes it: a command's exit never
// waits on it.
#pragma once

#include <chrono>
#include <string>
#include <thread>

namespace sparkify {

// True once SIGINT or SIGTERM has arrived. Safe from any thread.
bool interrupted();
// The signal that arrived (SIGINT, SIGTERM), or 0.
int interrupt_signal();
// What an interruption leaves behind, for the one line printed, e.g.
// "nothing committed to duckdb:sparkify.duckdb". Safe from any thread.
void set_interrupt_note(std::string note);
// "interrupted: <note>" (or "interrupted").
std::string interrupt_message();

class InterruptWatcher {
 public:
  explicit InterruptWatcher(std::chrono::milliseconds grace = std::chrono::seconds(2));
  ~InterruptWatcher();
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

 private:
  void watch();
  std::chrono::milliseconds grace_;
  int signal_fd_;  // signalfd of SIGINT and SIGTERM
  int stop_fd_;    // eventfd the destructor writes to wake the watcher
  std::thread thread_;
};

}  // namespace sparkify
