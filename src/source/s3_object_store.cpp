#include "source/s3_object_store.h"

#include "aws/bucket_region.h"
#include "aws/credential_chain.h"

namespace sparkify::source {

aws::S3Client& S3ObjectStore::client() {
  if (!client_) client_.emplace(settings_, aws::credentials_from(settings_));
  return *client_;
}

void S3ObjectStore::put(const std::string& uri, std::string body, const std::string& content_type) {
  const auto location = aws::parse_s3_uri(uri);
  client().put_object(location.bucket, location.key, std::move(body), content_type);
}

std::string S3ObjectStore::bucket_region(const std::string& bucket) { return aws::bucket_region(client(), bucket); }

}  // namespace sparkify::source
