// open_source: a location string -> the Source that reads it.
//   "s3://bucket/prefix"  -> S3 (aws/ client, credentials and endpoint from settings)
//   anything else         -> a local folder
// Throws Error(source) when a local folder does not exist.
#pragma once

#include <memory>
#include <string>

#include "config/settings.h"
#include "source/source.h"

namespace sparkify::source {

std::unique_ptr<Source> open_source(const std::string& location, const config::Settings& settings);

bool is_s3_uri(const std::string& location);

}  // namespace sparkify::source
