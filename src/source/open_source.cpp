#include "source/open_source.h"

#include "source/local_source.h"
#include "source/s3_source.h"

namespace sparkify::source {

bool is_s3_uri(const std::string& location) { return location.rfind("s3://", 0) == 0; }

std::unique_ptr<Source> open_source(const std::string& location, const config::Settings& settings) {
  if (is_s3_uri(location)) return std::make_unique<S3Source>(location, settings.aws);
  return std::make_unique<LocalSource>(location);
}

}  // namespace sparkify::source
