// run_watching_stderr: runs a program and records what it writes to stderr
// as it arrives (each chunk with the time since start), with stderr either a
// pseudo-terminal (openpty; output post-processing off, so the bytes are
// exactly what the program wrote) or a pipe. stdout goes to a file, unless
// `stdout_on_terminal` puts it on the same pseudo-terminal (then `err` holds
// both). stdin is /dev/null. The environment is the test's with `env`
// applied (an empty value unsets). A child still running after `timeout` is
// killed by PID (SIGKILL) and `timed_out` is set. Throws std::runtime_error
// when the program cannot be started.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace sparkify::testing {

enum class StderrKind { terminal, pipe };

struct WatchOptions {
  StderrKind kind = StderrKind::terminal;
  bool stdout_on_terminal = false;
  std::vector<std::pair<std::string, std::string>> env;
  std::filesystem::path cwd;
  std::chrono::milliseconds timeout = std::chrono::minutes(5);
};

struct StderrChunk {
  std::chrono::milliseconds at;  // since the child was started
  std::string bytes;
};

struct WatchedRun {
  int exit_code = -1;  // or 128 + signal
  bool timed_out = false;
  std::string out;                  // stdout (empty with stdout_on_terminal)
  std::string err;                  // every chunk, concatenated
  std::vector<StderrChunk> chunks;  // as read
  std::chrono::milliseconds took{0};
};

WatchedRun run_watching_stderr(const std::vector<std::string>& argv, const WatchOptions& options);

}  // namespace sparkify::testing
