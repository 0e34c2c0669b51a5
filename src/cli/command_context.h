// CommandContext: what every command handler gets. The global flags
// (--config, --target, AWS options...) are parsed into `overrides` by app.cpp;
// settings() resolves dwh.cfg + environment + those flags once, on first use,
// so commands that need no settings (sql, generate) never read the config, and
// prints the config's warnings (unknown keys and sections) to err.
//
// Each command lives in its own src/cli/<name>_command.cpp and exposes
//   void register_<name>_command(CLI::App& app, CommandContext& context);
// which adds a subcommand whose callback does the work and writes to
// context.out. Handlers throw sparkify::Error; app.cpp prints it and exits.
#pragma once

#include <filesystem>
#include <iostream>
#include <optional>
#include <string_view>

#include "common/redact.h"
#include "config/settings.h"

namespace sparkify::cli {

class CommandContext {
 public:
  config::ConfigFile config;  // --config sets the path and makes the file required
  config::Overrides overrides;
  std::ostream& out = std::cout;  // command results (tables, summaries)
  std::ostream& err = std::cerr;  // progress and warnings
  bool verbose = false;           // --verbose: print each step to err

  // Prints one step of a long command when --verbose is given.
  void progress(std::string_view step) {
    if (verbose) err << "  " << redact_userinfo(step) << '\n';
  }

  const config::Settings& settings() {
    if (!settings_) {
      settings_ = config::resolve_settings(config, overrides, config::process_environment());
      for (const auto& warning : settings_->warnings) err << "sparkify: warning: " << warning << '\n';
    }
    return *settings_;
  }

 private:
  std::optional<config::Settings> settings_;
};

}  // namespace sparkify::cli
