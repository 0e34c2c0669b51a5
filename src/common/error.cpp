#include "common/error.h"

namespace sparkify {

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage:
    case ErrorKind::config:
      return 2;
    case ErrorKind::check:
      return 3;
    case ErrorKind::source:
    case ErrorKind::data:
    case ErrorKind::warehouse:
    case ErrorKind::aws:
      return 1;
  }
  return 1;
}

}  // namespace sparkify
