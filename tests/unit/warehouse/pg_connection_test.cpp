// PostgreSQL connections: defaults for connect_timeout and TCP keepalives
// only where the user set nothing; a frozen server fails the connection
// within the timeout, saying what it waits for; no password piece in any
// message. The frozen server is a 127.0.0.1 socket that accepts and never
// answers.
#include "warehouse/pg_connection.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <stop_token>
#include <thread>

#include "common/error.h"

namespace sparkify::warehouse {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::map<std::string, std::string> defaults_of(const std::string& conninfo) {
  std::map<std::string, std::string> out;
  for (const auto& [keyword, value] : connection_defaults(conninfo)) out[keyword] = value;
  return out;
}

class EnvironmentVariable {
 public:
  EnvironmentVariable(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~EnvironmentVariable() { ::unsetenv(name_); }

 private:
  const char* name_;
};

TEST(PgConnectionDefaults, TimeoutAndKeepalivesWhenTheUserSetsNone) {
  ::unsetenv("PGCONNECT_TIMEOUT");
  const std::map<std::string, std::string> expected = {{"connect_timeout", "10"},
                                                       {"keepalives", "1"},
                                                       {"keepalives_idle", "30"},
                                                       {"keepalives_interval", "10"},
                                                       {"keepalives_count", "3"}};
  EXPECT_EQ(defaults_of("postgresql://me@127.0.0.1/db"), expected);
  EXPECT_EQ(defaults_of("host=127.0.0.1 dbname=db"), expected);
}

TEST(PgConnectionDefaults, TheTargetsOwnSettingsWin) {
  ::unsetenv("PGCONNECT_TIMEOUT");
  const auto defaults = defaults_of("postgresql://me@127.0.0.1/db?connect_timeout=3&keepalives_idle=5");
  EXPECT_FALSE(defaults.contains("connect_timeout"));
  EXPECT_FALSE(defaults.contains("keepalives_idle"));
  EXPECT_EQ(defaults.at("keepalives_count"), "3");
  EXPECT_FALSE(defaults_of("host=h keepalives=0").contains("keepalives"));
}

TEST(PgConnectionDefaults, PgConnectTimeoutFromTheEnvironmentWins) {
  EnvironmentVariable timeout("PGCONNECT_TIMEOUT", "4");
  EXPECT_FALSE(defaults_of("postgresql://me@127.0.0.1/db").contains("connect_timeout"));
}

// A listening socket on 127.0.0.1 whose connections are never answered.
// After kGiveUp it closes the socket (resetting the queued connections), so
// a client without a timeout fails the test instead of hanging it.
class SilentServer {
 public:
  static constexpr auto kGiveUp = std::chrono::seconds(20);

  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd_, 8) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
    }
    port_ = ntohs(address.sin_port);
    watchdog_ = std::jthread([this](std::stop_token stop) {
      std::mutex mutex;
      std::unique_lock lock(mutex);
      std::condition_variable_any().wait_for(lock, stop, kGiveUp, [] { return false; });
      ::shutdown(fd_, SHUT_RDWR);
    });
  }
  ~SilentServer() {
    watchdog_.request_stop();
    watchdog_.join();
    ::close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::jthread watchdog_;
};

std::string connect_error(const std::string& target) {
  try {
    connect_postgres(target);
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << "connected to " << target;
  return "";
}

TEST(PgConnectTimeout, FrozenServerFailsWithinTheTargetsTimeout) {
  SilentServer server;
  ::unsetenv("PGCONNECT_TIMEOUT");
  const auto started = std::chrono::steady_clock::now();
  ::testing::internal::CaptureStderr();
  const auto message = connect_error(
      fmt::format("postgresql://me:Secr3t@127.0.0.1:{}/db?connect_timeout=2&sslmode=disable", server.port()));
  const auto waited = ::testing::internal::GetCapturedStderr();
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_GE(seconds, 1.5);
  EXPECT_LT(seconds, 6);
  EXPECT_THAT(message, HasSubstr("timeout expired"));
  EXPECT_THAT(waited, HasSubstr(fmt::format("waiting for the server at postgresql://me@127.0.0.1:{}/db to accept "
                                            "the connection",
                                            server.port())));
  EXPECT_THAT(message + waited, Not(HasSubstr("Secr3t")));
}

TEST(PgConnectTimeout, FrozenServerFailsAfterTheDefaultTimeout) {
  SilentServer server;
  ::unsetenv("PGCONNECT_TIMEOUT");
  const auto started = std::chrono::steady_clock::now();
  ::testing::internal::CaptureStderr();
  const auto message = connect_error(fmt::format("postgresql://me@127.0.0.1:{}/db?sslmode=disable", server.port()));
  const auto waited = ::testing::internal::GetCapturedStderr();
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_GE(seconds, 9);
  EXPECT_LT(seconds, 15);
  EXPECT_THAT(message, HasSubstr("timeout expired"));
  EXPECT_THAT(waited, HasSubstr("gives up after 10 s"));
}

TEST(PgConnectMessages, PasswordWithAnUnencodedAtNeverAppears) {
  const auto message = connect_error("postgresql://etl2@Secr3t:Pw@127.0.0.1/sparkify");
  EXPECT_THAT(message, Not(HasSubstr("Secr3t")));
  EXPECT_THAT(message, Not(HasSubstr("Pw")));
  EXPECT_THAT(message, HasSubstr("postgresql://etl2:***@127.0.0.1"));
}

}  // namespace
}  // namespace sparkify::warehouse
