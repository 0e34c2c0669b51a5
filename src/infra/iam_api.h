// IamApi: the IAM calls `sparkify infra` makes, over a QueryClient for "iam".
// Each call maps the outcomes that make re-runs safe to values (a role that
// already exists, a policy that is not attached) and throws Error(aws) for
// everything else.
//
// Also the policy documents sparkify writes: the trust policy that lets
// Redshift assume the role and the read-only S3 policy for named buckets.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "infra/query_client.h"

namespace sparkify::infra {

struct Role {
  std::string name;
  std::string arn;
  std::string role_id;
  std::string create_date;
};

// Managed policy attached by default and the name of the inline policy used with --bucket.
inline constexpr const char* s3_read_only_policy_name = "AmazonS3ReadOnlyAccess";
inline constexpr const char* bucket_policy_name = "sparkify-s3-read";

class IamApi {
 public:
  explicit IamApi(QueryClient& client) : client_(client) {}

  // GetRole; nullopt when there is no such role.
  std::optional<Role> get_role(const std::string& name);
  // CreateRole; nullopt when a role of that name already exists.
  std::optional<Role> create_role(const std::string& name, const std::string& trust_policy,
                                  const std::string& description);
  // AttachRolePolicy (AWS treats attaching an attached policy as success).
  void attach_role_policy(const std::string& role, const std::string& policy_arn);
  // PutRolePolicy: creates or replaces the inline policy.
  void put_role_policy(const std::string& role, const std::string& policy_name, const std::string& document);
  // DetachRolePolicy; false when the policy was not attached.
  bool detach_role_policy(const std::string& role, const std::string& policy_arn);
  // DeleteRolePolicy; false when the role had no such inline policy.
  bool delete_role_policy(const std::string& role, const std::string& policy_name);
  // DeleteRole; false when there was no such role.
  bool delete_role(const std::string& name);

 private:
  QueryClient& client_;
};

// Parses the <Role> element of a CreateRole/GetRole answer.
Role parse_role(const pugi::xml_node& answer);

// Trust policy: the Redshift service may call sts:AssumeRole on this role.
std::string redshift_trust_policy();
// Read-only access (list, get, bucket location) to exactly these buckets.
// Throws Error(usage) for a name that is not a valid S3 bucket name.
std::string bucket_read_policy(const std::vector<std::string>& buckets);
// ARN of an AWS managed policy in the partition of `role_arn` ("aws", "aws-cn", ...).
std::string managed_policy_arn(const std::string& role_arn, const std::string& policy_name);

}  // namespace sparkify::infra
