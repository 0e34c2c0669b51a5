#include "source/s3_source.h"

#include <algorithm>

#include "aws/credential_chain.h"
#include "aws/s3_getter.h"
#include "common/error.h"
#include "source/gzip.h"

namespace sparkify::source {
namespace {

// The listing prefix for a folder-like location: "song_data" -> "song_data/".
std::string folder_prefix(std::string prefix) {
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  return prefix;
}

// True when any '/'-separated part of `relative_key` is hidden ('.' or '_' first).
bool has_hidden_part(std::string_view relative_key) {
  for (std::size_t start = 0; start <= relative_key.size();) {
    const auto end = std::min(relative_key.find('/', start), relative_key.size());
    if (is_hidden_name(relative_key.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

S3Source::S3Source(std::string location, const config::AwsSettings& settings)
    : location_(std::move(location)),
      uri_(aws::parse_s3_uri(location_)),
      max_in_flight_(std::max(settings.s3_max_in_flight, 1)),
      client_(settings, aws::credentials_from(settings)) {}

std::string S3Source::describe() const { return location_; }

namespace {
// Thrown out of a page's callback to end a listing no longer wanted.
struct ListingStopped {};
}  // namespace

Listing S3Source::list(std::stop_token stop) {
  Listing listing;
  const std::string base = "s3://" + uri_.bucket + "/";
  const std::string prefix = folder_prefix(uri_.key);
  try {
    client_.list_objects(uri_.bucket, prefix, [&](aws::S3ListPage&& page) {
      if (stop.stop_requested()) throw ListingStopped{};
      count_listed(static_cast<std::int64_t>(page.objects.size()));
      for (auto& info : page.objects) {
        if (info.key.ends_with('/')) continue;  // a folder marker
        const std::string_view name = std::string_view(info.key).substr(info.key.rfind('/') + 1);
        if (has_hidden_part(std::string_view(info.key).substr(prefix.size()))) {
          listing.skipped.push_back({base + info.key, SkipReason::hidden});
        } else if (!is_json_name(name)) {
          listing.skipped.push_back({base + info.key, SkipReason::not_json});
        } else {
          listing.objects.push_back(ObjectRef{base + info.key, info.size, std::move(info.etag)});
        }
      }
    });
  } catch (const aws::S3Error& e) {
    throw Error(ErrorKind::source, e.what());
  } catch (const ListingStopped&) {
    return listing;
  }
  std::sort(listing.objects.begin(), listing.objects.end(),
            [](const ObjectRef& a, const ObjectRef& b) { return a.uri < b.uri; });
  std::sort(listing.skipped.begin(), listing.skipped.end(),
            [](const Skipped& a, const Skipped& b) { return a.uri < b.uri; });
  return listing;
}

void S3Source::fetch_objects(const std::vector<ObjectRef>& objects, const ObjectConsumer& consume) {
  std::vector<aws::S3GetRequest> requests;
  requests.reserve(objects.size());
  for (const ObjectRef& ref : objects) {
    aws::S3Uri object = aws::parse_s3_uri(ref.uri);
    requests.push_back(aws::S3GetRequest{std::move(object.bucket), std::move(object.key), {ref.size, ref.version}});
  }
  aws::S3GetterOptions options;
  options.max_in_flight = max_in_flight_;
  options.queue_capacity = static_cast<std::size_t>(max_in_flight_) * 2;
  options.body_padding = kBodyPadding;
  aws::S3Getter getter(client_, options);
  try {
    getter.get_all(requests, [&](aws::S3GetResult&& result) {
      FetchedObject fetched{&objects[result.index], std::move(result.body), std::move(result.error)};
      if (!fetched.error && is_gzip_name(fetched.ref->uri)) {
        std::string compressed = std::move(fetched.body);
        fetched.error = gunzip(compressed, fetched.body, kBodyPadding);
      }
      return consume(std::move(fetched));
    });
  } catch (const aws::S3Error& e) {
    throw Error(ErrorKind::source, e.what());
  }
}

}  // namespace sparkify::source
