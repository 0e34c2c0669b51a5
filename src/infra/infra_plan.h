// InfraPlan: the orchestration behind `sparkify infra up|status|down`.
//
// Every step first looks at what AWS already has and only creates or deletes
// what is missing, so each command is safe to re-run and a run that stopped
// half-way (error, timeout, Ctrl-C) is resumed by running it again:
//   up:   role (CreateRole unless GetRole finds it) -> S3 read access (managed
//         policy, or an inline policy for --bucket) -> cluster (CreateCluster
//         unless DescribeClusters finds it) -> wait for "available" ->
//         optional ingress rule -> [CLUSTER] HOST and [IAM_ROLE] ARN in dwh.cfg
//         (written with IniDocument, which keeps every other line).
//   down: DeleteCluster -> wait until it is gone -> detach/delete the policies
//         sparkify attaches -> DeleteRole.
// Steps are reported through InfraOutput: `step` for results (one line each),
// `progress` for waiting lines. The master password is sent to AWS and never
// written to either.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aws/http_client.h"
#include "config/settings.h"
#include "infra/ec2_api.h"
#include "infra/iam_api.h"
#include "infra/query_client.h"
#include "infra/redshift_api.h"

namespace sparkify::infra {

// The HTTP client and the three API clients, built once from settings.
// Throws Error(aws) when there are no credentials.
class AwsServices {
 public:
  explicit AwsServices(const config::AwsSettings& aws, aws::RetryPolicy retry = {});

  IamApi& iam() { return iam_; }
  RedshiftApi& redshift() { return redshift_; }
  Ec2Api& ec2() { return ec2_; }

 private:
  aws::HttpClient http_;
  std::shared_ptr<aws::CredentialCache> credentials_;  // one chain, shared by the three clients
  QueryClient iam_client_, redshift_client_, ec2_client_;
  IamApi iam_;
  RedshiftApi redshift_;
  Ec2Api ec2_;
};

struct WaitOptions {
  std::chrono::milliseconds timeout = std::chrono::minutes(30);
  std::chrono::milliseconds poll_interval = std::chrono::seconds(15);
};

struct UpOptions {
  std::vector<std::string> buckets;  // empty: attach AmazonS3ReadOnlyAccess
  std::string open_cidr;             // empty: leave the security group alone
  WaitOptions wait;
};

struct DownOptions {
  bool skip_final_snapshot = false;
  WaitOptions wait;
};

struct InfraStatus {
  std::string role_name;
  std::string cluster_identifier;
  std::optional<Role> role;
  std::optional<ClusterInfo> cluster;
};

struct InfraOutput {
  std::function<void(const std::string&)> step;      // "role dwhRole: created (arn:...)"
  std::function<void(const std::string&)> progress;  // "waiting for cluster dwhcluster: creating (30s)"
};

class InfraPlan {
 public:
  // `settings` and the APIs must outlive the plan.
  InfraPlan(const config::Settings& settings, IamApi& iam, RedshiftApi& redshift, Ec2Api& ec2, InfraOutput output);

  // Creates what is missing, waits, writes dwh.cfg. Checks flags and the
  // master password before the first change. Throws Error on the first
  // failure; running it again resumes.
  void up(const UpOptions& options);
  // Reads the role and cluster; changes nothing.
  InfraStatus status();
  // Deletes what `found` (status(), read just before, e.g. to ask the user)
  // lists: cluster first, waiting until it is gone, then policies and role.
  void down(const DownOptions& options, const InfraStatus& found);

 private:
  Role ensure_role();
  void ensure_s3_access(const Role& role, const std::vector<std::string>& buckets);
  ClusterInfo ensure_cluster(const std::optional<ClusterInfo>& existing, const Role& role);
  ClusterInfo wait_until_available(const WaitOptions& wait);
  void wait_until_gone(const WaitOptions& wait);
  void open_ingress(const ClusterInfo& cluster, const std::string& cidr);
  void write_config(const ClusterInfo& cluster, const Role& role);
  void delete_role(const Role& role);

  const config::Settings& settings_;
  IamApi& iam_;
  RedshiftApi& redshift_;
  Ec2Api& ec2_;
  InfraOutput output_;
};

// "1m05s", "12s": elapsed time for progress lines.
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace sparkify::infra
