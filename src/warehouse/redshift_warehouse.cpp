#include "warehouse/redshift_warehouse.h"

#include "common/error.h"

namespace sparkify::warehouse {

std::string redshift_conninfo(const std::string& target) {
  constexpr std::string_view kScheme = "redshift://";
  const bool is_uri = target.rfind(kScheme, 0) == 0;
  std::string out = is_uri ? "postgresql://" + target.substr(kScheme.size()) : target;
  if (out.find("sslmode=") != std::string::npos) return out;
  if (!is_uri) return out.empty() ? "sslmode=require" : out + " sslmode=require";
  return out + (out.find('?') == std::string::npos ? "?" : "&") + "sslmode=require";
}

RedshiftWarehouse::RedshiftWarehouse(const std::string& target) : connection_(redshift_conninfo(target), dialect_) {}

std::unique_ptr<StagingLoader> RedshiftWarehouse::open_staging_loader() {
  throw_error(ErrorKind::usage,
              "{} is loaded by Redshift's own COPY from S3, not row by row: run `sparkify etl` (it uploads local "
              "folders to [S3] STAGING first)",
              describe());
}

}  // namespace sparkify::warehouse
