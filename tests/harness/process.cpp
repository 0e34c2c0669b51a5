#include "harness/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace sparkify::testing {
namespace {

// A temporary file removed on destruction; holds one of the child's streams.
class TempFile {
 public:
  explicit TempFile(const std::string& contents = "") {
    auto pattern = (std::filesystem::temp_directory_path() / "sparkify-run-XXXXXX").string();
    fd_ = mkstemp(pattern.data());
    if (fd_ < 0)
      throw std::runtime_error("run_command: cannot create a temporary file: " + std::string(std::strerror(errno)));
    path_ = pattern;
    if (!contents.empty() && write(fd_, contents.data(), contents.size()) != static_cast<ssize_t>(contents.size())) {
      throw std::runtime_error("run_command: cannot write stdin to " + path_.string());
    }
    lseek(fd_, 0, SEEK_SET);
  }
  ~TempFile() {
    close(fd_);
    std::filesystem::remove(path_);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  int fd() const { return fd_; }
  std::string read_all() const {
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  int fd_ = -1;
  std::filesystem::path path_;
};

}  // namespace

std::vector<std::string> child_environment(const std::vector<std::pair<std::string, std::string>>& changes) {
  std::map<std::string, std::string> vars;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text(*entry);
    auto eq = text.find('=');
    if (eq != std::string::npos) vars[text.substr(0, eq)] = text.substr(eq + 1);
  }
  for (const auto& [name, value] : changes) {
    if (value.empty()) {
      vars.erase(name);
    } else {
      vars[name] = value;
    }
  }
  std::vector<std::string> result;
  for (const auto& [name, value] : vars) result.push_back(name + "=" + value);
  return result;
}

std::vector<char*> exec_pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

CommandResult run_command(const std::vector<std::string>& argv, const CommandOptions& options) {
  if (argv.empty()) throw std::runtime_error("run_command: empty argv");
  TempFile input(options.input), out, err;
  auto env_strings = child_environment(options.env);
  const auto env_pointers = exec_pointers(env_strings);
  std::vector<std::string> args = argv;
  const auto arg_pointers = exec_pointers(args);
  const std::string cwd = options.cwd.string();

  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("run_command: fork failed: " + std::string(std::strerror(errno)));
  if (pid == 0) {  // child: only async-signal-safe calls until exec
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    dup2(input.fd(), STDIN_FILENO);
    dup2(out.fd(), STDOUT_FILENO);
    dup2(err.fd(), STDERR_FILENO);
    execvpe(arg_pointers[0], arg_pointers.data(), env_pointers.data());
    _exit(127);
  }

  CommandResult result;
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = out.read_all();
  result.err = err.read_all();
  if (result.exit_code == 127 && result.out.empty() && result.err.empty()) {
    throw std::runtime_error("run_command: cannot execute " + argv[0]);
  }
  return result;
}

}  // namespace sparkify::testing
