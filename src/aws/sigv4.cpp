#include "aws/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <ctime>
#include <map>

#include "common/ascii.h"
#include "common/error.h"

namespace sparkify::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr char kHexDigits[] = "0123456789ABCDEF";

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

std::string to_hex_lower(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 0x0f];
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Removes "." and ".." segments and empty segments (repeated '/'), keeping a
// trailing '/' when the input had one. Used for every service except S3.
std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out;
  for (auto segment : segments) {
    out += '/';
    out += segment;
  }
  const bool trailing_slash = !path.empty() && path.back() == '/';
  if (out.empty() || trailing_slash) out += '/';
  return out;
}

// Canonical URI. Normalised services encode the (already wire-encoded) path
// once more, which is the spec's "double encoding". S3 takes the wire path as
// is; raw bytes that are not valid on the wire (a space, UTF-8) are encoded,
// '%' escapes are kept.
std::string canonical_uri(std::string_view path, bool normalize) {
  if (path.empty()) return "/";
  if (normalize) return uri_encode(normalize_path(path), false);
  std::string out;
  for (unsigned char c : path) {
    if (is_unreserved(c) || c == '/' || c == '%') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHexDigits[c >> 4];
      out += kHexDigits[c & 0x0f];
    }
  }
  return out;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

// Query pairs, each name and value decoded then encoded (encode_slash),
// sorted by name then value; repeated names are kept; "name" means "name=".
Pairs encoded_query_pairs(std::string_view query) {
  Pairs pairs;
  std::size_t start = 0;
  while (start < query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view item = query.substr(start, end - start);
    if (!item.empty()) {
      std::size_t eq = item.find('=');
      std::string_view name = item.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
      pairs.emplace_back(uri_encode(uri_decode(name), true), uri_encode(uri_decode(value), true));
    }
    start = end + 1;
  }
  return pairs;
}

std::string canonical_query(Pairs pairs) {
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

// Trims a header value and collapses every run of whitespace (including the
// line breaks of a folded value) into one space.
std::string canonical_header_value(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      out += c;
    }
  }
  return out;
}

struct CanonicalHeaders {
  std::string block;         // "name:value\n" per header
  std::string signed_names;  // "host;x-amz-date"
};

CanonicalHeaders canonical_headers(const Pairs& headers) {
  std::map<std::string, std::string> merged;  // sorted by lower-case name
  for (const auto& [name, value] : headers) {
    const std::string lower = ascii_lower(name);
    auto [it, inserted] = merged.try_emplace(lower, canonical_header_value(value));
    if (!inserted) it->second.append(",").append(canonical_header_value(value));
  }
  CanonicalHeaders out;
  for (const auto& [name, value] : merged) {
    out.block += name + ":" + value + "\n";
    if (!out.signed_names.empty()) out.signed_names += ';';
    out.signed_names += name;
  }
  return out;
}

std::string credential_scope(const SigningScope& scope) {
  return scope.amz_date.substr(0, 8) + "/" + scope.region + "/" + scope.service + "/aws4_request";
}

// Fills string_to_sign and signature from canonical_request.
void finish_signature(Signature& result, const SigningScope& scope, const Credentials& credentials) {
  if (scope.amz_date.size() != 16) {
    throw_error(ErrorKind::aws, "cannot sign: date '{}' is not in the form YYYYMMDDTHHMMSSZ", scope.amz_date);
  }
  result.string_to_sign = std::string(kAlgorithm) + "\n" + scope.amz_date + "\n" + credential_scope(scope) + "\n" +
                          sha256_hex(result.canonical_request);
  std::string key = hmac_sha256("AWS4" + credentials.secret_access_key, scope.amz_date.substr(0, 8));
  key = hmac_sha256(key, scope.region);
  key = hmac_sha256(key, scope.service);
  key = hmac_sha256(key, "aws4_request");
  result.signature = to_hex_lower(hmac_sha256(key, result.string_to_sign));
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return to_hex_lower(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string uri_encode(std::string_view text, bool encode_slash) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (unsigned char c : text) {
    if (is_unreserved(c) || (c == '/' && !encode_slash)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHexDigits[c >> 4];
      out += kHexDigits[c & 0x0f];
    }
  }
  return out;
}

std::string uri_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

Signature sign(const SigningInput& input, const SigningScope& scope, const Credentials& credentials,
               const SigningOptions& options) {
  const CanonicalHeaders headers = canonical_headers(input.headers);
  Signature result;
  result.canonical_request = input.method + "\n" + canonical_uri(input.path, options.normalize_path) + "\n" +
                             canonical_query(encoded_query_pairs(input.query)) + "\n" + headers.block + "\n" +
                             headers.signed_names + "\n" + input.payload_hash;
  finish_signature(result, scope, credentials);
  result.authorization = std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                         credential_scope(scope) + ", SignedHeaders=" + headers.signed_names +
                         ", Signature=" + result.signature;
  return result;
}

Signature presign(const SigningInput& input, const SigningScope& scope, const Credentials& credentials,
                  const PresignOptions& options) {
  const CanonicalHeaders headers = canonical_headers(input.headers);
  // Added parameters, in the order they are sent.
  Pairs added = {
      {"X-Amz-Algorithm", std::string(kAlgorithm)},
      {"X-Amz-Credential", uri_encode(credentials.access_key_id + "/" + credential_scope(scope), true)},
      {"X-Amz-Date", scope.amz_date},
      {"X-Amz-SignedHeaders", uri_encode(headers.signed_names, true)},
      {"X-Amz-Expires", std::to_string(options.expires_seconds)},
  };
  const bool has_token = !credentials.session_token.empty();
  const std::string token = uri_encode(credentials.session_token, true);
  if (has_token && !options.omit_session_token) added.emplace_back("X-Amz-Security-Token", token);

  Pairs pairs = encoded_query_pairs(input.query);
  pairs.insert(pairs.end(), added.begin(), added.end());
  Signature result;
  result.canonical_request = input.method + "\n" + canonical_uri(input.path, options.signing.normalize_path) + "\n" +
                             canonical_query(std::move(pairs)) + "\n" + headers.block + "\n" + headers.signed_names +
                             "\n" + input.payload_hash;
  finish_signature(result, scope, credentials);
  // A token left out of the signature is still sent, before the signature.
  if (has_token && options.omit_session_token) added.emplace_back("X-Amz-Security-Token", token);
  added.emplace_back("X-Amz-Signature", result.signature);
  std::string query = input.query;
  for (const auto& [name, value] : added) {
    if (!query.empty()) query += '&';
    query += name + "=" + value;
  }
  result.authorization = std::move(query);
  return result;
}

std::string amz_date_now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[17];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

}  // namespace sparkify::aws
