// RedshiftApi: the Redshift calls `sparkify infra` makes, over a QueryClient
// for "redshift". Outcomes that make re-runs safe (cluster exists / not found)
// are values; every other AWS error throws Error(aws).
//
// AWS stores cluster identifiers in lower case and compares them without
// case, so "dwhCluster" in dwh.cfg names the cluster "dwhcluster".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "infra/query_client.h"

namespace sparkify::infra {

struct ClusterSpec {
  std::string identifier;
  std::string cluster_type;  // "single-node" or "multi-node"
  std::string node_type;     // "dc2.large", "ra3.xlplus", ...
  int number_of_nodes = 1;   // sent only for multi-node clusters
  std::string db_name;
  std::string master_username;
  std::string master_password;  // secret: sent in the body only
  int port = 5439;
  std::vector<std::string> iam_role_arns;
};

struct ClusterInfo {
  std::string identifier;
  std::string status;  // "creating", "available", "deleting", "modifying", ...
  std::string node_type;
  int number_of_nodes = 0;
  std::string endpoint_address;  // empty until the cluster is available
  int endpoint_port = 0;
  std::string db_name;
  std::string master_username;
  std::vector<std::string> vpc_security_group_ids;
  std::vector<std::string> iam_role_arns;
};

class RedshiftApi {
 public:
  explicit RedshiftApi(QueryClient& client) : client_(client) {}

  // DescribeClusters for one identifier; nullopt when it does not exist.
  std::optional<ClusterInfo> describe_cluster(const std::string& identifier);
  // CreateCluster; nullopt when a cluster with that identifier already exists.
  std::optional<ClusterInfo> create_cluster(const ClusterSpec& spec);
  // DeleteCluster; nullopt when there is no such cluster. Without
  // skip_final_snapshot AWS keeps a snapshot named final_snapshot_id.
  std::optional<ClusterInfo> delete_cluster(const std::string& identifier, bool skip_final_snapshot,
                                            const std::string& final_snapshot_id);

 private:
  QueryClient& client_;
};

// Parses one <Cluster> element (from CreateCluster, DescribeClusters, DeleteCluster).
ClusterInfo parse_cluster(const pugi::xml_node& cluster);

// The form parameters of CreateCluster for `spec` (lists as IamRoles.IamRoleArn.N).
QueryParams create_cluster_params(const ClusterSpec& spec);

// Throws Error(config) unless `password` meets Redshift's rules for a master
// password (8-64 printable ASCII characters with an upper-case letter, a
// lower-case letter and a digit; no ' " \ / @ or space). Never quotes it.
void check_master_password(const std::string& password);

// A valid final snapshot identifier: "<cluster>-final-<YYYYMMDDHHMMSS>".
std::string final_snapshot_identifier(const std::string& cluster_identifier, const std::string& utc_timestamp);

}  // namespace sparkify::infra
