#include "config/config_keys.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace sparkify::config {
namespace {

using S = Settings;

// clang-format off
constexpr std::array<ConfigKey, 25> kKeys = {{
    {"SPARKIFY", "TARGET",                 [](S& s) -> std::string& { return s.target; }},
    {"SPARKIFY", "MAX_ERRORS",             nullptr},
    {"CLUSTER",  "HOST",                   [](S& s) -> std::string& { return s.cluster.host; }},
    {"CLUSTER",  "DB_NAME",                [](S& s) -> std::string& { return s.cluster.db_name; }},
    {"CLUSTER",  "DB_USER",                [](S& s) -> std::string& { return s.cluster.db_user; }},
    {"CLUSTER",  "DB_PASSWORD",            [](S& s) -> std::string& { return s.cluster.db_password; }},
    {"CLUSTER",  "DB_PORT",                [](S& s) -> std::string& { return s.cluster.db_port; }},
    {"IAM_ROLE", "ARN",                    [](S& s) -> std::string& { return s.iam_role_arn; }},
    {"S3",       "LOG_DATA",               [](S& s) -> std::string& { return s.s3.log_data; }},
    {"S3",       "LOG_JSONPATH",           [](S& s) -> std::string& { return s.s3.log_jsonpath; }},
    {"S3",       "SONG_DATA",              [](S& s) -> std::string& { return s.s3.song_data; }},
    {"S3",       "STAGING",                [](S& s) -> std::string& { return s.s3.staging_uri; }},
    {"AWS",      "KEY",                    [](S& s) -> std::string& { return s.aws.access_key_id; }},
    {"AWS",      "SECRET",                 [](S& s) -> std::string& { return s.aws.secret_access_key; }},
    {"AWS",      "REGION",                 [](S& s) -> std::string& { return s.aws.region; }},
    {"DWH",      "DWH_REGION",             [](S& s) -> std::string& { return s.aws.region; }},
    {"DWH",      "DWH_CLUSTER_TYPE",       [](S& s) -> std::string& { return s.dwh.cluster_type; }},
    {"DWH",      "DWH_NUM_NODES",          [](S& s) -> std::string& { return s.dwh.num_nodes; }},
    {"DWH",      "DWH_NODE_TYPE",          [](S& s) -> std::string& { return s.dwh.node_type; }},
    {"DWH",      "DWH_IAM_ROLE_NAME",      [](S& s) -> std::string& { return s.dwh.iam_role_name; }},
    {"DWH",      "DWH_CLUSTER_IDENTIFIER", [](S& s) -> std::string& { return s.dwh.cluster_identifier; }},
    {"DWH",      "DWH_DB",                 [](S& s) -> std::string& { return s.dwh.db; }},
    {"DWH",      "DWH_DB_USER",            [](S& s) -> std::string& { return s.dwh.db_user; }},
    {"DWH",      "DWH_DB_PASSWORD",        [](S& s) -> std::string& { return s.dwh.db_password; }},
    {"DWH",      "DWH_PORT",               [](S& s) -> std::string& { return s.dwh.port; }},
}};
// clang-format on

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

}  // namespace

std::span<const ConfigKey> config_keys() { return kKeys; }

bool is_known_key(std::string_view section, std::string_view key) {
  return std::ranges::any_of(kKeys, [&](const ConfigKey& known) {
    return equal_ignoring_case(known.section, section) && equal_ignoring_case(known.key, key);
  });
}

}  // namespace sparkify::config
