#include "infra/ec2_api.h"

#include <charconv>

#include "common/error.h"

namespace sparkify::infra {
namespace {

// Reads a decimal number in [0, max] from text[pos..), advancing pos.
bool read_number(const std::string& text, std::size_t& pos, int max) {
  int value = -1;
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), value);
  std::size_t used = static_cast<std::size_t>(end - (text.data() + pos));
  if (ec != std::errc() || used == 0 || used > 3 || value > max) return false;
  pos += used;
  return true;
}

}  // namespace

bool Ec2Api::authorize_ingress(const std::string& group_id, const std::string& cidr, int port) {
  const std::string port_text = std::to_string(port);
  auto result = client_.call("AuthorizeSecurityGroupIngress", {{"GroupId", group_id},
                                                               {"IpPermissions.1.IpProtocol", "tcp"},
                                                               {"IpPermissions.1.FromPort", port_text},
                                                               {"IpPermissions.1.ToPort", port_text},
                                                               {"IpPermissions.1.IpRanges.1.CidrIp", cidr}});
  if (result.failed_with("InvalidPermission.Duplicate")) return false;
  throw_if_failed(result, "ec2", "AuthorizeSecurityGroupIngress");
  return true;
}

void check_ipv4_cidr(const std::string& cidr) {
  std::size_t pos = 0;
  bool valid = true;
  for (int octet = 0; octet < 4 && valid; ++octet) {
    valid = read_number(cidr, pos, 255) && pos < cidr.size() && cidr[pos] == (octet < 3 ? '.' : '/');
    ++pos;
  }
  valid = valid && read_number(cidr, pos, 32) && pos == cidr.size();
  if (!valid) {
    throw_error(ErrorKind::usage, "--open-cidr '{}' is not an IPv4 CIDR block such as 203.0.113.7/32", cidr);
  }
}

}  // namespace sparkify::infra
