#include "aws/credential_process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/error.h"

extern char** environ;

namespace sparkify::aws {
namespace {

// Both ends of a pipe, closed on scope exit.
struct Pipe {
  std::array<int, 2> fd{-1, -1};
  Pipe() {
    if (::pipe2(fd.data(), O_CLOEXEC) != 0)
      throw_error(ErrorKind::aws, "cannot create a pipe: {}", std::strerror(errno));
  }
  ~Pipe() {
    for (int f : fd)
      if (f >= 0) ::close(f);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_end(int which) {
    if (fd[which] >= 0) ::close(fd[which]);
    fd[which] = -1;
  }
};

struct ProcessOutput {
  int status = 0;  // exit status, or 128 + signal
  std::string out, err;
};

// Reads both pipes until both close, so neither fills and blocks the child.
void drain(Pipe& out, Pipe& err, ProcessOutput& result) {
  std::array<pollfd, 2> fds{pollfd{out.fd[0], POLLIN, 0}, pollfd{err.fd[0], POLLIN, 0}};
  std::array<std::string*, 2> sinks{&result.out, &result.err};
  int open = 2;
  char buffer[4096];
  while (open > 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const auto got = ::read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        fds[i].fd = -1;
        --open;
      }
    }
  }
}

ProcessOutput run_shell(const std::string& command, const std::string& profile) {
  Pipe out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], STDERR_FILENO);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    throw_error(ErrorKind::aws, "profile \"{}\": cannot start its credential_process ({})", profile,
                std::strerror(spawned));
  }
  out.close_end(1);
  err.close_end(1);
  ProcessOutput result;
  drain(out, err, result);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string first_line(const std::string& text) {
  auto line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

std::string string_field(const nlohmann::json& doc, const char* key, const std::string& where, bool required) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) {
    if (required) throw_error(ErrorKind::aws, "{}: the JSON has no {}", where, key);
    return "";
  }
  if (!it->is_string()) throw_error(ErrorKind::aws, "{}: {} must be a string", where, key);
  return it->get<std::string>();
}

}  // namespace

TimedCredentials parse_process_credentials(const std::string& output, const std::string& where) {
  auto doc = nlohmann::json::parse(output, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    throw_error(ErrorKind::aws, "{}: the output is not a JSON object (expected Version, AccessKeyId, SecretAccessKey)",
                where);
  }
  auto version = doc.find("Version");
  if (version == doc.end() || !version->is_number_integer() || version->get<int>() != 1) {
    throw_error(ErrorKind::aws, "{}: Version must be 1, the only version AWS defines", where);
  }
  TimedCredentials answer;
  answer.credentials.access_key_id = string_field(doc, "AccessKeyId", where, true);
  answer.credentials.secret_access_key = string_field(doc, "SecretAccessKey", where, true);
  answer.credentials.session_token = string_field(doc, "SessionToken", where, false);
  const std::string expiration = string_field(doc, "Expiration", where, false);
  if (!expiration.empty()) answer.expiration = parse_expiration(expiration, where);
  return answer;
}

TimedCredentials run_credential_process(const std::string& command, const std::string& profile) {
  const auto result = run_shell(command, profile);
  const std::string where = "profile \"" + profile + "\" credential_process";
  if (result.status != 0) {
    const std::string line = first_line(result.err);
    throw_error(ErrorKind::aws, "{} exited with status {}{}: run the command in a shell to see why", where,
                result.status, line.empty() ? "" : " (" + line + ")");
  }
  return parse_process_credentials(result.out, where);
}

}  // namespace sparkify::aws
