// S3 body integrity: whether a GetObject body that came back with a 2xx is the
// object the listing described. A body is accepted only when
//  - its length equals the response's Content-Length header (when sent), and
//  - its length equals the size ListObjectsV2 gave for the object, and
//  - where the listing's ETag is a plain MD5, its MD5 equals that ETag. It is
//    taken as one when it is 32 hex digits (multipart uploads have "...-N")
//    and the response does not say the object is encrypted with SSE-KMS or
//    SSE-C (x-amz-server-side-encryption: aws:kms..., or an
//    x-amz-server-side-encryption-customer-algorithm header), whose ETags are
//    not MD5 digests of the data (AWS S3 "Checking object integrity").
// Anything else is a failed attempt, retried like a 5xx by the caller
// (S3Getter): a server or proxy that cut the body short, or a Content-Length
// that disagrees with the object, must never pass as the object.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "aws/http_client.h"

namespace sparkify::aws {

struct S3ExpectedObject {
  std::uint64_t size = 0;  // bytes, from the listing
  std::string etag;        // from the listing, without quotes; "" when unknown
};

// Nullopt when the body of a 2xx GetObject `response` is intact; otherwise
// one line saying what disagrees (sizes, or the two MD5 digests), without
// naming the object.
std::optional<std::string> s3_body_problem(const HttpResponse& response, const S3ExpectedObject& expected);

// True for an ETag that is the MD5 of the object: exactly 32 hex digits.
bool is_plain_md5_etag(std::string_view etag);

// Lower-case hex MD5 digest of `data` (OpenSSL EVP).
std::string md5_hex(std::string_view data);

}  // namespace sparkify::aws
