#include "harness/aws_environment.h"

namespace sparkify::testing {

std::vector<std::pair<std::string, std::string>> without_aws_settings() {
  std::vector<std::pair<std::string, std::string>> unset;
  for (const char* name : {"AWS_ACCESS_KEY_ID",
                           "AWS_SECRET_ACCESS_KEY",
                           "AWS_SESSION_TOKEN",
                           "AWS_PROFILE",
                           "AWS_SHARED_CREDENTIALS_FILE",
                           "AWS_CONFIG_FILE",
                           "AWS_WEB_IDENTITY_TOKEN_FILE",
                           "AWS_ROLE_ARN",
                           "AWS_ROLE_SESSION_NAME",
                           "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                           "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                           "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                           "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                           "AWS_EC2_METADATA_DISABLED",
                           "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                           "AWS_REGION",
                           "AWS_DEFAULT_REGION",
                           "AWS_ENDPOINT_URL",
                           "AWS_ENDPOINT_URL_IAM",
                           "AWS_ENDPOINT_URL_REDSHIFT",
                           "AWS_ENDPOINT_URL_EC2",
                           "AWS_ENDPOINT_URL_STS"}) {
    unset.emplace_back(name, "");
  }
  return unset;
}

}  // namespace sparkify::testing
