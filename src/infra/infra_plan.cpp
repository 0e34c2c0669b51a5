#include "infra/infra_plan.h"

#include <ctime>
#include <thread>

#include "aws/credential_chain.h"
#include "common/error.h"
#include "config/ini_document.h"

namespace sparkify::infra {
namespace {

using Clock = std::chrono::steady_clock;

int dwh_int(const std::string& text, const char* key, int min, int max) {
  try {
    std::size_t used = 0;
    int value = std::stoi(text, &used);
    if (used == text.size() && value >= min && value <= max) return value;
  } catch (const std::exception&) {
  }
  throw_error(ErrorKind::config, "[DWH] {} must be a whole number from {} to {}, got '{}'", key, min, max, text);
}

std::string utc_timestamp() {
  std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[16];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &parts);
  return text;
}

std::chrono::milliseconds elapsed_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

bool is_failed_cluster_status(const std::string& status) {
  return status.rfind("incompatible-", 0) == 0 || status == "hardware-failure" || status == "storage-full";
}

}  // namespace

AwsServices::AwsServices(const config::AwsSettings& aws, aws::RetryPolicy retry)
    : credentials_(aws::credentials_from(aws)),
      iam_client_(http_, query_service(aws, "iam"), credentials_, retry),
      redshift_client_(http_, query_service(aws, "redshift"), credentials_, retry),
      ec2_client_(http_, query_service(aws, "ec2"), credentials_, retry),
      iam_(iam_client_),
      redshift_(redshift_client_),
      ec2_(ec2_client_) {}

InfraPlan::InfraPlan(const config::Settings& settings, IamApi& iam, RedshiftApi& redshift, Ec2Api& ec2,
                     InfraOutput output)
    : settings_(settings), iam_(iam), redshift_(redshift), ec2_(ec2), output_(std::move(output)) {}

void InfraPlan::up(const UpOptions& options) {
  if (!options.open_cidr.empty()) check_ipv4_cidr(options.open_cidr);
  if (!options.buckets.empty()) bucket_read_policy(options.buckets);  // validates the names before any call
  auto existing = redshift_.describe_cluster(settings_.dwh.cluster_identifier);
  if (!existing) check_master_password(settings_.dwh.db_password);
  if (existing && existing->status == "deleting") {
    throw_error(ErrorKind::aws,
                "cluster {} is being deleted: wait for `sparkify infra down` to finish, then run "
                "`sparkify infra up` again",
                existing->identifier);
  }
  auto role = ensure_role();
  ensure_s3_access(role, options.buckets);
  auto cluster = ensure_cluster(existing, role);
  if (cluster.status != "available" || cluster.endpoint_address.empty()) cluster = wait_until_available(options.wait);
  if (!options.open_cidr.empty()) open_ingress(cluster, options.open_cidr);
  write_config(cluster, role);
}

InfraStatus InfraPlan::status() {
  InfraStatus found;
  found.role_name = settings_.dwh.iam_role_name;
  found.cluster_identifier = settings_.dwh.cluster_identifier;
  found.role = iam_.get_role(found.role_name);
  found.cluster = redshift_.describe_cluster(found.cluster_identifier);
  return found;
}

void InfraPlan::down(const DownOptions& options, const InfraStatus& found) {
  if (!found.role && !found.cluster) {
    output_.step(
        fmt::format("nothing to delete: no cluster {} and no role {}", found.cluster_identifier, found.role_name));
    return;
  }
  if (found.cluster) {
    const auto& id = found.cluster->identifier;
    if (found.cluster->status == "deleting") {
      output_.step(fmt::format("cluster {}: already being deleted", id));
    } else {
      const std::string snapshot = final_snapshot_identifier(id, utc_timestamp());
      auto deleted = redshift_.delete_cluster(id, options.skip_final_snapshot, snapshot);
      if (deleted) {
        output_.step(options.skip_final_snapshot
                         ? fmt::format("cluster {}: deleting (no final snapshot)", id)
                         : fmt::format("cluster {}: deleting (final snapshot {})", id, snapshot));
      }
    }
    wait_until_gone(options.wait);
    output_.step(fmt::format("cluster {}: deleted", id));
  } else {
    output_.step(fmt::format("cluster {}: none", found.cluster_identifier));
  }
  if (found.role) {
    delete_role(*found.role);
  } else {
    output_.step(fmt::format("role {}: none", found.role_name));
  }
}

Role InfraPlan::ensure_role() {
  const auto& name = settings_.dwh.iam_role_name;
  if (auto role = iam_.get_role(name)) {
    output_.step(fmt::format("role {}: exists ({})", name, role->arn));
    return *role;
  }
  auto created = iam_.create_role(name, redshift_trust_policy(), "Lets Redshift read S3 for sparkify");
  if (!created) {  // created by someone else between GetRole and CreateRole
    created = iam_.get_role(name);
    if (!created) throw_error(ErrorKind::aws, "IAM said role {} exists, then that it does not: re-run", name);
    output_.step(fmt::format("role {}: exists ({})", name, created->arn));
    return *created;
  }
  output_.step(fmt::format("role {}: created ({})", name, created->arn));
  return *created;
}

void InfraPlan::ensure_s3_access(const Role& role, const std::vector<std::string>& buckets) {
  if (buckets.empty()) {
    iam_.attach_role_policy(role.name, managed_policy_arn(role.arn, s3_read_only_policy_name));
    output_.step(fmt::format("role {}: {} attached", role.name, s3_read_only_policy_name));
    return;
  }
  iam_.put_role_policy(role.name, bucket_policy_name, bucket_read_policy(buckets));
  std::string list;
  for (const auto& bucket : buckets) list += (list.empty() ? "" : ", ") + bucket;
  output_.step(fmt::format("role {}: inline policy {} reads {}", role.name, bucket_policy_name, list));
}

ClusterInfo InfraPlan::ensure_cluster(const std::optional<ClusterInfo>& existing, const Role& role) {
  const auto& dwh = settings_.dwh;
  if (existing) {
    output_.step(fmt::format("cluster {}: exists ({})", existing->identifier, existing->status));
    bool has_role = false;
    for (const auto& arn : existing->iam_role_arns) has_role = has_role || arn == role.arn;
    if (!has_role) {
      output_.step(
          fmt::format("cluster {}: warning: role {} is not attached to it; COPY from S3 needs it "
                      "(attach it in the Redshift console)",
                      existing->identifier, role.name));
    }
    return *existing;
  }
  ClusterSpec spec;
  spec.identifier = dwh.cluster_identifier;
  spec.cluster_type = dwh.cluster_type;
  spec.node_type = dwh.node_type;
  spec.number_of_nodes = dwh_int(dwh.num_nodes, "DWH_NUM_NODES", 1, 128);
  spec.db_name = dwh.db;
  spec.master_username = dwh.db_user;
  spec.master_password = dwh.db_password;
  spec.port = dwh_int(dwh.port, "DWH_PORT", 1150, 65535);
  spec.iam_role_arns = {role.arn};
  if (spec.cluster_type != "single-node" && spec.cluster_type != "multi-node") {
    throw_error(ErrorKind::config, "[DWH] DWH_CLUSTER_TYPE must be single-node or multi-node, got '{}'",
                spec.cluster_type);
  }
  auto created = redshift_.create_cluster(spec);
  if (!created) {
    created = redshift_.describe_cluster(spec.identifier);
    if (!created)
      throw_error(ErrorKind::aws, "Redshift said cluster {} exists, then that it does not: re-run", spec.identifier);
    output_.step(fmt::format("cluster {}: exists ({})", created->identifier, created->status));
    return *created;
  }
  output_.step(fmt::format("cluster {}: created ({} x {}, {})", created->identifier,
                           created->number_of_nodes == 0 ? spec.number_of_nodes : created->number_of_nodes,
                           spec.node_type, created->status));
  return *created;
}

ClusterInfo InfraPlan::wait_until_available(const WaitOptions& wait) {
  const auto& id = settings_.dwh.cluster_identifier;
  const auto start = Clock::now();
  while (true) {
    auto cluster = redshift_.describe_cluster(id);
    if (!cluster)
      throw_error(ErrorKind::aws, "cluster {} disappeared while waiting for it: run `sparkify infra up` again", id);
    if (cluster->status == "available" && !cluster->endpoint_address.empty()) {
      output_.step(fmt::format("cluster {}: available at {}:{}", cluster->identifier, cluster->endpoint_address,
                               cluster->endpoint_port));
      return *cluster;
    }
    if (is_failed_cluster_status(cluster->status)) {
      throw_error(ErrorKind::aws,
                  "cluster {} is '{}': look at its events in the Redshift console, then "
                  "`sparkify infra down` and `up` again",
                  cluster->identifier, cluster->status);
    }
    auto elapsed = elapsed_since(start);
    if (elapsed >= wait.timeout) {
      throw_error(ErrorKind::aws,
                  "cluster {} is still '{}' after {}: run `sparkify infra up` again to keep waiting "
                  "(nothing is created twice)",
                  cluster->identifier, cluster->status, format_duration(wait.timeout));
    }
    output_.progress(fmt::format("waiting for cluster {}: {} ({} elapsed)", cluster->identifier, cluster->status,
                                 format_duration(elapsed)));
    std::this_thread::sleep_for(std::min(wait.poll_interval, wait.timeout - elapsed));
  }
}

void InfraPlan::wait_until_gone(const WaitOptions& wait) {
  const auto& id = settings_.dwh.cluster_identifier;
  const auto start = Clock::now();
  while (auto cluster = redshift_.describe_cluster(id)) {
    auto elapsed = elapsed_since(start);
    if (elapsed >= wait.timeout) {
      throw_error(ErrorKind::aws,
                  "cluster {} is still '{}' after {}: run `sparkify infra down` again to keep "
                  "waiting; the role is deleted once the cluster is gone",
                  cluster->identifier, cluster->status, format_duration(wait.timeout));
    }
    output_.progress(fmt::format("waiting for cluster {} to go: {} ({} elapsed)", cluster->identifier, cluster->status,
                                 format_duration(elapsed)));
    std::this_thread::sleep_for(std::min(wait.poll_interval, wait.timeout - elapsed));
  }
}

void InfraPlan::open_ingress(const ClusterInfo& cluster, const std::string& cidr) {
  if (cluster.vpc_security_group_ids.empty()) {
    throw_error(ErrorKind::aws,
                "cluster {} reports no VPC security group, so --open-cidr has nothing to open: "
                "edit its inbound rules in the console",
                cluster.identifier);
  }
  const int port =
      cluster.endpoint_port != 0 ? cluster.endpoint_port : dwh_int(settings_.dwh.port, "DWH_PORT", 1150, 65535);
  for (const auto& group : cluster.vpc_security_group_ids) {
    bool added = ec2_.authorize_ingress(group, cidr, port);
    output_.step(
        fmt::format("security group {}: tcp {} from {} {}", group, port, cidr, added ? "opened" : "was already open"));
  }
}

void InfraPlan::write_config(const ClusterInfo& cluster, const Role& role) {
  const auto& path = settings_.config_path;
  auto doc = config::IniDocument::load(path);
  if (doc.get("CLUSTER", "HOST") == cluster.endpoint_address && doc.get("IAM_ROLE", "ARN") == role.arn) {
    output_.step(fmt::format("{}: [CLUSTER] HOST and [IAM_ROLE] ARN already up to date", path.string()));
    return;
  }
  doc.set("CLUSTER", "HOST", cluster.endpoint_address);
  doc.set("IAM_ROLE", "ARN", role.arn);
  doc.save(path);
  output_.step(fmt::format("{}: wrote [CLUSTER] HOST = {} and [IAM_ROLE] ARN = {}", path.string(),
                           cluster.endpoint_address, role.arn));
}

void InfraPlan::delete_role(const Role& role) {
  if (iam_.detach_role_policy(role.name, managed_policy_arn(role.arn, s3_read_only_policy_name))) {
    output_.step(fmt::format("role {}: {} detached", role.name, s3_read_only_policy_name));
  }
  if (iam_.delete_role_policy(role.name, bucket_policy_name)) {
    output_.step(fmt::format("role {}: inline policy {} deleted", role.name, bucket_policy_name));
  }
  if (iam_.delete_role(role.name)) {
    output_.step(fmt::format("role {}: deleted", role.name));
  } else {
    output_.step(fmt::format("role {}: none", role.name));
  }
}

std::string format_duration(std::chrono::milliseconds duration) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
  if (seconds < 60) {
    if (duration < std::chrono::seconds(10) && duration.count() % 1000 != 0) {
      return fmt::format("{:.1f}s", static_cast<double>(duration.count()) / 1000.0);
    }
    return fmt::format("{}s", seconds);
  }
  return fmt::format("{}m{:02}s", seconds / 60, seconds % 60);
}

}  // namespace sparkify::infra
