// Dialect: every SQL statement sparkify runs against one engine, as readable
// text. The pipeline asks the dialect for statements and hands them to the
// warehouse; no other module builds SQL. `sparkify sql --dialect NAME` prints
// exactly these statements, in the order the pipeline runs them.
//
// Contract of the statements (the same on every engine; docs/semantics.md):
//  - drop_tables / create_tables: the 7 tables, staging first.
//  - clear_staging: empties both staging tables (run inside the etl transaction).
//  - build_star_schema: staging -> songplays, users, songs, artists, time.
//    Idempotent: running it twice on the same staging leaves the same tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sparkify::sql {

struct Statement {
  std::string name;  // what it does, e.g. "insert songplays"
  std::string text;  // one SQL statement, no trailing semicolon
};

// Parameters of a server-side bulk load (Redshift COPY from S3).
struct CopyParams {
  std::string events_uri;      // s3://bucket/prefix of the event logs
  std::string songs_uri;       // s3://bucket/prefix of the song files
  std::string jsonpaths_uri;   // s3://.../events_jsonpaths.json
  std::string iam_role_arn;
  std::string region;
  long long max_errors = 0;
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  virtual std::string_view name() const = 0;  // "duckdb", "postgres", "redshift"

  virtual std::vector<Statement> drop_tables() const = 0;
  virtual std::vector<Statement> create_tables() const = 0;
  virtual std::vector<Statement> clear_staging() const = 0;
  virtual std::vector<Statement> build_star_schema() const = 0;

  // Server-side COPY statements; empty for engines that are loaded by the client.
  virtual std::vector<Statement> copy_staging(const CopyParams& params) const;
};

}  // namespace sparkify::sql
