// RedshiftWarehouse: a Warehouse over Amazon Redshift, which speaks the
// PostgreSQL wire protocol: it is a PostgresWarehouse (libpq, same session
// settings, same result text) with sql::RedshiftDialect and TLS by default.
//
// Contract (beyond warehouse.h):
//  - The target is redshift://user@host:5439/db[?params] (sent to libpq as
//    postgresql://...) or a conninfo string (from [CLUSTER]). TLS with
//    verification is the default (sslmode=verify-full, sslrootcert = the
//    Amazon Redshift CA bundle, see redshift_ca_bundle()); a target that sets
//    sslmode keeps its own. A missing bundle is an Error(config) saying where
//    to download it. Messages and describe() show redshift://user@host:port/db.
//  - Staging is loaded by the cluster with COPY from S3
//    (loads_staging_from_s3() is true, see pipeline/server_side_load.h);
//    open_staging_loader() throws Error(usage).
#pragma once

#include <memory>
#include <string>

#include "sql/redshift_dialect.h"
#include "warehouse/postgres_warehouse.h"

namespace sparkify::warehouse {

class RedshiftWarehouse final : public Warehouse {
 public:
  explicit RedshiftWarehouse(const std::string& target);

  std::string describe() const override { return connection_.describe(); }
  const sql::Dialect& dialect() const override { return dialect_; }

  void execute(const sql::Statement& statement) override { connection_.execute(statement); }
  std::optional<std::int64_t> execute_counted(const sql::Statement& statement) override {
    return connection_.execute_counted(statement);
  }
  QueryResult query(std::string_view sql) override { return connection_.query(sql); }
  // Row by row, as PostgresWarehouse::stream_query (libpq's single-row mode).
  void stream_query(std::string_view sql, RowSink& sink) override { connection_.stream_query(sql, sink); }

  void begin() override { connection_.begin(); }
  void commit() override { connection_.commit(); }
  void rollback() override { connection_.rollback(); }

  std::unique_ptr<StagingLoader> open_staging_loader() override;
  bool loads_staging_from_s3() const override { return true; }

 private:
  sql::RedshiftDialect dialect_;
  PostgresWarehouse connection_;
};

inline constexpr std::string_view kRedshiftDefaultPort = "5439";

// Where the Amazon Redshift CA bundle is published (AWS Management Guide,
// "Configuring security options for connections").
inline constexpr std::string_view kRedshiftCaBundleUrl =
    "https://s3.amazonaws.com/redshift-downloads/amazon-trust-ca-bundle.crt";
inline constexpr std::string_view kRedshiftCaBundleEnv = "SPARKIFY_REDSHIFT_CA_BUNDLE";

// The CA bundle file sparkify verifies Redshift with: $SPARKIFY_REDSHIFT_CA_BUNDLE,
// else ~/.postgresql/amazon-trust-ca-bundle.crt.
std::string redshift_ca_bundle();

// The libpq conninfo/URI for a Redshift target: redshift:// becomes
// postgresql://, and unless the target gives sslmode, sslmode=verify-full
// (the server's certificate and host name are checked) is appended, with
// sslrootcert=<ca_bundle> unless the target gives sslrootcert.
std::string redshift_conninfo(const std::string& target, const std::string& ca_bundle);

}  // namespace sparkify::warehouse
