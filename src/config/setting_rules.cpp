#include "config/setting_rules.h"

#include <cstdlib>
#include <set>

#include "common/error.h"
#include "common/nearest_name.h"

namespace sparkify::config {
namespace {

using Flag = std::optional<std::string> (*)(const Overrides&);
using Store = void (*)(Settings&, const SourcedValue&);

std::int64_t parse_int(const SourcedValue& value, ErrorKind kind) {
  try {
    std::size_t used = 0;
    auto number = std::stoll(value.value, &used);
    if (used == value.value.size()) return number;
  } catch (const std::exception&) {
  }
  throw_error(kind, "{} must be an integer, got '{}'", value.origin, value.value);
}

// A port number, or as libpq takes PGPORT for several hosts, a comma-separated list of them.
void check_ports(const SourcedValue& value) {
  std::string_view rest = value.value;
  while (true) {
    const auto comma = rest.find(',');
    const auto port = parse_int({std::string(rest.substr(0, comma)), value.origin}, ErrorKind::config);
    if (port < 1 || port > 65535) {
      throw_error(ErrorKind::config, "{} must be a port number (1 to 65535), got '{}'", value.origin, value.value);
    }
    if (comma == std::string_view::npos) return;
    rest.remove_prefix(comma + 1);
  }
}

template <typename T>
std::optional<std::string> text_of(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  if constexpr (std::is_same_v<T, std::string>) {
    return *value;
  } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
    return value->string();
  } else {
    return std::to_string(*value);
  }
}

std::optional<std::string> when(bool flag) { return flag ? std::optional<std::string>("1") : std::nullopt; }

// --song-data, else --source joined with the song prefix (likewise for logs).
std::optional<std::string> song_location(const Overrides& o) {
  if (o.song_data) return o.song_data;
  if (o.source) return join_location(*o.source, o.song_prefix.value_or(Settings{}.song_prefix));
  return std::nullopt;
}
std::optional<std::string> log_location(const Overrides& o) {
  if (o.log_data) return o.log_data;
  if (o.source) return join_location(*o.source, o.log_prefix.value_or(Settings{}.log_prefix));
  return std::nullopt;
}

#define SPARKIFY_STRING_FIELD(field) [](Settings& s, const SourcedValue& v) { s.field = v.value; }

std::vector<SettingRule> make_rules() {
  // clang-format off
  return {
    {"target", {{"SPARKIFY", "TARGET"}}, {}, {}, "--target",
     [](const Overrides& o) { return o.target; }, SPARKIFY_STRING_FIELD(target)},
    {"max_errors", {{"SPARKIFY", "MAX_ERRORS"}}, {}, {}, "--max-errors",
     [](const Overrides& o) { return text_of(o.max_errors); },
     [](Settings& s, const SourcedValue& v) {
       s.max_errors = parse_int(v, v.origin == "--max-errors" ? ErrorKind::usage : ErrorKind::config);
       if (s.max_errors < 0) throw_error(ErrorKind::usage, "{} must be 0 or more, got {}", v.origin, s.max_errors);
     }},
    {"song_data", {{"S3", "SONG_DATA"}}, {}, {}, "--song-data or --source", song_location, SPARKIFY_STRING_FIELD(song_data)},
    {"log_data", {{"S3", "LOG_DATA"}}, {}, {}, "--log-data or --source", log_location, SPARKIFY_STRING_FIELD(log_data)},
    {"song_prefix", {}, {}, {}, "--song-prefix", [](const Overrides& o) { return o.song_prefix; },
     SPARKIFY_STRING_FIELD(song_prefix)},
    {"log_prefix", {}, {}, {}, "--log-prefix", [](const Overrides& o) { return o.log_prefix; },
     SPARKIFY_STRING_FIELD(log_prefix)},
    {"rejects_path", {}, {}, {}, "--rejects", [](const Overrides& o) { return text_of(o.rejects_path); },
     SPARKIFY_STRING_FIELD(rejects_path)},
    {"threads", {}, {}, {}, "--threads", [](const Overrides& o) { return text_of(o.threads); },
     [](Settings& s, const SourcedValue& v) { s.threads = static_cast<int>(parse_int(v, ErrorKind::usage)); }},

    {"cluster.host", {{"CLUSTER", "HOST"}}, {"PGHOST"}, {}, "", nullptr, SPARKIFY_STRING_FIELD(cluster.host)},
    {"cluster.db_name", {{"CLUSTER", "DB_NAME"}}, {"PGDATABASE"}, {}, "", nullptr,
     SPARKIFY_STRING_FIELD(cluster.db_name)},
    {"cluster.db_user", {{"CLUSTER", "DB_USER"}}, {"PGUSER"}, {}, "", nullptr, SPARKIFY_STRING_FIELD(cluster.db_user)},
    // PGPASSWORD and ~/.pgpass are read by libpq itself when this is empty.
    {"cluster.db_password", {{"CLUSTER", "DB_PASSWORD"}}, {}, {}, "", nullptr,
     SPARKIFY_STRING_FIELD(cluster.db_password)},
    {"cluster.db_port", {{"CLUSTER", "DB_PORT"}}, {"PGPORT"}, {}, "", nullptr,
     [](Settings& s, const SourcedValue& v) {
       check_ports(v);
       s.cluster.db_port = v.value;
     }},
    {"cluster.slices", {{"CLUSTER", "SLICES"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(cluster.slices)},
    {"iam_role_arn", {{"IAM_ROLE", "ARN"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(iam_role_arn)},

    {"s3.log_data", {{"S3", "LOG_DATA"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(s3.log_data)},
    {"s3.log_jsonpath", {{"S3", "LOG_JSONPATH"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(s3.log_jsonpath)},
    {"s3.song_data", {{"S3", "SONG_DATA"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(s3.song_data)},
    {"s3.staging_uri", {{"S3", "STAGING"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(s3.staging_uri)},

    // One link of the credential chain (aws/credential_chain.h), after the environment and AWS_PROFILE.
    {"aws.access_key_id", {{"AWS", "KEY"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(aws.access_key_id)},
    {"aws.secret_access_key", {{"AWS", "SECRET"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(aws.secret_access_key)},
    {"aws.region", {{"AWS", "REGION"}, {"DWH", "DWH_REGION"}}, {}, {"AWS_DEFAULT_REGION", "AWS_REGION"}, "--region",
     [](const Overrides& o) { return o.region; }, SPARKIFY_STRING_FIELD(aws.region)},
    {"aws.profile", {}, {}, {"AWS_PROFILE"}, "--profile", [](const Overrides& o) { return o.profile; },
     SPARKIFY_STRING_FIELD(aws.profile)},
    {"aws.endpoint_url", {}, {}, {"AWS_ENDPOINT_URL"}, "--endpoint-url",
     [](const Overrides& o) { return o.endpoint_url; }, SPARKIFY_STRING_FIELD(aws.endpoint_url)},
    {"aws.s3_max_in_flight", {}, {}, {"SPARKIFY_S3_MAX_IN_FLIGHT"}, "", nullptr,
     [](Settings& s, const SourcedValue& v) {
       s.aws.s3_max_in_flight = static_cast<int>(parse_int(v, ErrorKind::config));
     }},
    {"aws.s3_stall_seconds", {}, {}, {"SPARKIFY_S3_STALL_SECONDS"}, "", nullptr,
     [](Settings& s, const SourcedValue& v) {
       s.aws.s3_stall_seconds = static_cast<int>(parse_int(v, ErrorKind::config));
     }},
    {"aws.no_sign_request", {}, {}, {}, "--no-sign-request", [](const Overrides& o) { return when(o.no_sign_request); },
     [](Settings& s, const SourcedValue&) { s.aws.no_sign_request = true; }},
    {"aws.path_style", {}, {}, {}, "--virtual-hosted", [](const Overrides& o) { return when(o.virtual_hosted); },
     [](Settings& s, const SourcedValue&) { s.aws.path_style = false; }},

    {"dwh.cluster_type", {{"DWH", "DWH_CLUSTER_TYPE"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(dwh.cluster_type)},
    {"dwh.num_nodes", {{"DWH", "DWH_NUM_NODES"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(dwh.num_nodes)},
    {"dwh.node_type", {{"DWH", "DWH_NODE_TYPE"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(dwh.node_type)},
    {"dwh.iam_role_name", {{"DWH", "DWH_IAM_ROLE_NAME"}}, {}, {}, "", nullptr,
     SPARKIFY_STRING_FIELD(dwh.iam_role_name)},
    {"dwh.cluster_identifier", {{"DWH", "DWH_CLUSTER_IDENTIFIER"}}, {}, {}, "", nullptr,
     SPARKIFY_STRING_FIELD(dwh.cluster_identifier)},
    {"dwh.db", {{"DWH", "DWH_DB"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(dwh.db)},
    {"dwh.db_user", {{"DWH", "DWH_DB_USER"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(dwh.db_user)},
    {"dwh.db_password", {{"DWH", "DWH_DB_PASSWORD"}}, {}, {"SPARKIFY_DWH_DB_PASSWORD"}, "", nullptr,
     SPARKIFY_STRING_FIELD(dwh.db_password)},
    {"dwh.port", {{"DWH", "DWH_PORT"}}, {}, {}, "", nullptr, SPARKIFY_STRING_FIELD(dwh.port)},
  };
  // clang-format on
}

#undef SPARKIFY_STRING_FIELD

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

const std::vector<SettingRule>& setting_rules() {
  static const std::vector<SettingRule> rules = make_rules();
  return rules;
}

std::optional<SourcedValue> resolve_rule(const SettingRule& rule, const IniDocument& file, std::string_view file_name,
                                         const Environment& environment, const Overrides& overrides) {
  std::optional<SourcedValue> winner;
  for (auto name : rule.env_defaults) {
    if (auto value = environment(name)) winner = SourcedValue{*value, fmt::format("environment {}", name)};
  }
  for (const auto& [section, key] : rule.file) {
    auto entry = file.find(section, key);
    if (entry && !entry->value.empty()) {
      winner = SourcedValue{entry->value, fmt::format("{}:{}: [{}] {}", file_name, entry->line, section, key)};
    }
  }
  for (auto name : rule.env) {
    if (auto value = environment(name)) winner = SourcedValue{*value, fmt::format("environment {}", name)};
  }
  if (rule.flag_value) {
    if (auto value = rule.flag_value(overrides)) winner = SourcedValue{*value, std::string(rule.flag)};
  }
  return winner;
}

std::vector<std::string> check_known_names(const IniDocument& file, std::string_view file_name) {
  std::vector<std::string> sections;
  std::set<std::string> known_keys;  // "SECTION\nKEY", upper case
  for (const auto& rule : setting_rules()) {
    for (const auto& [section, key] : rule.file) {
      if (std::find(sections.begin(), sections.end(), section) == sections.end()) sections.emplace_back(section);
      known_keys.insert(fmt::format("{}\n{}", section, key));
    }
  }
  std::vector<std::string> warnings;
  for (const auto& header : file.sections()) {
    if (std::find(sections.begin(), sections.end(), upper(header.section)) != sections.end()) continue;
    warnings.push_back(fmt::format("{}:{}: unknown section [{}] is ignored; the nearest known one is [{}]", file_name,
                                   header.line, header.section, *closest_name(header.section, sections)));
  }
  for (const auto& entry : file.entries()) {
    const std::string section = upper(entry.section);
    if (std::find(sections.begin(), sections.end(), section) == sections.end()) continue;
    if (known_keys.count(section + "\n" + upper(entry.key))) continue;
    std::vector<std::string> keys_of_section;
    for (const auto& known : known_keys) {
      if (known.rfind(section + "\n", 0) == 0) keys_of_section.push_back(known.substr(section.size() + 1));
    }
    if (auto near = nearest_name(entry.key, keys_of_section)) {
      throw_error(ErrorKind::config, "{}:{}: unknown key {} in [{}]: did you mean {}?", file_name, entry.line,
                  entry.key, entry.section, *near);
    }
    warnings.push_back(fmt::format("{}:{}: unknown key {} in [{}] is ignored; the nearest known one is {}", file_name,
                                   entry.line, entry.key, entry.section, *closest_name(entry.key, keys_of_section)));
  }
  return warnings;
}

}  // namespace sparkify::config
