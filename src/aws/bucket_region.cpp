#include "aws/bucket_region.h"

#include "aws/aws_request.h"
#include "common/error.h"

namespace sparkify::aws {

std::string bucket_region(const S3Client& client, const std::string& bucket) {
  HttpClient http;
  HttpResponse response;
  try {
    response = send_signed(http, HttpRequest{"HEAD", client.object_url(bucket, ""), {}, {}}, client.endpoint(),
                           client.credentials(), client.retry_policy());
  } catch (const Error& e) {
    throw_error(ErrorKind::aws, "cannot reach S3 at {} (HeadBucket s3://{}): {}; check --endpoint-url and the network",
                client.endpoint().base_url, bucket, e.what());
  }
  if (response.status == 404) {
    throw_error(ErrorKind::aws, "S3 bucket s3://{} does not exist (HeadBucket answered 404): check the bucket name",
                bucket);
  }
  return response.header("x-amz-bucket-region");
}

}  // namespace sparkify::aws
