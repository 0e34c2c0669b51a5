// run_command: runs a program to completion and captures what it wrote, for
// integration tests that drive the sparkify binary.
//
// The child inherits the test's environment with `env` applied on top (an
// empty value unsets the variable), runs in `cwd` (when given) and reads
// `input` on stdin; argv[0] is looked up in PATH when it has no slash. stdout
// and stderr go to temporary files, read back after exit. A child still
// running after `timeout` is killed (SIGKILL, by PID) and the result has
// timed_out set. Throws std::runtime_error when the program
// cannot be started.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace sparkify::testing {

struct CommandResult {
  int exit_code = -1;  // the exit status, or 128 + signal number
  std::string out;
  std::string err;
  bool timed_out = false;
};

struct CommandOptions {
  std::vector<std::pair<std::string, std::string>> env;  // NAME=value set (value "" unsets)
  std::filesystem::path cwd;                             // empty: the test's working directory
  std::string input;                                     // stdin contents
  std::chrono::milliseconds timeout = std::chrono::minutes(5);
};

CommandResult run_command(const std::vector<std::string>& argv, const CommandOptions& options = {});

// The test's environment with `changes` applied (a "" value unsets), as
// NAME=value strings, for a child started by hand.
std::vector<std::string> child_environment(const std::vector<std::pair<std::string, std::string>>& changes);
// Pointers to `strings` and a final nullptr, as execve wants them (valid
// while `strings` lives and is not changed).
std::vector<char*> exec_pointers(std::vector<std::string>& strings);

}  // namespace sparkify::testing
