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
// A long command shows its progress through a ShowProgress (below).
#pragma once

#include <filesystem>
#include <iostream>
#include <optional>
#include <string_view>

#include "cli/progress_display.h"
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
  bool quiet = false;             // --quiet: no progress, step log or -v lines; results, warnings, errors only
  // While a command shows live progress, the display that owns err: lines
  // for err go through it (print_line) so they never cut a live line.
  ProgressDisplay* display = nullptr;

  // Prints one step of a long command when --verbose is given (not --quiet).
  void progress(std::string_view step) {
    if (verbose && !quiet) print_line("  " + redact_userinfo(step));
  }

  // One whole line to err, through the display when there is one.
  void print_line(std::string_view line) {
    if (display) return display->print_line(line);
    err << line << '\n';
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

// For the span of a long command: draws `board` on err (progress_settings:
// live, timestamped or off with --quiet) and routes the context's err lines
// through it. finish() stops the drawing; call it before printing results.
class ShowProgress {
 public:
  ShowProgress(CommandContext& context, const progress::Board& board)
      : context_(context), display_(context.err, board, progress_settings(context.quiet)) {
    context_.display = &display_;
  }
  ~ShowProgress() { finish(); }
  ShowProgress(const ShowProgress&) = delete;
  ShowProgress& operator=(const ShowProgress&) = delete;
  void finish() {
    display_.stop();
    context_.display = nullptr;
  }
  ProgressDisplay& display() { return display_; }

 private:
  CommandContext& context_;
  ProgressDisplay display_;
};

}  // namespace sparkify::cli
