#include "warehouse/redshift_warehouse.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "common/error.h"

namespace sparkify::warehouse {

namespace {

// Appends key=value to a URI (?/&) or to a conninfo string (space).
void append_parameter(std::string& conninfo, bool is_uri, std::string_view key, std::string_view value) {
  if (is_uri) {
    conninfo += fmt::format("{}{}={}", conninfo.find('?') == std::string::npos ? "?" : "&", key, value);
  } else {
    conninfo += fmt::format("{}{}='{}'", conninfo.empty() ? "" : " ", key, value);
  }
}

// The conninfo, after checking that the CA bundle it verifies with exists.
std::string checked_conninfo(const std::string& target) {
  const std::string conninfo = redshift_conninfo(target, redshift_ca_bundle());
  if (conninfo.find("sslmode=verify-full") != std::string::npos && target.find("sslrootcert=") == std::string::npos &&
      !std::filesystem::exists(redshift_ca_bundle())) {
    throw_error(ErrorKind::config,
                "cannot connect to Redshift: TLS verification (sslmode=verify-full) needs the Amazon Redshift CA "
                "bundle at {}, which does not exist. Download it from {} to that path, or set {} to your copy, or "
                "give sslrootcert=PATH (or another sslmode) in the target",
                redshift_ca_bundle(), kRedshiftCaBundleUrl, kRedshiftCaBundleEnv);
  }
  return conninfo;
}

}  // namespace

std::string redshift_ca_bundle() {
  if (const char* path = std::getenv(std::string(kRedshiftCaBundleEnv).c_str()); path && *path) return path;
  const char* home = std::getenv("HOME");
  return fmt::format("{}/.postgresql/amazon-trust-ca-bundle.crt", home ? home : "");
}

std::string redshift_conninfo(const std::string& target, const std::string& ca_bundle) {
  constexpr std::string_view kScheme = "redshift://";
  const bool is_uri = target.rfind(kScheme, 0) == 0;
  std::string out = is_uri ? "postgresql://" + target.substr(kScheme.size()) : target;
  if (out.find("sslmode=") != std::string::npos) return out;
  append_parameter(out, is_uri, "sslmode", "verify-full");
  if (out.find("sslrootcert=") == std::string::npos) append_parameter(out, is_uri, "sslrootcert", ca_bundle);
  return out;
}

RedshiftWarehouse::RedshiftWarehouse(const std::string& target) : connection_(checked_conninfo(target), dialect_) {}

std::unique_ptr<StagingLoader> RedshiftWarehouse::open_staging_loader() {
  throw_error(ErrorKind::usage,
              "{} is loaded by Redshift's own COPY from S3, not row by row: run `sparkify etl` (it uploads local "
              "folders to [S3] STAGING first)",
              describe());
}

}  // namespace sparkify::warehouse
