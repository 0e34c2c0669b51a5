// Error policy of sparkify: a failure is thrown as sparkify::Error, the one
// exception type of the project. It carries a kind (which decides the exit code)
// and a one-line message that says what failed, where (file and line, object,
// table) and what to do next. Only cli/ catches it; it prints
// "sparkify: <message>" and exits with exit_code(kind). Nothing else catches
// and swallows errors: a module that cannot finish its job throws.
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace sparkify {

enum class ErrorKind {
  usage,      // bad flags or arguments (exit 2)
  config,     // dwh.cfg, environment, target URI (exit 2)
  source,     // listing or reading input objects (exit 1)
  data,       // input rejected beyond --max-errors (exit 1)
  warehouse,  // database errors (exit 1)
  aws,        // AWS API errors (exit 1)
  check,      // data-quality checks failed (exit 3)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

// Shorthand: throw_error(ErrorKind::source, "cannot read {}: {}", path, why).
template <typename... Args>
[[noreturn]] void throw_error(ErrorKind kind, fmt::format_string<Args...> format, Args&&... args) {
  throw Error(kind, fmt::format(format, std::forward<Args>(args)...));
}

int exit_code(ErrorKind kind);

}  // namespace sparkify
