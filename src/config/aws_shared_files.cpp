#include "config/aws_shared_files.h"

#include <algorithm>
#include <cctype>

#include "common/ascii.h"
#include "config/ini_document.h"

namespace sparkify::config {
namespace {

// "profile   dev" -> "profile dev": the config file allows any blanks after "profile".
std::string normalized_section(std::string_view section) {
  std::string out = ascii_lower(section);
  if (out.rfind("profile", 0) == 0 && out.size() > 7 && std::isblank(static_cast<unsigned char>(out[7]))) {
    auto name_at = out.find_first_not_of(" \t", 7);
    if (name_at != std::string::npos) return "profile " + out.substr(name_at);
  }
  if (out.rfind("sso-session", 0) == 0 && out.size() > 11 && std::isblank(static_cast<unsigned char>(out[11]))) {
    auto name_at = out.find_first_not_of(" \t", 11);
    if (name_at != std::string::npos) return "sso-session " + out.substr(name_at);
  }
  return out;
}

std::map<std::string, AwsProfile> sections_of(const std::string& path) {
  std::map<std::string, AwsProfile> sections;
  if (path.empty()) return sections;
  const auto doc = IniDocument::load(path);
  for (const auto& header : doc.sections()) {
    sections[normalized_section(header.section)].name = header.section;
  }
  for (const auto& entry : doc.entries()) {
    sections[normalized_section(entry.section)].values[ascii_lower(entry.key)] = entry.value;
  }
  return sections;
}

}  // namespace

std::optional<std::string> AwsProfile::get(std::string_view key) const {
  auto it = values.find(std::string(key));
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

AwsSharedFiles AwsSharedFiles::load(const Environment& environment) {
  AwsSharedFiles files;
  const auto home = environment ? environment("HOME") : std::nullopt;
  auto from = [&](std::string_view variable, std::string_view under_home) -> std::string {
    if (auto path = environment ? environment(variable) : std::nullopt) return *path;
    return home ? *home + std::string(under_home) : std::string();
  };
  files.credentials_path_ = from("AWS_SHARED_CREDENTIALS_FILE", "/.aws/credentials");
  files.config_path_ = from("AWS_CONFIG_FILE", "/.aws/config");
  files.credentials_sections_ = sections_of(files.credentials_path_);
  files.config_sections_ = sections_of(files.config_path_);
  return files;
}

std::optional<AwsProfile> AwsSharedFiles::profile(std::string_view name) const {
  const std::string key = ascii_lower(name);
  std::optional<AwsProfile> merged;
  auto in_config = config_sections_.find("profile " + key);
  if (in_config == config_sections_.end() && key == "default") in_config = config_sections_.find("default");
  if (in_config != config_sections_.end()) merged = in_config->second;
  if (auto in_credentials = credentials_sections_.find(key); in_credentials != credentials_sections_.end()) {
    if (!merged) merged = AwsProfile{};
    for (const auto& [k, v] : in_credentials->second.values) merged->values[k] = v;
  }
  if (merged) merged->name = std::string(name);
  return merged;
}

std::optional<AwsProfile> AwsSharedFiles::sso_session(std::string_view name) const {
  auto it = config_sections_.find("sso-session " + ascii_lower(name));
  if (it == config_sections_.end()) return std::nullopt;
  AwsProfile session = it->second;
  session.name = std::string(name);
  return session;
}

std::string effective_profile_name(const AwsSettings& aws) { return aws.profile.empty() ? "default" : aws.profile; }

}  // namespace sparkify::config
