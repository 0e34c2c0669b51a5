// S3Server: a throw-away s3rver (npm, third_party/node/node_modules/s3rver)
// for integration tests, on 127.0.0.1 and a free port, storing into a fresh
// temporary directory.
//
// The constructor starts `node --openssl-legacy-provider .../s3rver.js` (the
// legacy provider keeps its listing continuation tokens working on Node 20)
// and waits until the port answers; it throws std::runtime_error with the
// server log's tail on failure. The destructor stops the process by its PID
// (SIGTERM, then SIGKILL after 5 s) and removes the directory.
//
// s3rver knows one key pair, S3RVER / S3RVER; it rejects other access key ids
// (InvalidAccessKeyId) but does not verify signatures, so signing correctness
// is covered by the SigV4 vectors, not here.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "aws/s3_client.h"
#include "config/settings.h"

namespace sparkify::testing {

class S3Server {
 public:
  S3Server();
  ~S3Server();
  S3Server(const S3Server&) = delete;
  S3Server& operator=(const S3Server&) = delete;

  int port() const { return port_; }
  std::string endpoint() const;  // "http://127.0.0.1:PORT"

  // Settings that point sparkify's S3 code at this server with its credentials.
  config::AwsSettings aws_settings() const;
  // Environment for a sparkify child process: credentials, region, endpoint.
  std::vector<std::pair<std::string, std::string>> environment() const;

  void create_bucket(const std::string& bucket);
  void put_object(const std::string& bucket, const std::string& key, const std::string& body);
  // Uploads every regular file under `folder` as PREFIX/relative/path; returns the count.
  std::size_t upload_folder(const std::filesystem::path& folder, const std::string& bucket, const std::string& prefix);

  // Stops the server now (for tests of a server that goes away mid-run).
  // Safe to call twice; the destructor calls it too.
  void stop_process();
  bool running() const { return pid_ > 0; }

 private:
  void start();

  std::filesystem::path dir_;
  std::filesystem::path log_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace sparkify::testing
