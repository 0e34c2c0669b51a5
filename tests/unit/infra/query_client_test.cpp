#include "infra/query_client.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace sparkify::infra {
namespace {

TEST(FormEncode, PutsActionAndVersionFirstAndPercentEncodesValues) {
  auto body = form_encode("CreateRole", "2010-05-08",
                          {{"RoleName", "dwhRole"}, {"AssumeRolePolicyDocument", R"({"a": "b/c"})"}});
  EXPECT_EQ(body,
            "Action=CreateRole&Version=2010-05-08&RoleName=dwhRole&AssumeRolePolicyDocument="
            "%7B%22a%22%3A%20%22b%2Fc%22%7D");
}

TEST(FormEncode, KeepsDotsInListParameterNames) {
  auto body = form_encode("CreateCluster", "2012-12-01", {{"IamRoles.IamRoleArn.1", "arn:aws:iam::1:role/r"}});
  EXPECT_EQ(body, "Action=CreateCluster&Version=2012-12-01&IamRoles.IamRoleArn.1=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr");
}

TEST(ParseAnswer, ReadsIamErrorEnvelope) {
  auto result = parse_answer(409, R"(<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
      <Error><Type>Sender</Type><Code>EntityAlreadyExists</Code>
      <Message>Role with name dwhRole already exists.</Message></Error>
      <RequestId>4a3f</RequestId></ErrorResponse>)");
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->status, 409);
  EXPECT_EQ(result.error->code, "EntityAlreadyExists");
  EXPECT_EQ(result.error->message, "Role with name dwhRole already exists.");
  EXPECT_EQ(result.error->request_id, "4a3f");
  EXPECT_TRUE(result.failed_with("EntityAlreadyExists"));
}

TEST(ParseAnswer, ReadsEc2ErrorEnvelope) {
  auto result = parse_answer(400, R"(<?xml version="1.0" encoding="UTF-8"?>
      <Response><Errors><Error><Code>InvalidPermission.Duplicate</Code><Message>rule exists</Message></Error>
      </Errors><RequestID>9b1c</RequestID></Response>)");
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->code, "InvalidPermission.Duplicate");
  EXPECT_EQ(result.error->request_id, "9b1c");
}

TEST(ParseAnswer, NamesHttpStatusWhenErrorBodyIsNotXml) {
  auto result = parse_answer(502, "<html>Bad Gateway");
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->code, "HTTP502");
}

TEST(ParseAnswer, ReadsTheRedshiftClientErrorEnvelopeOfEmulators) {
  auto result = parse_answer(404,
                             "<RedshiftClientError><Error><Code>ClusterNotFound</Code><Message>Cluster x not found."
                             "</Message><Type>Sender</Type></Error><RequestId>r1</RequestId></RedshiftClientError>");
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->code, "ClusterNotFound");
  EXPECT_EQ(result.error->message, "Cluster x not found.");
  EXPECT_EQ(result.error->request_id, "r1");
}

TEST(ParseAnswer, ReadsMotosJsonErrorEnvelope) {
  auto result = parse_answer(400, R"({"Error": {"Code": "ClusterNotFound", "Message": "Cluster x not found.",
      "Type": "Sender"}, "RequestId": "6876f774"})");
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->code, "ClusterNotFound");
  EXPECT_EQ(result.error->message, "Cluster x not found.");
  EXPECT_EQ(result.error->request_id, "6876f774");
}

TEST(ParseAnswer, KeepsDocumentOfSuccessfulAnswer) {
  auto result = parse_answer(200,
                             "<GetRoleResponse><GetRoleResult><Role><Arn>x</Arn></Role></GetRoleResult>"
                             "</GetRoleResponse>");
  EXPECT_FALSE(result.error);
  EXPECT_EQ(find_text(result.document, "Arn"), "x");
}

TEST(ParseAnswer, FoldsMultiLineMessageToOneLine) {
  auto result = parse_answer(400,
                             "<ErrorResponse><Error><Code>X</Code><Message>first\n   second</Message></Error>"
                             "</ErrorResponse>");
  EXPECT_EQ(result.error->message, "first second");
}

TEST(FindElement, IgnoresNamespacePrefixesAndEnvelopes) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(R"(<soap:Envelope xmlns:soap="s"><soap:Body><r:Answer xmlns:r="r">
      <r:Cluster><r:ClusterIdentifier>dwhcluster</r:ClusterIdentifier></r:Cluster></r:Answer></soap:Body>
      </soap:Envelope>)"));
  EXPECT_EQ(find_text(doc, "ClusterIdentifier"), "dwhcluster");
}

TEST(FindElement, ReturnsEmptyWhenAbsent) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string("<a><b/></a>"));
  EXPECT_FALSE(find_element(doc, "c"));
  EXPECT_EQ(find_text(doc, "c"), "");
}

TEST(FindElements, ListsEveryMatchInDocumentOrder) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string("<a><x>1</x><b><x>2</x></b><x>3</x></a>"));
  auto found = find_elements(doc, "x");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_STREQ(found[1].child_value(), "2");
}

TEST(DescribeError, SignatureMismatchPointsAtTheSecretKey) {
  auto line = describe_error({403, "SignatureDoesNotMatch", "The request signature ...", ""}, "iam", "GetRole");
  EXPECT_NE(line.find("SignatureDoesNotMatch"), std::string::npos);
  EXPECT_NE(line.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(DescribeError, UnknownKeyPointsAtTheAccessKeyId) {
  auto line = describe_error({403, "InvalidClientTokenId", "", ""}, "redshift", "DescribeClusters");
  EXPECT_NE(line.find("AWS_ACCESS_KEY_ID"), std::string::npos);
}

TEST(DescribeError, AccessDeniedNamesTheMissingPermission) {
  auto line = describe_error({403, "AccessDenied", "not authorized", ""}, "iam", "CreateRole");
  EXPECT_NE(line.find("iam:CreateRole"), std::string::npos);
  EXPECT_NE(line.find("not authorized"), std::string::npos);
}

TEST(DescribeError, ThrottlingSaysToWaitAndRerun) {
  auto line = describe_error({400, "Throttling", "Rate exceeded", ""}, "iam", "GetRole");
  EXPECT_NE(line.find("throttling"), std::string::npos);
  EXPECT_NE(line.find("re-run"), std::string::npos);
}

TEST(DescribeError, UnknownCodeKeepsCodeStatusAndMessage) {
  auto line =
      describe_error({400, "InsufficientClusterCapacity", "no dc2.large left", ""}, "redshift", "CreateCluster");
  EXPECT_EQ(line,
            "redshift CreateCluster failed with HTTP 400 InsufficientClusterCapacity (AWS said: no dc2.large "
            "left)");
}

TEST(IsThrottlingCode, KnowsEachServicesSpelling) {
  EXPECT_TRUE(is_throttling_code("Throttling"));
  EXPECT_TRUE(is_throttling_code("RequestLimitExceeded"));
  EXPECT_FALSE(is_throttling_code("AccessDenied"));
}

TEST(QueryService, SignsIamForUsEast1AtTheGlobalEndpoint) {
  config::AwsSettings aws;
  aws.region = "eu-west-1";
  auto iam = query_service(aws, "iam");
  EXPECT_EQ(iam.endpoint.base_url, "https://iam.amazonaws.com");
  EXPECT_EQ(iam.endpoint.region, "us-east-1");
  EXPECT_EQ(iam.version, "2010-05-08");
}

TEST(QueryService, BuildsRegionalRedshiftAndEc2Endpoints) {
  config::AwsSettings aws;
  aws.region = "eu-west-1";
  EXPECT_EQ(query_service(aws, "redshift").endpoint.base_url, "https://redshift.eu-west-1.amazonaws.com");
  EXPECT_EQ(query_service(aws, "ec2").endpoint.base_url, "https://ec2.eu-west-1.amazonaws.com");
  EXPECT_EQ(query_service(aws, "ec2").version, "2016-11-15");
}

TEST(QueryService, ServiceSpecificOverrideWinsOverGeneralOne) {
  config::AwsSettings aws;
  aws.endpoint_url = "http://127.0.0.1:1/";
  aws.service_endpoints["redshift"] = "http://127.0.0.1:2";
  EXPECT_EQ(query_service(aws, "redshift").endpoint.base_url, "http://127.0.0.1:2");
  EXPECT_EQ(query_service(aws, "iam").endpoint.base_url, "http://127.0.0.1:1");
}

TEST(QueryService, RejectsUnknownService) { EXPECT_THROW(query_service({}, "sqs"), Error); }

}  // namespace
}  // namespace sparkify::infra
