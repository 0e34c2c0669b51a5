// CommandTree: the commands and flags of the CLI11 app, read from the app
// itself after every command is registered. Shell completion, the man page,
// `sparkify help` and the global-flags footer of each command's --help are
// all generated from it, so none keeps its own list of commands or flags.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace sparkify::cli {

struct FlagSpec {
  std::vector<std::string> names;  // as typed: "-v", "--verbose"
  std::string value_name;          // e.g. "TEXT", "INT"; empty for a flag without a value
  std::string description;
};

struct CommandSpec {
  std::string name;  // "sparkify" for the root
  std::string description;
  std::vector<FlagSpec> flags;  // this command's own flags (not its parent's), --help included
  std::vector<CommandSpec> commands;
};

CommandSpec describe_command(const CLI::App& app);

// Bash and zsh completion scripts for `sparkify` (the zsh one through
// bashcompinit): command names by position, each command's own flags plus the
// global ones, file names after a flag that takes a value.
std::string bash_completion(const CommandSpec& root);
std::string zsh_completion(const CommandSpec& root);

// A man page (roff, section 1) listing every command with its flags.
std::string man_page(const CommandSpec& root);

// The root's flags (but --help) as "  --target TEXT   Warehouse: ..." lines.
std::string global_flags_text(const CommandSpec& root);

}  // namespace sparkify::cli
