#include "source/open_source.h"

#include <algorithm>
#include <cctype>

#include "common/ascii.h"
#include "common/error.h"
#include "source/local_source.h"
#include "source/s3_source.h"

namespace sparkify::source {
namespace {

// "gs" for "gs://b/x"; "" when the location has no URI scheme (a path). A
// scheme is letters, digits, '+', '-', '.' starting with a letter (RFC 3986).
std::string scheme_of(const std::string& location) {
  const auto end = location.find("://");
  if (end == std::string::npos || end == 0 || !std::isalpha(static_cast<unsigned char>(location[0]))) return "";
  const bool valid = std::all_of(location.begin(), location.begin() + static_cast<std::ptrdiff_t>(end),
                                 [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '-' || c == '.'; });
  return valid ? location.substr(0, end) : "";
}

}  // namespace

std::optional<std::string> normalized_s3_uri(const std::string& location) {
  const std::string scheme = scheme_of(location);
  if (ascii_lower(scheme) != "s3") return std::nullopt;
  return "s3" + location.substr(scheme.size());
}

std::unique_ptr<Source> open_source(const std::string& location, const config::Settings& settings) {
  if (auto s3 = normalized_s3_uri(location)) return std::make_unique<S3Source>(*s3, settings.aws);
  const std::string scheme = scheme_of(location);
  if (!scheme.empty()) {
    throw_error(ErrorKind::usage,
                "unsupported scheme '{}' in the data location {} (sparkify reads local folders and s3://)", scheme,
                location);
  }
  return std::make_unique<LocalSource>(location);
}

}  // namespace sparkify::source
