// RedshiftDialect: the pipeline's statements for Amazon Redshift, with the same
// tables, column names and star-schema results as DuckDbDialect/PostgresDialect
// (docs/semantics.md). docs/redshift.md gives the reasoning; in short:
//
//  - Physical design: songplays and time DISTKEY(start_time)
//    SORTKEY(start_time) (a high-cardinality key, so rows spread over every
//    slice, and the fact-time join is co-located; song_id is NULL for most
//    real plays and would put them all on one slice), songs DISTKEY(song_id),
//    the small users and artists DISTSTYLE ALL, staging DISTSTYLE EVEN.
//  - Staging is loaded by the cluster (copy_staging: COPY ... FROM a manifest
//    'MANIFEST' FORMAT AS JSON). COPY of the objects as they are cannot fill
//    source_file/source_line, so they are nullable here and stay NULL; a COPY
//    of packed parts (pipeline/repack.h) fills them from keys of the same
//    names that packing wrote into each record. staging_events.user_id is VARCHAR (COPY
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
#include <vector>

#include "sql/star_merge.h"

namespace sparkify::sql {

class RedshiftDialect final : public StarMergeDialect {
 public:
  RedshiftDialect();  // in redshift_merge.cpp
  std::string_view name() const override { return "redshift"; }
  std::vector<Statement> drop_tables() const override;
  std::vector<Statement> create_tables() const override;
  std::vector<Statement> clear_staging() const override;
  // One COPY per params.sources entry, FROM its MANIFEST (GZIP when the
  // entry says so): staging_events through the JSONPaths file at
  // params.jsonpaths_uri, staging_songs with 'auto'. Each carries IAM_ROLE,
  // REGION, MAXERROR kCopyMaxError (sparkify applies --max-errors itself, from
  // the load errors it reads), COMPUPDATE OFF and STATUPDATE ON.
  std::vector<CopyStatement> copy_staging(const CopyParams& params) const override;
  // Quotes and backslashes doubled, as Redshift's QUOTE_LITERAL does: a
  // backslash in a Redshift string literal escapes the next character.
  std::string string_literal(std::string_view text) const override;
  // CAST(column AS VARCHAR): Redshift's planner takes a declared (unenforced)
  // key as unique, so count(DISTINCT key) would equal count(*) even over
  // duplicates.
  std::string counted_key(std::string_view column) const override;
  // ISO dates and UTC as on PostgreSQL, and extra_float_digits = 2: Redshift
  // keeps the meaning it had before PostgreSQL 12 (digits added to 15), so 2
  // gives 17 significant digits, enough to read every double back exactly.
  std::vector<Statement> session_settings() const override;
};

// COPY's MAXERROR: the documented upper limit. A COPY fails when it reaches
// this many row errors, so at most kCopyMaxError - 1 rejected rows per COPY
// can be read back and judged against --max-errors.
inline constexpr long long kCopyMaxError = 100000;

// The COPY manifest for `object_uris` (full s3:// URLs, never a prefix): one
// {"url": ..., "mandatory": true} entry per object, in the given order.
std::string copy_manifest_document(const std::vector<std::string>& object_uris);

// The Redshift type of a column, e.g. "VARCHAR(512)" (the schema's width).
std::string redshift_type(const Column& column);

// The JSONPaths document for COPY staging_events: one "$.<jsonKey>" per
// column of the events COPY column list, in that order.
std::string events_jsonpaths_document();

// The keys packing writes into each record so that COPY fills the staging
// table's origin columns: its source_file and, where the table has one,
// source_line (staging_events). Each key is its column's name, as COPY's
// 'auto' (staging_songs) needs.
std::vector<std::string_view> packed_origin_keys(StagingTable table);

// The JSONPaths document for a COPY of packed event parts:
// events_jsonpaths_document()'s paths, then "$.<key>" per packed_origin_keys.
std::string packed_events_jsonpaths_document();

// `text` as the inside of a JSON string: '"' and '\' escaped, control
// characters as \u00XX, everything else (UTF-8 included) as it is.
std::string json_escape(std::string_view text);

// Where a cluster reports a COPY's rejected rows. stl: STL_LOAD_ERRORS, keyed
// by pg_last_copy_id(); filled only for COPYs run on a provisioned cluster's
// main cluster. sys: SYS_LOAD_ERROR_DETAIL, which also holds COPYs run on
// concurrency scaling clusters and on Redshift Serverless; its query ids are
// not STL's, so the last COPY is the session's latest in SYS_LOAD_HISTORY
// (session_id = pg_backend_pid()), and it has no raw line (NULL).
enum class LoadErrorView { stl, sys };

// The number of rows the session's last COPY rejected; run inside the COPY's
// transaction, before any rollback.
std::string last_copy_error_count(LoadErrorView view);

// Every row the session's last COPY rejected: file, line, column, reason,
// raw line, ordered by file and line. No LIMIT: each goes to the rejects file.
std::string last_copy_errors(LoadErrorView view);

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
