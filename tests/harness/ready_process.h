// ReadyProcess: a local helper server for integration tests that announces
// itself by printing "ready PORT" (the port it bound on 127.0.0.1) as its
// first line of stdout, such as tests/harness/s3_fault_proxy.py.
//
// The constructor starts `argv` and waits up to 10 s for that line; it throws
// std::runtime_error naming the program if the line does not come. The
// destructor stops the process by its PID (SIGTERM, then SIGKILL after 5 s).
// http_control sends one plain HTTP/1.0 request to such a server's control
// endpoints and returns the body of a 200 answer (throws otherwise).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace sparkify::testing {

class ReadyProcess {
 public:
  explicit ReadyProcess(std::vector<std::string> argv);
  ~ReadyProcess();
  ReadyProcess(const ReadyProcess&) = delete;
  ReadyProcess& operator=(const ReadyProcess&) = delete;

  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

std::string http_control(int port, const std::string& method, const std::string& path_and_query);

}  // namespace sparkify::testing
