#include "warehouse/open_warehouse.h"

#include <filesystem>

#include "common/error.h"
#include "sql/report_queries.h"
#include "warehouse/duckdb_warehouse.h"
#include "warehouse/postgres_warehouse.h"
#include "warehouse/redshift_warehouse.h"

namespace sparkify::warehouse {
namespace {

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

std::string dialect_name_for_target(const std::string& target) {
  if (starts_with(target, "duckdb:")) return "duckdb";
  if (starts_with(target, "postgresql://") || starts_with(target, "postgres://") || target == "postgres") {
    return "postgres";
  }
  if (starts_with(target, "redshift://") || target == "redshift") return "redshift";
  // The scheme alone: a mistyped URI may still carry a password.
  throw_error(ErrorKind::config,
              "unknown target scheme '{}': use duckdb:PATH, postgresql://user@host:port/db, postgres (from [CLUSTER]), "
              "redshift://user@host:5439/db or redshift (from [CLUSTER])",
              target.substr(0, target.find_first_of(":@/")));
}

std::string cluster_conninfo(std::string_view dialect_name, const config::ClusterSettings& cluster) {
  return conninfo_from_cluster(cluster, dialect_name == "redshift" ? kRedshiftDefaultPort : kPostgresDefaultPort);
}

std::string no_tables_message(std::string_view described_target) {
  return fmt::format("no sparkify tables in {} — run 'sparkify create-tables' first", described_target);
}

std::optional<std::filesystem::path> duckdb_file_for_target(const std::string& target) {
  if (!starts_with(target, "duckdb:")) return std::nullopt;
  std::string path = target.substr(std::string_view("duckdb:").size());
  if (path.empty() || path == ":memory:") return std::nullopt;
  return std::filesystem::path(path);
}

std::unique_ptr<Warehouse> open_warehouse(const config::Settings& settings, OpenMode mode) {
  const std::string& target = settings.target;
  const std::string dialect = dialect_name_for_target(target);
  if (dialect == "duckdb") {
    std::string path = target.substr(std::string_view("duckdb:").size());
    if (path.empty()) throw_error(ErrorKind::config, "target 'duckdb:' needs a file path, e.g. duckdb:sparkify.duckdb");
    if (mode != OpenMode::create && path != ":memory:" && !std::filesystem::exists(path)) {
      throw Error(ErrorKind::usage, no_tables_message(target));
    }
    return std::make_unique<DuckDbWarehouse>(path, mode == OpenMode::read_only && path != ":memory:");
  }
  if ((target == "postgres" || target == "redshift") && settings.cluster.host.empty()) {
    throw_error(ErrorKind::config, "target '{}' needs a host: set [CLUSTER] HOST in {} (or PGHOST)", target,
                settings.config_path.string());
  }
  if (dialect == "postgres") {
    auto postgres = open_postgres(target == "postgres" ? cluster_conninfo(dialect, settings.cluster) : target);
    if (mode == OpenMode::read_only) postgres->execute(sql::report::read_only_session());
    return postgres;
  }
  return std::make_unique<RedshiftWarehouse>(target == "redshift" ? cluster_conninfo(dialect, settings.cluster)
                                                                  : target);
}

}  // namespace sparkify::warehouse
