// `sparkify infra up|status|down`: the IAM role and Redshift cluster the
// warehouse runs on, created and deleted through AWS's Query APIs (see
// infra/infra_plan.h for what each command does and why re-runs are safe).
//
// Flags of its own: up --bucket NAME (repeatable), --open-cidr CIDR;
// down --yes, --skip-final-snapshot; both --timeout SECONDS and
// --poll-interval SECONDS. Global flags (--config, --endpoint-url, --region,
// --profile) come from app.cpp through the context. Results go to
// context.out, waiting lines to context.err.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command_context.h"

namespace sparkify::cli {

void register_infra_command(CLI::App& app, CommandContext& context);

}  // namespace sparkify::cli
