#include "aws/s3_integrity.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>

#include "common/ascii.h"
#include "common/error.h"

namespace sparkify::aws {

bool is_plain_md5_etag(std::string_view etag) {
  return etag.size() == 32 && std::all_of(etag.begin(), etag.end(), [](unsigned char c) { return std::isxdigit(c); });
}

std::string md5_hex(std::string_view data) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!context || EVP_DigestInit_ex(context.get(), EVP_md5(), nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest, &length) != 1) {
    throw Error(ErrorKind::aws, "cannot compute an MD5 digest (OpenSSL EVP failed): check the OpenSSL installation");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

std::optional<std::string> s3_body_problem(const HttpResponse& response, const S3ExpectedObject& expected) {
  const std::string_view body = response.body;
  const std::string content_length = response.header("Content-Length");
  if (!content_length.empty()) {
    std::uint64_t declared = 0;
    const auto [end, ec] =
        std::from_chars(content_length.data(), content_length.data() + content_length.size(), declared);
    if (ec != std::errc() || end != content_length.data() + content_length.size()) {
      return fmt::format("Content-Length '{}' is not a number", content_length);
    }
    if (declared != body.size()) {
      return fmt::format("body is {} bytes but Content-Length says {}", body.size(), declared);
    }
  }
  if (body.size() != expected.size) {
    return fmt::format("body is {} bytes but the listing says the object has {}", body.size(), expected.size);
  }
  const bool encrypted_with_key = response.header("x-amz-server-side-encryption").starts_with("aws:kms") ||
                                  !response.header("x-amz-server-side-encryption-customer-algorithm").empty();
  if (is_plain_md5_etag(expected.etag) && !encrypted_with_key) {
    const std::string etag = ascii_lower(expected.etag);
    const std::string actual = md5_hex(body);
    if (actual != etag) return fmt::format("body MD5 {} differs from the listing's ETag {}", actual, etag);
  }
  return std::nullopt;
}

}  // namespace sparkify::aws
