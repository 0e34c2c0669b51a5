#include "infra/query_client.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

#include "aws/sigv4.h"
#include "common/error.h"

namespace sparkify::infra {
namespace {

std::string_view local_name(std::string_view qualified) {
  auto colon = qualified.find(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

void collect_elements(const pugi::xml_node& node, std::string_view name, std::vector<pugi::xml_node>& found) {
  for (auto child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    if (local_name(child.name()) == name) found.push_back(child);
    collect_elements(child, name, found);
  }
}

// Collapses line breaks and runs of spaces so that an AWS message fits on one line.
std::string one_line(std::string_view text) {
  std::string line;
  bool space = false;
  for (char c : text) {
    bool blank = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (blank) {
      space = !line.empty();
      continue;
    }
    if (space) line += ' ';
    space = false;
    line += c;
  }
  return line;
}

std::string trim_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// The string value of the first "name": "..." in a JSON text (escapes kept
// as written), or "". Enough for error envelopes; not a JSON parser.
std::string json_string_field(std::string_view body, std::string_view name) {
  static const std::regex kField(R"re("(\w+)"\s*:\s*"((?:[^"\\]|\\.)*)")re");
  const std::string text(body);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kField); it != std::sregex_iterator(); ++it) {
    if ((*it)[1].str() == name) return (*it)[2].str();
  }
  return "";
}

}  // namespace

QueryService query_service(const config::AwsSettings& aws, std::string_view service) {
  const std::string name(service);
  QueryService result;
  result.endpoint.service = name;
  result.endpoint.region = aws.region;
  std::string base = aws.endpoint_for(name);
  if (name == "iam") {
    result.endpoint.region = "us-east-1";
    result.version = "2010-05-08";
    if (base.empty()) base = "https://iam.amazonaws.com";
  } else if (name == "redshift") {
    result.version = "2012-12-01";
    if (base.empty()) base = "https://redshift." + aws.region + ".amazonaws.com";
  } else if (name == "ec2") {
    result.version = "2016-11-15";
    if (base.empty()) base = "https://ec2." + aws.region + ".amazonaws.com";
  } else {
    throw_error(ErrorKind::usage, "unknown Query service '{}' (expected iam, redshift or ec2)", name);
  }
  result.endpoint.base_url = trim_trailing_slashes(base);
  return result;
}

namespace {

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

QueryClient::QueryClient(aws::HttpClient& http, QueryService service, std::shared_ptr<aws::CredentialCache> credentials,
                         aws::RetryPolicy retry)
    : http_(http), service_(std::move(service)), credentials_(std::move(credentials)), retry_(retry) {}

QueryResult QueryClient::call(std::string_view action, const QueryParams& params) {
  aws::HttpRequest request;
  request.method = "POST";
  request.url = service_.endpoint.base_url + "/";
  request.headers.emplace_back("content-type", "application/x-www-form-urlencoded; charset=utf-8");
  request.body = form_encode(action, service_.version, params);
  aws::HttpResponse response;
  try {
    response = aws::send_signed(http_, std::move(request), service_.endpoint, credentials_->current(), retry_);
  } catch (const aws::TransportError& error) {
    throw_error(ErrorKind::aws,
                "cannot reach the {} API at {} ({}): {}; check --endpoint-url (or AWS_ENDPOINT_URL_{}), --region "
                "and the network",
                service_.endpoint.service, service_.endpoint.base_url, action, error.what(),
                upper(service_.endpoint.service));
  }
  auto result = parse_answer(response.status, response.body);
  if (!result.error && !result.document.document_element()) {
    throw_error(ErrorKind::aws, "{} {} at {} answered HTTP {} without XML: is --endpoint-url pointing at an AWS API?",
                service_.endpoint.service, action, service_.endpoint.base_url, response.status);
  }
  return result;
}

pugi::xml_document QueryClient::call_or_throw(std::string_view action, const QueryParams& params) {
  auto result = call(action, params);
  throw_if_failed(result, service_.endpoint.service, action);
  return std::move(result.document);
}

void throw_if_failed(const QueryResult& result, std::string_view service, std::string_view action) {
  if (result.error) throw Error(ErrorKind::aws, describe_error(*result.error, service, action));
}

std::string form_encode(std::string_view action, std::string_view version, const QueryParams& params) {
  std::string body = "Action=" + aws::uri_encode(action, true) + "&Version=" + aws::uri_encode(version, true);
  for (const auto& [name, value] : params) {
    body += '&';
    body += aws::uri_encode(name, true);
    body += '=';
    body += aws::uri_encode(value, true);
  }
  return body;
}

QueryResult parse_answer(long status, std::string_view body) {
  QueryResult result;
  const bool parsed = result.document.load_buffer(body.data(), body.size()) && result.document.document_element();
  if (status >= 200 && status < 300) {
    if (!parsed) result.document.reset();
    return result;
  }
  ApiError error;
  error.status = status;
  if (parsed) {
    auto error_node = find_element(result.document, "Error");
    error.code = find_text(error_node ? error_node : result.document, "Code");
    error.message = one_line(find_text(error_node ? error_node : result.document, "Message"));
    error.request_id = find_text(result.document, "RequestId");
    if (error.request_id.empty()) error.request_id = find_text(result.document, "RequestID");
  }
  if (!parsed) {  // moto's JSON envelope: {"Error": {"Code": ..., "Message": ...}, "RequestId": ...}
    error.code = json_string_field(body, "Code");
    error.message = one_line(json_string_field(body, "Message"));
    error.request_id = json_string_field(body, "RequestId");
  }
  if (error.code.empty()) error.code = "HTTP" + std::to_string(status);
  result.error = std::move(error);
  result.document.reset();
  return result;
}

bool is_throttling_code(std::string_view code) {
  static constexpr std::array<std::string_view, 7> codes = {
      "Throttling",       "ThrottlingException",      "ThrottledException",       "RequestLimitExceeded",
      "RequestThrottled", "TooManyRequestsException", "RequestThrottledException"};
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

std::string describe_error(const ApiError& error, std::string_view service, std::string_view action) {
  const std::string said = error.message.empty() ? "" : fmt::format(" (AWS said: {})", error.message);
  const std::string& code = error.code;
  if (code == "SignatureDoesNotMatch") {
    return fmt::format(
        "{} rejected the signature of {} (SignatureDoesNotMatch): check the secret key "
        "(AWS_SECRET_ACCESS_KEY, the profile or [AWS] SECRET) and the system clock",
        service, action);
  }
  if (code == "InvalidClientTokenId" || code == "AuthFailure" || code == "UnrecognizedClientException") {
    return fmt::format(
        "{} does not know the access key used for {} ({}): check AWS_ACCESS_KEY_ID, the profile "
        "or [AWS] KEY, and that --endpoint-url points where you mean",
        service, action, code);
  }
  if (code == "ExpiredToken" || code == "RequestExpired") {
    return fmt::format(
        "{} refused {} ({}): the session token or request date has expired; refresh the "
        "credentials and check the system clock",
        service, action, code);
  }
  if (code == "AccessDenied" || code == "AccessDeniedException" || code == "UnauthorizedOperation") {
    return fmt::format("{} denied {} ({}): the credentials need permission for {}:{}{}", service, action, code, service,
                       action, said);
  }
  if (is_throttling_code(code)) {
    return fmt::format("{} kept throttling {} ({}) after every retry: wait a minute and re-run", service, action, code);
  }
  if (code == "EntityAlreadyExists" || code == "ClusterAlreadyExists") {
    return fmt::format("{} {}: it already exists ({}){}", service, action, code, said);
  }
  if (code == "NoSuchEntity" || code == "ClusterNotFound") {
    return fmt::format("{} {}: it does not exist ({}){}", service, action, code, said);
  }
  if (code == "DeleteConflict") {
    return fmt::format(
        "{} {}: the role still has policies that sparkify did not attach ({}); detach them "
        "in the IAM console and re-run{}",
        service, action, code, said);
  }
  return fmt::format("{} {} failed with HTTP {} {}{}", service, action, error.status, code, said);
}

pugi::xml_node find_element(const pugi::xml_node& node, std::string_view name) {
  if (node.type() == pugi::node_element && local_name(node.name()) == name) return node;
  for (auto child : node.children()) {
    if (child.type() != pugi::node_element && child.type() != pugi::node_document) continue;
    if (auto found = find_element(child, name)) return found;
  }
  return {};
}

std::string find_text(const pugi::xml_node& node, std::string_view name) {
  return find_element(node, name).child_value();
}

std::vector<pugi::xml_node> find_elements(const pugi::xml_node& node, std::string_view name) {
  std::vector<pugi::xml_node> found;
  collect_elements(node, name, found);
  return found;
}

}  // namespace sparkify::infra
