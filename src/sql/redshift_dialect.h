// RedshiftDialect: the pipeline's statements for Amazon Redshift, with the same
// tables, column names and star-schema results as DuckDbDialect/PostgresDialect
// (docs/semantics.md). docs/redshift.md gives the reasoning; in short:
//
//  - Physical design: songplays DISTKEY(song_id) SORTKEY(start_time), songs
//    DISTKEY(song_id) (the largest fact-dimension join is co-located), time
//    DISTKEY(start_time) SORTKEY(start_time) (as many rows as the fact), the
//    small users and artists DISTSTYLE ALL, staging DISTSTYLE EVEN.
//  - Staging is loaded by the cluster (copy_staging: COPY ... FROM 's3://...'
//    FORMAT AS JSON); COPY cannot fill source_file/source_line, so they are
//    nullable here and stay NULL. staging_events.user_id is VARCHAR (COPY
//    cannot turn "" into BIGINT); the transforms read
//    CAST(NULLIF(user_id, '') AS BIGINT). registration is DOUBLE PRECISION
//    (the logs write it as 1540919166796.0; it is not used by the star schema).
//  - Transforms: the shared merge (sql/star_merge.h; redshift_merge.cpp):
//    row_number() filters in subqueries, DELETE of the changed keys + INSERT,
//    UPDATE ... FROM a work table, all in the etl transaction. Redshift sorts
//    strings by bytes but ignores trailing spaces in = and <, so equalities
//    on text also compare LENGTH() and orderings end with it.
//
// strip_physical_design() is the only rewrite used to run these statements on
// PostgreSQL 15 in tests.
#pragma once

#include <string>
#include <string_view>

#include "sql/star_merge.h"

namespace sparkify::sql {

class RedshiftDialect final : public StarMergeDialect {
 public:
  RedshiftDialect();  // in redshift_merge.cpp
  std::string_view name() const override { return "redshift"; }
  std::vector<Statement> drop_tables() const override;
  std::vector<Statement> create_tables() const override;
  std::vector<Statement> clear_staging() const override;
  // COPY staging_events (JSONPaths file at params.jsonpaths_uri) and
  // COPY staging_songs ('auto'), each with IAM_ROLE, REGION and MAXERROR.
  std::vector<Statement> copy_staging(const CopyParams& params) const override;
};

// The Redshift type of a column, e.g. "VARCHAR(512)" (the schema's width).
std::string redshift_type(const Column& column);

// The JSONPaths document for COPY staging_events: one "$.<jsonKey>" per
// column of the events COPY column list, in that order.
std::string events_jsonpaths_document();

// The most recent COPY errors of this session: filename, line_number, colname,
// err_reason (stl_load_errors of pg_last_copy_id()).
std::string recent_load_errors();

// The number of rows the session's last COPY loaded (pg_last_copy_count()).
std::string last_copy_count();

// Removes Redshift's physical-design clauses so a statement runs on PostgreSQL:
// table-level `DISTKEY (...)`, `[COMPOUND|INTERLEAVED] SORTKEY (...)`,
// `DISTSTYLE ALL|EVEN|KEY|AUTO` and column-level `ENCODE <name>`, each with the
// whitespace before it (case-insensitive). Nothing else is changed. It assumes,
// as holds for sparkify's own statements, that these words do not occur inside
// string literals or identifiers.
std::string strip_physical_design(std::string_view sql);

}  // namespace sparkify::sql
