#include "source/s3_object_store.h"

#include "aws/credentials.h"

namespace sparkify::source {

void S3ObjectStore::put(const std::string& uri, std::string body, const std::string& content_type) {
  if (!client_) client_.emplace(settings_, aws::credentials_from(settings_));
  const auto location = aws::parse_s3_uri(uri);
  client_->put_object(location.bucket, location.key, std::move(body), content_type);
}

}  // namespace sparkify::source
