// AWS Signature Version 4 (header and query/presigned signing), written from
// the AWS "Create a signed AWS API request" rules. Pure functions: no clock, no
// I/O; the caller supplies the date. Thread-safe.
//
// Rules followed (and the quirks the test vectors in tests/data/sigv4
// pin down):
//  - Canonical URI: for services other than S3 the path is normalised
//    (".", "..", repeated '/' removed) and each segment percent-encoded again
//    (the "double encoding" of the spec). For S3 (normalize_path = false) the
//    path is used exactly as on the wire: encoded once per byte, '/' kept.
//  - Canonical query: each name and value is decoded then re-encoded with
//    uri_encode(encode_slash = true); pairs are sorted by name, then value;
//    repeated names are kept; a bare "name" becomes "name=".
//  - Canonical headers: names lower-cased; values trimmed and inner runs of
//    spaces collapsed to one; folded (multi-line) values joined by one space;
//    repeated names joined with ',' in request order; sorted by name.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/credentials.h"

namespace sparkify::aws {

// Lower-case hex SHA-256 of data.
std::string sha256_hex(std::string_view data);

// Raw (binary, 32-byte) HMAC-SHA256 of data under key.
std::string hmac_sha256(std::string_view key, std::string_view data);

// RFC 3986 percent-encoding: unreserved A-Z a-z 0-9 - _ . ~ kept, every other
// byte written as %XX (upper-case hex). '/' is kept unless encode_slash.
std::string uri_encode(std::string_view text, bool encode_slash);

// Decodes %XX escapes (invalid escapes are kept literally). '+' is kept as '+'.
std::string uri_decode(std::string_view text);

struct SigningInput {
  std::string method;                                        // "GET", "POST"
  std::string path;                                          // as on the wire, already percent-encoded
  std::string query;                                         // as on the wire, without '?'; may be empty
  std::vector<std::pair<std::string, std::string>> headers;  // must include host
  std::string payload_hash;                                  // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

struct SigningScope {
  std::string region, service, amz_date;  // amz_date: "20150830T123600Z"
};

struct SigningOptions {
  bool normalize_path = true;  // false for S3
};

struct Signature {
  std::string canonical_request, string_to_sign, signature, authorization;
};

// Header signing: the Authorization value to send (plus every intermediate
// step, for tests and debugging; none of them contains the secret).
Signature sign(const SigningInput& input, const SigningScope& scope, const Credentials& credentials,
               const SigningOptions& options = {});

// Query (presigned URL) signing. `input.query` holds the request's own query;
// presign adds X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
// X-Amz-SignedHeaders (and X-Amz-Security-Token unless omit_session_token),
// signs, and returns in `authorization` the full query string to send,
// ending in "&X-Amz-Signature=...".
struct PresignOptions {
  SigningOptions signing;
  long expires_seconds = 3600;
  bool omit_session_token = false;  // true: append the token after signing (some services want that)
};
Signature presign(const SigningInput& input, const SigningScope& scope, const Credentials& credentials,
                  const PresignOptions& options);

// Current UTC time as "YYYYMMDDTHHMMSSZ".
std::string amz_date_now();

}  // namespace sparkify::aws
