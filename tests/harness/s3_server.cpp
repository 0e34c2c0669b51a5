#include "harness/s3_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "aws/credential_chain.h"

namespace sparkify::testing {
namespace {

constexpr const char* kAccessKey = "S3RVER";
constexpr const char* kSecretKey = "S3RVER";

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("S3Server: cannot find a free port: " + std::string(std::strerror(errno)));
  }
  close(fd);
  return ntohs(address.sin_port);
}

bool port_answers(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

std::string tail_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

}  // namespace

S3Server::S3Server() {
  auto pattern = (std::filesystem::temp_directory_path() / "sparkify-s3rver-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("S3Server: cannot create a temporary directory");
  dir_ = pattern;
  std::filesystem::create_directories(dir_ / "data");
  log_ = dir_ / "s3rver.log";
  // A port can be taken between free_port() and the server's bind: retry.
  for (int attempt = 1;; ++attempt) {
    try {
      start();
      return;
    } catch (const std::runtime_error&) {
      stop_process();
      if (attempt == 3) {
        std::filesystem::remove_all(dir_);
        throw;
      }
    }
  }
}

S3Server::~S3Server() {
  stop_process();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void S3Server::start() {
  port_ = free_port();
  const std::string script = std::string(SPARKIFY_SOURCE_DIR) + "/third_party/node/node_modules/s3rver/bin/s3rver.js";
  std::vector<std::string> args = {
      "node", "--openssl-legacy-provider", script,    "-d", (dir_ / "data").string(), "-a", "127.0.0.1",
      "-p",   std::to_string(port_),       "--silent"};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string log = log_.string();

  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("S3Server: fork failed: " + std::string(std::strerror(errno)));
  if (pid_ == 0) {  // child: only async-signal-safe calls until exec
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    execvp(argv[0], argv.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!port_answers(port_)) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("S3Server: s3rver exited at start: " + tail_of(log_));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("S3Server: s3rver did not answer on port " + std::to_string(port_) + ": " +
                               tail_of(log_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void S3Server::stop_process() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
}

std::string S3Server::endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

config::AwsSettings S3Server::aws_settings() const {
  config::AwsSettings settings;
  settings.region = "us-east-1";
  settings.access_key_id = kAccessKey;
  settings.secret_access_key = kSecretKey;
  settings.endpoint_url = endpoint();
  return settings;
}

std::vector<std::pair<std::string, std::string>> S3Server::environment() const {
  return {{"AWS_ACCESS_KEY_ID", kAccessKey}, {"AWS_SECRET_ACCESS_KEY", kSecretKey},
          {"AWS_SESSION_TOKEN", ""},         {"AWS_PROFILE", ""},
          {"AWS_REGION", "us-east-1"},       {"AWS_ENDPOINT_URL_S3", endpoint()}};
}

void S3Server::create_bucket(const std::string& bucket) {
  const auto settings = aws_settings();
  aws::S3Client(settings, aws::credentials_from(settings)).create_bucket(bucket);
}

void S3Server::put_object(const std::string& bucket, const std::string& key, const std::string& body) {
  const auto settings = aws_settings();
  aws::S3Client(settings, aws::credentials_from(settings)).put_object(bucket, key, body);
}

std::size_t S3Server::upload_folder(const std::filesystem::path& folder, const std::string& bucket,
                                    const std::string& prefix) {
  const auto settings = aws_settings();
  aws::S3Client client(settings, aws::credentials_from(settings));
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    std::string key = std::filesystem::relative(entry.path(), folder).generic_string();
    if (!prefix.empty()) key = prefix + "/" + key;
    client.put_object(bucket, key, body.str());
    ++count;
  }
  return count;
}

}  // namespace sparkify::testing
