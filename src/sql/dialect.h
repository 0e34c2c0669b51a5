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
//  - copy_staging: the server-side loads (Redshift COPY), each tagged with the
//    staging table it fills, so callers never pick statements by name.
//  - now_sql: an expression for "now" as a TIMESTAMP that the engine accepts
//    in an INSERT into a user table (the load audit's finished_at).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sparkify::sql {

struct Statement {
  std::string name;  // what it does, e.g. "insert songplays"
  std::string text;  // one SQL statement, no trailing semicolon
};

enum class StagingTable { events, songs };

// One server-side load: the objects listed in one manifest, all plain JSON or
// all gzip-compressed JSON (a manifest cannot mix them: COPY's GZIP applies to
// every object it reads).
struct CopySource {
  StagingTable table = StagingTable::events;
  std::string manifest_uri;  // s3://.../<name>.manifest, listing every object by full URL
  bool gzip = false;
};

// Parameters of the server-side bulk loads (Redshift COPY from S3).
struct CopyParams {
  std::vector<CopySource> sources;  // one COPY each, in this order
  std::string jsonpaths_uri;        // s3://.../events_jsonpaths.json
  std::string iam_role_arn;
  std::string region;
};

struct CopyStatement {
  StagingTable table;
  Statement statement;
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  virtual std::string_view name() const = 0;  // "duckdb", "postgres", "redshift"

  virtual std::vector<Statement> drop_tables() const = 0;
  virtual std::vector<Statement> create_tables() const = 0;
  virtual std::vector<Statement> clear_staging() const = 0;
  virtual std::vector<Statement> build_star_schema() const = 0;

  // Server-side COPY statements, one per params.sources entry; empty for
  // engines that are loaded by the client.
  virtual std::vector<CopyStatement> copy_staging(const CopyParams& params) const;

  // Run once per connection before anything else (SET statements); default none.
  virtual std::vector<Statement> session_settings() const;

  // `text` as a string literal of this engine (default: quote_literal, quotes
  // doubled). For values sparkify itself produces.
  virtual std::string string_literal(std::string_view text) const;

  // "Now" as a TIMESTAMP expression (default CAST(CURRENT_TIMESTAMP AS TIMESTAMP)).
  virtual std::string_view now_sql() const;
};

}  // namespace sparkify::sql
