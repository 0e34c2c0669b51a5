// The habits of a command-line tool, generated from the CLI11 app itself
// (cli/command_tree.h): `sparkify completion bash|zsh`, `sparkify man`,
// `sparkify help [COMMAND...]`, and the global flags listed at the foot of
// every command's --help.
#include <memory>

#include "cli/command_tree.h"
#include "cli/commands.h"
#include "common/error.h"
#include "common/nearest_name.h"

namespace sparkify::cli {
namespace {

void add_global_flags_footer(CLI::App& command, const std::string& footer) {
  for (CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
    sub->footer(footer);
    add_global_flags_footer(*sub, footer);
  }
}

// The command named by `path` ("infra", "up"), or throws Error(usage) naming the choices.
CLI::App& find_command(CLI::App& root, const std::vector<std::string>& path) {
  CLI::App* command = &root;
  std::string so_far = "sparkify";
  for (const auto& name : path) {
    CLI::App* next = nullptr;
    std::string names;
    for (CLI::App* sub : command->get_subcommands([](const CLI::App*) { return true; })) {
      if (sub->get_name() == name) next = sub;
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!next) {
      std::vector<std::string> choices;
      for (CLI::App* sub : command->get_subcommands([](const CLI::App*) { return true; })) {
        choices.push_back(sub->get_name());
      }
      if (auto near = nearest_name(name, choices)) {
        throw_error(ErrorKind::usage, "'{}' has no command '{}' — did you mean '{}'? (choose one of {})", so_far, name,
                    *near, names);
      }
      if (names.empty()) throw_error(ErrorKind::usage, "'{}' has no commands; run '{} --help'", so_far, so_far);
      throw_error(ErrorKind::usage, "'{}' has no command '{}': choose one of {}", so_far, name, names);
    }
    command = next;
    so_far += " " + name;
  }
  return *command;
}

}  // namespace

void register_habit_commands(CLI::App& app, CommandContext& context) {
  auto* completion = app.add_subcommand("completion", "Print a shell completion script (bash or zsh)");
  auto shell = std::make_shared<std::string>();
  completion->add_option("shell", *shell, "bash or zsh")
      ->required()
      ->transform(CLI::IsMember({"bash", "zsh"}, CLI::ignore_case));
  completion->callback([&app, &context, shell] {
    const auto tree = describe_command(app);
    context.out << (*shell == "bash" ? bash_completion(tree) : zsh_completion(tree));
  });

  auto* man = app.add_subcommand("man", "Print the man page (roff): sparkify man > sparkify.1; man -l sparkify.1");
  man->callback([&app, &context] { context.out << man_page(describe_command(app)); });

  auto* help = app.add_subcommand("help", "Print the help of a command, e.g. sparkify help infra up");
  auto topic = std::make_shared<std::vector<std::string>>();
  help->add_option("command", *topic, "A command (and subcommand)");
  help->callback([&app, &context, topic] {
    if (topic->empty()) {  // app.help() would describe the selected command (help itself)
      context.out << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
      return;
    }
    CLI::App& command = find_command(app, *topic);
    std::string path = "sparkify";
    for (const auto& name : *topic) path += " " + name;
    context.out << command.help(topic->empty() ? "" : path.substr(0, path.rfind(' ')));
  });

  add_global_flags_footer(app,
                          "Global flags (before or after the command):\n" + global_flags_text(describe_command(app)));
}

}  // namespace sparkify::cli
