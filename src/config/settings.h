// Settings: everything a command needs to know, resolved once from (lowest to
// highest precedence) built-in defaults, dwh.cfg, the environment, and flags;
// config/setting_rules.h holds the rule of each setting, one row each.
// Immutable after resolve_settings(); modules receive the parts they need by
// const&. Secrets (AWS secret key, DB password) are held here but never
// printed in messages.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/ini_document.h"

namespace sparkify::config {

// Reads one environment variable; unset or empty gives nullopt.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;
Environment process_environment();

struct AwsSettings {
  // [AWS] REGION / [DWH] DWH_REGION / AWS_DEFAULT_REGION / AWS_REGION / --region; when none is
  // given, the profile's `region` in ~/.aws/config.
  std::string region = "us-west-2";
  // The key pair of dwh.cfg's [AWS] KEY/SECRET (or set by code): one link of
  // the credential chain (aws/credential_chain.h), which also reads the
  // environment, the profile files, containers and instance roles.
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  std::string profile;  // AWS_PROFILE / --profile (empty: the "default" profile)
  // The environment the credential chain reads (AWS_ACCESS_KEY_ID, AWS_CONFIG_FILE,
  // ...); resolve_settings() sets the process's. Empty (settings built by code):
  // the chain is only the key pair above.
  Environment environment;
  std::string endpoint_url;  // --endpoint-url / AWS_ENDPOINT_URL (service-specific vars win per service)
  // "s3" -> AWS_ENDPOINT_URL_S3, "iam", "redshift", "ec2", "sts", "sso"
  std::map<std::string, std::string> service_endpoints;
  bool no_sign_request = false;  // --no-sign-request
  // S3 addressing: unset = path-style with an endpoint override (S3-compatible
  // stores), virtual-hosted (bucket.s3.REGION.amazonaws.com) on AWS itself.
  std::optional<bool> path_style;  // false with --virtual-hosted
  int s3_max_in_flight = 48;       // concurrent S3 GETs (SPARKIFY_S3_MAX_IN_FLIGHT)
  int s3_stall_seconds = 20;       // an S3 transfer silent this long is a failed attempt (SPARKIFY_S3_STALL_SECONDS)

  // Endpoint override for a service ("s3", "iam", ...), or empty for AWS's default.
  std::string endpoint_for(const std::string& service) const;
};

struct ClusterSettings {  // [CLUSTER]
  std::string host;
  std::string db_name;
  std::string db_user;
  std::string db_password;  // or PGPASSWORD / .pgpass when empty
  std::string db_port;      // empty: the engine's default port (PostgreSQL 5432, Redshift 5439)
  std::string slices;       // Redshift: the cluster's slices, for sizing packed COPY parts; empty: 8
};

struct DwhSettings {  // [DWH]: the cluster sparkify infra creates
  std::string cluster_type = "multi-node";
  std::string num_nodes = "4";
  std::string node_type = "dc2.large";
  std::string iam_role_name = "dwhRole";
  std::string cluster_identifier = "dwhCluster";
  std::string db = "dwh";
  std::string db_user = "dwhuser";
  std::string db_password;  // DWH_DB_PASSWORD / env SPARKIFY_DWH_DB_PASSWORD
  std::string port = "5439";
};

struct S3Settings {          // [S3]
  std::string log_data;      // s3://bucket/log_data
  std::string log_jsonpath;  // s3://bucket/log_json_path.json
  std::string song_data;     // s3://bucket/song_data
  std::string staging_uri;   // where local folders are uploaded for Redshift COPY
};

struct Settings {
  std::filesystem::path config_path = "dwh.cfg";
  std::string target = "duckdb:sparkify.duckdb";  // --target
  std::string song_data;                          // resolved song location (folder or s3:// URI)
  std::string log_data;                           // resolved log location
  std::string song_prefix = "song_data";
  std::string log_prefix = "log_data";
  std::int64_t max_errors = 0;
  std::filesystem::path rejects_path = "rejects.ndjson";
  int threads = 0;  // 0: one per core
  AwsSettings aws;
  ClusterSettings cluster;
  DwhSettings dwh;
  S3Settings s3;
  std::string iam_role_arn;           // [IAM_ROLE] ARN
  std::vector<std::string> warnings;  // "dwh.cfg:LINE: unknown key ..." for the command to print
};

// Values given on the command line; unset ones leave config/env values alone.
struct Overrides {
  std::optional<std::string> target, source, song_data, log_data, song_prefix, log_prefix;
  std::optional<std::int64_t> max_errors;
  std::optional<std::filesystem::path> rejects_path;
  std::optional<int> threads;
  std::optional<std::string> region, endpoint_url, profile;
  bool no_sign_request = false;
  bool virtual_hosted = false;
};

// The config file to read: the default ./dwh.cfg may be absent; a file named
// with --config must exist (required).
struct ConfigFile {
  std::filesystem::path path = "dwh.cfg";
  bool required = false;
};

// Reads the config file, the environment and the overrides. `source`
// (--source DIR|s3://...) sets song_data = source/song_prefix and log_data =
// source/log_prefix. Mistakes in the file throw Error(config) "FILE:LINE: ...".
Settings resolve_settings(const ConfigFile& config, const Overrides& overrides, const Environment& environment);
// The same with an optional file and the process environment.
Settings resolve_settings(const std::filesystem::path& config_path, const Overrides& overrides);

// Joins a location and a relative path with exactly one '/'.
std::string join_location(const std::string& location, const std::string& relative);

}  // namespace sparkify::config
