#include "cli/app.h"

#include <CLI/CLI.hpp>

#include "cli/command_context.h"
#include "cli/commands.h"
#include "cli/infra_command.h"
#include "common/error.h"
#include "common/redact.h"

namespace sparkify::cli {
namespace {

void add_global_options(CLI::App& app, CommandContext& context) {
  auto& o = context.overrides;
  app.add_flag("-v,--verbose", context.verbose, "Print each step as it runs");
  app.add_option("--config", context.config_path, "Config file (INI, optional)")->capture_default_str();
  app.add_option("--target", o.target,
                 "Warehouse: duckdb:PATH (default duckdb:sparkify.duckdb), postgresql://user@host:port/db,\n"
                 "postgres ([CLUSTER] in the config), redshift://user@host:5439/db or redshift");
  app.add_option("--region", o.region, "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, config, us-west-2)");
  app.add_option("--endpoint-url", o.endpoint_url, "AWS endpoint override for S3-compatible stores and emulators");
  app.add_option("--profile", o.profile, "AWS profile in ~/.aws/credentials");
  app.add_flag("--no-sign-request", o.no_sign_request, "Read public S3 buckets without credentials");
  app.add_flag("--virtual-hosted", o.virtual_hosted,
               "Use virtual-hosted S3 addressing (bucket.host) with --endpoint-url");
}

}  // namespace

int run(int argc, char** argv) {
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
  register_query_command(app, context);
  register_sql_command(app, context);
  register_report_command(app, context);
  register_doctor_command(app, context);
  register_infra_command(app, context);
  register_habit_commands(app, context);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and friends exit 0; every other parse error is a usage error (exit 2).
    return app.exit(error) == 0 ? 0 : exit_code(ErrorKind::usage);
  } catch (const Error& error) {
    context.err << "sparkify: " << redact_userinfo(error.what()) << '\n';
    return exit_code(error.kind());
  } catch (const std::exception& error) {
    context.err << "sparkify: unexpected error: " << redact_userinfo(error.what()) << '\n';
    return 1;
  }
  return 0;
}

}  // namespace sparkify::cli
