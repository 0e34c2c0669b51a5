#include "pipeline/server_side_load.h"

#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "aws/credentials.h"
#include "aws/s3_client.h"
#include "common/error.h"
#include "sql/redshift_dialect.h"

namespace sparkify::pipeline {
namespace {

bool is_s3(const std::string& location) { return location.rfind("s3://", 0) == 0; }

std::string join_key(const std::string& left, const std::string& right) {
  if (left.empty()) return right;
  std::string out = left;
  while (!out.empty() && out.back() == '/') out.pop_back();
  std::size_t start = 0;
  while (start < right.size() && right[start] == '/') ++start;
  return out + "/" + right.substr(start);
}

// Lazily created S3 client for the uploads, and the staging location.
class Uploader {
 public:
  explicit Uploader(const ServerSideSettings& settings) : settings_(settings) {}

  // s3:// URI of `folder` under [S3] STAGING after uploading every object.
  std::string upload_folder(source::Source& source, const std::vector<source::ObjectRef>& objects,
                            const std::string& folder, LoadStats& stats) {
    const auto staging = staging_location(fmt::format("upload the local folder {}", source.describe()));
    const std::string location = source.describe();
    source.fetch_objects(objects, [&](source::FetchedObject&& object) {
      if (object.error) {
        throw_error(ErrorKind::source, "cannot upload {} to {}: {}; fix or remove the file and rerun", object.ref->uri,
                    settings_.staging_uri, *object.error);
      }
      stats.bytes += static_cast<std::int64_t>(object.body.size());
      client().put_object(staging.bucket, staging_key(staging.key, folder, location, object.ref->uri),
                          std::move(object.body), "application/json");
    });
    return as_folder(fmt::format("s3://{}/{}", staging.bucket, join_key(staging.key, folder)));
  }

  std::string upload_jsonpaths() {
    const auto staging = staging_location("write the events JSONPaths file");
    const std::string key = join_key(staging.key, "events_jsonpaths.json");
    client().put_object(staging.bucket, key, sql::events_jsonpaths_document(), "application/json");
    return fmt::format("s3://{}/{}", staging.bucket, key);
  }

 private:
  aws::S3Uri staging_location(const std::string& purpose) const {
    if (settings_.staging_uri.empty()) {
      throw_error(ErrorKind::config,
                  "Redshift COPY reads only from S3: to {}, set STAGING = s3://bucket/prefix in [S3] of dwh.cfg "
                  "(or give s3:// locations and [S3] LOG_JSONPATH)",
                  purpose);
    }
    return aws::parse_s3_uri(settings_.staging_uri);
  }

  aws::S3Client& client() {
    if (!client_) client_.emplace(settings_.aws, aws::credentials_from(settings_.aws));
    return *client_;
  }

  const ServerSideSettings& settings_;
  std::optional<aws::S3Client> client_;
};

std::string load_error_text(const std::optional<std::string>& value) { return value.value_or("?"); }

// Writes the rows of stl_load_errors for the last COPY to the rejects file;
// returns how many there were and the first as "file line L column C: reason".
std::pair<std::int64_t, std::string> record_load_errors(warehouse::Warehouse& warehouse, RejectLog& rejects) {
  const auto result = warehouse.query(sql::recent_load_errors());
  std::string first;
  for (const auto& row : result.rows) {
    parse::Reject reject;
    reject.file = load_error_text(row.at(0));
    reject.line = std::stoll(row.at(1).value_or("0"));
    reject.reason = fmt::format("column {}: {}", load_error_text(row.at(2)), load_error_text(row.at(3)));
    rejects.write(reject);
    if (first.empty()) first = fmt::format("{} line {} {}", reject.file, reject.line, reject.reason);
  }
  return {static_cast<std::int64_t>(result.rows.size()), first};
}

void run_copy(warehouse::Warehouse& warehouse, const sql::Statement& copy, LoadStats& stats, RejectLog& rejects) {
  try {
    warehouse.execute(copy);
  } catch (const Error&) {
    // The failed COPY aborted the transaction; stl_load_errors is readable after the rollback.
    std::pair<std::int64_t, std::string> errors{0, ""};
    try {
      warehouse.rollback();
      errors = record_load_errors(warehouse, rejects);
    } catch (const Error&) {
      // stl_load_errors could not be read: the COPY's own error, rethrown below, says more.
    }
    const auto& [count, first] = errors;
    if (count == 0) throw;
    throw_error(ErrorKind::data, "\"{}\" failed on {}: {} row error(s), first: {}; all are in {}. Nothing was changed",
                copy.name, warehouse.describe(), count, first, rejects.path().string());
  }
  const auto loaded = warehouse.query(sql::last_copy_count());
  stats.loaded = std::stoll(loaded.rows.at(0).at(0).value_or("0"));
  stats.rejected = record_load_errors(warehouse, rejects).first;
  stats.records_read = stats.loaded + stats.rejected;
}

}  // namespace

std::string staging_key(const std::string& staging_prefix, const std::string& folder, const std::string& location,
                        const std::string& object_uri) {
  std::string relative =
      std::filesystem::path(object_uri).lexically_relative(std::filesystem::path(location)).generic_string();
  if (relative.empty() || relative.rfind("..", 0) == 0) {
    relative = std::filesystem::path(object_uri).filename().generic_string();
  }
  return join_key(join_key(staging_prefix, folder), relative);
}

std::string as_folder(const std::string& uri) {
  std::string out = uri;
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out + "/";
}

ServerSideSettings server_side_settings(const config::Settings& settings) {
  return {settings.aws, settings.s3.staging_uri, settings.s3.log_jsonpath, settings.iam_role_arn};
}

ServerSideStats load_staging_server_side(warehouse::Warehouse& warehouse, source::Source& songs,
                                         const std::vector<source::ObjectRef>& song_objects, source::Source& logs,
                                         const std::vector<source::ObjectRef>& log_objects,
                                         const ServerSideSettings& settings, std::int64_t max_errors,
                                         RejectLog& rejects) {
  if (settings.iam_role_arn.empty()) {
    throw_error(ErrorKind::config,
                "Redshift COPY needs a role the cluster can assume to read S3: set ARN in "
                "[IAM_ROLE] of dwh.cfg (`sparkify infra create` prints it)");
  }
  ServerSideStats stats;
  stats.songs.files = static_cast<std::int64_t>(song_objects.size());
  stats.events.files = static_cast<std::int64_t>(log_objects.size());
  Uploader uploader(settings);
  sql::CopyParams params;
  params.songs_uri = is_s3(songs.describe()) ? as_folder(songs.describe())
                                             : uploader.upload_folder(songs, song_objects, "song_data", stats.songs);
  params.events_uri = is_s3(logs.describe()) ? as_folder(logs.describe())
                                             : uploader.upload_folder(logs, log_objects, "log_data", stats.events);
  params.jsonpaths_uri = settings.staging_uri.empty() && !settings.log_jsonpath.empty() ? settings.log_jsonpath
                                                                                        : uploader.upload_jsonpaths();
  params.iam_role_arn = settings.iam_role_arn;
  params.region = settings.aws.region;
  params.max_errors = max_errors;

  for (const auto& copy : warehouse.dialect().copy_staging(params)) {
    run_copy(warehouse, copy, copy.name == "copy staging_songs" ? stats.songs : stats.events, rejects);
  }
  return stats;
}

}  // namespace sparkify::pipeline
