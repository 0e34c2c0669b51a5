#include "cli/app.h"

#include <cstdio>

namespace sparkify::cli {

int run(int, char**) {
  std::puts("sparkify: under construction");
  return 0;
}

}  // namespace sparkify::cli
