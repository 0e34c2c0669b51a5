// Registration of each sparkify subcommand (one file each in src/cli/).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command_context.h"

namespace sparkify::cli {

void register_create_tables_command(CLI::App& app, CommandContext& context);
void register_etl_command(CLI::App& app, CommandContext& context);
void register_check_command(CLI::App& app, CommandContext& context);
void register_runs_command(CLI::App& app, CommandContext& context);
void register_query_command(CLI::App& app, CommandContext& context);
void register_sql_command(CLI::App& app, CommandContext& context);
void register_generate_command(CLI::App& app, CommandContext& context);
void register_report_command(CLI::App& app, CommandContext& context);
void register_doctor_command(CLI::App& app, CommandContext& context);
// completion, man, help; and the global flags at the foot of every command's
// --help. Call it last: it reads the commands registered before it.
void register_habit_commands(CLI::App& app, CommandContext& context);

}  // namespace sparkify::cli
