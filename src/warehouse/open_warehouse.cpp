#include "warehouse/open_warehouse.h"

#include "common/error.h"
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

std::unique_ptr<Warehouse> open_warehouse(const config::Settings& settings) {
  const std::string& target = settings.target;
  const std::string dialect = dialect_name_for_target(target);
  if (dialect == "duckdb") {
    std::string path = target.substr(std::string_view("duckdb:").size());
    if (path.empty()) throw_error(ErrorKind::config, "target 'duckdb:' needs a file path, e.g. duckdb:sparkify.duckdb");
    return std::make_unique<DuckDbWarehouse>(path);
  }
  if ((target == "postgres" || target == "redshift") && settings.cluster.host.empty()) {
    throw_error(ErrorKind::config, "target '{}' needs a host: set [CLUSTER] HOST in {} (or PGHOST)", target,
                settings.config_path.string());
  }
  if (dialect == "postgres") {
    return open_postgres(target == "postgres" ? cluster_conninfo(dialect, settings.cluster) : target);
  }
  return std::make_unique<RedshiftWarehouse>(target == "redshift" ? cluster_conninfo(dialect, settings.cluster)
                                                                  : target);
}

}  // namespace sparkify::warehouse
