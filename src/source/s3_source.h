// S3Source: an s3://bucket/prefix location as a Source (contract in
// source.h). The prefix is a folder: s3://b/song_data lists keys under
// "song_data/"; s3://b lists the whole bucket. Keys ending in ".json" or
// ".json.gz" are listed (ListObjectsV2, every page) and sorted by uri; keys
// with a hidden part below the prefix ('.' or '_' first, e.g.
// log_data/_temporary/x.json) and other names are reported as skipped, each
// key once; folder markers (keys ending in '/') are not objects and are
// passed over. An object's version is its ETag. Reads run as many concurrent
// GETs (aws::S3Getter, AwsSettings::s3_max_in_flight in flight), each body
// checked against the listed size and ETag, and are delivered on the calling
// thread, .json.gz decompressed.
//
// Whole-source failures (missing bucket, refused credentials, wrong region,
// unreachable endpoint) throw Error(source) naming the bucket or object and
// what to do; an object that still fails after retries is delivered with
// `error` set.
#pragma once

#include <string>

#include "aws/s3_client.h"
#include "config/settings.h"
#include "source/source.h"

namespace sparkify::source {

class S3Source final : public Source {
 public:
  // Throws Error(config) for a malformed URI, Error(aws) when credentials are
  // missing (and --no-sign-request was not given).
  S3Source(std::string location, const config::AwsSettings& settings);

  std::string describe() const override;
  void fetch_objects(const std::vector<ObjectRef>& objects, const ObjectConsumer& consume) override;

 protected:
  Listing list(std::stop_token stop) override;

 private:
  std::string location_;
  aws::S3Uri uri_;
  int max_in_flight_;
  aws::S3Client client_;
};

}  // namespace sparkify::source
