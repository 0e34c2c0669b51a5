#include "infra/redshift_api.h"

#include <algorithm>
#include <cctype>

#include "common/ascii.h"
#include "common/error.h"

namespace sparkify::infra {
namespace {

int to_int(const std::string& text) {
  try {
    return text.empty() ? 0 : std::stoi(text);
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

std::optional<ClusterInfo> RedshiftApi::describe_cluster(const std::string& identifier) {
  auto result = client_.call("DescribeClusters", {{"ClusterIdentifier", identifier}});
  if (result.failed_with("ClusterNotFound")) return std::nullopt;
  throw_if_failed(result, "redshift", "DescribeClusters");
  // Members by position under <Clusters>, whatever their name: AWS writes
  // <Cluster>, LocalStack and moto write <item> (as the AWS SDKs parse lists).
  for (const auto& node : find_element(result.document, "Clusters").children()) {
    if (node.type() != pugi::node_element) continue;
    auto cluster = parse_cluster(node);
    if (ascii_lower(cluster.identifier) == ascii_lower(identifier)) return cluster;
  }
  return std::nullopt;
}

std::optional<ClusterInfo> RedshiftApi::create_cluster(const ClusterSpec& spec) {
  auto result = client_.call("CreateCluster", create_cluster_params(spec));
  if (result.failed_with("ClusterAlreadyExists")) return std::nullopt;
  throw_if_failed(result, "redshift", "CreateCluster");
  return parse_cluster(find_element(result.document, "Cluster"));
}

std::optional<ClusterInfo> RedshiftApi::delete_cluster(const std::string& identifier, bool skip_final_snapshot,
                                                       const std::string& final_snapshot_id) {
  QueryParams params = {{"ClusterIdentifier", identifier},
                        {"SkipFinalClusterSnapshot", skip_final_snapshot ? "true" : "false"}};
  if (!skip_final_snapshot) params.emplace_back("FinalClusterSnapshotIdentifier", final_snapshot_id);
  auto result = client_.call("DeleteCluster", params);
  if (result.failed_with("ClusterNotFound")) return std::nullopt;
  throw_if_failed(result, "redshift", "DeleteCluster");
  return parse_cluster(find_element(result.document, "Cluster"));
}

ClusterInfo parse_cluster(const pugi::xml_node& cluster) {
  ClusterInfo info;
  info.identifier = find_text(cluster, "ClusterIdentifier");
  info.status = find_text(cluster, "ClusterStatus");
  info.node_type = find_text(cluster, "NodeType");
  info.number_of_nodes = to_int(find_text(cluster, "NumberOfNodes"));
  info.db_name = find_text(cluster, "DBName");
  info.master_username = find_text(cluster, "MasterUsername");
  if (auto endpoint = find_element(cluster, "Endpoint")) {
    info.endpoint_address = find_text(endpoint, "Address");
    info.endpoint_port = to_int(find_text(endpoint, "Port"));
  }
  for (const auto& id : find_elements(cluster, "VpcSecurityGroupId"))
    info.vpc_security_group_ids.push_back(id.child_value());
  for (const auto& arn : find_elements(cluster, "IamRoleArn")) info.iam_role_arns.push_back(arn.child_value());
  if (info.identifier.empty()) {
    throw_error(ErrorKind::aws,
                "Redshift answered without a <ClusterIdentifier>: is the Redshift endpoint a "
                "Redshift API?");
  }
  return info;
}

QueryParams create_cluster_params(const ClusterSpec& spec) {
  QueryParams params = {
      {"ClusterIdentifier", spec.identifier}, {"ClusterType", spec.cluster_type}, {"NodeType", spec.node_type}};
  if (spec.cluster_type == "multi-node") params.emplace_back("NumberOfNodes", std::to_string(spec.number_of_nodes));
  params.emplace_back("DBName", spec.db_name);
  params.emplace_back("MasterUsername", spec.master_username);
  params.emplace_back("MasterUserPassword", spec.master_password);
  params.emplace_back("Port", std::to_string(spec.port));
  for (std::size_t i = 0; i < spec.iam_role_arns.size(); ++i) {
    params.emplace_back("IamRoles.IamRoleArn." + std::to_string(i + 1), spec.iam_role_arns[i]);
  }
  return params;
}

void check_master_password(const std::string& password) {
  const char* where = "set DWH_DB_PASSWORD in [DWH] of dwh.cfg or the SPARKIFY_DWH_DB_PASSWORD environment variable";
  if (password.empty()) throw_error(ErrorKind::config, "no master password for the new cluster: {}", where);
  bool upper = false, lower_case = false, digit = false;
  for (char c : password) {
    if (c <= ' ' || c > '~' || c == '\'' || c == '"' || c == '\\' || c == '/' || c == '@') {
      throw_error(ErrorKind::config,
                  "the master password holds a character Redshift refuses (one of ' \" \\ / @, "
                  "a space or a non-ASCII character): {}",
                  where);
    }
    upper = upper || (c >= 'A' && c <= 'Z');
    lower_case = lower_case || (c >= 'a' && c <= 'z');
    digit = digit || (c >= '0' && c <= '9');
  }
  if (password.size() < 8 || password.size() > 64 || !upper || !lower_case || !digit) {
    throw_error(ErrorKind::config,
                "the master password must be 8-64 characters with an upper-case letter, a "
                "lower-case letter and a digit: {}",
                where);
  }
}

std::string final_snapshot_identifier(const std::string& cluster_identifier, const std::string& utc_timestamp) {
  std::string id;
  for (char c : ascii_lower(cluster_identifier)) {
    bool keep = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (keep) {
      id += c;
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  if (id.empty() || !std::isalpha(static_cast<unsigned char>(id.front()))) id = "cluster-" + id;
  return id + "-final-" + utc_timestamp;
}

}  // namespace sparkify::infra
