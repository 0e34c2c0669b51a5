#include "cli/infra_command.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "common/ascii.h"
#include "common/error.h"
#include "infra/infra_plan.h"

namespace sparkify::cli {
namespace {

struct InfraFlags {
  std::vector<std::string> buckets;
  std::string open_cidr;
  bool yes = false;
  bool skip_final_snapshot = false;
  double timeout_seconds = 1800;
  double poll_interval_seconds = 15;
};

std::chrono::milliseconds to_millis(double seconds, const char* flag) {
  if (!(seconds > 0) || seconds > 7 * 24 * 3600) {
    throw_error(ErrorKind::usage, "{} must be a number of seconds above 0, got {}", flag, seconds);
  }
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0 + 0.5));
}

infra::WaitOptions wait_options(const InfraFlags& flags) {
  return {to_millis(flags.timeout_seconds, "--timeout"), to_millis(flags.poll_interval_seconds, "--poll-interval")};
}

// Runs `action` with a plan wired to the context's settings and streams.
template <typename Action>
void with_plan(CommandContext& context, Action action) {
  const auto& settings = context.settings();
  infra::AwsServices services(settings.aws);
  const progress::Board no_phases;  // the waits show a status line, not counters
  ShowProgress show(context, no_phases);
  infra::InfraOutput output{[&](const std::string& line) {
                              show.display().clear_status();
                              context.out << line << '\n' << std::flush;
                            },
                            [&](const std::string& line) { show.display().show_status(line); }};
  infra::InfraPlan plan(settings, services.iam(), services.redshift(), services.ec2(), std::move(output));
  action(plan);
}

void print_status_table(std::ostream& out, const infra::InfraStatus& status) {
  std::vector<std::vector<std::string>> rows = {{"RESOURCE", "NAME", "STATUS", "DETAILS"}};
  if (status.role) {
    rows.push_back({"role", status.role->name, "exists", status.role->arn});
  } else {
    rows.push_back({"role", status.role_name, "not found", "-"});
  }
  if (status.cluster) {
    const auto& c = *status.cluster;
    std::string endpoint =
        c.endpoint_address.empty() ? "no endpoint yet" : c.endpoint_address + ":" + std::to_string(c.endpoint_port);
    rows.push_back(
        {"cluster", c.identifier, c.status, fmt::format("{}, {} x {}", endpoint, c.number_of_nodes, c.node_type)});
  } else {
    rows.push_back({"cluster", status.cluster_identifier, "not found", "-"});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out << line << '\n';
  }
}

// Asks on err and reads one line from stdin; only "y" or "yes" confirms.
bool confirm_deletion(CommandContext& context, const infra::InfraStatus& status) {
  std::string what;
  if (status.cluster) what = "cluster " + status.cluster->identifier;
  if (status.role) what += (what.empty() ? "" : " and ") + std::string("role ") + status.role->name;
  context.err << "Delete " << what << "? This cannot be undone. [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  answer = ascii_lower(answer);
  return answer == "y" || answer == "yes";
}

void add_wait_flags(CLI::App& command, InfraFlags& flags) {
  command.add_option("--timeout", flags.timeout_seconds, "Seconds to wait for the cluster (default 1800)");
  command.add_option("--poll-interval", flags.poll_interval_seconds,
                     "Seconds between DescribeClusters polls while waiting (default 15)");
}

}  // namespace

void register_infra_command(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<InfraFlags>();
  auto* infra =
      app.add_subcommand("infra", "Create, show or delete the IAM role and Redshift cluster ([DWH] in dwh.cfg)");
  infra->require_subcommand(1);

  auto* up =
      infra->add_subcommand("up", "Create the role and cluster (or resume), wait until available, update dwh.cfg");
  up->add_option("--bucket", flags->buckets,
                 "Grant read access to this S3 bucket only, via an inline policy (repeatable); default: attach "
                 "AmazonS3ReadOnlyAccess");
  up->add_option("--open-cidr", flags->open_cidr,
                 "Allow TCP to the cluster port from this IPv4 CIDR in the cluster's security group");
  add_wait_flags(*up, *flags);
  up->callback([&context, flags] {
    infra::UpOptions options{flags->buckets, flags->open_cidr, wait_options(*flags)};
    with_plan(context, [&options](infra::InfraPlan& plan) { plan.up(options); });
  });

  auto* status = infra->add_subcommand("status", "Show the role and cluster as AWS reports them");
  status->callback([&context] {
    with_plan(context, [&context](infra::InfraPlan& plan) { print_status_table(context.out, plan.status()); });
  });

  auto* down = infra->add_subcommand("down", "Delete the cluster, wait until it is gone, then delete the role");
  down->add_flag("--yes,-y", flags->yes, "Do not ask for confirmation");
  down->add_flag("--skip-final-snapshot", flags->skip_final_snapshot,
                 "Delete the cluster without keeping a final snapshot");
  add_wait_flags(*down, *flags);
  down->callback([&context, flags] {
    infra::DownOptions options{flags->skip_final_snapshot, wait_options(*flags)};
    with_plan(context, [&](infra::InfraPlan& plan) {
      auto found = plan.status();
      if ((found.cluster || found.role) && !flags->yes && !confirm_deletion(context, found)) {
        throw_error(ErrorKind::usage, "not confirmed, nothing was deleted: answer y, or pass --yes");
      }
      plan.down(options, found);
    });
  });
}

}  // namespace sparkify::cli
