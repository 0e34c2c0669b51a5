#include "infra/iam_api.h"

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace sparkify::infra {
namespace {

// S3 bucket naming rules: 3-63 characters of a-z, 0-9, '.', '-', starting and
// ending with a letter or digit.
bool valid_bucket_name(const std::string& name) {
  if (name.size() < 3 || name.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  for (char c : name) {
    if (!alnum(c) && c != '.' && c != '-') return false;
  }
  return true;
}

std::string strip_s3_scheme(std::string bucket) {
  if (bucket.rfind("s3://", 0) == 0) bucket.erase(0, 5);
  if (auto slash = bucket.find('/'); slash != std::string::npos) bucket.erase(slash);
  return bucket;
}

}  // namespace

std::optional<Role> IamApi::get_role(const std::string& name) {
  auto result = client_.call("GetRole", {{"RoleName", name}});
  if (result.failed_with("NoSuchEntity")) return std::nullopt;
  throw_if_failed(result, "iam", "GetRole");
  return parse_role(result.document);
}

std::optional<Role> IamApi::create_role(const std::string& name, const std::string& trust_policy,
                                        const std::string& description) {
  auto result = client_.call(
      "CreateRole", {{"RoleName", name}, {"AssumeRolePolicyDocument", trust_policy}, {"Description", description}});
  if (result.failed_with("EntityAlreadyExists")) return std::nullopt;
  throw_if_failed(result, "iam", "CreateRole");
  return parse_role(result.document);
}

void IamApi::attach_role_policy(const std::string& role, const std::string& policy_arn) {
  client_.call_or_throw("AttachRolePolicy", {{"RoleName", role}, {"PolicyArn", policy_arn}});
}

void IamApi::put_role_policy(const std::string& role, const std::string& policy_name, const std::string& document) {
  client_.call_or_throw("PutRolePolicy",
                        {{"RoleName", role}, {"PolicyName", policy_name}, {"PolicyDocument", document}});
}

bool IamApi::detach_role_policy(const std::string& role, const std::string& policy_arn) {
  auto result = client_.call("DetachRolePolicy", {{"RoleName", role}, {"PolicyArn", policy_arn}});
  if (result.failed_with("NoSuchEntity")) return false;
  throw_if_failed(result, "iam", "DetachRolePolicy");
  return true;
}

bool IamApi::delete_role_policy(const std::string& role, const std::string& policy_name) {
  auto result = client_.call("DeleteRolePolicy", {{"RoleName", role}, {"PolicyName", policy_name}});
  if (result.failed_with("NoSuchEntity")) return false;
  throw_if_failed(result, "iam", "DeleteRolePolicy");
  return true;
}

bool IamApi::delete_role(const std::string& name) {
  auto result = client_.call("DeleteRole", {{"RoleName", name}});
  if (result.failed_with("NoSuchEntity")) return false;
  throw_if_failed(result, "iam", "DeleteRole");
  return true;
}

Role parse_role(const pugi::xml_node& answer) {
  auto node = find_element(answer, "Role");
  Role role{find_text(node, "RoleName"), find_text(node, "Arn"), find_text(node, "RoleId"),
            find_text(node, "CreateDate")};
  if (role.arn.empty()) {
    throw_error(ErrorKind::aws,
                "IAM answered without a role ARN (no <Role><Arn> in the answer): is the IAM "
                "endpoint an IAM API?");
  }
  return role;
}

std::string redshift_trust_policy() {
  nlohmann::json policy = {
      {"Version", "2012-10-17"},
      {"Statement",
       {{{"Effect", "Allow"}, {"Principal", {{"Service", "redshift.amazonaws.com"}}}, {"Action", "sts:AssumeRole"}}}}};
  return policy.dump();
}

std::string bucket_read_policy(const std::vector<std::string>& buckets) {
  nlohmann::json bucket_arns = nlohmann::json::array();
  nlohmann::json object_arns = nlohmann::json::array();
  for (const auto& given : buckets) {
    auto bucket = strip_s3_scheme(given);
    if (!valid_bucket_name(bucket)) {
      throw_error(ErrorKind::usage, "--bucket '{}' is not an S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')",
                  given);
    }
    bucket_arns.push_back("arn:aws:s3:::" + bucket);
    object_arns.push_back("arn:aws:s3:::" + bucket + "/*");
  }
  nlohmann::json policy = {
      {"Version", "2012-10-17"},
      {"Statement",
       {{{"Effect", "Allow"}, {"Action", {"s3:ListBucket", "s3:GetBucketLocation"}}, {"Resource", bucket_arns}},
        {{"Effect", "Allow"}, {"Action", {"s3:GetObject"}}, {"Resource", object_arns}}}}};
  return policy.dump();
}

std::string managed_policy_arn(const std::string& role_arn, const std::string& policy_name) {
  std::string partition = "aws";
  if (role_arn.rfind("arn:", 0) == 0) {
    auto end = role_arn.find(':', 4);
    if (end != std::string::npos && end > 4) partition = role_arn.substr(4, end - 4);
  }
  return "arn:" + partition + ":iam::aws:policy/" + policy_name;
}

}  // namespace sparkify::infra
