#include "harness/stderr_watch.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "harness/process.h"

namespace sparkify::testing {
namespace {

using Clock = std::chrono::steady_clock;

// The pair of descriptors stderr is read from (parent) and written to (child).
struct Channel {
  int read_end = -1;
  int write_end = -1;
};

Channel open_channel(StderrKind kind) {
  Channel channel;
  if (kind == StderrKind::terminal) {
    termios settings{};
    cfmakeraw(&settings);  // no \n -> \r\n, no echo: the bytes as written
    winsize size{};
    size.ws_col = 200;
    size.ws_row = 50;
    if (openpty(&channel.read_end, &channel.write_end, nullptr, &settings, &size) != 0) {
      throw std::runtime_error("run_watching_stderr: openpty failed: " + std::string(std::strerror(errno)));
    }
  } else {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("run_watching_stderr: pipe failed");
    channel = {fds[0], fds[1]};
  }
  return channel;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

WatchedRun run_watching_stderr(const std::vector<std::string>& argv_in, const WatchOptions& options) {
  std::vector<std::string> argv = argv_in;
  auto argv_pointers = exec_pointers(argv);
  auto env = child_environment(options.env);
  auto env_pointers = exec_pointers(env);
  auto out_pattern = (std::filesystem::temp_directory_path() / "sparkify-watch-XXXXXX").string();
  const int out_fd = mkstemp(out_pattern.data());
  if (out_fd < 0) throw std::runtime_error("run_watching_stderr: cannot create a temporary file");
  const Channel channel = open_channel(options.kind);
  const bool terminal = options.kind == StderrKind::terminal;

  const auto started = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("run_watching_stderr: fork failed");
  if (pid == 0) {
    if (terminal) {
      setsid();
      ioctl(channel.write_end, TIOCSCTTY, 0);
    }
    const int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, 0);
    dup2(options.stdout_on_terminal && terminal ? channel.write_end : out_fd, 1);
    dup2(channel.write_end, 2);
    close(channel.read_end);
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(126);
    execve(argv_pointers[0], argv_pointers.data(), env_pointers.data());
    _exit(127);
  }
  close(channel.write_end);
  close(out_fd);

  WatchedRun run;
  const auto deadline = started + options.timeout;
  char buffer[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      kill(pid, SIGKILL);
      run.timed_out = true;
      break;
    }
    pollfd watch{channel.read_end, POLLIN, 0};
    const int ready = poll(&watch, 1, static_cast<int>(std::min<long long>(left, 200)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t n = read(channel.read_end, buffer, sizeof buffer);
    if (n <= 0) break;  // EOF (pipe) or EIO (terminal: every writer closed)
    const auto at = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    run.chunks.push_back({at, std::string(buffer, static_cast<std::size_t>(n))});
    run.err.append(buffer, static_cast<std::size_t>(n));
  }
  close(channel.read_end);
  int status = 0;
  waitpid(pid, &status, 0);
  run.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = read_file(out_pattern);
  std::filesystem::remove(out_pattern);
  return run;
}

}  // namespace sparkify::testing
