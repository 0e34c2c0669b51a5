// bucket_region: the AWS region an S3 bucket lives in, from the
// x-amz-bucket-region header of HeadBucket. S3 sends that header on 200, and
// also on the 301 and 403 answers a request to the wrong region or without
// access gets, so no access to the bucket's contents is needed.
//
// Returns "" when the answer carries no such header (S3-compatible stores and
// emulators often omit it): the caller then cannot tell. Throws Error(aws)
// when S3 cannot be reached, or the bucket does not exist (404), with the
// bucket and what to do.
#pragma once

#include <string>

#include "aws/s3_client.h"

namespace sparkify::aws {

std::string bucket_region(const S3Client& client, const std::string& bucket);

}  // namespace sparkify::aws
