#include "source/open_source.h"

#include "source/local_source.h"

namespace sparkify::source {

bool is_s3_uri(const std::string& location) { return location.rfind("s3://", 0) == 0; }

std::unique_ptr<Source> open_source(const std::string& location, const config::Settings& settings) {
  (void)settings;
  return std::make_unique<LocalSource>(location);
}

}  // namespace sparkify::source
