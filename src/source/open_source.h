// open_source: a location string -> the Source that reads it.
//   "s3://bucket/prefix"  -> S3 (aws/ client, credentials and endpoint from settings);
//                            the scheme is case-insensitive ("S3://" is "s3://")
//   "SCHEME://..."        -> any other scheme (gs, https, hdfs...) is refused:
//                            Error(usage), exit 2, naming the scheme
//   anything else         -> a local folder
// A local folder that does not exist is reported when it is listed.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "config/settings.h"
#include "source/source.h"

namespace sparkify::source {

std::unique_ptr<Source> open_source(const std::string& location, const config::Settings& settings);

// The location with an "S3://"-like scheme spelled "s3://"; nullopt when it
// is not an S3 location.
std::optional<std::string> normalized_s3_uri(const std::string& location);

}  // namespace sparkify::source
