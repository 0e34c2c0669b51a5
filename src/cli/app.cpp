#include "cli/app.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>

#include "cli/command_context.h"
#include "cli/commands.h"
#include "cli/infra_command.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "common/large_allocations.h"
#include "common/nearest_name.h"
#include "common/redact.h"
#include "warehouse/engine_versions.h"

namespace sparkify::cli {
namespace {

constexpr std::string_view kSparkifyVersion = "0.1.0";

void add_global_options(CLI::App& app, CommandContext& context) {
  auto& o = context.overrides;
  app.add_flag("-v,--verbose", context.verbose, "Print each step as it runs");
  app.add_flag("-q,--quiet", context.quiet,
               "Print only results, warnings and errors: no progress lines and no step log");
  app.add_option_function<std::string>(
         "--config",
         [&context](const std::string& path) {
           context.config.path = path;
           context.config.required = true;
         },
         "Config file (INI; default ./dwh.cfg, which may be absent; a file named here must exist)")
      ->type_name("PATH");
  app.add_option("--target", o.target,
                 "Warehouse: duckdb:PATH (default duckdb:sparkify.duckdb), postgresql://user@host:port/db,\n"
                 "postgres ([CLUSTER] in the config), redshift://user@host:5439/db or redshift");
  app.add_option("--region", o.region, "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, config, us-west-2)");
  app.add_option("--endpoint-url", o.endpoint_url, "AWS endpoint override for S3-compatible stores and emulators");
  app.add_option("--profile", o.profile,
                 "AWS profile of ~/.aws/credentials and ~/.aws/config (default: AWS_PROFILE, else the chain of "
                 "docs/credentials.md)");
  app.add_flag("--no-sign-request", o.no_sign_request, "Read public S3 buckets without credentials");
  app.add_flag("--virtual-hosted", o.virtual_hosted,
               "Use virtual-hosted S3 addressing (bucket.host) with --endpoint-url");
  app.set_version_flag("-V,--version", [] {
    return fmt::format("sparkify {}\nDuckDB {}\nlibpq {}", kSparkifyVersion, warehouse::duckdb_library_version_text(),
                       warehouse::libpq_version_text());
  });
}

std::vector<CLI::App*> subcommands_of(CLI::App& app) {
  return app.get_subcommands([](CLI::App*) { return true; });
}

std::vector<std::string> names_of(const std::vector<CLI::App*>& commands) {
  std::vector<std::string> names;
  for (auto* command : commands) names.push_back(command->get_name());
  return names;
}

[[noreturn]] void unknown_command(std::string_view typed, CLI::App& parent) {
  const auto names = names_of(subcommands_of(parent));
  const std::string where =
      parent.get_parent() ? fmt::format("sparkify {} --help", parent.get_name()) : "sparkify --help";
  if (auto near = nearest_name(typed, names)) {
    throw_error(ErrorKind::usage, "unknown command '{}' — did you mean '{}'?", typed, *near);
  }
  throw_error(ErrorKind::usage, "unknown command '{}': run '{}' for the list", typed, where);
}

// "sparkify", "sparkify infra up": the commands of `chain`, root first.
std::string command_path(const std::vector<CLI::App*>& chain) {
  std::string path = "sparkify";
  for (std::size_t i = 1; i < chain.size(); ++i) path += " " + chain[i]->get_name();
  return path;
}

// The option named `--name` or `-n` of any command in `chain` (inner commands first).
const CLI::Option* find_option(const std::vector<CLI::App*>& chain, std::string_view arg) {
  const bool is_long = arg.rfind("--", 0) == 0;
  const std::string name(arg.substr(is_long ? 2 : 1));
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    for (const auto* option : (*it)->get_options()) {
      const auto& names = is_long ? option->get_lnames() : option->get_snames();
      if (std::find(names.begin(), names.end(), name) != names.end()) return option;
    }
  }
  return nullptr;
}

[[noreturn]] void unknown_flag(std::string_view typed, const std::vector<CLI::App*>& chain) {
  std::vector<std::string> flags;
  for (auto* command : chain) {
    for (const auto* option : command->get_options()) {
      for (const auto& name : option->get_lnames()) flags.push_back("--" + name);
    }
  }
  if (auto near = nearest_name(typed, flags)) {
    throw_error(ErrorKind::usage, "unknown flag '{}' — did you mean '{}'?", typed, *near);
  }
  throw_error(ErrorKind::usage, "unknown flag '{}': run '{} --help' for the flags", typed, command_path(chain));
}

// Finds unknown command names and long flags before CLI11 parses, so they can
// be answered with the nearest known name (CLI11 reports most of them as "A
// subcommand is required" or "arguments were not expected"). `chain` ends as
// the commands named on the line, the root first.
void check_names(CLI::App& app, int argc, char** argv, std::vector<CLI::App*>& chain) {
  chain = {&app};
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return;
    // A value with a blank in it is text (SQL such as "-- note\nSELECT 1"), never a flag.
    const bool is_text = arg.find_first_of(" \t\n") != std::string_view::npos;
    if (!is_text && arg.size() > 1 && arg.front() == '-' && !std::isdigit(static_cast<unsigned char>(arg[1]))) {
      const bool is_long = arg.rfind("--", 0) == 0;
      const auto equals = arg.find('=');
      const auto* option = find_option(chain, arg.substr(0, is_long ? equals : 2));
      if (!option) {
        if (is_long) unknown_flag(arg.substr(0, equals), chain);
        continue;  // CLI11 reports unknown short flags
      }
      const bool inline_value = is_long ? equals != std::string_view::npos : arg.size() > 2;
      if (option->get_expected_max() > 0 && !inline_value) ++i;
      continue;
    }
    auto commands = subcommands_of(*chain.back());
    if (commands.empty()) continue;  // a positional argument of the command
    auto found = std::find_if(commands.begin(), commands.end(), [&](CLI::App* c) { return c->get_name() == arg; });
    if (found == commands.end()) unknown_command(arg, *chain.back());
    chain.push_back(*found);
  }
}

// A CLI11 parse error as one line that names the help of the command it is about.
std::string usage_message(const CLI::ParseError& error, const std::vector<CLI::App*>& chain) {
  const std::string command = command_path(chain);
  const auto choices = names_of(subcommands_of(*chain.back()));
  if (dynamic_cast<const CLI::RequiredError*>(&error) && !choices.empty() &&
      std::string_view(error.what()).starts_with("A subcommand is required")) {
    return fmt::format("'{}' needs a command: {}; run '{} --help' for usage", command, fmt::join(choices, ", "),
                       command);
  }
  return fmt::format("{}; run '{} --help' for usage", redact_userinfo(error.what()), command);
}

// After SIGINT/SIGTERM made the command stop: one line, exit 128 + signal.
int report_interrupt(CommandContext& context) {
  context.err << interrupt_message() << '\n';
  return 128 + interrupt_signal();
}

}  // namespace

int run(int argc, char** argv) {
  map_large_allocations();
  CommandContext context;
  CLI::App app{
      "sparkify: load Sparkify's song and event JSON into a star-schema warehouse\n"
      "(embedded DuckDB by default, PostgreSQL, or Amazon Redshift).\n\n"
      "Typical run:\n"
      "  sparkify generate --out data --songs 2000 --events 100000\n"
      "  sparkify create-tables\n"
      "  sparkify etl --source data\n"
      "  sparkify check\n"
      "  sparkify query top-songs\n",
      "sparkify"};
  app.require_subcommand(1);
  app.fallthrough();
  add_global_options(app, context);
  register_generate_command(app, context);
  register_create_tables_command(app, context);
  register_etl_command(app, context);
  register_check_command(app, context);
  register_runs_command(app, context);
  register_query_command(app, context);
  register_sql_command(app, context);
  register_report_command(app, context);
  register_doctor_command(app, context);
  register_infra_command(app, context);
  register_habit_commands(app, context);  // completion, man, help [COMMAND...]
  const InterruptWatcher watcher;
  std::vector<CLI::App*> chain{&app};
  try {
    check_names(app, argc, argv, chain);
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error, context.out, context.err);  // --help, --version
    // Every other parse error is a usage error (exit 2), whatever CLI11's own code.
    context.err << "sparkify: " << usage_message(error, chain) << '\n';
    return exit_code(ErrorKind::usage);
  } catch (const Error& error) {
    if (interrupted()) return report_interrupt(context);
    context.err << "sparkify: " << redact_userinfo(error.what()) << '\n';
    return exit_code(error.kind());
  } catch (const std::exception& error) {
    if (interrupted()) return report_interrupt(context);
    context.err << "sparkify: unexpected error: " << redact_userinfo(error.what()) << '\n';
    return 1;
  }
  return 0;
}

}  // namespace sparkify::cli
