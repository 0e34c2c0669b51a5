// The sparkify command line: parses arguments, resolves Settings, runs one
// command, prints its output. The only place sparkify::Error is caught.
#pragma once

namespace sparkify::cli {

int run(int argc, char** argv);

}  // namespace sparkify::cli
