// The load of a warehouse that fills its staging tables itself from S3
// (Warehouse::loads_staging_from_s3(), i.e. Redshift COPY), in two steps:
//
//  1. stage_for_copy(), BEFORE the run's transaction, so no table lock is held
//     through the uploads. It writes, through the injected ObjectStore:
//     - every object of a local folder, to <[S3] STAGING>/song_data/... and
//       <[S3] STAGING>/log_data/... (objects already on s3:// stay where they are);
//     - the events JSONPaths file, <[S3] STAGING>/events_jsonpaths.json;
//     - one COPY manifest per staging table and compression, listing exactly
//       the listed objects by full URL (never a prefix, so stale uploads and
//       keys the listing skipped are not loaded):
//       <[S3] STAGING>/manifests/<run id>/{song_data,log_data}[.gz].manifest.
//     It refuses a --max-errors that COPY cannot honour (> kCopyMaxError - 1).
//     COPY's REGION is the region every bucket read lives in (staging and
//     s3:// sources, asked with ObjectStore::bucket_region() before any
//     write); buckets in two regions are an Error(config) at once, and when no
//     bucket's region is known, settings.region is used.
//  2. copy_into_staging(), inside the run's transaction: each COPY of
//     dialect().copy_staging() (MAXERROR kCopyMaxError), then, still inside
//     the transaction, the rows it loaded (pg_last_copy_count()), the number it
//     rejected (a count over stl_load_errors for pg_last_copy_id()) and every
//     rejected row, written to the rejects file. When the rejects so far are
//     more than --max-errors it throws Error(data) at once; the caller's
//     Transaction then rolls back. It never rolls back itself. A COPY that
//     fails (kCopyMaxError errors, or an error before the load, such as access
//     to S3) propagates its warehouse Error unchanged.
//
// Not verified against a live cluster (docs/redshift.md): the statements are
// golden-tested and this code runs against an in-memory ObjectStore and a
// recording Warehouse.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/progress.h"
#include "config/settings.h"
#include "pipeline/reject_log.h"
#include "pipeline/staging_load.h"
#include "source/object_store.h"
#include "source/source.h"
#include "sql/dialect.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

// What the server-side load needs beyond the sources.
struct ServerSideSettings {
  std::string region;                          // COPY's REGION ([AWS] REGION)
  std::string staging_uri;                     // [S3] STAGING: s3://bucket/prefix for uploads and manifests
  std::string iam_role_arn;                    // [IAM_ROLE] ARN
  std::string run_id;                          // names this run's manifests; unique per run
  std::shared_ptr<source::ObjectStore> store;  // where uploads and manifests are written
};
// Everything but `store`, which the command injects; run_id from the clock and
// the process id.
ServerSideSettings server_side_settings(const config::Settings& settings);

struct ServerSideStats {
  LoadStats songs, events;
};

// The outcome of stage_for_copy(): the COPY parameters and the files and
// bytes uploaded per table. The uploads of local files are phases of
// `board` ("uploading song_data"), when given.
struct CopyPlan {
  sql::CopyParams params;
  ServerSideStats stats;
};

CopyPlan stage_for_copy(source::Source& songs, const std::vector<source::ObjectRef>& song_objects, source::Source& logs,
                        const std::vector<source::ObjectRef>& log_objects, const ServerSideSettings& settings,
                        std::int64_t max_errors, progress::Board* board = nullptr);

ServerSideStats copy_into_staging(warehouse::Warehouse& warehouse, const CopyPlan& plan, std::int64_t max_errors,
                                  RejectLog& rejects);

// The S3 key an uploaded object gets: <staging prefix>/<folder>/<path of the
// object below location>, with exactly one '/' between parts. `location` is
// the folder the Source was opened on, `object_uri` one of its objects.
std::string staging_key(const std::string& staging_prefix, const std::string& folder, const std::string& location,
                        const std::string& object_uri);

}  // namespace sparkify::pipeline
