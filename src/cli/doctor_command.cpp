// `sparkify doctor`: checks the setup the way `dbt debug` does and prints one
// PASS/FAIL line per check, each failure with its fix: the config file (syntax,
// unknown keys), where credentials come from (never their values), the target
// (reachable, engine and version, sparkify's tables), the sources (listed,
// first objects) and, for Redshift, the cluster's status. Exit 0 when every
// check passes, else 1. Reads only: a DuckDB target is opened read-only.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>

#include "aws/credential_chain.h"
#include "cli/commands.h"
#include "cli/terminal.h"
#include "common/error.h"
#include "config/ini_document.h"
#include "config/setting_rules.h"
#include "infra/infra_plan.h"
#include "source/open_source.h"
#include "sql/report_queries.h"
#include "sql/schema.h"
#include "sql/tables.h"
#include "warehouse/open_warehouse.h"

namespace sparkify::cli {
namespace {

struct CheckLine {
  bool pass = false;
  std::string name;    // e.g. "config"
  std::string detail;  // what was found
  std::string fix;     // for a failure: what to do
};

bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value && *value;
}

CheckLine check_config_file(const config::ConfigFile& file) {
  const std::string name = file.path.string();
  std::error_code ec;
  if (!file.required && !std::filesystem::exists(file.path, ec)) {
    return {true, "config", fmt::format("no {} (optional: defaults, environment and flags apply)", name), ""};
  }
  const char* fix = "correct or remove those lines (the keys are listed in README.md, \"Configuration\")";
  std::vector<std::string> problems;
  std::size_t keys = 0;
  try {
    const auto doc = config::IniDocument::load(file.path, config::IniDocument::IfMissing::fail);
    keys = doc.entries().size();
    problems = config::check_known_names(doc, name);
  } catch (const Error& error) {
    return {false, "config", error.what(), fix};
  }
  if (problems.empty()) return {true, "config", fmt::format("{}: {} keys, all known", name, keys), ""};
  std::string joined;
  for (const auto& problem : problems) joined += (joined.empty() ? "" : "; ") + problem;
  return {false, "config", joined, fix};
}

bool uses_s3(const config::Settings& s) {
  return source::normalized_s3_uri(s.song_data) || source::normalized_s3_uri(s.log_data) ||
         warehouse::dialect_name_for_target(s.target) == "redshift";
}

// Names the link of the credential chain that answers (aws/credential_chain.h),
// e.g. `credentials: profile "dev" (role_arn via STS AssumeRole)`: resolving
// them may call STS or a metadata endpoint, but never prints a key.
CheckLine check_aws_credentials(const config::Settings& s) {
  try {
    return {true, "aws", "credentials: " + aws::credentials_from(s.aws)->origin(), ""};
  } catch (const Error& error) {
    if (!uses_s3(s)) return {true, "aws", "no AWS credentials (not needed: no S3 source, no Redshift target)", ""};
    return {false, "aws", error.what(),
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or [AWS] KEY and SECRET in the config "
            "(or --no-sign-request for public buckets)"};
  }
}

CheckLine check_db_password(const config::Settings& s, const config::IniDocument& doc) {
  const std::string& target = s.target;
  const auto at = target.find('@'), scheme = target.find("://");
  if (scheme != std::string::npos && at != std::string::npos &&
      target.substr(scheme + 3, at - scheme - 3).find(':') != std::string::npos) {
    return {true, "password",
            "in the target URI (it is never printed; PGPASSWORD or ~/.pgpass keep it out of "
            "shell history)",
            ""};
  }
  if (doc.get("CLUSTER", "DB_PASSWORD").value_or("") != "")
    return {true, "password", "config file ([CLUSTER] DB_PASSWORD)", ""};
  if (env_set("PGPASSWORD")) return {true, "password", "environment (PGPASSWORD)", ""};
  const char* home = std::getenv("HOME");
  const std::string pgpass =
      env_set("PGPASSFILE") ? std::getenv("PGPASSFILE") : std::string(home ? home : "") + "/.pgpass";
  if (std::filesystem::exists(pgpass)) return {true, "password", fmt::format("password file {}", pgpass), ""};
  return {true, "password", "none given (fine when the server trusts this user)", ""};
}

std::string first_line(std::string text, std::size_t max_chars) {
  text = text.substr(0, text.find('\n'));
  return text.size() > max_chars ? text.substr(0, max_chars) + "…" : text;
}

std::vector<CheckLine> check_target(const config::Settings& s) {
  std::unique_ptr<warehouse::Warehouse> target;
  try {
    target = warehouse::open_warehouse(s, warehouse::OpenMode::read_only);
  } catch (const Error& error) {
    return {{false, "target", error.what(),
             "check --target (or [SPARKIFY] TARGET / [CLUSTER]); for a new DuckDB file run 'sparkify create-tables'"}};
  }
  std::vector<CheckLine> lines;
  try {
    const auto version = target->query(sql::report::engine_version().text);
    const std::string text = version.rows.empty() || !version.rows[0][0] ? "?" : *version.rows[0][0];
    lines.push_back({true, "target", fmt::format("{} reachable: {}", target->describe(), first_line(text, 80)), ""});
    std::set<std::string> present;
    for (const auto& row : target->query(sql::report::tables_present().text).rows) {
      if (row[0]) present.insert(*row[0]);
    }
    std::string missing;
    for (const sql::TableSchema& table : sql::table_schemas()) {
      if (!present.contains(std::string(table.name)))
        missing += (missing.empty() ? "" : ", ") + std::string(table.name);
    }
    if (missing.empty()) {
      const auto plays = target->query(sql::count_rows("songplays")).rows;
      lines.push_back({true, "tables",
                       fmt::format("all {} present; songplays holds {} rows", sql::table_schemas().size(),
                                   plays.at(0)[0].value_or("0")),
                       ""});
    } else {
      lines.push_back({false, "tables", "missing " + missing, "run 'sparkify create-tables' (then 'sparkify etl')"});
    }
  } catch (const Error& error) {
    lines.push_back({false, "target", error.what(), "check the target's server, user and database"});
  }
  return lines;
}

CheckLine check_source(const std::string& what, const std::string& location, const config::Settings& s) {
  if (location.empty()) {
    return {true, what, "not configured (etl takes --source, or [S3] SONG_DATA / LOG_DATA)", ""};
  }
  try {
    auto source = source::open_source(location, s);
    const auto objects = source->list_objects().objects;
    if (objects.empty()) {
      return {false, what, fmt::format("{}: no .json objects", location),
              "check the location and prefix (etl reads <source>/song_data and <source>/log_data)"};
    }
    std::string first;
    for (std::size_t i = 0; i < std::min<std::size_t>(3, objects.size()); ++i) {
      first += (i ? ", " : "") + objects[i].uri;
    }
    return {true, what, fmt::format("{}: {} objects, first: {}", location, objects.size(), first), ""};
  } catch (const Error& error) {
    return {false, what, error.what(), "check the location, the credentials and --endpoint-url"};
  }
}

CheckLine check_redshift_cluster(const config::Settings& s) {
  try {
    infra::AwsServices services(s.aws);
    const auto cluster = services.redshift().describe_cluster(s.dwh.cluster_identifier);
    if (!cluster) {
      return {false, "cluster", fmt::format("no Redshift cluster '{}'", s.dwh.cluster_identifier),
              "run 'sparkify infra up' or set [DWH] DWH_CLUSTER_IDENTIFIER"};
    }
    const bool available = cluster->status == "available";
    return {available, "cluster", fmt::format("{} is {}", cluster->identifier, cluster->status),
            available ? "" : "wait for 'available' ('sparkify infra status')"};
  } catch (const Error& error) {
    return {false, "cluster", error.what(), "check the AWS credentials, region and --endpoint-url"};
  }
}

std::vector<CheckLine> run_checks(CommandContext& context) {
  std::vector<CheckLine> lines{check_config_file(context.config)};
  const config::Settings* settings = nullptr;
  try {
    settings = &context.settings();
  } catch (const Error& error) {
    lines.push_back({false, "settings", error.what(), "correct the value named above"});
    return lines;
  }
  const auto doc = config::IniDocument::load(context.config.path);
  lines.push_back(check_aws_credentials(*settings));
  const std::string dialect = warehouse::dialect_name_for_target(settings->target);
  if (dialect != "duckdb") lines.push_back(check_db_password(*settings, doc));
  for (auto& line : check_target(*settings)) lines.push_back(std::move(line));
  lines.push_back(check_source("songs", settings->song_data, *settings));
  lines.push_back(check_source("events", settings->log_data, *settings));
  if (dialect == "redshift") lines.push_back(check_redshift_cluster(*settings));
  return lines;
}

}  // namespace

void register_doctor_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand(
      "doctor",
      "Check the setup: config file, credentials (where from, never their values), target (engine, version,\n"
      "tables), sources (listed) and, for Redshift, the cluster. One PASS/FAIL line each; exit 1 if any fails.");
  auto& o = context.overrides;
  command->add_option("--source", o.source, "Folder or s3://bucket/prefix to check (as etl --source)");
  command->callback([&context] {
    const auto lines = run_checks(context);
    const bool colour = colour_allowed(STDOUT_FILENO);
    std::size_t failed = 0;
    for (const auto& line : lines) {
      context.out << fmt::format("{}  {:<9} {}{}\n", status_word(line.pass, colour), line.name, line.detail,
                                 line.fix.empty() ? "" : " -> fix: " + line.fix);
      failed += line.pass ? 0 : 1;
    }
    if (failed)
      throw_error(ErrorKind::data, "doctor: {} of {} checks failed (the FAIL lines above say how to fix them)", failed,
                  lines.size());
    context.out << fmt::format("all {} checks passed\n", lines.size());
  });
}

}  // namespace sparkify::cli
