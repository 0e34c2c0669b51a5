// S3 body integrity: whether a GetObject body that came back with a 2xx is the
// object the listing described. A body is accepted only when
//  - its length equals the response's Content-Length header (when sent), and
//  - its length equals the size ListObjectsV2 gave for the object, and
//  - where the listing's ETag is a plain MD5 (32 hex digits; multipart
//    uploads and SSE-KMS objects carry other forms, e.g. "...-N"), its MD5
//    equals that ETag.
// Anything else is a failed attempt, retried like a 5xx by the caller
// (S3Getter): a server or proxy that cut the body short, or a Content-Length
// that disagrees with the object, must never pass as the object.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sparkify::aws {

struct S3ExpectedObject {
  std::uint64_t size = 0;  // bytes, from the listing
  std::string etag;        // from the listing, without quotes; "" when unknown
};

// Nullopt when the body is intact; otherwise one line saying what disagrees
// (sizes, or the two MD5 digests), without naming the object.
// `content_length` is the response's Content-Length header value ("" when absent).
std::optional<std::string> s3_body_problem(std::string_view body, std::string_view content_length,
                                           const S3ExpectedObject& expected);

// True for an ETag that is the MD5 of the object: exactly 32 hex digits.
bool is_plain_md5_etag(std::string_view etag);

// Lower-case hex MD5 digest of `data` (OpenSSL EVP).
std::string md5_hex(std::string_view data);

}  // namespace sparkify::aws
