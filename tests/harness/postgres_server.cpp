#include "harness/postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace sparkify::testing {

namespace {

namespace fs = std::filesystem;

bool running_as_root() { return geteuid() == 0; }

// A port that was free a moment ago on 127.0.0.1 (the kernel's choice).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  if (!ok) throw std::runtime_error("cannot find a free port on 127.0.0.1");
  return ntohs(address.sin_port);
}

std::string tail_of(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

// Runs argv (as the postgres user when we are root), output appended to
// `output`, with PGPASSWORD set when `password` is not empty; throws with the
// output's tail unless it exits with 0.
void run_as_postgres(std::vector<std::string> argv, const fs::path& output, const std::string& password = "") {
  if (running_as_root()) argv.insert(argv.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
  std::vector<char*> args;
  for (auto& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  const pid_t child = fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    const int fd = open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    if (!password.empty()) setenv("PGPASSWORD", password.c_str(), 1);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(
        fmt::format("{} failed (status {}):\n{}", argv[running_as_root() ? 4 : 0], status, tail_of(output)));
  }
}

void give_to_postgres(const fs::path& path) {
  if (!running_as_root()) return;
  const passwd* user = getpwnam("postgres");
  if (user == nullptr) throw std::runtime_error("running as root but there is no `postgres` user");
  if (chown(path.c_str(), user->pw_uid, user->pw_gid) != 0) {
    throw std::runtime_error("cannot chown " + path.string() + " to postgres");
  }
}

bool process_exists(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace

PostgresServer::PostgresServer(std::string password) : password_(std::move(password)) {
  std::string pattern = (fs::temp_directory_path() / "sparkify-pg-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  data_ = dir_ / "data";
  log_ = dir_ / "server.log";
  try {
    give_to_postgres(dir_);
    start();
  } catch (...) {
    stop();
    throw;
  }
}

PostgresServer::~PostgresServer() { stop(); }

void PostgresServer::start() {
  const fs::path bin = kBinDir;
  const fs::path setup_log = dir_ / "setup.log";
  std::vector<std::string> initdb = {
      (bin / "initdb").string(), "-D", data_.string(), "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"};
  if (password_.empty()) {
    initdb.push_back("--auth=trust");
  } else {
    const fs::path password_file = dir_ / "password";
    std::ofstream(password_file) << password_ << "\n";
    give_to_postgres(password_file);
    initdb.insert(initdb.end(), {"--auth=scram-sha-256", "--pwfile=" + password_file.string()});
  }
  run_as_postgres(initdb, setup_log);
  // A port can be taken between free_port() and the server's bind: retry.
  for (int attempt = 0;; ++attempt) {
    port_ = free_port();
    const std::string options = fmt::format(
        "-k {} -c listen_addresses=127.0.0.1 -p {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
        dir_.string(), port_);
    try {
      run_as_postgres({(bin / "pg_ctl").string(), "-D", data_.string(), "-o", options, "-l", log_.string(), "start",
                       "-w", "-t", "60"},
                      setup_log);
      break;
    } catch (const std::runtime_error& error) {
      if (attempt == 2) throw std::runtime_error(std::string(error.what()) + "\nserver log:\n" + tail_of(log_));
    }
  }
  create_database("sparkify");
}

std::string PostgresServer::uri_for(const std::string& database) const {
  return fmt::format("postgresql://postgres@127.0.0.1:{}/{}", port_, database);
}

std::string PostgresServer::create_database(const std::string& name) const {
  run_as_postgres({(fs::path(kBinDir) / "createdb").string(), "-h", "127.0.0.1", "-p", std::to_string(port_), "-U",
                   "postgres", name},
                  dir_ / "setup.log", password_);
  return uri_for(name);
}

void PostgresServer::stop() {
  std::ifstream pid_file(data_ / "postmaster.pid");
  long pid = 0;
  if (pid_file >> pid && pid > 0) {
    const auto postmaster = static_cast<pid_t>(pid);
    kill(postmaster, SIGINT);  // fast shutdown
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    // The pid file goes away when the postmaster has shut down (the process may
    // linger as a zombie if nothing reaps it).
    const fs::path pid_path = data_ / "postmaster.pid";
    while (process_exists(postmaster) && fs::exists(pid_path) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (process_exists(postmaster) && fs::exists(pid_path)) kill(postmaster, SIGKILL);
  }
  std::error_code ignored;
  if (!dir_.empty()) fs::remove_all(dir_, ignored);
}

}  // namespace sparkify::testing
