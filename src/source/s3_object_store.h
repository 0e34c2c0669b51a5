// S3ObjectStore: ObjectStore over S3 PutObject (aws::S3Client), for the
// Redshift load's uploads. The client, and with it the credentials, is made
// on the first put(), so a run that writes nothing needs no credentials.
// Errors are aws::S3Error, naming the object and what to do.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "aws/s3_client.h"
#include "config/settings.h"
#include "source/object_store.h"

namespace sparkify::source {

class S3ObjectStore final : public ObjectStore {
 public:
  explicit S3ObjectStore(config::AwsSettings settings) : settings_(std::move(settings)) {}

  std::string describe() const override { return "S3"; }
  void put(const std::string& uri, std::string body, const std::string& content_type) override;
  // HeadBucket's x-amz-bucket-region (aws::bucket_region).
  std::string bucket_region(const std::string& bucket) override;

 private:
  aws::S3Client& client();

  config::AwsSettings settings_;
  std::optional<aws::S3Client> client_;
};

}  // namespace sparkify::source
