// PostgresServer: a throw-away PostgreSQL 15 server for integration tests.
//
// The constructor creates a temporary directory, runs initdb (trust auth, UTF8,
// C locale) and pg_ctl start on 127.0.0.1 and a free port (sockets in the temp
// dir, fsync off), and creates the database "sparkify". When the tests run as
// root, the server runs as the `postgres` user (through runuser). The
// destructor stops the server by the PID in DATA/postmaster.pid (SIGINT fast
// shutdown, SIGKILL if it has not exited after 30 s) and removes the directory.
// Construction throws std::runtime_error with the server log's tail on failure.
// With a password, the server requires it (scram-sha-256) for every login of
// the `postgres` user; without one, it trusts every local connection.
//
// Start one per test suite (SetUpTestSuite or a gtest Environment): initdb
// takes a couple of seconds.
#pragma once

#include <filesystem>
#include <string>

namespace sparkify::testing {

class PostgresServer {
 public:
  static constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";

  explicit PostgresServer(std::string password = "");
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  int port() const { return port_; }
  // postgresql://postgres@127.0.0.1:PORT/sparkify
  std::string uri() const { return uri_for("sparkify"); }
  std::string uri_for(const std::string& database) const;

  // Creates an empty database (for a test that needs a clean one); returns its URI.
  std::string create_database(const std::string& name) const;

  const std::filesystem::path& log_path() const { return log_; }

 private:
  void start();
  void stop();

  std::filesystem::path dir_;
  std::filesystem::path data_;
  std::filesystem::path log_;
  std::string password_;
  int port_ = 0;
};

}  // namespace sparkify::testing
