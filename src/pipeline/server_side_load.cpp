#include "pipeline/server_side_load.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "common/error.h"

namespace sparkify::pipeline {
namespace {

bool is_s3(const std::string& uri) { return uri.rfind("s3://", 0) == 0; }
bool is_gzip(const std::string& uri) { return uri.ends_with(".gz"); }

std::string join_key(const std::string& left, const std::string& right) {
  if (left.empty()) return right;
  std::string out = left;
  while (!out.empty() && out.back() == '/') out.pop_back();
  std::size_t start = 0;
  while (start < right.size() && right[start] == '/') ++start;
  return out + "/" + right.substr(start);
}

// [S3] STAGING as {bucket, key prefix}; throws Error(config) when it is not set.
struct Staging {
  std::string bucket, prefix;
  std::string uri(const std::string& key) const { return fmt::format("s3://{}/{}", bucket, join_key(prefix, key)); }
};

Staging staging_location(const ServerSideSettings& settings) {
  if (settings.staging_uri.empty() || !is_s3(settings.staging_uri)) {
    throw_error(ErrorKind::config,
                "Redshift COPY loads from S3 through a manifest that sparkify writes for each run: set STAGING = "
                "s3://bucket/prefix in [S3] of dwh.cfg (got '{}'); local folders are uploaded there too",
                settings.staging_uri);
  }
  const std::string rest = settings.staging_uri.substr(5);
  const auto slash = rest.find('/');
  if (slash == 0 || rest.empty()) {
    throw_error(ErrorKind::config, "[S3] STAGING = '{}' names no bucket: write s3://bucket/prefix",
                settings.staging_uri);
  }
  return {rest.substr(0, slash), slash == std::string::npos ? "" : rest.substr(slash + 1)};
}

// The host the target connects to: from a redshift:// (or postgresql://) URI,
// else [CLUSTER] HOST.
std::string target_host(const config::Settings& settings) {
  const auto scheme = settings.target.find("://");
  if (scheme == std::string::npos) return settings.cluster.host;
  std::string rest = settings.target.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?"));
  if (const auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.find(':'));
}

// The s3:// URLs COPY reads for `objects`: uploaded first when they are local.
std::vector<std::string> object_urls(source::Source& source, const std::vector<source::ObjectRef>& objects,
                                     const std::string& folder, const Staging& staging, source::ObjectStore& store,
                                     LoadStats& stats, progress::Board& board) {
  std::vector<std::string> urls;
  std::vector<source::ObjectRef> local;
  for (const auto& object : objects) {
    if (is_s3(object.uri)) {
      urls.push_back(object.uri);
      stats.bytes += static_cast<std::int64_t>(object.size);
    } else {
      local.push_back(object);
    }
  }
  if (local.empty()) return urls;
  const std::string location = source.describe();
  progress::PhaseScope phase(board, "uploading " + folder, static_cast<std::int64_t>(local.size()), "files");
  source.fetch_objects(local, [&](source::FetchedObject&& object) {
    if (object.error) {
      throw_error(ErrorKind::source, "cannot upload {} to {}: {}; fix or remove the file and rerun", object.ref->uri,
                  staging.uri(folder), *object.error);
    }
    stats.bytes += static_cast<std::int64_t>(object.body.size());
    phase.counters().add(1, 1, static_cast<std::int64_t>(object.body.size()));
    const std::string url = staging.uri(staging_key("", folder, location, object.ref->uri));
    store.put(url, std::move(object.body), is_gzip(url) ? "application/gzip" : "application/json");
    urls.push_back(url);
    return true;
  });
  std::sort(urls.begin(), urls.end());
  return urls;
}

// One manifest per compression, written under this run's folder; appended to `sources`.
void write_manifests(sql::StagingTable table, const std::string& folder, const std::vector<std::string>& urls,
                     const Staging& staging, const ServerSideSettings& settings,
                     std::vector<sql::CopySource>& sources) {
  for (const bool gzip : {false, true}) {
    std::vector<std::string> group;
    for (const auto& url : urls) {
      if (is_gzip(url) == gzip) group.push_back(url);
    }
    if (group.empty()) continue;
    const std::string manifest =
        staging.uri(fmt::format("manifests/{}/{}{}.manifest", settings.run_id, folder, gzip ? ".gz" : ""));
    settings.store->put(manifest, sql::copy_manifest_document(group), "application/json");
    sources.push_back({table, manifest, gzip});
  }
}

std::string bucket_of(const std::string& s3_uri) {
  const std::string rest = s3_uri.substr(5);
  return rest.substr(0, rest.find('/'));
}

// COPY's REGION: the one region of every bucket it reads (data, manifests,
// JSONPaths), found with HeadBucket; settings.region when no bucket's region
// is known. Buckets in two regions cannot be read by one COPY: Error(config).
std::string copy_region(const std::vector<std::string>& urls, const Staging& staging,
                        const ServerSideSettings& settings) {
  std::map<std::string, std::string> regions;  // bucket -> region ("" unknown)
  regions[staging.bucket] = settings.store->bucket_region(staging.bucket);
  for (const auto& url : urls) {
    const std::string bucket = bucket_of(url);
    if (!regions.contains(bucket)) regions[bucket] = settings.store->bucket_region(bucket);
  }
  std::string region, first_bucket;
  for (const auto& [bucket, bucket_region] : regions) {
    if (bucket_region.empty()) continue;
    if (region.empty()) {
      region = bucket_region;
      first_bucket = bucket;
    } else if (bucket_region != region) {
      throw_error(ErrorKind::config,
                  "Redshift COPY reads every object of a load from one region (its REGION), but s3://{} is in {} "
                  "and s3://{} in {}: put [S3] STAGING in a bucket of the data's region, or copy the data there",
                  first_bucket, region, bucket, bucket_region);
    }
  }
  return region.empty() ? settings.region : region;
}

std::int64_t single_integer(const warehouse::QueryResult& result, std::string_view what) {
  if (result.rows.empty() || result.rows[0].empty() || !result.rows[0][0]) {
    throw_error(ErrorKind::warehouse, "{} returned no value; rerun, and if it persists run it by hand", what);
  }
  return std::stoll(*result.rows[0][0]);
}

std::string text_or(const std::optional<std::string>& value, std::string_view fallback) {
  return value ? *value : std::string(fallback);
}

// Reads the last COPY's rejected rows from `view` into the rejects file, each
// named by its original object when it comes from a packed part; returns their count.
std::int64_t record_load_errors(warehouse::Warehouse& warehouse, sql::LoadErrorView view, const PackedOrigins& origins,
                                RejectLog& rejects) {
  const std::int64_t count = single_integer(warehouse.query(sql::last_copy_error_count(view)), "the load error count");
  if (count == 0) return 0;
  for (const auto& row : warehouse.query(sql::last_copy_errors(view)).rows) {
    parse::Reject reject;
    reject.file = text_or(row.at(0), "?");
    reject.line = std::stoll(row.at(1).value_or("0"));
    reject.reason = fmt::format("column {}: {}", text_or(row.at(2), "?"), text_or(row.at(3), "?"));
    reject.raw = text_or(row.at(4), "");
    if (const auto origin = origins.find(reject.file, reject.line)) {
      reject.reason += fmt::format(" (line {} of packed part {})", reject.line, reject.file);
      reject.file = origin->file;
      reject.line = origin->line;
    }
    rejects.write(reject);
  }
  return count;
}

// Packs a table's objects into parts under <staging>/packed/<run id>/<folder>/
// and writes their manifest; appended to `plan`.
void pack_table(sql::StagingTable table, const std::string& folder, source::Source& source,
                const std::vector<source::ObjectRef>& objects, const Staging& staging,
                const ServerSideSettings& settings, RejectLog& rejects, LoadStats& stats, CopyPlan& plan) {
  const std::string prefix = staging.uri(fmt::format("packed/{}/{}", settings.run_id, folder));
  const PackResult packed = pack_objects(table, source, objects, prefix, *settings.store, settings.repack.slices,
                                         settings.threads, rejects, plan.origins);
  stats.bytes += static_cast<std::int64_t>(packed.input_bytes);
  stats.rejected += packed.rejected;
  stats.records_read += packed.rejected;
  stats.failed_objects += packed.failed_objects;
  if (packed.part_urls.empty()) return;
  const std::string manifest = staging.uri(fmt::format("manifests/{}/{}.packed.manifest", settings.run_id, folder));
  settings.store->put(manifest, sql::copy_manifest_document(packed.part_urls), "application/json");
  plan.params.sources.push_back({table, manifest, true, true});
  plan.packed_records[manifest] = packed.records;
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

ServerSideSettings server_side_settings(const config::Settings& settings) {
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  ServerSideSettings out;
  out.region = settings.aws.region;
  out.staging_uri = settings.s3.staging_uri;
  out.iam_role_arn = settings.iam_role_arn;
  out.run_id = fmt::format("{}-{}", now, static_cast<long>(::getpid()));
  if (!settings.cluster.slices.empty()) {
    try {
      std::size_t used = 0;
      out.repack.slices = std::stoi(settings.cluster.slices, &used);
      if (used != settings.cluster.slices.size() || out.repack.slices < 1) throw std::invalid_argument("slices");
    } catch (const std::exception&) {
      throw_error(ErrorKind::config,
                  "[CLUSTER] SLICES = '{}' is not a whole number of 1 or more: give the cluster's slice count "
                  "(SELECT count(*) FROM stv_slices), or leave it out for {}",
                  settings.cluster.slices, RepackPolicy{}.slices);
    }
  }
  out.serverless = is_serverless_host(target_host(settings));
  out.threads = settings.threads;
  return out;
}

bool is_serverless_host(std::string_view host) {
  constexpr std::string_view kSuffix = ".redshift-serverless.amazonaws.com";
  if (host.size() <= kSuffix.size()) return false;
  const auto tail = host.substr(host.size() - kSuffix.size());
  return std::equal(tail.begin(), tail.end(), kSuffix.begin(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

CopyPlan stage_for_copy(source::Source& songs, const std::vector<source::ObjectRef>& song_objects, source::Source& logs,
                        const std::vector<source::ObjectRef>& log_objects, const ServerSideSettings& settings,
                        std::int64_t max_errors, RejectLog& rejects, progress::Board* board) {
  if (max_errors >= sql::kCopyMaxError) {
    throw_error(ErrorKind::usage,
                "--max-errors {} is more than Redshift COPY can report: a COPY stops at {} rejected rows "
                "(MAXERROR's limit), so give --max-errors {} or less",
                max_errors, sql::kCopyMaxError, sql::kCopyMaxError - 1);
  }
  if (settings.iam_role_arn.empty()) {
    throw_error(ErrorKind::config,
                "Redshift COPY needs a role the cluster can assume to read S3: set ARN in "
                "[IAM_ROLE] of dwh.cfg (`sparkify infra up` prints it)");
  }
  if (!settings.store) throw_error(ErrorKind::usage, "the Redshift load was given no object store to write to");
  const Staging staging = staging_location(settings);
  CopyPlan plan;
  plan.load_errors = settings.serverless ? sql::LoadErrorView::sys : sql::LoadErrorView::stl;
  const bool pack_songs = should_repack(song_objects, settings.repack);
  const bool pack_logs = should_repack(log_objects, settings.repack);
  std::vector<std::string> s3_urls;  // what COPY reads in place; local and packed objects go to the staging bucket
  for (const auto& [objects, packed] : {std::pair{&song_objects, pack_songs}, std::pair{&log_objects, pack_logs}}) {
    for (const auto& object : *objects) {
      if (!packed && is_s3(object.uri)) s3_urls.push_back(object.uri);
    }
  }
  plan.params.region = copy_region(s3_urls, staging, settings);  // before any write: fail early
  plan.stats.songs.files = static_cast<std::int64_t>(song_objects.size());
  plan.stats.events.files = static_cast<std::int64_t>(log_objects.size());
  progress::Board unwatched;
  progress::Board& shown = board ? *board : unwatched;
  if (pack_songs) {
    pack_table(sql::StagingTable::songs, "song_data", songs, song_objects, staging, settings, rejects, plan.stats.songs,
               plan);
  } else {
    const auto urls = object_urls(songs, song_objects, "song_data", staging, *settings.store, plan.stats.songs, shown);
    write_manifests(sql::StagingTable::songs, "song_data", urls, staging, settings, plan.params.sources);
  }
  if (pack_logs) {
    plan.params.packed_jsonpaths_uri = staging.uri("events_packed_jsonpaths.json");
    settings.store->put(plan.params.packed_jsonpaths_uri, sql::packed_events_jsonpaths_document(), "application/json");
    pack_table(sql::StagingTable::events, "log_data", logs, log_objects, staging, settings, rejects, plan.stats.events,
               plan);
  } else {
    const auto urls = object_urls(logs, log_objects, "log_data", staging, *settings.store, plan.stats.events, shown);
    plan.params.jsonpaths_uri = staging.uri("events_jsonpaths.json");
    settings.store->put(plan.params.jsonpaths_uri, sql::events_jsonpaths_document(), "application/json");
    write_manifests(sql::StagingTable::events, "log_data", urls, staging, settings, plan.params.sources);
  }
  plan.params.iam_role_arn = settings.iam_role_arn;
  const std::int64_t packing_rejects = plan.stats.songs.rejected + plan.stats.events.rejected;
  if (packing_rejects > max_errors) {
    throw_error(ErrorKind::data,
                "{} record(s) rejected while packing small objects for COPY, more than --max-errors {}; every one "
                "(file, line, reason) is in {}. Nothing was loaded",
                packing_rejects, max_errors, rejects.path().string());
  }
  return plan;
}

ServerSideStats copy_into_staging(warehouse::Warehouse& warehouse, const CopyPlan& plan, std::int64_t max_errors,
                                  RejectLog& rejects) {
  ServerSideStats stats = plan.stats;
  std::int64_t rejected_so_far = stats.songs.rejected + stats.events.rejected;  // while packing
  const auto copies = warehouse.dialect().copy_staging(plan.params);
  for (std::size_t i = 0; i < copies.size(); ++i) {
    const auto& copy = copies[i];
    LoadStats& table = copy.table == sql::StagingTable::songs ? stats.songs : stats.events;
    warehouse.execute(copy.statement);
    const std::int64_t loaded = single_integer(warehouse.query(sql::last_copy_count()), "pg_last_copy_count()");
    std::int64_t rejected = record_load_errors(warehouse, plan.load_errors, plan.origins, rejects);
    const auto packed = plan.packed_records.find(plan.params.sources.at(i).manifest_uri);
    if (rejected == 0 && plan.load_errors == sql::LoadErrorView::stl && packed != plan.packed_records.end() &&
        loaded < packed->second) {
      rejected = record_load_errors(warehouse, sql::LoadErrorView::sys, plan.origins, rejects);  // not in STL
    }
    table.loaded += loaded;
    table.rejected += rejected;
    table.records_read += loaded + rejected;
    rejected_so_far += rejected;
    if (rejected_so_far > max_errors) {
      throw_error(ErrorKind::data,
                  "\"{}\" rejected {} row(s), {} in this run so far, more than --max-errors {}; every rejected row "
                  "(file, line, column, reason) is in {}. Nothing was changed in {}",
                  copy.statement.name, rejected, rejected_so_far, max_errors, rejects.path().string(),
                  warehouse.describe());
    }
  }
  return stats;
}

}  // namespace sparkify::pipeline
