#include "aws/s3_client.h"

#include <algorithm>
#include <array>
#include <pugixml.hpp>

#include "aws/s3_listing_guard.h"
#include "aws/sigv4.h"

namespace sparkify::aws {
namespace {

std::string_view child_text(const pugi::xml_node& node, const char* name) { return node.child(name).text().get(); }

std::string strip_quotes(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return std::string(etag);
}

std::string s3_address(std::string_view bucket, std::string_view key) {
  return key.empty() ? fmt::format("s3://{}", bucket) : fmt::format("s3://{}/{}", bucket, key);
}

}  // namespace

S3Uri parse_s3_uri(std::string_view uri) {
  constexpr std::string_view kScheme = "s3://";
  if (uri.rfind(kScheme, 0) != 0) throw_error(ErrorKind::config, "'{}' is not an s3:// URI", uri);
  std::string_view rest = uri.substr(kScheme.size());
  const auto slash = rest.find('/');
  S3Uri out{std::string(rest.substr(0, slash)),
            slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1))};
  if (out.bucket.empty()) throw_error(ErrorKind::config, "'{}' names no bucket: write s3://BUCKET/PREFIX", uri);
  return out;
}

bool is_bucket_wide_failure(std::string_view code) {
  static constexpr std::array<std::string_view, 10> kCodes = {"NoSuchBucket",
                                                              "AccessDenied",
                                                              "InvalidAccessKeyId",
                                                              "SignatureDoesNotMatch",
                                                              "AuthorizationHeaderMalformed",
                                                              "PermanentRedirect",
                                                              "InvalidToken",
                                                              "ExpiredToken",
                                                              "InvalidBucketName",
                                                              "AllAccessDisabled"};
  return std::find(kCodes.begin(), kCodes.end(), code) != kCodes.end();
}

std::string describe_s3_failure(const HttpResponse& response, std::string_view operation, std::string_view bucket,
                                std::string_view key) {
  const std::string code = aws_error_code(response.body);
  const std::string where = s3_address(bucket, key);
  if (code == "NoSuchBucket") {
    return fmt::format(
        "bucket not found (NoSuchBucket): {} ({}): check the bucket name in --source (or [S3] "
        "SONG_DATA/LOG_DATA), and --region and --endpoint-url if the bucket is elsewhere",
        where, operation);
  }
  if (code == "NoSuchKey")
    return fmt::format("S3 object {} does not exist ({}): was it deleted after listing?", where, operation);
  if (code == "AccessDenied" || code == "AllAccessDisabled") {
    return fmt::format(
        "access denied to {} ({}): check that the credentials may read it, or use --no-sign-request "
        "for a public bucket",
        where, operation);
  }
  if (code == "InvalidAccessKeyId" || code == "InvalidToken" || code == "ExpiredToken") {
    return fmt::format(
        "AWS rejected the access key ({}) for {} ({}): check AWS_ACCESS_KEY_ID/AWS_SESSION_TOKEN, "
        "AWS_PROFILE or [AWS] KEY in dwh.cfg",
        code, where, operation);
  }
  if (code == "SignatureDoesNotMatch") {
    return fmt::format(
        "AWS rejected the request signature for {} ({}): check the secret access key "
        "(AWS_SECRET_ACCESS_KEY, profile or [AWS] SECRET)",
        where, operation);
  }
  if (code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed") {
    return fmt::format("bucket '{}' is in another region than '{}' ({} {}): set --region or AWS_REGION", bucket,
                       aws_error_message(response.body), operation, where);
  }
  std::string message = aws_error_message(response.body);
  return fmt::format("S3 {} {} failed: HTTP {}{}{}", operation, where, response.status, code.empty() ? "" : " " + code,
                     message.empty() ? "" : " (" + message + ")");
}

S3Client::S3Client(const config::AwsSettings& settings, std::shared_ptr<CredentialCache> credentials, RetryPolicy retry)
    : credentials_(std::move(credentials)),
      retry_(retry),
      timeouts_{std::chrono::seconds(10), std::chrono::seconds(120), std::chrono::seconds(settings.s3_stall_seconds)},
      http_(timeouts_) {
  const std::string override_url = settings.endpoint_for("s3");
  endpoint_.service = "s3";
  endpoint_.region = settings.region;
  endpoint_.base_url = override_url.empty() ? "https://s3." + settings.region + ".amazonaws.com" : override_url;
  while (endpoint_.base_url.size() > 1 && endpoint_.base_url.back() == '/') endpoint_.base_url.pop_back();
  const auto scheme_end = endpoint_.base_url.find("://");
  if (scheme_end == std::string::npos) {
    throw_error(ErrorKind::config, "S3 endpoint '{}' is not a URL: write it as http://HOST:PORT or https://HOST",
                endpoint_.base_url);
  }
  scheme_ = endpoint_.base_url.substr(0, scheme_end);
  host_ = endpoint_.base_url.substr(scheme_end + 3);
  path_style_ = settings.path_style.value_or(!override_url.empty());
}

std::string S3Client::object_url(const std::string& bucket, const std::string& key) const {
  const std::string path = key.empty() ? "" : uri_encode(key, false);
  if (path_style_) return endpoint_.base_url + "/" + bucket + (key.empty() ? "" : "/" + path);
  return scheme_ + "://" + bucket + "." + host_ + "/" + path;
}

HttpResponse S3Client::send(const std::string& operation, const std::string& bucket, const std::string& key,
                            HttpRequest request) {
  HttpResponse response;
  try {
    response = send_signed(http_, std::move(request), endpoint_, credentials(), retry_);
  } catch (const TransportError& e) {
    throw S3Error(fmt::format("cannot reach S3 at {} ({} {}): {}; check --endpoint-url and the network",
                              endpoint_.base_url, operation, s3_address(bucket, key), e.what()),
                  "", 0);
  }
  if (response.status < 200 || response.status > 299) {
    throw S3Error(describe_s3_failure(response, operation, bucket, key), aws_error_code(response.body),
                  response.status);
  }
  return response;
}

S3ListPage S3Client::list_objects_page(const std::string& bucket, const std::string& prefix,
                                       const std::string& continuation_token, int max_keys) {
  // Parameters in canonical (sorted) order; each value encoded once.
  std::string query;
  if (!continuation_token.empty()) query += "continuation-token=" + uri_encode(continuation_token, true) + "&";
  query += "list-type=2&max-keys=" + std::to_string(max_keys);
  if (!prefix.empty()) query += "&prefix=" + uri_encode(prefix, true);
  std::string url = object_url(bucket, "");
  if (!path_style_ && url.back() != '/') url += '/';
  HttpResponse response = send("ListObjectsV2", bucket, prefix, HttpRequest{"GET", url + "?" + query, {}, {}});

  pugi::xml_document doc;
  if (!doc.load_buffer(response.body.data(), response.body.size())) {
    throw_error(ErrorKind::aws, "S3 ListObjectsV2 {} returned a body that is not XML: check --endpoint-url",
                s3_address(bucket, prefix));
  }
  const pugi::xml_node result = doc.child("ListBucketResult");
  S3ListPage page;
  for (const pugi::xml_node& item : result.children("Contents")) {
    S3ObjectInfo info;
    info.key = child_text(item, "Key");
    info.size = item.child("Size").text().as_ullong();
    info.etag = strip_quotes(child_text(item, "ETag"));
    page.objects.push_back(std::move(info));
  }
  if (child_text(result, "IsTruncated") == std::string_view("true")) {
    page.next_continuation_token = child_text(result, "NextContinuationToken");
    if (page.next_continuation_token.empty()) {
      throw_error(ErrorKind::aws, "S3 ListObjectsV2 {} is truncated but gave no NextContinuationToken",
                  s3_address(bucket, prefix));
    }
  }
  return page;
}

void S3Client::list_objects(const std::string& bucket, const std::string& prefix,
                            const std::function<void(S3ListPage&&)>& on_page) {
  S3ListingGuard guard(s3_address(bucket, prefix));
  std::string token;
  do {
    S3ListPage page = list_objects_page(bucket, prefix, token);
    guard.check(page);
    token = page.next_continuation_token;
    on_page(std::move(page));
  } while (!token.empty());
}

std::string S3Client::get_object(const std::string& bucket, const std::string& key) {
  return send("GetObject", bucket, key, HttpRequest{"GET", object_url(bucket, key), {}, {}}).body;
}

void S3Client::put_object(const std::string& bucket, const std::string& key, std::string body,
                          const std::string& content_type) {
  send("PutObject", bucket, key,
       HttpRequest{"PUT", object_url(bucket, key), {{"Content-Type", content_type}}, std::move(body)});
}

void S3Client::create_bucket(const std::string& bucket) {
  std::string body;
  // AWS wants the region spelled out everywhere but us-east-1; S3-compatible stores do not care.
  if (endpoint_.base_url.ends_with(".amazonaws.com") && endpoint_.region != "us-east-1") {
    body = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>" +
           endpoint_.region + "</LocationConstraint></CreateBucketConfiguration>";
  }
  std::string url = object_url(bucket, "");
  if (!path_style_ && url.back() != '/') url += '/';
  send("CreateBucket", bucket, "", HttpRequest{"PUT", url, {}, std::move(body)});
}

}  // namespace sparkify::aws
