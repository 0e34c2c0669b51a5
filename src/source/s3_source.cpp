#include "source/s3_source.h"

#include <algorithm>

#include "aws/s3_getter.h"
#include "common/error.h"

namespace sparkify::source {
namespace {

// The listing prefix for a folder-like location: "song_data" -> "song_data/".
std::string folder_prefix(std::string prefix) {
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  return prefix;
}

}  // namespace

S3Source::S3Source(std::string location, const config::AwsSettings& settings)
    : location_(std::move(location)),
      uri_(aws::parse_s3_uri(location_)),
      max_in_flight_(std::max(settings.s3_max_in_flight, 1)),
      client_(settings, aws::credentials_from(settings)) {}

std::string S3Source::describe() const { return location_; }

std::vector<ObjectRef> S3Source::list_objects() {
  std::vector<ObjectRef> objects;
  const std::string base = "s3://" + uri_.bucket + "/";
  try {
    client_.list_objects(uri_.bucket, folder_prefix(uri_.key), [&](aws::S3ListPage&& page) {
      for (auto& info : page.objects) {
        if (!info.key.ends_with(".json")) continue;
        objects.push_back(ObjectRef{base + info.key, info.size, std::move(info.etag)});
      }
    });
  } catch (const aws::S3Error& e) {
    throw Error(ErrorKind::source, e.what());
  }
  std::sort(objects.begin(), objects.end(), [](const ObjectRef& a, const ObjectRef& b) { return a.uri < b.uri; });
  return objects;
}

void S3Source::fetch_objects(const std::vector<ObjectRef>& objects, const ObjectConsumer& consume) {
  std::vector<aws::S3GetRequest> requests;
  requests.reserve(objects.size());
  for (const ObjectRef& ref : objects) {
    aws::S3Uri object = aws::parse_s3_uri(ref.uri);
    requests.push_back(aws::S3GetRequest{std::move(object.bucket), std::move(object.key), {ref.size, ref.etag}});
  }
  aws::S3GetterOptions options;
  options.max_in_flight = max_in_flight_;
  options.queue_capacity = static_cast<std::size_t>(max_in_flight_) * 2;
  options.body_padding = kBodyPadding;
  aws::S3Getter getter(client_, options);
  try {
    getter.get_all(requests, [&](aws::S3GetResult&& result) {
      consume(FetchedObject{&objects[result.index], std::move(result.body), std::move(result.error)});
    });
  } catch (const aws::S3Error& e) {
    throw Error(ErrorKind::source, e.what());
  }
}

}  // namespace sparkify::source
