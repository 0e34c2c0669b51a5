// load_staging_server_side: fills the staging tables of a warehouse that loads
// itself from S3 (Warehouse::loads_staging_from_s3(), i.e. Redshift), inside
// the caller's open transaction:
//   1. a location that is s3://... is copied from as it is; a local folder is
//      uploaded first, object by object (read through its Source, written with
//      aws::S3Client PutObject), to <[S3] STAGING>/song_data/... and
//      <[S3] STAGING>/log_data/...;
//   2. the events JSONPaths document (sql::events_jsonpaths_document()) is
//      uploaded to <[S3] STAGING>/events_jsonpaths.json; without STAGING,
//      [S3] LOG_JSONPATH is used;
//   3. dialect().copy_staging() runs (COPY ... IAM_ROLE ... MAXERROR ...).
// After each COPY, the rows it skipped (stl_load_errors) are written to the
// rejects file and counted as rejected. When a COPY fails, the transaction is
// rolled back, stl_load_errors is read and the Error names file, line, column
// and reason of the first of them (all go to the rejects file).
//
// Not verified against a live cluster (docs/redshift.md): only the statement
// text, the JSONPaths document and the upload key mapping are tested.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/settings.h"
#include "pipeline/reject_log.h"
#include "pipeline/staging_load.h"
#include "source/source.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

// What the server-side load needs beyond the sources.
struct ServerSideSettings {
  config::AwsSettings aws;   // S3 client for uploads; aws.region is COPY's REGION
  std::string staging_uri;   // [S3] STAGING: s3://bucket/prefix for uploads
  std::string log_jsonpath;  // [S3] LOG_JSONPATH, used when staging_uri is empty
  std::string iam_role_arn;  // [IAM_ROLE] ARN
};
ServerSideSettings server_side_settings(const config::Settings& settings);

struct ServerSideStats {
  LoadStats songs, events;
};

ServerSideStats load_staging_server_side(warehouse::Warehouse& warehouse, source::Source& songs,
                                         const std::vector<source::ObjectRef>& song_objects, source::Source& logs,
                                         const std::vector<source::ObjectRef>& log_objects,
                                         const ServerSideSettings& settings, std::int64_t max_errors,
                                         RejectLog& rejects);

// The S3 key an uploaded object gets: <staging prefix>/<folder>/<path of the
// object below location>, with exactly one '/' between parts. `location` is
// the folder the Source was opened on, `object_uri` one of its objects.
std::string staging_key(const std::string& staging_prefix, const std::string& folder, const std::string& location,
                        const std::string& object_uri);

// `uri` with exactly one trailing '/', so that COPY's key-prefix match takes
// it as a folder (s3://b/log_data must not also match s3://b/log_data_old/...).
std::string as_folder(const std::string& uri);

}  // namespace sparkify::pipeline
