// RedshiftWarehouse: a Warehouse over Amazon Redshift, which speaks the
// PostgreSQL wire protocol: it is a PostgresWarehouse (libpq, same session
// settings, same result text) with sql::RedshiftDialect and TLS by default.
//
// Contract (beyond warehouse.h):
//  - The target is redshift://user@host:5439/db[?params] (sent to libpq as
//    postgresql://...) or a conninfo string (from [CLUSTER]). sslmode=require
//    is added unless the target sets sslmode itself. Messages and describe()
//    show it as redshift://user@host:port/db.
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
  QueryResult query(std::string_view sql) override { return connection_.query(sql); }

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

// The libpq conninfo/URI for a Redshift target: redshift:// becomes
// postgresql://, and sslmode=require is appended unless sslmode is given.
std::string redshift_conninfo(const std::string& target);

}  // namespace sparkify::warehouse
