#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "infra/ec2_api.h"
#include "infra/iam_api.h"
#include "infra/infra_plan.h"
#include "infra/redshift_api.h"

namespace sparkify::infra {
namespace {

pugi::xml_document load(const char* text) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(text));
  return doc;
}

TEST(ParseRole, ReadsGetRoleAnswer) {
  auto doc = load(R"(<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role>
      <Path>/</Path><Arn>arn:aws:iam::123456789012:role/dwhRole</Arn><RoleName>dwhRole</RoleName>
      <CreateDate>2024-01-01T00:00:00Z</CreateDate><RoleId>AROAEXAMPLE</RoleId></Role></GetRoleResult>
      <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetRoleResponse>)");
  auto role = parse_role(doc);
  EXPECT_EQ(role.name, "dwhRole");
  EXPECT_EQ(role.arn, "arn:aws:iam::123456789012:role/dwhRole");
  EXPECT_EQ(role.role_id, "AROAEXAMPLE");
}

TEST(ParseRole, ThrowsWhenTheAnswerHasNoArn) {
  auto doc = load("<GetRoleResponse><Role><RoleName>x</RoleName></Role></GetRoleResponse>");
  EXPECT_THROW(parse_role(doc), Error);
}

TEST(TrustPolicy, LetsRedshiftAssumeTheRole) {
  auto policy = nlohmann::json::parse(redshift_trust_policy());
  const auto& statement = policy["Statement"][0];
  EXPECT_EQ(statement["Principal"]["Service"], "redshift.amazonaws.com");
  EXPECT_EQ(statement["Action"], "sts:AssumeRole");
  EXPECT_EQ(statement["Effect"], "Allow");
}

TEST(BucketReadPolicy, CoversBucketsAndTheirObjectsOnly) {
  auto policy = nlohmann::json::parse(bucket_read_policy({"udacity-dend", "s3://my.logs/prefix"}));
  EXPECT_EQ(policy["Statement"][0]["Resource"], nlohmann::json({"arn:aws:s3:::udacity-dend", "arn:aws:s3:::my.logs"}));
  EXPECT_EQ(policy["Statement"][1]["Resource"],
            nlohmann::json({"arn:aws:s3:::udacity-dend/*", "arn:aws:s3:::my.logs/*"}));
  EXPECT_EQ(policy["Statement"][1]["Action"], nlohmann::json({"s3:GetObject"}));
}

TEST(BucketReadPolicy, RejectsInvalidBucketName) {
  EXPECT_THROW(bucket_read_policy({"Bad_Bucket"}), Error);
  EXPECT_THROW(bucket_read_policy({"ab"}), Error);
}

TEST(ManagedPolicyArn, FollowsThePartitionOfTheRole) {
  EXPECT_EQ(managed_policy_arn("arn:aws-cn:iam::1:role/r", "AmazonS3ReadOnlyAccess"),
            "arn:aws-cn:iam::aws:policy/AmazonS3ReadOnlyAccess");
  EXPECT_EQ(managed_policy_arn("", "AmazonS3ReadOnlyAccess"), "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
}

TEST(ParseCluster, ReadsDescribeClustersEntry) {
  auto doc = load(R"(<DescribeClustersResponse><DescribeClustersResult><Clusters><Cluster>
      <ClusterIdentifier>dwhcluster</ClusterIdentifier><NodeType>dc2.large</NodeType>
      <ClusterStatus>available</ClusterStatus><MasterUsername>dwhuser</MasterUsername><DBName>dwh</DBName>
      <Endpoint><Address>dwhcluster.abc.us-west-2.redshift.amazonaws.com</Address><Port>5439</Port></Endpoint>
      <NumberOfNodes>4</NumberOfNodes>
      <VpcSecurityGroups><VpcSecurityGroup><VpcSecurityGroupId>sg-1</VpcSecurityGroupId></VpcSecurityGroup>
      </VpcSecurityGroups>
      <IamRoles><ClusterIamRole><IamRoleArn>arn:aws:iam::1:role/dwhRole</IamRoleArn></ClusterIamRole></IamRoles>
      </Cluster></Clusters></DescribeClustersResult></DescribeClustersResponse>)");
  auto cluster = parse_cluster(find_element(doc, "Cluster"));
  EXPECT_EQ(cluster.identifier, "dwhcluster");
  EXPECT_EQ(cluster.status, "available");
  EXPECT_EQ(cluster.endpoint_address, "dwhcluster.abc.us-west-2.redshift.amazonaws.com");
  EXPECT_EQ(cluster.endpoint_port, 5439);
  EXPECT_EQ(cluster.number_of_nodes, 4);
  EXPECT_EQ(cluster.vpc_security_group_ids, std::vector<std::string>{"sg-1"});
  EXPECT_EQ(cluster.iam_role_arns, std::vector<std::string>{"arn:aws:iam::1:role/dwhRole"});
}

TEST(ParseCluster, LeavesEndpointEmptyWhileCreating) {
  auto doc = load(
      "<Cluster><ClusterIdentifier>c</ClusterIdentifier><ClusterStatus>creating</ClusterStatus>"
      "</Cluster>");
  auto cluster = parse_cluster(doc.first_child());
  EXPECT_EQ(cluster.endpoint_address, "");
  EXPECT_EQ(cluster.endpoint_port, 0);
}

TEST(CreateClusterParams, SendsNodeCountOnlyForMultiNode) {
  ClusterSpec spec{"c", "single-node", "dc2.large", 4, "dwh", "u", "Passw0rd", 5439, {"arn:r"}};
  auto params = create_cluster_params(spec);
  for (const auto& [name, value] : params) EXPECT_NE(name, "NumberOfNodes");
  spec.cluster_type = "multi-node";
  params = create_cluster_params(spec);
  EXPECT_NE(std::find(params.begin(), params.end(), std::pair<std::string, std::string>{"NumberOfNodes", "4"}),
            params.end());
  EXPECT_NE(
      std::find(params.begin(), params.end(), std::pair<std::string, std::string>{"IamRoles.IamRoleArn.1", "arn:r"}),
      params.end());
}

TEST(CheckMasterPassword, AcceptsRedshiftConformingPassword) { EXPECT_NO_THROW(check_master_password("Passw0rdX")); }

TEST(CheckMasterPassword, RejectsWeakOrForbiddenPasswordsWithoutQuotingThem) {
  for (std::string bad : {"", "short1A", "alllowercase1", "ALLUPPER1", "NoDigitsHere", "Has Space1", "Quote'1Aa"}) {
    try {
      check_master_password(bad);
      ADD_FAILURE() << "accepted a bad password";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::config);
      if (!bad.empty()) {
        EXPECT_EQ(std::string(error.what()).find(bad), std::string::npos);
      }
    }
  }
}

TEST(FinalSnapshotIdentifier, IsLowerCaseAndStartsWithALetter) {
  EXPECT_EQ(final_snapshot_identifier("dwhCluster", "20240102030405"), "dwhcluster-final-20240102030405");
  EXPECT_EQ(final_snapshot_identifier("9--x", "1"), "cluster-9-x-final-1");
}

TEST(CheckIpv4Cidr, AcceptsBlocks) {
  EXPECT_NO_THROW(check_ipv4_cidr("203.0.113.7/32"));
  EXPECT_NO_THROW(check_ipv4_cidr("0.0.0.0/0"));
}

TEST(CheckIpv4Cidr, RejectsMalformedBlocks) {
  for (const char* bad :
       {"203.0.113.7", "256.0.0.1/32", "1.2.3.4/33", "1.2.3/8", "1.2.3.4/", "a.b.c.d/1", "1.2.3.4/8x"}) {
    EXPECT_THROW(check_ipv4_cidr(bad), Error) << bad;
  }
}

TEST(FormatDuration, ShowsMinutesAndSeconds) {
  using namespace std::chrono;
  EXPECT_EQ(format_duration(seconds(42)), "42s");
  EXPECT_EQ(format_duration(seconds(65)), "1m05s");
  EXPECT_EQ(format_duration(milliseconds(1500)), "1.5s");
}

}  // namespace
}  // namespace sparkify::infra
