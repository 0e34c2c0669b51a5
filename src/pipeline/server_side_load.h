// The load of a warehouse that fills its staging tables itself from S3
// (Warehouse::loads_staging_from_s3(), i.e. Redshift COPY), in two steps:
//
//  1. stage_for_copy(), BEFORE the run's transaction, so no table lock is held
//     through the uploads. It writes, through the injected ObjectStore:
//     - every object of a local folder, to <[S3] STAGING>/song_data/... and
//       <[S3] STAGING>/log_data/... (objects already on s3:// stay where they are);
//     - the events JSONPaths file, <[S3] STAGING>/events_jsonpaths.json
//       (events_packed_jsonpaths.json when the events are packed, below);
//     - one COPY manifest per staging table and compression, listing exactly
//       the listed objects by full URL (never a prefix, so stale uploads and
//       keys the listing skipped are not loaded):
//       <[S3] STAGING>/manifests/<run id>/{song_data,log_data}[.gz].manifest.
//     When a table's objects are many and small (should_repack; --no-repack
//     turns it off), they are not uploaded or listed one by one: they are
//     packed (pipeline/repack.h) into gzip NDJSON parts under
//     <[S3] STAGING>/packed/<run id>/{song_data,log_data}/, listed by the
//     manifest {song_data,log_data}.packed.manifest and COPY-ed with GZIP,
//     their records carrying source_file (and source_line) for the staging
//     columns.
//     Records rejected while packing go to the rejects file; more of them
//     than --max-errors stop the run here, before the transaction.
//     It refuses a --max-errors that COPY cannot honour (> kCopyMaxError - 1).
//     COPY's REGION is the region every bucket it reads lives in (staging and
//     the s3:// sources of tables not packed, asked with ObjectStore::bucket_region() before any
//     write); buckets in two regions are an Error(config) at once, and when no
//     bucket's region is known, settings.region is used.
//  2. copy_into_staging(), inside the run's transaction: each COPY of
//     dialect().copy_staging() (MAXERROR kCopyMaxError), then, still inside
//     the transaction, the rows it loaded (pg_last_copy_count()), the number it
//     rejected (a count over the load-error view, below) and every
//     rejected row, written to the rejects file. When the rejects so far are
//     more than --max-errors it throws Error(data) at once; the caller's
//     Transaction then rolls back. It never rolls back itself. A COPY that
//     fails (kCopyMaxError errors, or an error before the load, such as access
//     to S3) propagates its warehouse Error unchanged.
//     Load errors are read from STL_LOAD_ERRORS, or from SYS_LOAD_ERROR_DETAIL
//     (sql::LoadErrorView) when the host is Redshift Serverless
//     (*.redshift-serverless.amazonaws.com), and also when STL has none for a
//     COPY of packed parts that loaded fewer rows than were packed (the COPY
//     ran on a concurrency scaling cluster, which STL does not cover). A
//     rejected row of a packed part is reported with the object and line it
//     came from (PackedOrigins); the part and its line are added to the reason.
//
// Not verified against a live cluster (docs/redshift.md): the statements are
// golden-tested and this code runs against an in-memory ObjectStore and a
// recording Warehouse.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/progress.h"
#include "config/settings.h"
#include "pipeline/reject_log.h"
#include "pipeline/repack.h"
#include "pipeline/staging_load.h"
#include "source/object_store.h"
#include "source/source.h"
#include "sql/dialect.h"
#include "sql/redshift_dialect.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

// What the server-side load needs beyond the sources.
struct ServerSideSettings {
  std::string region;                          // COPY's REGION ([AWS] REGION)
  std::string staging_uri;                     // [S3] STAGING: s3://bucket/prefix for uploads and manifests
  std::string iam_role_arn;                    // [IAM_ROLE] ARN
  std::string run_id;                          // names this run's manifests; unique per run
  std::shared_ptr<source::ObjectStore> store;  // where uploads and manifests are written
  RepackPolicy repack;                         // [CLUSTER] SLICES; --no-repack
  bool serverless = false;                     // the host is Redshift Serverless: load errors from SYS
  int threads = 0;                             // fetch workers for packing; 0: one per core
};
// Everything but `store`, which the command injects; run_id from the clock and
// the process id; serverless from the target's host (or [CLUSTER] HOST).
ServerSideSettings server_side_settings(const config::Settings& settings);

// True for a Redshift Serverless endpoint: a host name ending in
// ".redshift-serverless.amazonaws.com" (any case).
bool is_serverless_host(std::string_view host);

struct ServerSideStats {
  LoadStats songs, events;
};

// The outcome of stage_for_copy(): the COPY parameters and the files and
// bytes uploaded per table. The uploads of local files are phases of
// `board` ("uploading song_data"), when given.
struct CopyPlan {
  sql::CopyParams params;
  ServerSideStats stats;  // packing's rejects already counted
  sql::LoadErrorView load_errors = sql::LoadErrorView::stl;
  PackedOrigins origins;                               // lines of the packed parts
  std::map<std::string, std::int64_t> packed_records;  // packed manifest uri -> records in its parts
};

CopyPlan stage_for_copy(source::Source& songs, const std::vector<source::ObjectRef>& song_objects, source::Source& logs,
                        const std::vector<source::ObjectRef>& log_objects, const ServerSideSettings& settings,
                        std::int64_t max_errors, RejectLog& rejects, progress::Board* board = nullptr);

ServerSideStats copy_into_staging(warehouse::Warehouse& warehouse, const CopyPlan& plan, std::int64_t max_errors,
                                  RejectLog& rejects);

// The S3 key an uploaded object gets: <staging prefix>/<folder>/<path of the
// object below location>, with exactly one '/' between parts. `location` is
// the folder the Source was opened on, `object_uri` one of its objects.
std::string staging_key(const std::string& staging_prefix, const std::string& folder, const std::string& location,
                        const std::string& object_uri);

}  // namespace sparkify::pipeline
