#include "aws/credential_provider.h"

#include <cstdio>
#include <ctime>

#include "common/error.h"

namespace sparkify::aws {

StaticCredentialProvider::StaticCredentialProvider(Credentials credentials, std::string name)
    : credentials_(std::move(credentials)), name_(std::move(name)) {}

std::optional<TimedCredentials> StaticCredentialProvider::fetch() { return TimedCredentials{credentials_, {}}; }

WallClock::time_point parse_expiration(std::string_view text, std::string_view where) {
  const std::string value(text);
  std::tm parts{};
  int consumed = 0;
  if (std::sscanf(value.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &parts.tm_year, &parts.tm_mon, &parts.tm_mday,
                  &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &consumed) != 6) {
    throw_error(ErrorKind::aws, "{}: Expiration '{}' is not an ISO 8601 time like 2026-11-29T17:00:00Z", where, value);
  }
  std::string_view rest = text.substr(static_cast<std::size_t>(consumed));
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') rest.remove_prefix(1);
  }
  long offset_seconds = 0;
  if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    const long hours = std::stol(std::string(rest.substr(1, 2)));
    const long minutes = std::stol(std::string(rest.substr(4, 2)));
    offset_seconds = (rest[0] == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
  } else if (rest != "Z" && rest != "z" && !rest.empty()) {
    throw_error(ErrorKind::aws, "{}: Expiration '{}' has an unknown time zone (expected Z or +HH:MM)", where, value);
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  const std::time_t utc = timegm(&parts);
  return WallClock::from_time_t(utc - offset_seconds);
}

}  // namespace sparkify::aws
