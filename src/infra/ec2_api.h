// Ec2Api: the one EC2 call `sparkify infra up --open-cidr` makes, over a
// QueryClient for "ec2": allow TCP on the cluster's port from a CIDR in a
// security group.
#pragma once

#include <string>

#include "infra/query_client.h"

namespace sparkify::infra {

class Ec2Api {
 public:
  explicit Ec2Api(QueryClient& client) : client_(client) {}

  // AuthorizeSecurityGroupIngress for tcp/port from cidr; false when the rule
  // already existed (InvalidPermission.Duplicate).
  bool authorize_ingress(const std::string& group_id, const std::string& cidr, int port);

 private:
  QueryClient& client_;
};

// Throws Error(usage) unless `cidr` is an IPv4 block "a.b.c.d/n" (n 0-32).
void check_ipv4_cidr(const std::string& cidr);

}  // namespace sparkify::infra
